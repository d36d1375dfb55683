-- The safety screen: the red-flag answers of a referral (encrypted like the description), and
-- triage_pending, an open status before requested (the screen could not be finished, or a
-- patient system sent a case that needs it): the open-referral indexes take it in.
ALTER TABLE referrals ADD COLUMN safety_screen_enc TEXT;
DROP INDEX referrals_open_worklist;
DROP INDEX referrals_open_team;
CREATE INDEX referrals_open_worklist ON referrals (lead_team_id, due_at, id)
    WHERE status IN ('triage_pending', 'requested', 'accepted', 'in_progress', 'redirected');
CREATE INDEX referrals_open_team ON referrals (lead_team_id)
    WHERE status IN ('triage_pending', 'requested', 'accepted', 'in_progress', 'redirected');
