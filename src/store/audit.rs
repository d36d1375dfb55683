//! The audit log: an append-only record of every read and write of a referral. The API has no
//! way to change it, and the database refuses updates and deletes (triggers).

use chrono::NaiveDateTime;
use diesel::prelude::*;

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
/// 20 costs one). A single entry goes as a single-row insert, which is prepared once per
/// connection; a multi-row insert has a text per row count and is planned each time.
pub fn append(conn: &mut DbConn, entries: &[NewAuditEntry]) -> QueryResult<()> {
    match entries {
        [] => return Ok(()),
        [one] => {
            diesel::insert_into(audit_log::table).values(one).execute(conn)?;
            return Ok(());
        }
        _ => {}
    }
    let insert = diesel::insert_into(audit_log::table).values(entries);
    match conn {
        DbConn::Pg(c) => insert.execute(c)?,
        DbConn::Sqlite(c) => insert.execute(c)?,
    };
    Ok(())
}

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
