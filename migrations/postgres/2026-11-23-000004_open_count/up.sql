-- The count behind a worklist page's `total` (the open referrals a team leads): the team alone,
-- so equal keys share one posting list and the count reads a few pages instead of walking
-- (team, status, due date) entries once per open status. The predicate is the one of
-- `referrals_open_worklist`, written as the service writes it (`IsOpen`), so that a prepared
-- statement's generic plan can use both indexes.
CREATE INDEX referrals_open_team ON referrals (lead_team_id)
    WHERE status IN ('requested', 'accepted', 'in_progress', 'redirected');
