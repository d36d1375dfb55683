//! Services: the filtered list, one service, and the admin's writes.

use super::*;

#[derive(Deserialize, IntoParams, Debug)]
#[into_params(parameter_in = Query)]
pub struct ServiceQuery {
    /// Municipality code the client lives in (only services that cover it).
    #[param(example = "743")]
    pub municipality: Option<String>,
    /// A need code (only services that answer it).
    #[param(example = "health.memory")]
    pub need: Option<String>,
    /// Only services given in this language (fi, sv, en).
    pub language: Option<String>,
    /// Only services whose age limits include this age.
    pub age: Option<u32>,
    /// Only services with this channel (in_person, phone, chat, video, home_visit).
    pub channel: Option<String>,
    /// true: only services open now (at `at`); false: only closed ones.
    pub open_now: Option<bool>,
    /// Words that must all appear in the name or description.
    pub text: Option<String>,
    /// The instant for `open_now` and opening hours (RFC 3339), of a year from
    /// 2000 to 2100 as written (before its offset); now when missing.
    #[param(value_type = Option<String>, format = DateTime, example = "2026-11-23T09:00:00+02:00")]
    pub at: Option<String>,
    /// Include inactive and temporarily closed services.
    pub include_inactive: Option<bool>,
    /// Page number, from 1 (at most 1,000,000).
    #[param(minimum = 1, maximum = 1_000_000)]
    pub page: Option<u32>,
    /// Items a page, 1-200 (default 20).
    #[param(minimum = 1, maximum = 200)]
    pub per_page: Option<u32>,
}

