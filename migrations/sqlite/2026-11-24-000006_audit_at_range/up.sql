-- PostgreSQL only: SQLite has no BRIN index, and keeps its B-tree on audit_log (at).
SELECT 1;
