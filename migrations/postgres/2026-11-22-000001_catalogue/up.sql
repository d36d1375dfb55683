-- The service catalogue of a wellbeing region: organizations, services, service points, teams.
-- Lists (municipality codes, languages, channels, need codes) are JSON text, the same on both
-- backends; the catalogue is read into memory, so they are never filtered in SQL.

CREATE TABLE catalogue_state (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    version BIGINT NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
INSERT INTO catalogue_state (id, version, updated_at) VALUES (1, 0, CURRENT_TIMESTAMP);

-- The region's municipality register (Statistics Finland codes): service areas and teams may only
-- name municipalities in it.
CREATE TABLE municipalities (
    code TEXT PRIMARY KEY,
    name_fi TEXT NOT NULL,
    name_sv TEXT
);

CREATE TABLE organizations (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    name_sv TEXT,
    kind TEXT NOT NULL,
    description TEXT,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE services (
    id TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    name_fi TEXT NOT NULL,
    name_sv TEXT,
    name_en TEXT,
    description_fi TEXT,
    description_sv TEXT,
    description_en TEXT,
    status TEXT NOT NULL,
    min_age INTEGER,
    max_age INTEGER,
    municipalities TEXT NOT NULL,
    languages TEXT NOT NULL,
    channels TEXT NOT NULL,
    need_codes TEXT NOT NULL,
    service_class TEXT,
    access_target_days INTEGER NOT NULL,
    accepts_referrals BOOLEAN NOT NULL,
    hours TEXT,
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX services_updated_at ON services (updated_at);

CREATE TABLE service_points (
    id TEXT PRIMARY KEY,
    service_id TEXT NOT NULL REFERENCES services (id),
    location_id TEXT NOT NULL,
    name TEXT NOT NULL,
    name_sv TEXT,
    address TEXT,
    postal_code TEXT,
    city TEXT,
    municipality TEXT,
    languages TEXT NOT NULL,
    hours TEXT NOT NULL,
    active BOOLEAN NOT NULL,
    version BIGINT NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX service_points_service ON service_points (service_id);

CREATE TABLE teams (
    id TEXT PRIMARY KEY,
    slug TEXT UNIQUE,
    name TEXT NOT NULL,
    sote_centre TEXT,
    municipalities TEXT NOT NULL,
    languages TEXT NOT NULL,
    weekly_capacity INTEGER NOT NULL,
    active BOOLEAN NOT NULL,
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE team_services (
    team_id TEXT NOT NULL REFERENCES teams (id),
    service_id TEXT NOT NULL REFERENCES services (id),
    PRIMARY KEY (team_id, service_id)
);
CREATE INDEX team_services_service ON team_services (service_id);
