CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_referral ON audit_log (referral_id, at);
