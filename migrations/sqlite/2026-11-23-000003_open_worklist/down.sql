DROP INDEX referrals_open_worklist;