/// Services of the catalogue, filtered and paginated.
#[utoipa::path(
    tag = "catalogue",
    params(ServiceQuery),
    responses(
        (status = 200, description = "A page of services", body = ServicePage),
        (status = 422, description = "A filter is not valid, or `municipality` is not one of the region", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/v1/services")]
pub async fn list_services(
    state: web::Data<AppState>,
    query: web::Query<ServiceQuery>,
) -> Result<HttpResponse, AppError> {
    let q = query.into_inner();
    let cat = state.catalogue.get();
    let mut errors = Vec::new();
    let (page, per_page) = paging(q.page, q.per_page).unwrap_or_else(|e| {
        if let AppError::Validation(mut e) = e {
            errors.append(&mut e);
        }
        (1, 1)
    });
    let municipality = match q.municipality.as_deref().map(MunicipalityCode::parse) {
        Some(Ok(m)) if cat.knows_municipality(&m) => Some(m),
        Some(Ok(m)) => {
            errors.push(FieldError::new("municipality", crate::domain::municipality::not_in_region(&m)));
            None
        }
        Some(Err(e)) => {
            errors.push(FieldError::new("municipality", e));
            None
        }
        None => None,
    };
    let need = match q.need.as_deref().map(NeedCode::parse) {
        Some(Ok(n)) => Some(n),
        Some(Err(e)) => {
            errors.push(FieldError::new("need", e));
            None
        }
        None => None,
    };
    let language = match q.language.as_deref() {
        Some(raw) => Lang::parse(raw).or_else(|| {
            errors.push(FieldError::new("language", format!("{raw:?} is not fi, sv or en")));
            None
        }),
        None => None,
    };
    let channel = match q.channel.as_deref() {
        Some(raw) => Channel::parse(raw).or_else(|| {
            errors.push(FieldError::new(
                "channel",
                format!("{raw:?} is not in_person, phone, chat, video or home_visit"),
            ));
            None
        }),
        None => None,
    };
    if q.age.is_some_and(|a| a > 130) {
        errors.push(FieldError::new("age", "must be 0-130"));
    }
    let at = instant_or_now(q.at.as_deref()).unwrap_or_else(|e| {
        errors.push(e);
        Utc::now()
    });
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let filter = ServiceFilter {
        municipality,
        need,
        language,
        age: q.age,
        channel,
        open_now: q.open_now,
        text: q.text.filter(|t| !t.trim().is_empty()),
        include_inactive: q.include_inactive.unwrap_or(false),
    };
    let found = cat.search(&filter, at);
    let total = found.len();
    let items = page_of(found, page, per_page).into_iter().map(|s| service_dto(&cat, s, at, false)).collect();
    Ok(HttpResponse::Ok().json(ServicePage { items, page, per_page, total }))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AtQuery {
    /// The instant for opening hours (RFC 3339), of a year from
    /// 2000 to 2100 as written (before its offset); now when missing.
    #[param(value_type = Option<String>, format = DateTime, example = "2026-11-23T09:00:00+02:00")]
    pub at: Option<String>,
}

/// The `at` of a query: checked and in range (422 naming `at` otherwise), or now when missing.
fn instant_or_now(raw: Option<&str>) -> Result<DateTime<Utc>, FieldError> {
    raw.map(parse_instant).transpose().map(|at| at.unwrap_or_else(Utc::now)).map_err(|e| FieldError::new("at", e))
}

/// One service with its service points, opening hours, next opening and teams.
#[utoipa::path(
    tag = "catalogue",
    params(("id" = String, Path, description = "Service id"), AtQuery),
    responses(
        (status = 200, description = "The service; the ETag is its version", body = ServiceDto,
            headers(("ETag" = String, description = "Version for If-Match"))),
        (status = 404, description = "No such service, or it was deactivated (`GET /v1/services?include_inactive=true` lists those)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/v1/services/{id}")]
pub async fn get_service(
    state: web::Data<AppState>,
    id: web::Path<String>,
    query: web::Query<AtQuery>,
) -> Result<HttpResponse, AppError> {
    let at = instant_or_now(query.at.as_deref()).map_err(|e| AppError::Validation(vec![e]))?;
    let cat = state.catalogue.get();
    let s = cat.service(&id).ok_or_else(|| AppError::NotFound(format!("there is no service {id}")))?;
    if s.status == ServiceStatus::Inactive {
        return Err(AppError::NotFound(format!(
            "service {id} was deactivated; GET /v1/services?include_inactive=true lists it, and a PUT with status active brings it back"
        )));
    }
    Ok(HttpResponse::Ok().insert_header((header::ETAG, etag(s.version))).json(service_dto(&cat, s, at, true)))
}

/// A service to create or replace.
#[derive(Deserialize, Validate, ToSchema, Debug)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "organization_id": "7dc68580-fd90-5f3b-bf25-d782dd9efbba",
    "name": {"fi": "Muistihoitajan vastaanotto", "sv": "Minnesskötarens mottagning", "en": "Memory nurse"},
    "status": "active",
    "min_age": 40,
    "municipalities": ["743", "145"],
    "languages": ["fi", "sv"],
    "channels": ["in_person", "phone"],
    "need_codes": ["health.memory"],
    "service_class": "P5.1",
    "access_target_days": 7,
    "accepts_referrals": true
}))]
pub struct ServiceInput {
    /// Id of a new service: a lowercase UUID or a slug (a-z, 0-9, inner hyphens, 1-64
    /// characters); a UUID is generated when missing. Ignored on update.
    #[validate(custom(function = "valid_id"))]
    #[schema(pattern = "^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$", max_length = 64)]
    pub id: Option<String>,
    #[validate(length(min = 1, max = 100))]
    #[schema(min_length = 1, max_length = 100)]
    pub organization_id: String,
    pub name: Localized,
    pub description: Option<Localized>,
    #[serde(default = "active")]
    pub status: ServiceStatus,
    #[validate(range(max = 130))]
    #[schema(maximum = 130)]
    pub min_age: Option<u32>,
    #[validate(range(max = 130))]
    #[schema(maximum = 130)]
    pub max_age: Option<u32>,
    #[validate(length(min = 1, max = 400))]
    #[schema(min_items = 1, max_items = 400)]
    pub municipalities: Vec<String>,
    #[validate(length(min = 1, max = 3))]
    #[schema(min_items = 1, max_items = 3)]
    pub languages: Vec<String>,
    #[validate(length(max = 5))]
    #[schema(max_items = 5)]
    #[serde(default)]
    pub channels: Vec<String>,
    #[validate(length(min = 1, max = 60))]
    #[schema(min_items = 1, max_items = 60)]
    pub need_codes: Vec<String>,
    #[validate(length(max = 20))]
    #[schema(max_length = 20)]
    pub service_class: Option<String>,
    #[validate(range(max = 365))]
    #[schema(maximum = 365)]
    #[serde(default = "seven")]
    pub access_target_days: u32,
    pub accepts_referrals: bool,
    pub hours: Option<OpeningHours>,
}

