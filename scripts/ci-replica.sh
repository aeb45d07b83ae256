#!/usr/bin/env bash
# Runs a command against a PostgreSQL primary and a streaming replica of its own:
#   scripts/ci-replica.sh pnpm --filter @ripple/api exec vitest run test/replica.test.ts
# initdb in a temporary directory, start on a spare port, pg_basebackup -R into a second
# directory, start that as a standby on another spare port; the command runs with
# DATABASE_URL (the primary) and DATABASE_READ_URL (the replica) set. Both servers are stopped
# and their directories removed when the script exits, whatever the command's outcome.
# The machine's shared server (port 5432) is never touched. As root, the servers run as the
# postgres user (PostgreSQL refuses to run as root).
set -euo pipefail

if [ "$#" -eq 0 ]; then
  echo "usage: $0 command [args...]" >&2
  exit 2
fi

bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
  echo "ci-replica: PostgreSQL server programs not found under /usr/lib/postgresql" >&2
  exit 1
fi

as_pg() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# Two ports the kernel says are free now.
free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

root="$(mktemp -d -t ripple-ci-replica-XXXXXX)"
chmod 755 "$root"
[ "$(id -u)" -eq 0 ] && chown postgres: "$root"
primary_port="$(free_port)"
replica_port="$(free_port)"
while [ "$replica_port" = "$primary_port" ]; do replica_port="$(free_port)"; done

cleanup() {
  local status=$?
  for dir in "$root/replica" "$root/primary"; do
    if [ -f "$dir/postmaster.pid" ]; then
      as_pg "$bin/pg_ctl" -D "$dir" -m immediate -w -t 30 stop >/dev/null 2>&1 || true
    fi
  done
  rm -rf "$root"
  exit "$status"
}
trap cleanup EXIT INT TERM

start() { # dir port
  as_pg "$bin/pg_ctl" -D "$1" -l "$1.log" -w -t 60 \
    -o "-p $2 -k $root -c listen_addresses=127.0.0.1" start >/dev/null ||
    { cat "$1.log" >&2; return 1; }
}

as_pg "$bin/initdb" -D "$root/primary" -U postgres --auth=trust --encoding=UTF8 \
  --locale=C.UTF-8 --no-sync >/dev/null
start "$root/primary" "$primary_port"
as_pg "$bin/pg_basebackup" -h 127.0.0.1 -p "$primary_port" -U postgres -D "$root/replica" \
  -R -X stream --no-sync
start "$root/replica" "$replica_port"

in_recovery="$(as_pg "$bin/psql" -h 127.0.0.1 -p "$replica_port" -U postgres -Atc 'select pg_is_in_recovery()')"
if [ "$in_recovery" != "t" ]; then
  echo "ci-replica: the replica on port $replica_port is not in recovery" >&2
  exit 1
fi
echo "ci-replica: primary on 127.0.0.1:$primary_port, streaming replica on 127.0.0.1:$replica_port"

export DATABASE_URL="postgres://postgres@127.0.0.1:$primary_port/postgres"
export DATABASE_READ_URL="postgres://postgres@127.0.0.1:$replica_port/postgres"
"$@"
