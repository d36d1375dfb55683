DROP TABLE team_services;
DROP TABLE teams;
DROP TABLE service_points;
DROP TABLE services;
DROP TABLE organizations;
DROP TABLE municipalities;
DROP TABLE catalogue_state;
