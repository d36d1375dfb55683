DROP INDEX referrals_open_worklist;
DROP INDEX referrals_open_team;
CREATE INDEX referrals_open_worklist ON referrals (lead_team_id, due_at, id)
    WHERE status IN ('requested', 'accepted', 'in_progress', 'redirected');
CREATE INDEX referrals_open_team ON referrals (lead_team_id)
    WHERE status IN ('requested', 'accepted', 'in_progress', 'redirected');
ALTER TABLE referrals DROP COLUMN safety_screen_enc;
