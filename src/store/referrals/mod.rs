//! Referral persistence: referrals with their teams and events, idempotency keys, and the
//! queries of the worklist, the client lookup, routing (continuity and load) and statistics.
//!
//! The functions here are the portable path, one diesel query at a time. Where PostgreSQL can do
//! the same work in one round trip, they hand it to the statements of [`pg`].

mod pg;

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::expression::{is_aggregate, AppearsOnTable, Expression, SelectableExpression, ValidGrouping};
use diesel::prelude::*;
use diesel::query_builder::{AstPass, Query, QueryFragment, QueryId};

use super::audit::NewAuditEntry;
use super::catalogue::to_json;
use super::schema::{idempotency_keys, referral_events, referral_teams, referrals};
use super::DbConn;
use crate::domain::emergency::EmergencyLevel;
use crate::domain::lang::Lang;
use crate::domain::navigation::Segment;
use crate::domain::referral::{ContactChannel, Referral, Status, Urgency};
use crate::domain::stats::Record;

#[derive(Queryable, Selectable, Insertable, AsChangeset, Debug, Clone)]
// None is bound as NULL (not written as DEFAULT), so the statement has one text and is prepared
// once per connection.
#[diesel(table_name = referrals, treat_none_as_null = true, treat_none_as_default_value = false)]
pub struct ReferralRow {
    pub id: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub created_by: String,
    pub channel: String,
    pub client_key: String,
    pub identity_enc: String,
    pub age: i32,
    pub municipality: String,
    pub language: String,
    pub description_enc: Option<String>,
    pub needs: String,
    pub services: String,
    pub lead_team_id: Option<String>,
    pub participating_team_ids: String,
    pub segment: String,
    pub urgency: String,
    pub due_at: NaiveDateTime,
    pub status: String,
    pub version: i64,
    pub consent: bool,
    pub disclosure_prohibited: bool,
    pub emergency_level: Option<String>,
    pub accepted_at: Option<NaiveDateTime>,
    pub closed_at: Option<NaiveDateTime>,
    pub safety_screen_enc: Option<String>,
}

/// A referral with its encrypted personal data, as stored.
#[derive(Debug, Clone)]
pub struct StoredReferral {
    pub referral: Referral,
    pub identity_enc: String,
    pub description_enc: Option<String>,
    /// The red-flag answers of the safety screen (JSON, encrypted), when it was asked.
    pub safety_screen_enc: Option<String>,
}

fn corrupt(id: &str, column: &str, value: &str) -> diesel::result::Error {
    diesel::result::Error::DeserializationError(format!("referral {id}: {column} {value:?} is not valid").into())
}

impl ReferralRow {
    pub fn into_stored(self) -> QueryResult<StoredReferral> {
        let id = self.id.clone();
        let referral = Referral {
            channel: ContactChannel::parse(&self.channel).ok_or_else(|| corrupt(&id, "channel", &self.channel))?,
            language: Lang::parse(&self.language).ok_or_else(|| corrupt(&id, "language", &self.language))?,
            needs: serde_json::from_str(&self.needs).map_err(|_| corrupt(&id, "needs", "…"))?,
            services: serde_json::from_str(&self.services).map_err(|_| corrupt(&id, "services", "…"))?,
            participating_team_ids: serde_json::from_str(&self.participating_team_ids)
                .map_err(|_| corrupt(&id, "participating_team_ids", "…"))?,
            segment: Segment::parse(&self.segment).ok_or_else(|| corrupt(&id, "segment", &self.segment))?,
            urgency: Urgency::parse(&self.urgency).ok_or_else(|| corrupt(&id, "urgency", &self.urgency))?,
            status: Status::parse(&self.status).ok_or_else(|| corrupt(&id, "status", &self.status))?,
            emergency_level: match self.emergency_level.as_deref() {
                None => None,
                Some("112") => Some(EmergencyLevel::Emergency),
                Some("116117") => Some(EmergencyLevel::OnCall),
                Some(other) => return Err(corrupt(&id, "emergency_level", other)),
            },
            created_at: self.created_at,
            updated_at: self.updated_at,
            created_by: self.created_by,
            client_key: self.client_key,
            age: self.age.max(0) as u32,
            municipality: self.municipality,
            lead_team_id: self.lead_team_id,
            due_at: self.due_at,
            version: self.version,
            consent: self.consent,
            disclosure_prohibited: self.disclosure_prohibited,
            accepted_at: self.accepted_at,
            closed_at: self.closed_at,
            id: self.id,
        };
        Ok(StoredReferral {
            referral,
            identity_enc: self.identity_enc,
            description_enc: self.description_enc,
            safety_screen_enc: self.safety_screen_enc,
        })
    }

