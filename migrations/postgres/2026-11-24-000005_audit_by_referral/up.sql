-- The audit log's index for "who read or wrote this referral": the referral alone, so that the
-- entries of one referral share one deduplicated posting list. It replaces (referral_id, at),
-- whose entries were all distinct: about a fifth of its size, and a read's audit entries (one per
-- referral read) cost less to insert. Built CONCURRENTLY, so that services running during an
-- upgrade keep writing the audit log while it builds; that needs a statement alone outside a
-- transaction (metadata.toml). A build that fails or is cut off leaves an invalid index of this
-- name; the next run of the migrations drops it and builds again (store::CONCURRENT_BUILDS).
-- IF NOT EXISTS then only skips a valid index: one whose build finished just before its
-- migration could be recorded.
CREATE INDEX CONCURRENTLY IF NOT EXISTS audit_log_by_referral ON audit_log (referral_id);
