-- The audit log's index for "who read or wrote this referral": the referral alone, as on
-- PostgreSQL (where it is deduplicated; here it is the same lookup).
CREATE INDEX audit_log_by_referral ON audit_log (referral_id);
