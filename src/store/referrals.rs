//! Referral persistence: referrals with their teams and events, idempotency keys, and the
//! queries of the worklist, the client lookup, routing (continuity and load) and statistics.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::expression::{is_aggregate, AppearsOnTable, Expression, SelectableExpression, ValidGrouping};
use diesel::pg::Pg;
use diesel::prelude::*;
use diesel::query_builder::{AstPass, Query, QueryFragment, QueryId};

use super::audit::NewAuditEntry;
use super::catalogue::to_json;
use super::schema::{audit_log, idempotency_keys, referral_events, referral_teams, referrals};
use super::DbConn;
use crate::domain::emergency::EmergencyLevel;
use crate::domain::lang::Lang;
use crate::domain::navigation::Segment;
use crate::domain::referral::{ContactChannel, Referral, Status, Urgency};

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
}

/// A referral with its encrypted personal data, as stored.
#[derive(Debug, Clone)]
pub struct StoredReferral {
    pub referral: Referral,
    pub identity_enc: String,
    pub description_enc: Option<String>,
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
        Ok(StoredReferral { referral, identity_enc: self.identity_enc, description_enc: self.description_enc })
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

/// The team rows in one statement on PostgreSQL (prepared once per connection: see
/// [`TeamArrays`]), one insert per row on SQLite.
fn insert_teams(conn: &mut DbConn, r: &Referral) -> QueryResult<()> {
    match conn {
        DbConn::Pg(pg) => {
            TeamArrays::of(r).execute(pg)?;
        }
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
/// one, and the audit entry. On PostgreSQL that is one statement (the inserts as data-modifying
/// `WITH` parts, whose foreign keys are checked at its end) instead of five round trips, prepared
/// once per connection. SQLite runs the same inserts one by one.
pub fn insert_created(
    conn: &mut DbConn,
    s: &StoredReferral,
    event: &EventRow,
    idempotency: Option<&IdempotencyRow>,
    audit: &NewAuditEntry,
) -> QueryResult<()> {
    let pg = match conn {
        DbConn::Pg(pg) => pg,
        DbConn::Sqlite(_) => {
            insert(conn, s)?;
            add_event(conn, event)?;
            if let Some(row) = idempotency {
                insert_idempotency(conn, row)?;
            }
            return super::audit::append(conn, std::slice::from_ref(audit));
        }
    };
    CreatedInserts {
        referral: diesel::insert_into(referrals::table).values(ReferralRow::from_stored(s)),
        teams: TeamArrays::of(&s.referral),
        event: diesel::insert_into(referral_events::table).values(event),
        idempotency: idempotency.map(|row| diesel::insert_into(idempotency_keys::table).values(row)),
        audit: diesel::insert_into(audit_log::table).values(audit),
    }
    .execute(pg)?;
    Ok(())
}

/// The statement of [`insert_created`] on PostgreSQL. Its text depends on whether there is an
/// idempotency key, so it is prepared and cached by its text, not by its type. Each of its inserts
/// binds every column (none is written as `DEFAULT`), so diesel counts it as safe to prepare.
struct CreatedInserts<R, E, I, A> {
    referral: R,
    teams: TeamArrays,
    event: E,
    idempotency: Option<I>,
    audit: A,
}

/// A referral's team rows as two parallel arrays, inserted with `unnest`: one text for any
/// number of teams, so the insert is prepared once per connection (a multi-row `VALUES` would
/// have a text per row count).
struct TeamArrays {
    referral_id: String,
    teams: Vec<String>,
    roles: Vec<String>,
}

impl TeamArrays {
    fn of(r: &Referral) -> Self {
        let (teams, roles) = team_rows(r).into_iter().map(|(team, role)| (team, role.to_owned())).unzip();
        Self { referral_id: r.id.clone(), teams, roles }
    }
}

impl QueryFragment<Pg> for TeamArrays {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        use diesel::sql_types::{Array, Text};
        out.push_sql("INSERT INTO referral_teams (referral_id, team_id, role) SELECT ");
        out.push_bind_param::<Text, _>(&self.referral_id)?;
        out.push_sql(", x.team, x.role FROM unnest(");
        out.push_bind_param::<Array<Text>, _>(&self.teams)?;
        out.push_sql(", ");
        out.push_bind_param::<Array<Text>, _>(&self.roles)?;
        out.push_sql(") AS x (team, role)");
        Ok(())
    }
}

impl QueryId for TeamArrays {
    type QueryId = Self;
    const HAS_STATIC_QUERY_ID: bool = true;
}

impl RunQueryDsl<diesel::PgConnection> for TeamArrays {}

impl<R, E, I, A> QueryFragment<Pg> for CreatedInserts<R, E, I, A>
where
    R: QueryFragment<Pg>,
    E: QueryFragment<Pg>,
    I: QueryFragment<Pg>,
    A: QueryFragment<Pg>,
{
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        out.push_sql("WITH r AS (");
        self.referral.walk_ast(out.reborrow())?;
        out.push_sql("), t AS (");
        self.teams.walk_ast(out.reborrow())?;
        out.push_sql("), e AS (");
        self.event.walk_ast(out.reborrow())?;
        if let Some(idempotency) = &self.idempotency {
            out.push_sql("), i AS (");
            idempotency.walk_ast(out.reborrow())?;
        }
        out.push_sql(") ");
        self.audit.walk_ast(out.reborrow())
    }
}

impl<R, E, I, A> QueryId for CreatedInserts<R, E, I, A> {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl<R, E, I, A> RunQueryDsl<diesel::PgConnection> for CreatedInserts<R, E, I, A> {}

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
/// read of the client's history, and the client lookup on SQLite ([`client_page`]).
///
/// One query per key, each an equality on the `(client_key, created_at)` index, prepared once per
/// connection. On PostgreSQL the rows are ordered by `created_at + $interval` (a zero interval), an
/// expression no index is sorted by, so every plan must read all of the client's rows and sort
/// them (a client has a handful). That keeps the plan PostgreSQL settles on after five calls safe:
/// ordered by `created_at` itself, a generic plan made while the table was small or not yet
/// analysed (a new region, the first minute after a bulk load) could walk the `created_at` index
/// backwards through every referral, hoping to meet the limit soon, and did so to the end for a
/// client with none, a cost that grew with the table (the second round of BENCHMARKS.md). Without
/// an order to exploit, the only cheap path is the client's index; a plan that scans the table is
/// estimated as dear as it is. Only statistics in which a handful of clients hold all referrals
/// (ten or fewer, in the ninth round's trials) make the generic plan read the whole table, and
/// autovacuum analyses the table again after a tenth more rows. Planned at each call, as before
/// the ninth round of BENCHMARKS.md, the service answered 4-21% fewer lookups a second (seven
/// alternated pairs, when the lookup still used this function). SQLite has no generic plans.
pub fn of_client(conn: &mut DbConn, client_keys: &[String], limit: i64) -> QueryResult<Vec<StoredReferral>> {
    use diesel::pg::data_types::PgInterval;
    let mut rows = Vec::new();
    for key in client_keys {
        let query = referrals::table.filter(referrals::client_key.eq(key)).limit(limit);
        let found: Vec<ReferralRow> = match &mut *conn {
            DbConn::Pg(pg) => query
                .order(((referrals::created_at + PgInterval::from_microseconds(0)).desc(), referrals::id))
                .select(ReferralRow::as_select())
                .load(pg)?,
            other => query
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
/// On PostgreSQL one statement ([`ClientPage`]): the lookup, the page and its audit entries in
/// one round trip and one commit, prepared once per connection. SQLite runs the lookup
/// ([`of_client`]), then the audit insert.
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
            let select = <ReferralRow as Selectable<Pg>>::construct_selection();
            let statement = ClientPage { keys: client_keys, limit, offset, per_page, select, audit };
            let (rows, total) = counted_page(statement.load(pg)?);
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

/// The client lookup as one statement on PostgreSQL. Each key's rows are read with an equality on
/// the client's index; with several keys (a key rotation) their rows are joined and cut to the
/// newest `limit`. Unlike [`of_client`], the reads are ordered by `created_at` itself: a `WITH`
/// part is planned to be read to its end, so its generic plan does not walk the `created_at` index
/// hoping to stop early. Statistics in which 20 clients hold every referral, which made
/// [`of_client`]'s plan read every referral with that order, give this statement the client's
/// index (tests/referrals.rs checks both); with 4 or 8 such clients both read the whole table,
/// with or without the zero interval (the tenth round of BENCHMARKS.md).
///
/// The page is a `WITH` part that the audit insert and the answer both read, and the count is
/// joined to it, so a page past the end still answers the total. The limits are written into the
/// text and a first page has no offset, as in [`WorklistPage`]: one text per page size, number of
/// keys and first or later page. Rows: the total, then the page's columns (NULL when the page is
/// empty).
struct ClientPage<'a> {
    keys: &'a [String],
    limit: i64,
    offset: i64,
    per_page: i64,
    select: <ReferralRow as Selectable<Pg>>::SelectExpression,
    audit: &'a NewAuditEntry,
}

/// The client lookup's order, on a `WITH` part's columns.
const NEWEST_FIRST: &str = " ORDER BY created_at DESC, id";

impl QueryFragment<Pg> for ClientPage<'_> {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        use diesel::sql_types::{BigInt, Text};
        out.push_sql("WITH found AS (");
        for (i, key) in self.keys.iter().enumerate() {
            out.push_sql(if i == 0 { "(SELECT " } else { " UNION ALL (SELECT " });
            self.select.walk_ast(out.reborrow())?;
            out.push_sql(" FROM referrals WHERE referrals.client_key = ");
            out.push_bind_param::<Text, _>(key)?;
            out.push_sql(&format!(" ORDER BY referrals.created_at DESC, referrals.id LIMIT {})", self.limit));
        }
        if self.keys.len() > 1 {
            out.push_sql(&format!("), newest AS (SELECT * FROM found{NEWEST_FIRST} LIMIT {}", self.limit));
        }
        let all = if self.keys.len() > 1 { "newest" } else { "found" };
        out.push_sql(&format!("), page AS (SELECT * FROM {all}{NEWEST_FIRST} LIMIT {}", self.per_page));
        if self.offset != 0 {
            out.push_sql(" OFFSET ");
            out.push_bind_param::<BigInt, _>(&self.offset)?;
        }
        out.push_sql("), logged AS (");
        super::audit::push_insert_each(&mut out, self.audit, "page", NEWEST_FIRST)?;
        out.push_sql(&format!(
            ") SELECT total.n, page.* FROM (SELECT count(*) AS n FROM {all}) AS total LEFT JOIN page ON TRUE ORDER BY page.created_at DESC, page.id"
        ));
        Ok(())
    }
}

impl Query for ClientPage<'_> {
    type SqlType = CountedSqlType;
}

impl QueryId for ClientPage<'_> {
    // Not static: the statement cache keys it by its text (the number of keys, the limits).
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl RunQueryDsl<diesel::PgConnection> for ClientPage<'_> {}

/// The SQL types of a [`ReferralRow`]'s columns.
type ReferralSqlType = diesel::dsl::SqlTypeOf<<ReferralRow as Selectable<Pg>>::SelectExpression>;

/// The rows of a page statement ([`ClientPage`], [`WorklistPage`]): the total in each row, then the
/// page's columns, NULL in the one row of an empty page.
type CountedSqlType = (diesel::sql_types::BigInt, diesel::sql_types::Nullable<ReferralSqlType>);

/// A page statement's rows as the page and its total.
fn counted_page(rows: Vec<(i64, Option<ReferralRow>)>) -> (Vec<ReferralRow>, i64) {
    let total = rows.first().map_or(0, |(n, _)| *n);
    (rows.into_iter().filter_map(|(_, row)| row).collect(), total)
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

/// `status` is one of the open statuses, written out as in the predicate of the partial indexes
/// `referrals_open_worklist` and `referrals_open_team`. Bound as a parameter (`= ANY($1)`), the
/// statuses are unknown to a generic plan, which then cannot use those indexes: PostgreSQL planned
/// the worklist's two statements at every call instead (0.15 ms each at 1M referrals). Written
/// out, the statement's text stays one, so it is still prepared once per connection.
#[derive(Debug, Clone, Copy)]
pub struct IsOpen;

impl IsOpen {
    pub const SQL: &'static str = "\"referrals\".\"status\" IN ('requested', 'accepted', 'in_progress', 'redirected')";

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

/// The first `limit` rows of a query, the limit written into the statement's text. With `LIMIT $1
/// OFFSET $2` PostgreSQL estimates a generic plan to fetch a tenth of the rows, finds it dearer
/// than a plan for 20 rows, and so plans the statement again at every call (0.24 ms for a worklist
/// page at 1M referrals, against 0.05 ms to run it). With the limit written out and no offset it
/// keeps the generic plan, which is the same index scan. One text per limit: at most 200 per
/// connection (`per_page` is 1-200). Later pages bind their offset and are planned each time.
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
/// `audit` for each referral on the page. On PostgreSQL one statement ([`WorklistPage`]): the page
/// and its total are read from one snapshot, and the page is never read without its audit entries.
pub fn worklist(
    conn: &mut DbConn,
    q: &WorklistQuery,
    audit: &NewAuditEntry,
) -> QueryResult<(Vec<StoredReferral>, i64)> {
    let (rows, total) = match conn {
        DbConn::Pg(pg) => {
            let statement = WorklistPage {
                q,
                statuses: q.statuses.iter().map(|s| s.as_str()).collect(),
                select: <ReferralRow as Selectable<Pg>>::construct_selection(),
                audit,
            };
            counted_page(statement.load(pg)?)
        }
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

/// The worklist as one statement on PostgreSQL, instead of a count, a page and an audit insert in
/// three round trips (each with its own transaction and, over TLS, its own encryption). The page is
/// a `WITH` part that the audit insert and the answer both read; the count is joined to it, so an
/// empty page (past the end) still answers the total. The open statuses are written out
/// ([`IsOpen`]) and a first page's limit is in the text ([`FirstRows`]), so that PostgreSQL keeps
/// its generic plan. Rows: the total, then the page's columns (NULL when the page is empty).
struct WorklistPage<'a> {
    q: &'a WorklistQuery<'a>,
    statuses: Vec<&'a str>,
    select: <ReferralRow as Selectable<Pg>>::SelectExpression,
    audit: &'a NewAuditEntry,
}

impl WorklistPage<'_> {
    fn push_filter<'b>(&'b self, out: &mut AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        use diesel::sql_types::{Array, Text, Timestamp};
        out.push_sql(" FROM referrals WHERE referrals.lead_team_id = ");
        out.push_bind_param::<Text, _>(self.q.team_id)?;
        if IsOpen::is(&self.q.statuses) {
            out.push_sql(" AND ");
            out.push_sql(IsOpen::SQL);
        } else {
            out.push_sql(" AND referrals.status = ANY(");
            out.push_bind_param::<Array<Text>, _>(&self.statuses)?;
            out.push_sql(")");
        }
        if let Some(at) = &self.q.overdue_at {
            out.push_sql(" AND referrals.due_at < ");
            out.push_bind_param::<Timestamp, _>(at)?;
        }
        Ok(())
    }
}

impl QueryFragment<Pg> for WorklistPage<'_> {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        use diesel::sql_types::BigInt;
        out.push_sql("WITH page AS (SELECT ");
        self.select.walk_ast(out.reborrow())?;
        self.push_filter(&mut out)?;
        out.push_sql(&format!(" ORDER BY referrals.due_at, referrals.id LIMIT {}", self.q.limit));
        if self.q.offset != 0 {
            out.push_sql(" OFFSET ");
            out.push_bind_param::<BigInt, _>(&self.q.offset)?;
        }
        // An audit entry for each referral of the page, given ids in the page's order.
        out.push_sql("), logged AS (");
        super::audit::push_insert_each(&mut out, self.audit, "page", " ORDER BY page.due_at, page.id")?;
        out.push_sql(") SELECT total.n, page.* FROM (SELECT count(*) AS n");
        self.push_filter(&mut out)?;
        out.push_sql(") AS total LEFT JOIN page ON TRUE ORDER BY page.due_at, page.id");
        Ok(())
    }
}

