//! The need taxonomy.

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
