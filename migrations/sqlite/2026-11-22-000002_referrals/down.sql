DROP TRIGGER audit_log_no_delete;
DROP TRIGGER audit_log_no_update;
DROP TABLE audit_log;
DROP TABLE idempotency_keys;
DROP TABLE referral_events;
DROP TABLE referral_teams;
DROP TABLE referrals;
