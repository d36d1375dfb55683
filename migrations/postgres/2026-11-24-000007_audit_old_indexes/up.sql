-- The two indexes that audit_log_by_referral and audit_log_at_range replace. Dropping them takes
-- the table's lock for a moment (no rows are read).
DROP INDEX audit_log_referral, audit_log_at;