fn active() -> ServiceStatus {
    ServiceStatus::Active
}

fn seven() -> u32 {
    7
}

impl ServiceInput {
    fn into_service(
        self,
        cat: &Catalogue,
        id: String,
        version: i64,
        created: chrono::NaiveDateTime,
        now: chrono::NaiveDateTime,
    ) -> Result<Service, AppError> {
        let mut errors = Vec::new();
        if cat.organization(&self.organization_id).is_none() {
            errors
                .push(FieldError::new("organization_id", format!("there is no organization {}", self.organization_id)));
        }
        check_localized("name", &self.name, false, &mut errors);
        if let Some(d) = &self.description {
            check_localized("description", d, true, &mut errors);
        }
        check_lines(&[("service_class", self.service_class.as_deref())], &mut errors);
        if let (Some(min), Some(max)) = (self.min_age, self.max_age) {
            if min > max {
                errors.push(FieldError::new("min_age", format!("{min} is above max_age {max}")));
            }
        }
        let municipalities =
            validate_codes("municipalities", &self.municipalities, municipality_parser(cat), &mut errors);
        let languages = validate_codes("languages", &self.languages, lang_parser, &mut errors);
        let channels = validate_codes(
            "channels",
            &self.channels,
            |raw| {
                Channel::parse(raw).ok_or_else(|| format!("{raw:?} is not in_person, phone, chat, video or home_visit"))
            },
            &mut errors,
        );
        let need_codes = validate_codes("need_codes", &self.need_codes, NeedCode::parse, &mut errors);
        if let Some(h) = &self.hours {
            if let Err(e) = h.validate() {
                errors.push(FieldError::new("hours", e.to_string()));
            }
        }
        if !errors.is_empty() {
            return Err(AppError::Validation(errors));
        }
        let mut municipalities = municipalities;
        municipalities.sort();
        Ok(Service {
            id,
            organization_id: self.organization_id,
            name: self.name,
            description: self.description,
            status: self.status,
            min_age: self.min_age,
            max_age: self.max_age,
            municipalities,
            languages,
            channels,
            need_codes,
            service_class: self.service_class,
            access_target_days: self.access_target_days,
            accepts_referrals: self.accepts_referrals,
            hours: self.hours,
            version,
            created_at: created,
            updated_at: now,
        })
    }
}

