-- The client's feedback on a completed referral, one answer a referral (by phone or through a
-- link): helped, within the access target, a grade of 1-5 and a comment encrypted like the
-- description (`v1:KID:...`).
CREATE TABLE feedback (
    referral_id TEXT PRIMARY KEY REFERENCES referrals (id),
    helped BOOLEAN NOT NULL,
    within_target BOOLEAN NOT NULL,
    grade INTEGER NOT NULL CHECK (grade BETWEEN 1 AND 5),
    comment_enc TEXT,
    source TEXT NOT NULL CHECK (source IN ('phone', 'link')),
    recorded_at TIMESTAMP NOT NULL,
    recorded_by TEXT NOT NULL
);
-- The situation picture counts the answers recorded in a period.
CREATE INDEX feedback_recorded ON feedback (recorded_at);

-- One-time links for the client to answer: only the SHA-256 of the token is kept.
CREATE TABLE feedback_links (
    token_hash TEXT PRIMARY KEY,
    referral_id TEXT NOT NULL REFERENCES referrals (id),
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP
);
CREATE INDEX feedback_links_referral ON feedback_links (referral_id);
