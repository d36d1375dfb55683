//! Pure domain logic: no actix, no diesel. Each file holds its types, rules and unit tests.

pub mod catalogue;
pub mod emergency;
pub mod feedback;
pub mod hetu;
pub mod hours;
pub mod lang;
pub mod lexicon;
pub mod morphology;
pub mod municipality;
pub mod navigation;
pub mod needs;
pub mod red_flags;
pub mod referral;
pub mod screen;
pub mod screen_model;
pub mod search;
pub mod stats;
pub mod text;
