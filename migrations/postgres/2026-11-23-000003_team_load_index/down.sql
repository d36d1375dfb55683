DROP INDEX referrals_team_created;
