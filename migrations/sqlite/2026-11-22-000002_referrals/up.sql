-- One-contact referrals, their closed-loop events, idempotency keys and the audit log.
-- Personal data (the identity code and the description) is stored encrypted (AES-256-GCM,
-- `v1:KID:...`); `client_key` is a keyed hash of the identity for lookup.

CREATE TABLE referrals (
    id TEXT PRIMARY KEY,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    created_by TEXT NOT NULL,
    channel TEXT NOT NULL,
    client_key TEXT NOT NULL,
    identity_enc TEXT NOT NULL,
    age INTEGER NOT NULL,
    municipality TEXT NOT NULL,
    language TEXT NOT NULL,
    description_enc TEXT,
    needs TEXT NOT NULL,
    services TEXT NOT NULL,
    lead_team_id TEXT REFERENCES teams (id),
    participating_team_ids TEXT NOT NULL,
    segment TEXT NOT NULL,
    urgency TEXT NOT NULL,
    due_at TIMESTAMP NOT NULL,
    status TEXT NOT NULL,
    version BIGINT NOT NULL,
    consent BOOLEAN NOT NULL,
    disclosure_prohibited BOOLEAN NOT NULL,
    emergency_level TEXT,
    accepted_at TIMESTAMP,
    closed_at TIMESTAMP
);
-- The team's worklist (by status, sorted by due date), the client's referrals, statistics.
CREATE INDEX referrals_worklist ON referrals (lead_team_id, status, due_at);
CREATE INDEX referrals_client ON referrals (client_key, created_at);
CREATE INDEX referrals_created ON referrals (created_at);

-- Every team a referral involves: the lead (owner) and the participants.
CREATE TABLE referral_teams (
    referral_id TEXT NOT NULL REFERENCES referrals (id),
    team_id TEXT NOT NULL REFERENCES teams (id),
    role TEXT NOT NULL,
    PRIMARY KEY (referral_id, team_id)
);
CREATE INDEX referral_teams_team ON referral_teams (team_id, referral_id);

-- The closed loop: each change with actor, time, reason and the version it was made against.
CREATE TABLE referral_events (
    id TEXT PRIMARY KEY,
    referral_id TEXT NOT NULL REFERENCES referrals (id),
    at TIMESTAMP NOT NULL,
    actor TEXT NOT NULL,
    actor_roles TEXT NOT NULL,
    kind TEXT NOT NULL,
    from_status TEXT,
    to_status TEXT NOT NULL,
    reason TEXT,
    team_id TEXT,
    version BIGINT NOT NULL
);
CREATE INDEX referral_events_referral ON referral_events (referral_id, at);

CREATE TABLE idempotency_keys (
    subject TEXT NOT NULL,
    key TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    referral_id TEXT NOT NULL REFERENCES referrals (id),
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (subject, key)
);

-- Who read or wrote which referral, when. Append-only: the triggers refuse changes.
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TIMESTAMP NOT NULL,
    actor TEXT NOT NULL,
    roles TEXT NOT NULL,
    action TEXT NOT NULL,
    referral_id TEXT,
    request_id TEXT,
    detail TEXT
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_referral ON audit_log (referral_id, at);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
