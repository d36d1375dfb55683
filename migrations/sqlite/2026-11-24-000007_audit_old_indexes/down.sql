CREATE INDEX audit_log_referral ON audit_log (referral_id, at);
