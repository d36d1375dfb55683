DROP TRIGGER audit_log_no_update ON audit_log;
DROP FUNCTION audit_log_append_only();
DROP TABLE audit_log;
DROP TABLE idempotency_keys;
DROP TABLE referral_events;
DROP TABLE referral_teams;
DROP TABLE referrals;
