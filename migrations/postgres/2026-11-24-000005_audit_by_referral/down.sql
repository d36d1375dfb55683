DROP INDEX CONCURRENTLY audit_log_by_referral;
