//! The need taxonomy and the region's municipalities.

use super::*;

/// The need taxonomy v1 with Finnish, Swedish and English labels.
#[utoipa::path(
    tag = "catalogue",
    responses((status = 200, description = "Every need code", body = NeedList))
)]
#[get("/v1/needs")]
pub async fn list_needs() -> HttpResponse {
    let t = taxonomy();
    HttpResponse::Ok().json(NeedList {
        taxonomy: t.taxonomy.clone(),
        version: t.version.clone(),
        needs: t.needs.clone(),
    })
}

/// A municipality of the region, by its code and names.
#[derive(Serialize, ToSchema)]
pub struct MunicipalityItem {
    /// The municipality code (three digits) the other endpoints take.
    #[schema(example = "743")]
    pub code: String,
    #[schema(example = "Seinäjoki")]
    pub fi: String,
    #[schema(example = "Seinäjoki")]
    pub sv: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct MunicipalityList {
    /// By Finnish name.
    pub municipalities: Vec<MunicipalityItem>,
}

/// The region's municipalities with their Finnish and Swedish names: the codes `client.municipality`
/// and the `municipality` filters take.
#[utoipa::path(
    tag = "catalogue",
    responses((status = 200, description = "Every municipality of the region", body = MunicipalityList))
)]
#[get("/v1/municipalities")]
pub async fn list_municipalities(state: web::Data<AppState>) -> HttpResponse {
    let cat = state.catalogue.get();
    let mut municipalities: Vec<MunicipalityItem> = cat
        .municipalities
        .iter()
        .map(|m| MunicipalityItem { code: m.code.to_string(), fi: m.fi.clone(), sv: m.sv.clone() })
        .collect();
    municipalities.sort_by(|a, b| a.fi.cmp(&b.fi).then_with(|| a.code.cmp(&b.code)));
    HttpResponse::Ok().json(MunicipalityList { municipalities })
}
