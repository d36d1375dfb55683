//! Service points (admin writes; points are read with their service).

use super::*;

/// A service point to create or replace.
#[derive(Deserialize, Validate, ToSchema, Debug)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "name": "Seinäjoen sote-keskus",
    "address": "Terveystie 1",
    "postal_code": "60100",
    "city": "Seinäjoki",
    "municipality": "743",
    "languages": ["fi", "sv"],
    "hours": {"weekly": [{"days": ["MO", "TU", "WE", "TH", "FR"], "opens": "08:00", "closes": "16:00"}],
              "exceptions": [{"from": "2026-12-24", "to": "2026-12-26", "note": "Joulu"}]}
}))]
pub struct ServicePointInput {
    /// Id of a new point: a lowercase UUID or a slug (a-z, 0-9, inner hyphens, 1-64 characters);
    /// a UUID is generated when missing. Ignored on update.
    #[validate(custom(function = "valid_id"))]
    #[schema(pattern = "^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$", max_length = 64)]
    pub id: Option<String>,
    /// The HSDS location the point is at, an id of the same alphabet; the point's id when missing.
    #[validate(custom(function = "valid_id"))]
    #[schema(pattern = "^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$", max_length = 64)]
    pub location_id: Option<String>,
    #[validate(length(min = 1, max = 200))]
    #[schema(min_length = 1, max_length = 200)]
    pub name: String,
    #[validate(length(max = 200))]
    #[schema(max_length = 200)]
    pub name_sv: Option<String>,
    #[validate(length(max = 200))]
    #[schema(max_length = 200)]
    pub address: Option<String>,
    #[validate(length(max = 20))]
    #[schema(max_length = 20)]
    pub postal_code: Option<String>,
    #[validate(length(max = 100))]
    #[schema(max_length = 100)]
    pub city: Option<String>,
    pub municipality: Option<String>,
    #[serde(default)]
    #[validate(length(max = 3))]
    #[schema(max_items = 3)]
    pub languages: Vec<String>,
    #[serde(default)]
    pub hours: OpeningHours,
    #[serde(default = "yes")]
    pub active: bool,
}

impl ServicePointInput {
    fn into_point(
        self,
        cat: &Catalogue,
        id: String,
        service_id: String,
        version: i64,
        now: chrono::NaiveDateTime,
    ) -> Result<ServicePoint, AppError> {
        let mut errors = Vec::new();
        let municipality = match self.municipality.as_deref() {
            Some(raw) => match municipality_parser(cat)(raw) {
                Ok(m) => Some(m),
                Err(e) => {
                    errors.push(FieldError::new("municipality", e));
                    None
                }
            },
            None => None,
        };
        let languages = validate_codes("languages", &self.languages, lang_parser, &mut errors);
        if let Err(e) = self.hours.validate() {
            errors.push(FieldError::new("hours", e.to_string()));
        }
        if self.name.trim().is_empty() {
            errors.push(FieldError::new("name", "must not be empty"));
        }
        let lines = [
            ("name", Some(self.name.as_str())),
            ("name_sv", self.name_sv.as_deref()),
            ("address", self.address.as_deref()),
            ("postal_code", self.postal_code.as_deref()),
            ("city", self.city.as_deref()),
        ];
        check_lines(&lines, &mut errors);
        if !errors.is_empty() {
            return Err(AppError::Validation(errors));
        }
        Ok(ServicePoint {
            location_id: self.location_id.unwrap_or_else(|| id.clone()),
            id,
            service_id,
            name: self.name,
            name_sv: self.name_sv,
            address: self.address,
            postal_code: self.postal_code,
            city: self.city,
            municipality,
            languages,
            hours: self.hours,
            active: self.active,
            version,
            updated_at: now,
        })
    }
}

/// Adds a service point to a service (role `admin`).
#[utoipa::path(
    tag = "catalogue",
    params(("id" = String, Path, description = "Service id")),
    request_body = ServicePointInput,
    security(("bearer" = [])),
    responses(
        (status = 201, description = "Created", body = ServicePointDto, headers(("ETag" = String))),
        (status = 404, description = "No such service", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "A point with this id exists", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is not valid, or names a municipality outside the region, or the opening hours do not hold together (an exception that ends before it starts, weekly hours without days)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/v1/services/{id}/points")]
pub async fn create_point(
    state: web::Data<AppState>,
    _user: Caller<roles::Admin>,
    id: web::Path<String>,
    body: JsonBody<ServicePointInput>,
) -> Result<HttpResponse, AppError> {
    let service_id = id.into_inner();
    let cat = state.catalogue.get();
    if cat.service(&service_id).is_none() {
        return Err(AppError::NotFound(format!("there is no service {service_id}")));
    }
    let input = body.into_inner();
    let point_id = input.id.clone().unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
    let point = input.into_point(&cat, point_id.clone(), service_id, 1, repo::now())?;
    write(&state, move |conn| {
        if repo::find_point(conn, &point.id)?.is_some() {
            return Err(AppError::Conflict {
                detail: format!("service point {} already exists", point.id),
                context: None,
            });
        }
        repo::insert_point(conn, &point)?;
        Ok(())
    })
    .await?;
    respond_point(&state, &point_id, HttpResponse::Created())
}

fn respond_point(
    state: &web::Data<AppState>,
    id: &str,
    mut builder: actix_web::HttpResponseBuilder,
) -> Result<HttpResponse, AppError> {
    let cat = state.catalogue.get();
    let p = cat
        .points
        .iter()
        .find(|p| p.id == id)
        .ok_or_else(|| AppError::NotFound(format!("there is no service point {id}")))?;
    Ok(builder.insert_header((header::ETAG, etag(p.version))).json(point_dto(p, Utc::now())))
}

/// Replaces a service point (role `admin`, `If-Match` required). `active: false` deactivates it.
#[utoipa::path(
    tag = "catalogue",
    params(("id" = String, Path, description = "Service point id"), IfMatchHeader),
    request_body = ServicePointInput,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Updated", body = ServicePointDto, headers(("ETag" = String))),
        (status = 404, description = "No such point", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "The point changed since it was read", body = Problem, content_type = "application/problem+json"),
        (status = 428, description = "If-Match is missing", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is not valid, or names a municipality outside the region, or the opening hours do not hold together (an exception that ends before it starts, weekly hours without days)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/v1/points/{id}")]
pub async fn update_point(
    state: web::Data<AppState>,
    _user: Caller<roles::Admin>,
    id: web::Path<String>,
    if_match: IfMatch,
    body: JsonBody<ServicePointInput>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let expected = if_match.required()?;
    let cat = state.catalogue.get();
    let existing = cat
        .points
        .iter()
        .find(|p| p.id == id)
        .ok_or_else(|| AppError::NotFound(format!("there is no service point {id}")))?;
    let draft =
        body.into_inner().into_point(&cat, id.clone(), existing.service_id.clone(), expected + 1, repo::now())?;
    let point_id = id.clone();
    write(&state, move |conn| {
        let old = repo::find_point(conn, &point_id)?
            .ok_or_else(|| AppError::NotFound(format!("there is no service point {point_id}")))?;
        if old.version != expected || !repo::update_point(conn, &draft, expected)? {
            return Err(stale("service point", &point_id, expected));
        }
        Ok(())
    })
    .await?;
    respond_point(&state, &id, HttpResponse::Ok())
}
