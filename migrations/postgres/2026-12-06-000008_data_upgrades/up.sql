-- Upgrades of stored data that SQL cannot make (they need the data keys), each recorded once by
-- name when it has run: status reasons encrypted, idempotency keys stored as keyed hashes.
CREATE TABLE data_upgrades (
    name TEXT PRIMARY KEY,
    done_at TIMESTAMP NOT NULL
);
