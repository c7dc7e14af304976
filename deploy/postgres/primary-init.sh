#!/usr/bin/env bash
# The primary's replication setup: run once by the postgres image on an empty data directory
# (/docker-entrypoint-initdb.d), while its socket-only setup server is up.
set -Eeuo pipefail
: "${POSTGRES_REPLICATION_PASSWORD:?set POSTGRES_REPLICATION_PASSWORD}"
: "${STANDBY_NAME:?set STANDBY_NAME to the standby application_name}"

psql -v ON_ERROR_STOP=1 --no-psqlrc --username "$POSTGRES_USER" --dbname postgres \
  --set password="$POSTGRES_REPLICATION_PASSWORD" <<'SQL'
CREATE ROLE replicator WITH REPLICATION LOGIN PASSWORD :'password';
SQL

echo 'host replication replicator all scram-sha-256' >> "$PGDATA/pg_hba.conf"

# In postgresql.conf, not on the command line: the setup server gets the command line too, and with a synchronous
# standby named its commits would wait for a standby that does not exist yet. From the real start on, every commit
# waits until the standby has flushed it (docs/operations.md, "Database failover").
cat >> "$PGDATA/postgresql.conf" <<CONF

# talk-mesh: streaming replication to one synchronous standby
wal_level = replica
max_wal_senders = 5
wal_keep_size = 1GB
synchronous_commit = on
synchronous_standby_names = 'FIRST 1 ($STANDBY_NAME)'
CONF
