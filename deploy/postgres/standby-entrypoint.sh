#!/usr/bin/env bash
# The standby's entrypoint: on its first start, clone the primary with pg_basebackup -R; then run as a hot standby
# that streams from it under the name the primary's synchronous_standby_names waits for.
set -Eeuo pipefail
: "${PRIMARY_HOST:?set PRIMARY_HOST}"
: "${POSTGRES_REPLICATION_PASSWORD:?set POSTGRES_REPLICATION_PASSWORD}"
: "${STANDBY_NAME:?set STANDBY_NAME to the standby application_name}"
: "${PGDATA:?set PGDATA}"
primary_port=${PRIMARY_PORT:-5432}

if [ "$(id -u)" = 0 ]; then
  mkdir -p "$(dirname "$PGDATA")"
  chown postgres:postgres "$(dirname "$PGDATA")"
  exec gosu postgres bash "$BASH_SOURCE" "$@"
fi

# A data directory that exists is used as it is: this standby's, or a primary's after a promotion. The clone is
# made beside it and renamed into place only when complete, so an interrupted clone is redone, never started.
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  clone="$PGDATA.clone"
  rm -rf "$clone"
  until pg_isready -q -h "$PRIMARY_HOST" -p "$primary_port"; do
    echo "standby: waiting for the primary $PRIMARY_HOST:$primary_port"
    sleep 2
  done
  # -R writes standby.signal and primary_conninfo (with this application_name) into the clone.
  pg_basebackup -D "$clone" -R -X stream -c fast \
    -d "host=$PRIMARY_HOST port=$primary_port user=replicator password=$POSTGRES_REPLICATION_PASSWORD application_name=$STANDBY_NAME"
  # The primary's synchronous_standby_names came with the copy: after a promotion this server has no standby,
  # and the copied setting would make every commit wait for one.
  printf "\n# talk-mesh: a standby (or a promoted one) waits for no standby of its own\nsynchronous_standby_names = ''\nhot_standby = on\n" \
    >> "$clone/postgresql.conf"
  chmod 700 "$clone"
  mv "$clone" "$PGDATA"
fi

exec postgres "$@"
