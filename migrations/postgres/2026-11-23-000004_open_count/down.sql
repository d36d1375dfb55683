DROP INDEX referrals_open_team;
