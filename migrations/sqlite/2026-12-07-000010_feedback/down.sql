DROP TABLE feedback_links;
DROP TABLE feedback;
