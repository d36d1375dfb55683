//! Pure domain logic: no actix, no diesel. Each file holds its types, rules and unit tests.

pub mod catalogue;
pub mod hours;
pub mod lang;
pub mod municipality;
pub mod needs;