impl Query for WorklistPage<'_> {
    type SqlType = CountedSqlType;
}

impl QueryId for WorklistPage<'_> {
    // Not static: the statement cache keys it by its text (the limit, the filters present).
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl RunQueryDsl<diesel::PgConnection> for WorklistPage<'_> {}

pub fn find_idempotency(conn: &mut DbConn, subject: &str, key: &str) -> QueryResult<Option<IdempotencyRow>> {
    idempotency_keys::table.find((subject, key)).select(IdempotencyRow::as_select()).first(conn).optional()
}

pub fn insert_idempotency(conn: &mut DbConn, row: &IdempotencyRow) -> QueryResult<()> {
    diesel::insert_into(idempotency_keys::table).values(row).execute(conn)?;
    Ok(())
}

/// The fields statistics need, for referrals created in a period.
#[derive(Queryable, Debug, Clone)]
pub struct StatRow {
    pub lead_team_id: Option<String>,
    pub services: String,
    pub segment: String,
    pub channel: String,
    pub status: String,
    pub created_at: NaiveDateTime,
    pub due_at: NaiveDateTime,
    pub accepted_at: Option<NaiveDateTime>,
    pub closed_at: Option<NaiveDateTime>,
}

/// Hands each referral created in `[from, to)` to `each`, as one statement whose rows are read one
/// at a time (PostgreSQL's row-by-row mode, SQLite's stepping): statistics of a year never hold
/// the year's rows in memory, the rows come in whatever order is cheapest (a year is a sequential
/// scan, a month the index on `created_at`), and all of them are from one snapshot.
pub fn each_stat_row(
    conn: &mut DbConn,
    from: NaiveDateTime,
    to: NaiveDateTime,
    mut each: impl FnMut(StatRow),
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
            for row in query.load_iter::<StatRow, diesel::pg::PgRowByRowLoadingMode>(pg)? {
                each(row?);
            }
        }
        DbConn::Sqlite(c) => {
            for row in query.load_iter::<StatRow, diesel::connection::DefaultLoadingMode>(c)? {
                each(row?);
            }
        }
    }
    Ok(())
}
