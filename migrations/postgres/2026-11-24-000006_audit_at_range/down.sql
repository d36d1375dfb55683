DROP INDEX CONCURRENTLY audit_log_at_range;
