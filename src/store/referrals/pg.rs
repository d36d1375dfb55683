//! The referral statements written by hand for PostgreSQL: creation, the client lookup and the
//! worklist, each one round trip where the portable path in [`super`] takes several, with a text
//! that stays the same from call to call so that it is prepared once per connection and keeps its
//! generic plan. SQLite, where a statement is a function call, runs the portable path.

use diesel::pg::data_types::PgInterval;
use diesel::pg::Pg;
use diesel::prelude::*;
use diesel::query_builder::{AstPass, Query, QueryFragment, QueryId};
use diesel::PgConnection;

use super::{team_rows, EventRow, IdempotencyRow, IsOpen, ReferralRow, StoredReferral, WorklistQuery};
use crate::domain::referral::Referral;
use crate::store::audit::{self, NewAuditEntry};
use crate::store::schema::{audit_log, idempotency_keys, referral_events, referrals};

/// A referral's team rows in one statement ([`TeamArrays`]).
pub(super) fn insert_teams(pg: &mut PgConnection, r: &Referral) -> QueryResult<()> {
    TeamArrays::of(r).execute(pg)?;
    Ok(())
}

/// A new referral with its teams, first event, idempotency key and audit entry, in one statement
/// ([`CreatedInserts`]).
pub(super) fn insert_created(
    pg: &mut PgConnection,
    s: &StoredReferral,
    event: &EventRow,
    idempotency: Option<&IdempotencyRow>,
    audit: &NewAuditEntry,
) -> QueryResult<()> {
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

/// One client key's newest referrals, ordered by `created_at` plus a zero interval (no index is
/// sorted by it), so that no plan, generic ones too, walks every referral instead of the client's.
pub(super) fn client_rows(pg: &mut PgConnection, key: &str, limit: i64) -> QueryResult<Vec<ReferralRow>> {
    referrals::table
        .filter(referrals::client_key.eq(key))
        .limit(limit)
        .order(((referrals::created_at + PgInterval::from_microseconds(0)).desc(), referrals::id))
        .select(ReferralRow::as_select())
        .load(pg)
}

/// A page of the client's referrals and its total, audited, in one statement ([`ClientPage`]).
/// `keys` must not be empty.
pub(super) fn client_page(
    pg: &mut PgConnection,
    keys: &[String],
    limit: i64,
    offset: i64,
    per_page: i64,
    audit: &NewAuditEntry,
) -> QueryResult<(Vec<ReferralRow>, i64)> {
    let select = <ReferralRow as Selectable<Pg>>::construct_selection();
    Ok(counted_page(ClientPage { keys, limit, offset, per_page, select, audit }.load(pg)?))
}

/// A page of a team's worklist and its total, audited, in one statement ([`WorklistPage`]).
pub(super) fn worklist(
    pg: &mut PgConnection,
    q: &WorklistQuery,
    audit: &NewAuditEntry,
) -> QueryResult<(Vec<ReferralRow>, i64)> {
    let statement = WorklistPage {
        q,
        statuses: q.statuses.iter().map(|s| s.as_str()).collect(),
        select: <ReferralRow as Selectable<Pg>>::construct_selection(),
        audit,
    };
    Ok(counted_page(statement.load(pg)?))
}

/// Creation's five inserts as data-modifying `WITH` parts of one statement: one round trip instead
/// of five, the foreign keys checked at its end.
struct CreatedInserts<R, E, I, A> {
    referral: R,
    teams: TeamArrays,
    event: E,
    idempotency: Option<I>,
    audit: A,
}

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
    // Not static: the text depends on whether there is an idempotency key, so the statement cache
    // keys it by its text. Every insert binds every column (none is `DEFAULT`), so it is prepared.
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl<R, E, I, A> RunQueryDsl<PgConnection> for CreatedInserts<R, E, I, A> {}

/// A referral's team rows as two arrays inserted with `unnest`: one text, prepared once, for any
/// number of teams, where a multi-row `VALUES` has a text per row count.
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

impl RunQueryDsl<PgConnection> for TeamArrays {}

/// The client lookup, its page and the page's audit entries in one statement: one round trip and
/// one commit; each key's rows in a `WITH` part, which even a generic plan reads by the client's index.
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
        // A `WITH` part is planned to be read to its end, so its plan does not walk the
        // `created_at` index hoping to stop early. Several keys (a key rotation) are joined and cut
        // to the newest `limit`. The limits are written into the text and a first page has no
        // offset, as in `WorklistPage`: one text per page size, number of keys and first or later
        // page. The page is read by the audit insert and the answer; the count is joined to it, so
        // a page past the end still answers the total.
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
        audit::push_insert_each(&mut out, self.audit, "page", NEWEST_FIRST)?;
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

impl RunQueryDsl<PgConnection> for ClientPage<'_> {}

/// The worklist's count, page and audit insert in one statement: one round trip, one snapshot,
/// and no page read without its audit entries.
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
        // The open statuses are written out (`IsOpen`) and a first page's limit is in the text (as
        // in `FirstRows`), so that PostgreSQL keeps its generic plan. The page is read by the audit
        // insert and the answer; the count is joined to it, so a page past the end still answers
        // the total.
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
        audit::push_insert_each(&mut out, self.audit, "page", " ORDER BY page.due_at, page.id")?;
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

impl RunQueryDsl<PgConnection> for WorklistPage<'_> {}

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