    pub fn from_stored(s: &StoredReferral) -> Self {
        let r = &s.referral;
        Self {
            id: r.id.clone(),
            created_at: r.created_at,
            updated_at: r.updated_at,
            created_by: r.created_by.clone(),
            channel: r.channel.as_str().into(),
            client_key: r.client_key.clone(),
            identity_enc: s.identity_enc.clone(),
            age: r.age as i32,
            municipality: r.municipality.clone(),
            language: r.language.code().into(),
            description_enc: s.description_enc.clone(),
            needs: to_json(&r.needs),
            services: to_json(&r.services),
            lead_team_id: r.lead_team_id.clone(),
            participating_team_ids: to_json(&r.participating_team_ids),
            segment: r.segment.as_str().into(),
            urgency: r.urgency.as_str().into(),
            due_at: r.due_at,
            status: r.status.as_str().into(),
            version: r.version,
            consent: r.consent,
            disclosure_prohibited: r.disclosure_prohibited,
            emergency_level: r.emergency_level.map(|l| l.as_str().to_owned()),
            accepted_at: r.accepted_at,
            closed_at: r.closed_at,
            safety_screen_enc: s.safety_screen_enc.clone(),
        }
    }
}

#[derive(Queryable, Selectable, Insertable, Debug, Clone, PartialEq)]
#[diesel(table_name = referral_events, treat_none_as_default_value = false)]
pub struct EventRow {
    pub id: String,
    pub referral_id: String,
    pub at: NaiveDateTime,
    pub actor: String,
    pub actor_roles: String,
    pub kind: String,
    pub from_status: Option<String>,
    pub to_status: String,
    pub reason: Option<String>,
    pub team_id: Option<String>,
    pub version: i64,
}

#[derive(Queryable, Selectable, Insertable, Debug, Clone)]
// Every column a bound value (never `DEFAULT`), so that diesel prepares the insert once.
#[diesel(table_name = idempotency_keys, treat_none_as_default_value = false)]
pub struct IdempotencyRow {
    pub subject: String,
    pub key: String,
    pub request_hash: String,
    pub referral_id: String,
    pub created_at: NaiveDateTime,
}

fn team_rows(r: &Referral) -> Vec<(String, &'static str)> {
    let mut rows = Vec::new();
    if let Some(lead) = &r.lead_team_id {
        rows.push((lead.clone(), "lead"));
    }
    for t in &r.participating_team_ids {
        if Some(t) != r.lead_team_id.as_ref() && !rows.iter().any(|(x, _)| x == t) {
            rows.push((t.clone(), "participant"));
        }
    }
    rows
}

fn replace_teams(conn: &mut DbConn, r: &Referral) -> QueryResult<()> {
    diesel::delete(referral_teams::table.filter(referral_teams::referral_id.eq(&r.id))).execute(conn)?;
    insert_teams(conn, r)
}

/// The team rows: one statement on PostgreSQL ([`pg::insert_teams`]), one insert per row on SQLite.
fn insert_teams(conn: &mut DbConn, r: &Referral) -> QueryResult<()> {
    match conn {
        DbConn::Pg(pg) => pg::insert_teams(pg, r)?,
        DbConn::Sqlite(c) => {
            for (team, role) in team_rows(r) {
                diesel::insert_into(referral_teams::table)
                    .values((
                        referral_teams::referral_id.eq(&r.id),
                        referral_teams::team_id.eq(team),
                        referral_teams::role.eq(role),
                    ))
                    .execute(c)?;
            }
        }
    }
    Ok(())
}

fn insert(conn: &mut DbConn, s: &StoredReferral) -> QueryResult<()> {
    diesel::insert_into(referrals::table).values(ReferralRow::from_stored(s)).execute(conn)?;
    insert_teams(conn, &s.referral)
}

/// Records a new referral with its team rows, its first event, the idempotency key when there is
/// one, and the audit entry: one statement on PostgreSQL ([`pg::insert_created`]), the inserts one
/// by one on SQLite.
pub fn insert_created(
    conn: &mut DbConn,
    s: &StoredReferral,
    event: &EventRow,
    idempotency: Option<&IdempotencyRow>,
    audit: &NewAuditEntry,
) -> QueryResult<()> {
    if let DbConn::Pg(pg) = conn {
        return pg::insert_created(pg, s, event, idempotency, audit);
    }
    insert(conn, s)?;
    add_event(conn, event)?;
    if let Some(row) = idempotency {
        insert_idempotency(conn, row)?;
    }
    super::audit::append(conn, std::slice::from_ref(audit))
}

