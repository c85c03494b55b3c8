#!/usr/bin/env bash
# A private PostgreSQL cluster for the tests, on loopback only:
#   .ci/postgres.sh start DIR PORT   makes a cluster in DIR (new or empty), starts it on
#                                    127.0.0.1:PORT with its socket in DIR, makes the database
#                                    factql_test, and prints its URL
#   .ci/postgres.sh stop DIR         stops it (DIR is left for the caller to remove)
# As root, the server runs as the unprivileged user factql (made when missing): PostgreSQL
# refuses to run as root. Authentication is trust, for loopback and the socket only.
set -euo pipefail

server_bin() {
  local found
  found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -n "$found" ] && [ -x "$found/initdb" ]; then echo "$found"; return; fi
  if command -v initdb >/dev/null 2>&1; then dirname "$(command -v initdb)"; return; fi
  echo "no PostgreSQL server binaries (initdb, pg_ctl): apt-get install postgresql" >&2
  exit 1
}

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u factql -- "$@"
  else
    "$@"
  fi
}

command=${1:-}
dir=${2:-}
[ -n "$dir" ] || { echo "usage: $0 start DIR PORT | stop DIR" >&2; exit 2; }
bin=$(server_bin)

case "$command" in
start)
  port=${3:?usage: $0 start DIR PORT}
  if [ "$(id -u)" -eq 0 ] && ! id factql >/dev/null 2>&1; then
    useradd --system --no-create-home --shell /usr/sbin/nologin factql
  fi
  mkdir -p "$dir"
  if [ "$(id -u)" -eq 0 ]; then chown factql "$dir"; fi
  as_owner "$bin/initdb" -D "$dir/data" -U factql -A trust -E UTF8 --no-locale >"$dir/initdb.log" 2>&1 ||
    { cat "$dir/initdb.log" >&2; exit 1; }
  # Durability is not what the tests check (a killed client, not a killed server): no fsync.
  as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
  as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U factql factql_test
  echo "postgresql://factql@127.0.0.1:$port/factql_test"
  ;;
stop)
  as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
  ;;
*)
  echo "usage: $0 start DIR PORT | stop DIR" >&2
  exit 2
  ;;
esac
