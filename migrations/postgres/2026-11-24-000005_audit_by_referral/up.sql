-- The audit log's index for "who read or wrote this referral": the referral alone, so that the
-- entries of one referral share one deduplicated posting list. It replaces (referral_id, at),
-- whose entries were all distinct: about a fifth of its size, and a read's audit entries (one per
-- referral read) cost less to insert. Built CONCURRENTLY, so that services running during an
-- upgrade keep writing the audit log while it builds; that needs a statement alone outside a
-- transaction (metadata.toml). If the build fails, PostgreSQL leaves an invalid index of this name
-- and the next start fails on it: drop it (DROP INDEX CONCURRENTLY audit_log_by_referral) and
-- start again.
CREATE INDEX CONCURRENTLY audit_log_by_referral ON audit_log (referral_id);