/// Writes a referral if its stored version is still `expected_version`; false when it is not.
pub fn update(conn: &mut DbConn, s: &StoredReferral, expected_version: i64) -> QueryResult<bool> {
    let n = diesel::update(referrals::table.find(&s.referral.id).filter(referrals::version.eq(expected_version)))
        .set(ReferralRow::from_stored(s))
        .execute(conn)?;
    if n == 1 {
        replace_teams(conn, &s.referral)?;
    }
    Ok(n == 1)
}

pub fn find(conn: &mut DbConn, id: &str) -> QueryResult<Option<StoredReferral>> {
    referrals::table
        .find(id)
        .select(ReferralRow::as_select())
        .first(conn)
        .optional()?
        .map(ReferralRow::into_stored)
        .transpose()
}

pub fn add_event(conn: &mut DbConn, event: &EventRow) -> QueryResult<()> {
    diesel::insert_into(referral_events::table).values(event).execute(conn)?;
    Ok(())
}

pub fn events(conn: &mut DbConn, referral_id: &str) -> QueryResult<Vec<EventRow>> {
    referral_events::table
        .filter(referral_events::referral_id.eq(referral_id))
        .order((referral_events::at, referral_events::version))
        .select(EventRow::as_select())
        .load(conn)
}

/// The client's referrals, newest first (any of the lookup hashes, for key rotation): creation's
/// read of the client's history, and the client lookup on SQLite ([`client_page`]). One query per
/// key, each an equality on the `(client_key, created_at)` index; on PostgreSQL in an order that
/// keeps its generic plan on that index ([`pg::client_rows`]).
pub fn of_client(conn: &mut DbConn, client_keys: &[String], limit: i64) -> QueryResult<Vec<StoredReferral>> {
    let mut rows = Vec::new();
    for key in client_keys {
        let found: Vec<ReferralRow> = match &mut *conn {
            DbConn::Pg(pg) => pg::client_rows(pg, key, limit)?,
            other => referrals::table
                .filter(referrals::client_key.eq(key))
                .limit(limit)
                .order((referrals::created_at.desc(), referrals::id))
                .select(ReferralRow::as_select())
                .load(other)?,
        };
        rows.extend(found);
    }
    if client_keys.len() > 1 {
        // A row has one client key, so the keys' rows are disjoint: merge and cut.
        rows.sort_by(|a, b| b.created_at.cmp(&a.created_at).then_with(|| a.id.cmp(&b.id)));
        rows.truncate(usize::try_from(limit).unwrap_or(0));
    }
    rows.into_iter().map(ReferralRow::into_stored).collect()
}

/// A page of the client's referrals, newest first (`offset`, `per_page`, among the newest `limit`),
/// the number of those, and an audit entry like `audit` for each referral on the page.
///
/// On PostgreSQL one statement ([`pg::client_page`]): the lookup, the page and its audit entries in
/// one round trip and one commit. SQLite runs the lookup ([`of_client`]), then the audit insert.
pub fn client_page(
    conn: &mut DbConn,
    client_keys: &[String],
    limit: i64,
    offset: i64,
    per_page: i64,
    audit: &NewAuditEntry,
) -> QueryResult<(Vec<StoredReferral>, i64)> {
    if let DbConn::Pg(pg) = conn {
        if !client_keys.is_empty() {
            let (rows, total) = pg::client_page(pg, client_keys, limit, offset, per_page, audit)?;
            return Ok((rows.into_iter().map(ReferralRow::into_stored).collect::<QueryResult<Vec<_>>>()?, total));
        }
    }
    let all = of_client(conn, client_keys, limit)?;
    let total = all.len() as i64;
    let shown: Vec<StoredReferral> = all
        .into_iter()
        .skip(usize::try_from(offset).unwrap_or(usize::MAX))
        .take(usize::try_from(per_page).unwrap_or(0))
        .collect();
    super::audit::append_each(conn, audit, shown.iter().map(|s| s.referral.id.as_str()))?;
    Ok((shown, total))
}

