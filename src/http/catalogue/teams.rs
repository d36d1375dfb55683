//! Teams: the list, one team, and the admin's writes.

use super::*;

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TeamQuery {
    /// Only teams that cover this municipality.
    pub municipality: Option<String>,
    /// Only teams that take referrals for this service.
    pub service: Option<String>,
    /// Include inactive teams.
    pub include_inactive: Option<bool>,
    /// Page number, from 1 (at most 1,000,000).
    #[param(minimum = 1, maximum = 1_000_000)]
    pub page: Option<u32>,
    /// Items a page, 1-200 (default 20).
    #[param(minimum = 1, maximum = 200)]
    pub per_page: Option<u32>,
}

/// The multiprofessional teams (any authenticated role).
#[utoipa::path(
    tag = "catalogue",
    params(TeamQuery),
    security(("bearer" = [])),
    responses((status = 200, description = "A page of teams", body = TeamPage))
)]
#[get("/v1/teams")]
pub async fn list_teams(
    state: web::Data<AppState>,
    _user: Caller<roles::Anyone>,
    query: web::Query<TeamQuery>,
) -> Result<HttpResponse, AppError> {
    let q = query.into_inner();
    let (page, per_page) = paging(q.page, q.per_page)?;
    let municipality = q
        .municipality
        .as_deref()
        .map(MunicipalityCode::parse)
        .transpose()
        .map_err(|e| AppError::validation("municipality", e))?;
    let cat = state.catalogue.get();
    let mut teams: Vec<&Team> = cat
        .teams
        .iter()
        .filter(|t| q.include_inactive.unwrap_or(false) || t.active)
        .filter(|t| municipality.as_ref().is_none_or(|m| t.covers(m)))
        .filter(|t| q.service.as_deref().is_none_or(|s| t.takes(s)))
        .collect();
    teams.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.id.cmp(&b.id)));
    let total = teams.len();
    let items = page_of(teams, page, per_page).into_iter().map(team_dto).collect();
    Ok(HttpResponse::Ok().json(TeamPage { items, page, per_page, total }))
}

/// One team (any authenticated role).
#[utoipa::path(
    tag = "catalogue",
    params(("id" = String, Path, description = "Team id")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The team", body = TeamDto, headers(("ETag" = String, description = "Version for If-Match"))),
        (status = 404, description = "No such team, or it was deactivated (`GET /v1/teams?include_inactive=true` lists those)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/v1/teams/{id}")]
pub async fn get_team(
    state: web::Data<AppState>,
    _user: Caller<roles::Anyone>,
    id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let cat = state.catalogue.get();
    let t = cat.team(&id).ok_or_else(|| AppError::NotFound(format!("there is no team {id}")))?;
    if !t.active {
        return Err(AppError::NotFound(format!(
            "team {id} was deactivated; GET /v1/teams?include_inactive=true lists it, and a PUT with active true brings it back"
        )));
    }
    Ok(HttpResponse::Ok().insert_header((header::ETAG, etag(t.version))).json(team_dto(t)))
}

/// A team to create or replace.
#[derive(Deserialize, Validate, ToSchema, Debug)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "slug": "sjk-mtp",
    "name": "Seinäjoen sote-keskus: Mielenterveys- ja päihdetiimi",
    "sote_centre": "sjk",
    "services": ["8b670337-e038-5678-9098-4cdd5063d846"],
    "municipalities": ["743"],
    "languages": ["fi", "sv", "en"],
    "weekly_capacity": 40
}))]
pub struct TeamInput {
    /// Id of a new team: a lowercase UUID or a slug (a-z, 0-9, inner hyphens, 1-64 characters);
    /// a UUID is generated when missing. Ignored on update.
    #[validate(custom(function = "valid_id"))]
    #[schema(pattern = "^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$", max_length = 64)]
    pub id: Option<String>,
    /// A short name of the team, of the same alphabet as ids.
    #[validate(custom(function = "valid_id"))]
    #[schema(pattern = "^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$", max_length = 64)]
    pub slug: Option<String>,
    #[validate(length(min = 1, max = 200))]
    #[schema(min_length = 1, max_length = 200)]
    pub name: String,
    #[validate(length(min = 1, max = 100))]
    #[schema(min_length = 1, max_length = 100)]
    pub sote_centre: Option<String>,
    /// Ids of the services the team takes referrals for.
    #[validate(length(min = 1, max = 500))]
    #[schema(min_items = 1, max_items = 500)]
    pub services: Vec<String>,
    #[validate(length(min = 1, max = 400))]
    #[schema(min_items = 1, max_items = 400)]
    pub municipalities: Vec<String>,
    #[validate(length(min = 1, max = 3))]
    #[schema(min_items = 1, max_items = 3)]
    pub languages: Vec<String>,
    #[validate(range(max = 100000))]
    #[schema(maximum = 100000)]
    pub weekly_capacity: u32,
    #[serde(default = "yes")]
    pub active: bool,
}

