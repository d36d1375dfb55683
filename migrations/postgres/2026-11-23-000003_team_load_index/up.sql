-- The week's load of the teams that can take a referral (every referral creation): an
-- index-only range per team instead of a scan of the whole week.
CREATE INDEX referrals_team_created ON referrals (lead_team_id, created_at);
