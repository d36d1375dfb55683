\set n random(1, 9000000000000000)
BEGIN;
SELECT pg_advisory_xact_lock(:n);
SELECT id, created_at, updated_at, created_by, channel, client_key, identity_enc, age, municipality, language, description_enc, needs, services, lead_team_id, participating_team_ids, segment, urgency, due_at, status, version, consent, disclosure_prohibited, emergency_level, accepted_at, closed_at FROM referrals WHERE client_key = md5(:n::text) || md5(:n::text) ORDER BY created_at + interval '0 seconds' DESC, id LIMIT 200;
WITH r AS (
INSERT INTO referrals (id, created_at, updated_at, created_by, channel, client_key, identity_enc, age, municipality, language, description_enc, needs, services, lead_team_id, participating_team_ids, segment, urgency, due_at, status, version, consent, disclosure_prohibited, emergency_level, accepted_at, closed_at)
VALUES ('pgb-' || :n::text, now(), now(), @@created_by@@, @@channel@@, md5(:n::text) || md5(:n::text), @@identity_enc@@, @@age@@, @@municipality@@, @@language@@, @@description_enc@@, @@needs@@, @@services@@, @@lead_team_id@@, @@participating_team_ids@@, @@segment@@, @@urgency@@, now() + interval '7 days', 'requested', 1, true, false, NULL, NULL, NULL)
), t AS (
INSERT INTO referral_teams (referral_id, team_id, role) SELECT 'pgb-' || :n::text, x.team, x.role FROM unnest(ARRAY[@@lead_team_id@@], ARRAY['lead']) AS x (team, role)
), e AS (
INSERT INTO referral_events (id, referral_id, at, actor, actor_roles, kind, to_status, team_id, version) VALUES (gen_random_uuid()::text, 'pgb-' || :n::text, now(), 'pgbench', 'integration', 'created', 'requested', @@lead_team_id@@, 0)
)
INSERT INTO audit_log (at, actor, roles, action, referral_id, request_id) VALUES (now(), 'pgbench', 'integration', 'create', 'pgb-' || :n::text, gen_random_uuid()::text);
COMMIT;
