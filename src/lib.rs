//! Luotsi: the service-navigation (palveluohjaus) API of Finland's future health and social
//! services centres (Tulevaisuuden sote-keskus).
//!
//! Data flows one way: `http` -> `domain` <- `store`. Handlers parse and validate a DTO, turn it
//! into domain types, call the domain and map the result back; the domain knows neither actix nor
//! diesel; the store never builds HTTP responses.

pub mod app;
pub mod auth;
pub mod cli;
pub mod config;
pub mod crypto;
pub mod domain;
pub mod http;
pub mod import;
pub mod store;
pub mod synthetic;

pub use http::state::AppState;
pub use http::{build_app, openapi};
