-- The index that audit_log_by_referral replaces.
DROP INDEX audit_log_referral;
