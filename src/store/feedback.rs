//! Client feedback: one answer a referral (the referral id is the key, so a second answer is a
//! unique violation even when two come at once), and the one-time links, kept by the SHA-256 of
//! their token.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{feedback, feedback_links, referrals};
use super::DbConn;
use crate::domain::feedback::{may_answer, Refusal, Source};
use crate::domain::referral::Status;
use crate::domain::stats::FeedbackRecord;

#[derive(Queryable, Selectable, Insertable, Debug, Clone, PartialEq)]
#[diesel(table_name = feedback, treat_none_as_default_value = false)]
pub struct FeedbackRow {
    pub referral_id: String,
    pub helped: bool,
    pub within_target: bool,
    pub grade: i32,
    /// The comment, encrypted with the data keys.
    pub comment_enc: Option<String>,
    /// `phone` or `link`.
    pub source: String,
    pub recorded_at: NaiveDateTime,
    /// The staff member's token subject, or `client` for an answer through a link.
    pub recorded_by: String,
}

impl FeedbackRow {
    /// The source, `phone` for a value this version does not know.
    pub fn source(&self) -> Source {
        Source::parse(&self.source).unwrap_or(Source::Phone)
    }
}

#[derive(Queryable, Selectable, Insertable, Debug, Clone, PartialEq)]
#[diesel(table_name = feedback_links, treat_none_as_default_value = false)]
pub struct LinkRow {
    /// SHA-256 of the token, in hex: the token itself is never stored.
    pub token_hash: String,
    pub referral_id: String,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub used_at: Option<NaiveDateTime>,
}

/// The referral's answer, if it has one.
pub fn find(conn: &mut DbConn, referral_id: &str) -> QueryResult<Option<FeedbackRow>> {
    feedback::table.find(referral_id).select(FeedbackRow::as_select()).first(conn).optional()
}

/// When the referral's answer was recorded, if it has one.
pub fn recorded_at(conn: &mut DbConn, referral_id: &str) -> QueryResult<Option<NaiveDateTime>> {
    feedback::table.find(referral_id).select(feedback::recorded_at).first(conn).optional()
}

pub fn insert(conn: &mut DbConn, row: &FeedbackRow) -> QueryResult<()> {
    diesel::insert_into(feedback::table).values(row).execute(conn)?;
    Ok(())
}

/// Records an answer when the referral (in `status`) takes one: it is completed and has none yet
/// ([`may_answer`]). Run it in a write transaction with whatever else the answer changes.
pub fn record(conn: &mut DbConn, status: Status, row: &FeedbackRow) -> QueryResult<Result<(), Refusal>> {
    let answered = find(conn, &row.referral_id)?.map(|f| (f.source(), f.recorded_at));
    if let Err(refusal) = may_answer(status, answered) {
        return Ok(Err(refusal));
    }
    insert(conn, row)?;
    Ok(Ok(()))
}

/// Stores a new link; the referral's earlier links that are still open expire at `row.created_at`
/// (only the newest link given out can be answered).
pub fn replace_link(conn: &mut DbConn, row: &LinkRow) -> QueryResult<()> {
    diesel::update(
        feedback_links::table
            .filter(feedback_links::referral_id.eq(&row.referral_id))
            .filter(feedback_links::used_at.is_null())
            .filter(feedback_links::expires_at.gt(row.created_at)),
    )
    .set(feedback_links::expires_at.eq(row.created_at))
    .execute(conn)?;
    diesel::insert_into(feedback_links::table).values(row).execute(conn)?;
    Ok(())
}

pub fn find_link(conn: &mut DbConn, token_hash: &str) -> QueryResult<Option<LinkRow>> {
    feedback_links::table.find(token_hash).select(LinkRow::as_select()).first(conn).optional()
}

/// Marks a link answered; false when it already was.
pub fn mark_used(conn: &mut DbConn, token_hash: &str, at: NaiveDateTime) -> QueryResult<bool> {
    let n = diesel::update(feedback_links::table.find(token_hash).filter(feedback_links::used_at.is_null()))
        .set(feedback_links::used_at.eq(at))
        .execute(conn)?;
    Ok(n == 1)
}

/// Hands each answer recorded in `[from, to)` to `each`, with its referral's lead team and
/// services, read one row at a time as the referrals' statistics are.
pub fn each_stat_row(
    conn: &mut DbConn,
    from: NaiveDateTime,
    to: NaiveDateTime,
    mut each: impl FnMut(FeedbackRecord),
) -> QueryResult<()> {
    type Columns = (Option<String>, String, bool, bool, i32);
    let record = |(lead_team_id, services, helped, within_target, grade): Columns| FeedbackRecord {
        lead_team_id,
        services,
        helped,
        within_target,
        grade,
    };
    let query = feedback::table
        .inner_join(referrals::table)
        .filter(feedback::recorded_at.ge(from))
        .filter(feedback::recorded_at.lt(to))
        .select((
            referrals::lead_team_id,
            referrals::services,
            feedback::helped,
            feedback::within_target,
            feedback::grade,
        ));
    match conn {
        DbConn::Pg(pg) => {
            for row in query.load_iter::<Columns, diesel::pg::PgRowByRowLoadingMode>(pg)? {
                each(record(row?));
            }
        }
        DbConn::Sqlite(c) => {
            for row in query.load_iter::<Columns, diesel::connection::DefaultLoadingMode>(c)? {
                each(record(row?));
            }
        }
    }
    Ok(())
}