impl TeamInput {
    fn into_team(
        self,
        cat: &Catalogue,
        id: String,
        version: i64,
        now: chrono::NaiveDateTime,
    ) -> Result<Team, AppError> {
        let mut errors = Vec::new();
        let services = validate_codes(
            "services",
            &self.services,
            |raw| {
                check_id(raw)?;
                cat.service(raw).map(|s| s.id.clone()).ok_or_else(|| format!("there is no service {raw}"))
            },
            &mut errors,
        );
        let mut municipalities =
            validate_codes("municipalities", &self.municipalities, municipality_parser(cat), &mut errors);
        let languages = validate_codes("languages", &self.languages, lang_parser, &mut errors);
        if self.name.trim().is_empty() {
            errors.push(FieldError::new("name", "must not be empty"));
        }
        check_lines(&[("name", Some(&self.name)), ("sote_centre", self.sote_centre.as_deref())], &mut errors);
        if !errors.is_empty() {
            return Err(AppError::Validation(errors));
        }
        // A valid slug that another team holds is a conflict with the catalogue as it is (409).
        if let Some(slug) = &self.slug {
            if let Some(other) = cat.teams.iter().find(|t| t.slug.as_deref() == Some(slug) && t.id != id) {
                return Err(AppError::Conflict {
                    detail: format!("slug {slug:?} belongs to team {}; choose another slug", other.id),
                    context: None,
                });
            }
        }
        let mut services = services;
        services.sort();
        municipalities.sort();
        Ok(Team {
            id,
            slug: self.slug,
            name: self.name,
            sote_centre: self.sote_centre,
            services,
            municipalities,
            languages,
            weekly_capacity: self.weekly_capacity,
            active: self.active,
            version,
            created_at: now,
            updated_at: now,
        })
    }
}

fn respond_team(
    state: &web::Data<AppState>,
    id: &str,
    mut builder: actix_web::HttpResponseBuilder,
) -> Result<HttpResponse, AppError> {
    let cat = state.catalogue.get();
    let t = cat.team(id).ok_or_else(|| AppError::NotFound(format!("there is no team {id}")))?;
    Ok(builder.insert_header((header::ETAG, etag(t.version))).json(team_dto(t)))
}

/// Creates a team (role `admin`).
#[utoipa::path(
    tag = "catalogue",
    request_body = TeamInput,
    security(("bearer" = [])),
    responses(
        (status = 201, description = "Created", body = TeamDto, headers(("ETag" = String), ("Location" = String))),
        (status = 409, description = "A team with this id exists, or another team has the slug", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is not valid, or names a service or a municipality that the catalogue does not have", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/v1/teams")]
pub async fn create_team(
    state: web::Data<AppState>,
    _user: Caller<roles::Admin>,
    body: JsonBody<TeamInput>,
) -> Result<HttpResponse, AppError> {
    let input = body.into_inner();
    let id = input.id.clone().unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
    let team = input.into_team(&state.catalogue.get(), id.clone(), 1, repo::now())?;
    write(&state, move |conn| {
        if repo::find_team(conn, &team.id)?.is_some() {
            return Err(AppError::Conflict { detail: format!("team {} already exists", team.id), context: None });
        }
        repo::insert_team(conn, &team)?;
        Ok(())
    })
    .await?;
    let location = format!("/v1/teams/{id}");
    respond_team(&state, &id, HttpResponse::Created().insert_header((header::LOCATION, location)).take())
}

/// Replaces a team (role `admin`, `If-Match` required).
#[utoipa::path(
    tag = "catalogue",
    params(("id" = String, Path, description = "Team id"), IfMatchHeader),
    request_body = TeamInput,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Updated", body = TeamDto, headers(("ETag" = String))),
        (status = 404, description = "No such team", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Another team has the slug", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is not valid, or names a service or a municipality that the catalogue does not have", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "The team changed since it was read", body = Problem, content_type = "application/problem+json"),
        (status = 428, description = "If-Match is missing", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/v1/teams/{id}")]
pub async fn update_team(
    state: web::Data<AppState>,
    _user: Caller<roles::Admin>,
    id: web::Path<String>,
    if_match: IfMatch,
    body: JsonBody<TeamInput>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let expected = if_match.required()?;
    let draft = body.into_inner().into_team(&state.catalogue.get(), id.clone(), expected + 1, repo::now())?;
    let team_id = id.clone();
    write(&state, move |conn| {
        let old = repo::find_team(conn, &team_id)?
            .ok_or_else(|| AppError::NotFound(format!("there is no team {team_id}")))?;
        let mut next = draft;
        next.created_at = old.created_at;
        if old.version != expected || !repo::update_team(conn, &next, expected)? {
            return Err(stale("team", &team_id, expected));
        }
        Ok(())
    })
    .await?;
    respond_team(&state, &id, HttpResponse::Ok())
}

/// Deactivates a team (role `admin`, `If-Match` required). Referrals keep pointing at it.
#[utoipa::path(
    tag = "catalogue",
    params(("id" = String, Path, description = "Team id"), IfMatchHeader),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Deactivated", body = TeamDto, headers(("ETag" = String))),
        (status = 404, description = "No such team", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "The team changed since it was read", body = Problem, content_type = "application/problem+json"),
        (status = 428, description = "If-Match is missing", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/v1/teams/{id}")]
pub async fn deactivate_team(
    state: web::Data<AppState>,
    _user: Caller<roles::Admin>,
    id: web::Path<String>,
    if_match: IfMatch,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let expected = if_match.required()?;
    let team_id = id.clone();
    write(&state, move |conn| {
        let mut t = repo::find_team(conn, &team_id)?
            .ok_or_else(|| AppError::NotFound(format!("there is no team {team_id}")))?;
        if t.version != expected {
            return Err(stale("team", &team_id, expected));
        }
        t.active = false;
        t.version += 1;
        t.updated_at = repo::now();
        if !repo::update_team(conn, &t, expected)? {
            return Err(stale("team", &team_id, expected));
        }
        Ok(())
    })
    .await?;
    respond_team(&state, &id, HttpResponse::Ok())
}
