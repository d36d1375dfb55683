//! The audit log: an append-only record of every read and write of a referral. The API has no
//! way to change it, and the database refuses updates and deletes (triggers).

use chrono::NaiveDateTime;
use diesel::pg::Pg;
use diesel::prelude::*;
use diesel::query_builder::{AstPass, QueryFragment, QueryId};

use super::schema::audit_log;
use super::DbConn;

#[derive(Insertable, Debug, Clone)]
#[diesel(table_name = audit_log, treat_none_as_default_value = false)]
pub struct NewAuditEntry {
    pub at: NaiveDateTime,
    pub actor: String,
    pub roles: String,
    pub action: String,
    pub referral_id: Option<String>,
    pub request_id: Option<String>,
    pub detail: Option<String>,
}

#[derive(Queryable, Selectable, Debug, Clone)]
#[diesel(table_name = audit_log)]
pub struct AuditEntry {
    pub id: i64,
    pub at: NaiveDateTime,
    pub actor: String,
    pub roles: String,
    pub action: String,
    pub referral_id: Option<String>,
    pub request_id: Option<String>,
    pub detail: Option<String>,
}

/// Appends the entries with one statement (one round trip, not one per entry: a worklist page of
/// 20 costs one). A single entry goes as a single-row insert. On PostgreSQL several go as one
/// `unnest` of a column array each, one text for any number of entries, so it is prepared once
/// per connection; a multi-row `VALUES` (SQLite) has a text per row count and is planned each time.
pub fn append(conn: &mut DbConn, entries: &[NewAuditEntry]) -> QueryResult<()> {
    match (conn, entries) {
        (_, []) => {}
        (conn, [one]) => {
            diesel::insert_into(audit_log::table).values(one).execute(conn)?;
        }
        (DbConn::Pg(c), _) => {
            EntryArrays::of(entries).execute(c)?;
        }
        (DbConn::Sqlite(c), _) => {
            diesel::insert_into(audit_log::table).values(entries).execute(c)?;
        }
    }
    Ok(())
}

/// Appends an entry like `template` for each referral, in the order given.
pub fn append_each<'a>(
    conn: &mut DbConn,
    template: &NewAuditEntry,
    referral_ids: impl Iterator<Item = &'a str>,
) -> QueryResult<()> {
    let entries: Vec<NewAuditEntry> =
        referral_ids.map(|id| NewAuditEntry { referral_id: Some(id.to_owned()), ..template.clone() }).collect();
    append(conn, &entries)
}

/// Writes, into a statement on PostgreSQL, an insert of an entry like `template` for each row of
/// the `WITH` part `from` (its `id` is the referral's), in the order `order` (an `ORDER BY` on that
/// part's columns): the entries get their ids in the order the rows were read. For statements that
/// read referrals and audit them in one round trip.
pub fn push_insert_each<'b>(
    out: &mut AstPass<'_, 'b, Pg>,
    template: &'b NewAuditEntry,
    from: &str,
    order: &str,
) -> QueryResult<()> {
    use diesel::sql_types::{Nullable, Text, Timestamp};
    out.push_sql("INSERT INTO audit_log (at, actor, roles, action, referral_id, request_id, detail) SELECT ");
    out.push_bind_param::<Timestamp, _>(&template.at)?;
    for text in [&template.actor, &template.roles, &template.action] {
        out.push_sql(", ");
        out.push_bind_param::<Text, _>(text)?;
    }
    out.push_sql(&format!(", {from}.id, "));
    out.push_bind_param::<Nullable<Text>, _>(&template.request_id)?;
    out.push_sql(", ");
    out.push_bind_param::<Nullable<Text>, _>(&template.detail)?;
    out.push_sql(&format!(" FROM {from}{order}"));
    Ok(())
}

/// Audit entries as one array per column, for [`append`] on PostgreSQL.
struct EntryArrays {
    at: Vec<NaiveDateTime>,
    actor: Vec<String>,
    roles: Vec<String>,
    action: Vec<String>,
    referral_id: Vec<Option<String>>,
    request_id: Vec<Option<String>>,
    detail: Vec<Option<String>>,
}

impl EntryArrays {
    fn of(entries: &[NewAuditEntry]) -> Self {
        Self {
            at: entries.iter().map(|e| e.at).collect(),
            actor: entries.iter().map(|e| e.actor.clone()).collect(),
            roles: entries.iter().map(|e| e.roles.clone()).collect(),
            action: entries.iter().map(|e| e.action.clone()).collect(),
            referral_id: entries.iter().map(|e| e.referral_id.clone()).collect(),
            request_id: entries.iter().map(|e| e.request_id.clone()).collect(),
            detail: entries.iter().map(|e| e.detail.clone()).collect(),
        }
    }
}

impl QueryFragment<Pg> for EntryArrays {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        use diesel::sql_types::{Array, Nullable, Text, Timestamp};
        out.push_sql(
            "INSERT INTO audit_log (at, actor, roles, action, referral_id, request_id, detail) \
             SELECT at, actor, roles, action, referral_id, request_id, detail FROM unnest(",
        );
        out.push_bind_param::<Array<Timestamp>, _>(&self.at)?;
        for texts in [&self.actor, &self.roles, &self.action] {
            out.push_sql(", ");
            out.push_bind_param::<Array<Text>, _>(texts)?;
        }
        for texts in [&self.referral_id, &self.request_id, &self.detail] {
            out.push_sql(", ");
            out.push_bind_param::<Array<Nullable<Text>>, _>(texts)?;
        }
        // The entries get their ids in the order given.
        out.push_sql(
            ") WITH ORDINALITY AS x (at, actor, roles, action, referral_id, request_id, detail, n) ORDER BY n",
        );
        Ok(())
    }
}

impl QueryId for EntryArrays {
    type QueryId = Self;
    const HAS_STATIC_QUERY_ID: bool = true;
}

impl RunQueryDsl<diesel::PgConnection> for EntryArrays {}

pub struct AuditQuery {
    pub referral_id: Option<String>,
    pub actor: Option<String>,
    pub from: Option<NaiveDateTime>,
    pub to: Option<NaiveDateTime>,
    pub offset: i64,
    pub limit: i64,
}

/// A page of entries, newest first, and the total.
pub fn list(conn: &mut DbConn, q: &AuditQuery) -> QueryResult<(Vec<AuditEntry>, i64)> {
    let base = || {
        let mut query = audit_log::table.into_boxed();
        if let Some(r) = &q.referral_id {
            query = query.filter(audit_log::referral_id.eq(r.clone()));
        }
        if let Some(a) = &q.actor {
            query = query.filter(audit_log::actor.eq(a.clone()));
        }
        if let Some(from) = q.from {
            query = query.filter(audit_log::at.ge(from));
        }
        if let Some(to) = q.to {
            query = query.filter(audit_log::at.lt(to));
        }
        query
    };
    let total = base().count().get_result(conn)?;
    let items = base()
        .order(audit_log::id.desc())
        .offset(q.offset)
        .limit(q.limit)
        .select(AuditEntry::as_select())
        .load(conn)?;
    Ok((items, total))
}
