-- The default worklist (the open referrals a team leads, by due date) read from an index in its
-- order: the first page costs the same with 100 or 100,000 open referrals.
CREATE INDEX referrals_open_worklist ON referrals (lead_team_id, due_at, id)
    WHERE status IN ('requested', 'accepted', 'in_progress', 'redirected');
