//! Luotsi: the service-navigation (palveluohjaus) API of Finland's future health and social
//! services centres (Tulevaisuuden sote-keskus).
//!
//! Data flows one way: `http` -> `app`, `domain`, `store`; `app` -> `domain`, `store`; `store` ->
//! `domain`. Handlers parse, authorise, call the domain or the store and map the answer; the
//! domain knows neither actix nor diesel; the store never builds HTTP responses.

pub mod app;
pub mod auth;
pub mod cli;
pub mod config;
pub mod crypto;
pub mod domain;
pub mod explain;
pub mod http;
pub mod import;
pub mod metrics;
pub mod store;
pub mod synthetic;
pub mod voikko;

pub use http::state::AppState;
pub use http::{build_app, openapi};
