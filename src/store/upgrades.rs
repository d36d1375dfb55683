//! Upgrades of stored data that need the data keys, so no SQL migration can make them. Each runs
//! once: its name is recorded in `data_upgrades` in the same transaction as its work, under a lock
//! that lets one instance at a time run it.

use diesel::prelude::*;

use super::schema::{data_upgrades, idempotency_keys, referral_events};
use super::DbConn;
use crate::crypto::DataKeys;

/// The lock key of the upgrades (PostgreSQL transaction-level advisory lock).
const UPGRADE_LOCK: i64 = 7461748;

/// Status reasons encrypted like the description; idempotency keys as keyed hashes.
const PRIVATE_REASONS_AND_KEYS: &str = "2026-12-06 private status reasons and idempotency keys";

/// The stored form of an `Idempotency-Key` of `subject` with the key that encrypts.
pub fn idempotency_key(keys: &DataKeys, subject: &str, key: &str) -> String {
    keys.lookup_hash(&format!("idempotency:{subject}:{key}"))
}

/// Every stored form of an `Idempotency-Key`, one per configured key (for a key rotation).
pub fn idempotency_keys(keys: &DataKeys, subject: &str, key: &str) -> Vec<String> {
    keys.lookup_hashes(&format!("idempotency:{subject}:{key}"))
}

/// Runs the upgrades not yet recorded; the names of those it ran.
pub fn run(conn: &mut DbConn, keys: &DataKeys, now: chrono::NaiveDateTime) -> QueryResult<Vec<&'static str>> {
    super::transaction(conn, Some(UPGRADE_LOCK), |conn| {
        let done: Vec<String> = data_upgrades::table.select(data_upgrades::name).load(conn)?;
        if done.iter().any(|d| d == PRIVATE_REASONS_AND_KEYS) {
            return Ok(Vec::new());
        }
        private_reasons_and_keys(conn, keys)?;
        diesel::insert_into(data_upgrades::table)
            .values((data_upgrades::name.eq(PRIVATE_REASONS_AND_KEYS), data_upgrades::done_at.eq(now)))
            .execute(conn)?;
        Ok(vec![PRIVATE_REASONS_AND_KEYS])
    })
}

/// Encrypts the reasons written in the clear and replaces each idempotency key by its keyed hash.
fn private_reasons_and_keys(conn: &mut DbConn, keys: &DataKeys) -> QueryResult<()> {
    let reasons: Vec<(String, String)> = referral_events::table
        .filter(referral_events::reason.is_not_null())
        .select((referral_events::id, referral_events::reason.assume_not_null()))
        .load(conn)?;
    for (id, reason) in reasons {
        diesel::update(referral_events::table.find(&id))
            .set(referral_events::reason.eq(keys.encrypt(&reason)))
            .execute(conn)?;
    }
    let stored: Vec<(String, String)> =
        idempotency_keys::table.select((idempotency_keys::subject, idempotency_keys::key)).load(conn)?;
    for (subject, key) in stored {
        diesel::update(idempotency_keys::table.find((&subject, &key)))
            .set(idempotency_keys::key.eq(idempotency_key(keys, &subject, &key)))
            .execute(conn)?;
    }
    Ok(())
}