/// New referrals each team has led since `since` (the load of the week).
pub fn load_since(conn: &mut DbConn, since: NaiveDateTime) -> QueryResult<HashMap<String, u32>> {
    let rows: Vec<(Option<String>, i64)> = referrals::table
        .filter(referrals::created_at.ge(since))
        .group_by(referrals::lead_team_id)
        .select((referrals::lead_team_id, diesel::dsl::count_star()))
        .load(conn)?;
    Ok(rows.into_iter().filter_map(|(team, n)| team.map(|t| (t, n.max(0) as u32))).collect())
}

/// Open and overdue referrals of one team.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct OpenCount {
    pub open: i64,
    pub overdue: i64,
}

/// The open referrals each team leads, and how many of them are past their due time at `now`.
/// Both counts read the partial indexes of open referrals, so their cost follows the open
/// referrals, not the history.
pub fn open_by_team(conn: &mut DbConn, now: NaiveDateTime) -> QueryResult<HashMap<String, OpenCount>> {
    let open: Vec<(Option<String>, i64)> = referrals::table
        .filter(IsOpen)
        .group_by(referrals::lead_team_id)
        .select((referrals::lead_team_id, diesel::dsl::count_star()))
        .load(conn)?;
    let overdue: Vec<(Option<String>, i64)> = referrals::table
        .filter(IsOpen)
        .filter(referrals::due_at.lt(now))
        .group_by(referrals::lead_team_id)
        .select((referrals::lead_team_id, diesel::dsl::count_star()))
        .load(conn)?;
    let mut counts: HashMap<String, OpenCount> = HashMap::new();
    for (team, n) in open {
        counts.entry(team.unwrap_or_default()).or_default().open = n;
    }
    for (team, n) in overdue {
        counts.entry(team.unwrap_or_default()).or_default().overdue = n;
    }
    Ok(counts)
}

/// `status` is one of the open statuses, written out as in the predicate of the partial indexes
/// `referrals_open_worklist` and `referrals_open_team`: bound as a parameter, the statuses would
/// be unknown to a generic plan, which then could not use those indexes.
#[derive(Debug, Clone, Copy)]
pub struct IsOpen;

impl IsOpen {
    pub const SQL: &'static str =
        "\"referrals\".\"status\" IN ('triage_pending', 'requested', 'accepted', 'in_progress', 'redirected')";

    /// Whether `statuses` are exactly the open ones (in any order).
    pub fn is(statuses: &[Status]) -> bool {
        Status::ALL.iter().all(|s| s.is_open() == statuses.contains(s))
    }
}

impl Expression for IsOpen {
    type SqlType = diesel::sql_types::Bool;
}

impl AppearsOnTable<referrals::table> for IsOpen {}

impl SelectableExpression<referrals::table> for IsOpen {}

impl ValidGrouping<()> for IsOpen {
    type IsAggregate = is_aggregate::Never;
}

impl<DB: diesel::backend::Backend> QueryFragment<DB> for IsOpen {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, DB>) -> QueryResult<()> {
        out.push_sql(Self::SQL);
        Ok(())
    }
}

impl QueryId for IsOpen {
    type QueryId = Self;
    const HAS_STATIC_QUERY_ID: bool = true;
}

/// The first `limit` rows of a query, the limit written into the statement's text: with a bound
/// limit and offset PostgreSQL guesses a generic plan fetches a tenth of the rows and plans the
/// statement again at every call; with the limit written out it keeps the generic plan. One text
/// per limit (`per_page` is 1-200); later pages bind their offset and are planned each time.
struct FirstRows<Q> {
    query: Q,
    limit: i64,
}

impl<DB: diesel::backend::Backend, Q: QueryFragment<DB>> QueryFragment<DB> for FirstRows<Q> {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, DB>) -> QueryResult<()> {
        self.query.walk_ast(out.reborrow())?;
        out.push_sql(&format!(" LIMIT {}", self.limit));
        Ok(())
    }
}

impl<Q: Query> Query for FirstRows<Q> {
    type SqlType = Q::SqlType;
}

impl<Q> QueryId for FirstRows<Q> {
    // Not static: the statement cache keys it by its text, which holds the limit.
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl<Q, C> RunQueryDsl<C> for FirstRows<Q> {}

/// A page of a team's worklist: the referrals it leads, by due date.
pub struct WorklistQuery<'a> {
    pub team_id: &'a str,
    pub statuses: Vec<Status>,
    pub overdue_at: Option<NaiveDateTime>,
    pub offset: i64,
    pub limit: i64,
}

