//! Paging of list endpoints: the `page` and `per_page` rules, and cutting a page out of a list;
//! and instants as the API writes them.

use super::errors::{AppError, FieldError};

/// The largest `page` and `per_page`. The OpenAPI document states the same bounds on every
/// `page` and `per_page` parameter (`#[param(minimum, maximum)]`); a spec test compares them.
pub const MAX_PAGE: u32 = 1_000_000;
pub const MAX_PER_PAGE: u32 = 200;

/// The page and page size asked for: `page` 1-[`MAX_PAGE`], `per_page` 1-[`MAX_PER_PAGE`]
/// (default 20).
pub fn paging(page: Option<u32>, per_page: Option<u32>) -> Result<(u32, u32), AppError> {
    let page = page.unwrap_or(1);
    let per_page = per_page.unwrap_or(20);
    let mut errors = Vec::new();
    if page == 0 || page > MAX_PAGE {
        errors.push(FieldError::new("page", format!("must be 1-{MAX_PAGE}")));
    }
    if per_page == 0 || per_page > MAX_PER_PAGE {
        errors.push(FieldError::new("per_page", format!("must be 1-{MAX_PER_PAGE}")));
    }
    if errors.is_empty() {
        Ok((page, per_page))
    } else {
        Err(AppError::Validation(errors))
    }
}

pub fn page_of<T>(items: Vec<T>, page: u32, per_page: u32) -> Vec<T> {
    let start = ((page - 1) as usize).saturating_mul(per_page as usize);
    items.into_iter().skip(start).take(per_page as usize).collect()
}

/// An instant of the database (UTC without an offset) as the API writes it.
pub fn utc(t: chrono::NaiveDateTime) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_naive_utc_and_offset(t, chrono::Utc)
}