/// Creates a service (role `admin`).
#[utoipa::path(
    tag = "catalogue",
    request_body = ServiceInput,
    security(("bearer" = [])),
    responses(
        (status = 201, description = "Created", body = ServiceDto, headers(("ETag" = String), ("Location" = String))),
        (status = 409, description = "A service with this id exists", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is not valid, or names an organization that the catalogue does not have or a municipality outside the region, or the opening hours do not hold together (an exception that ends before it starts, weekly hours without days)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/v1/services")]
pub async fn create_service(
    state: web::Data<AppState>,
    _user: Caller<roles::Admin>,
    body: JsonBody<ServiceInput>,
) -> Result<HttpResponse, AppError> {
    let input = body.into_inner();
    let now = repo::now();
    let id = input.id.clone().unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
    let service = input.into_service(&state.catalogue.get(), id.clone(), 1, now, now)?;
    write(&state, move |conn| {
        if repo::find_service(conn, &service.id)?.is_some() {
            return Err(AppError::Conflict { detail: format!("service {} already exists", service.id), context: None });
        }
        repo::insert_service(conn, &service)?;
        Ok(())
    })
    .await?;
    let cat = state.catalogue.get();
    let s = cat.service(&id).ok_or_else(|| AppError::internal("the created service is not in the snapshot"))?;
    Ok(HttpResponse::Created()
        .insert_header((header::ETAG, etag(s.version)))
        .insert_header((header::LOCATION, format!("/v1/services/{id}")))
        .json(service_dto(&cat, s, Utc::now(), true)))
}

/// Replaces a service (role `admin`, `If-Match` required).
#[utoipa::path(
    tag = "catalogue",
    params(("id" = String, Path, description = "Service id"), IfMatchHeader),
    request_body = ServiceInput,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Updated", body = ServiceDto, headers(("ETag" = String))),
        (status = 404, description = "No such service", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "The service changed since it was read", body = Problem, content_type = "application/problem+json"),
        (status = 428, description = "If-Match is missing", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is not valid, or names an organization that the catalogue does not have or a municipality outside the region, or the opening hours do not hold together (an exception that ends before it starts, weekly hours without days)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/v1/services/{id}")]
pub async fn update_service(
    state: web::Data<AppState>,
    _user: Caller<roles::Admin>,
    id: web::Path<String>,
    if_match: IfMatch,
    body: JsonBody<ServiceInput>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let expected = if_match.required()?;
    let input = body.into_inner();
    let cat = state.catalogue.get();
    let now = repo::now();
    let draft = input.into_service(&cat, id.clone(), expected + 1, now, now)?;
    let service_id = id.clone();
    write(&state, move |conn| {
        let old = repo::find_service(conn, &service_id)?
            .ok_or_else(|| AppError::NotFound(format!("there is no service {service_id}")))?;
        if old.version != expected {
            return Err(stale("service", &service_id, expected));
        }
        let mut next = draft;
        next.created_at = old.created_at;
        if !repo::update_service(conn, &next, expected)? {
            return Err(stale("service", &service_id, expected));
        }
        Ok(())
    })
    .await?;
    respond_service(&state, &id, HttpResponse::Ok())
}

fn respond_service(
    state: &web::Data<AppState>,
    id: &str,
    mut builder: actix_web::HttpResponseBuilder,
) -> Result<HttpResponse, AppError> {
    let cat = state.catalogue.get();
    let s = cat.service(id).ok_or_else(|| AppError::NotFound(format!("there is no service {id}")))?;
    Ok(builder.insert_header((header::ETAG, etag(s.version))).json(service_dto(&cat, s, Utc::now(), true)))
}

/// Deactivates a service (role `admin`, `If-Match` required). The record stays, marked inactive.
#[utoipa::path(
    tag = "catalogue",
    params(("id" = String, Path, description = "Service id"), IfMatchHeader),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Deactivated", body = ServiceDto, headers(("ETag" = String))),
        (status = 404, description = "No such service", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "The service changed since it was read", body = Problem, content_type = "application/problem+json"),
        (status = 428, description = "If-Match is missing", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/v1/services/{id}")]
pub async fn deactivate_service(
    state: web::Data<AppState>,
    _user: Caller<roles::Admin>,
    id: web::Path<String>,
    if_match: IfMatch,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let expected = if_match.required()?;
    let service_id = id.clone();
    write(&state, move |conn| {
        let mut s = repo::find_service(conn, &service_id)?
            .ok_or_else(|| AppError::NotFound(format!("there is no service {service_id}")))?;
        if s.version != expected {
            return Err(stale("service", &service_id, expected));
        }
        s.status = ServiceStatus::Inactive;
        s.version += 1;
        s.updated_at = repo::now();
        if !repo::update_service(conn, &s, expected)? {
            return Err(stale("service", &service_id, expected));
        }
        Ok(())
    })
    .await?;
    respond_service(&state, &id, HttpResponse::Ok())
}