/// A page of a team's worklist and the number of referrals in it, with an audit entry like
/// `audit` for each referral on the page. On PostgreSQL one statement ([`pg::worklist`]): the page
/// and its total are read from one snapshot, and the page is never read without its audit entries.
pub fn worklist(
    conn: &mut DbConn,
    q: &WorklistQuery,
    audit: &NewAuditEntry,
) -> QueryResult<(Vec<StoredReferral>, i64)> {
    let (rows, total) = match conn {
        DbConn::Pg(pg) => pg::worklist(pg, q, audit)?,
        conn => {
            let (rows, total) = worklist_rows(conn, q)?;
            super::audit::append_each(conn, audit, rows.iter().map(|r| r.id.as_str()))?;
            (rows, total)
        }
    };
    let items = rows.into_iter().map(ReferralRow::into_stored).collect::<QueryResult<Vec<_>>>()?;
    Ok((items, total))
}

/// The worklist in two statements (SQLite, where a statement is a function call).
fn worklist_rows(conn: &mut DbConn, q: &WorklistQuery) -> QueryResult<(Vec<ReferralRow>, i64)> {
    let statuses: Vec<&str> = q.statuses.iter().map(|s| s.as_str()).collect();
    let open = IsOpen::is(&q.statuses);
    let base = || {
        let mut query = referrals::table.filter(referrals::lead_team_id.eq(q.team_id)).into_boxed();
        query = if open { query.filter(IsOpen) } else { query.filter(referrals::status.eq_any(statuses.clone())) };
        if let Some(now) = q.overdue_at {
            query = query.filter(referrals::due_at.lt(now));
        }
        query
    };
    let total: i64 = base().count().get_result(conn)?;
    let ordered = || base().order((referrals::due_at.asc(), referrals::id.asc())).select(ReferralRow::as_select());
    let rows = if q.offset == 0 {
        FirstRows { query: ordered(), limit: q.limit }.load(conn)?
    } else {
        ordered().offset(q.offset).limit(q.limit).load(conn)?
    };
    Ok((rows, total))
}

pub fn find_idempotency(conn: &mut DbConn, subject: &str, key: &str) -> QueryResult<Option<IdempotencyRow>> {
    idempotency_keys::table.find((subject, key)).select(IdempotencyRow::as_select()).first(conn).optional()
}

pub fn insert_idempotency(conn: &mut DbConn, row: &IdempotencyRow) -> QueryResult<()> {
    diesel::insert_into(idempotency_keys::table).values(row).execute(conn)?;
    Ok(())
}

/// The fields statistics need, for referrals created in a period, as the query reads them.
type StatColumns = (
    Option<String>,
    String,
    String,
    String,
    String,
    NaiveDateTime,
    NaiveDateTime,
    Option<NaiveDateTime>,
    Option<NaiveDateTime>,
);

fn stat_record(row: StatColumns) -> Record {
    let (lead_team_id, services, segment, channel, status, created_at, due_at, accepted_at, closed_at) = row;
    Record { lead_team_id, services, segment, channel, status, created_at, due_at, accepted_at, closed_at }
}

/// Hands each referral created in `[from, to)` to `each`, as one statement whose rows are read one
/// at a time (PostgreSQL's row-by-row mode, SQLite's stepping): statistics of a year never hold
/// the year's rows in memory, the rows come in whatever order is cheapest (a year is a sequential
/// scan, a month the index on `created_at`), and all of them are from one snapshot.
pub fn each_stat_row(
    conn: &mut DbConn,
    from: NaiveDateTime,
    to: NaiveDateTime,
    mut each: impl FnMut(Record),
) -> QueryResult<()> {
    let query = referrals::table.filter(referrals::created_at.ge(from)).filter(referrals::created_at.lt(to)).select((
        referrals::lead_team_id,
        referrals::services,
        referrals::segment,
        referrals::channel,
        referrals::status,
        referrals::created_at,
        referrals::due_at,
        referrals::accepted_at,
        referrals::closed_at,
    ));
    match conn {
        DbConn::Pg(pg) => {
            for row in query.load_iter::<StatColumns, diesel::pg::PgRowByRowLoadingMode>(pg)? {
                each(stat_record(row?));
            }
        }
        DbConn::Sqlite(c) => {
            for row in query.load_iter::<StatColumns, diesel::connection::DefaultLoadingMode>(c)? {
                each(stat_record(row?));
            }
        }
    }
    Ok(())
}
