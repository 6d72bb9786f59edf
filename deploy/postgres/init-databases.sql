-- One database and one login role per service; each role owns its database and nothing else,
-- and no other role may connect to it. Run by the postgres:15 image once, on an empty data
-- volume (mounted into /docker-entrypoint-initdb.d by docker-compose.yml), through psql.
--
-- No password is written here: psql's \getenv (PostgreSQL 15+) reads each one from the
-- container's environment (EVENTS_DB_PASSWORD ... from .env) and :'name' quotes it as an SQL
-- literal. A missing variable leaves :'name' as it is: a syntax error stops the init.
\set ON_ERROR_STOP on

\getenv events_password EVENTS_DB_PASSWORD
\getenv registrations_password REGISTRATIONS_DB_PASSWORD
\getenv notifications_password NOTIFICATIONS_DB_PASSWORD
\getenv mediation_password MEDIATION_DB_PASSWORD

-- The roles, then each one's database, then no one else let in.
CREATE ROLE events LOGIN PASSWORD :'events_password';
CREATE ROLE registrations LOGIN PASSWORD :'registrations_password';
CREATE ROLE notifications LOGIN PASSWORD :'notifications_password';
CREATE ROLE mediation LOGIN PASSWORD :'mediation_password';

CREATE DATABASE events OWNER events;
CREATE DATABASE registrations OWNER registrations;
CREATE DATABASE notifications OWNER notifications;
CREATE DATABASE mediation OWNER mediation;

REVOKE ALL ON DATABASE events FROM PUBLIC;
REVOKE ALL ON DATABASE registrations FROM PUBLIC;
REVOKE ALL ON DATABASE notifications FROM PUBLIC;
REVOKE ALL ON DATABASE mediation FROM PUBLIC;
