-- The audit log's index on time: a BRIN index (the minimum and maximum `at` of each range of
-- pages), which fits an append-only table whose rows arrive in time order. It replaces a B-tree
-- that took an entry for every row. Built CONCURRENTLY, as audit_log_by_referral is, and built
-- again the same way if a build is left unfinished.
CREATE INDEX CONCURRENTLY IF NOT EXISTS audit_log_at_range ON audit_log USING brin (at);
