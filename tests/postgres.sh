#!/usr/bin/env bash
# A throwaway PostgreSQL for the tests: Debian's package, a cluster made with initdb in a temporary folder,
# listening on 127.0.0.1 only, on a port of its own, with a password for the superuser role the tests use.
#
#   tests/postgres.sh start   # installs postgresql if missing, starts the server, prints the export line
#   tests/postgres.sh env     # prints: export PLANWORKFLOWS_POSTGRES='Host=127.0.0.1;Port=…;Username=…;Password=…'
#   tests/postgres.sh stop    # stops the server and removes its folder (nothing happens when none runs)
#   tests/postgres.sh restart # stops it (fast: sessions are cut) and starts it again on the same port and data
#
# PLANWORKFLOWS_POSTGRES_NAME=NAME gives a test a server of its own beside the shared one (its own folder and port),
# for what would disturb every other suite: a restart.
#
#   eval "$(tests/postgres.sh start)"   # then run the PostgreSQL suite; test.sh does this and stops it on exit
#
# One server per checkout: its folder is named after this checkout's path, so two checkouts on one machine
# (and their test runs) never share or stop each other's server. Messages go to standard error; standard
# output carries only the export line.
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
base="${TMPDIR:-/tmp}/planworkflows-postgres-$(printf '%s' "$repo" | sha256sum | cut -c1-12)${PLANWORKFLOWS_POSTGRES_NAME:+-$PLANWORKFLOWS_POSTGRES_NAME}"
role=planworkflows

say() { echo "postgres.sh: $*" >&2; }

# PostgreSQL refuses to run as root: as root every server command runs as the 'postgres' user the package creates.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

bindir() {
  local dir
  for dir in /usr/lib/postgresql/15/bin $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then echo "$dir"; return 0; fi
  done
  return 1
}

install_postgres() {
  bindir >/dev/null && return 0
  if [ "$(id -u)" -ne 0 ]; then
    say "PostgreSQL is not installed and installing it needs root: apt-get install postgresql"
    return 1
  fi
  say "installing Debian's postgresql package"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update >&2
  apt-get install -y --no-install-recommends postgresql >&2
  bindir >/dev/null || { say "postgresql installed, but no initdb/pg_ctl found under /usr/lib/postgresql"; return 1; }
  # The package makes a cluster of its own (port 5432) and may start it; the tests never use it, and nothing of a
  # test run may be left running, so a cluster the installation just started is stopped again.
  local version name port status rest
  while read -r version name port status rest; do
    if [ "$status" = online ]; then
      say "stopping the package's own cluster $version/$name (port $port)"
      pg_ctlcluster "$version" "$name" stop >&2 || true
    fi
  done < <(pg_lsclusters --no-header 2>/dev/null || true)
}

port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

env_line() {
  [ -f "$base/connection" ] || { say "no server of this checkout is running (tests/postgres.sh start)"; return 1; }
  printf "export PLANWORKFLOWS_POSTGRES='%s'\n" "$(cat "$base/connection")"
}

stop() {
  local bin
  if [ -d "$base" ]; then
    if [ -f "$base/data/postmaster.pid" ] && bin="$(bindir)"; then
      as_owner "$bin/pg_ctl" -D "$base/data" -m fast -w stop >&2 || say "pg_ctl stop failed; the folder is removed anyway"
    fi
    rm -rf "$base"
    say "stopped and removed $base"
  fi
}

start() {
  install_postgres
  local bin port password
  bin="$(bindir)"
  # A server left by an interrupted run of this checkout is stopped first, so each run starts from an empty cluster.
  stop
  mkdir -p "$base"
  password="$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  printf '%s\n' "$password" > "$base/password"
  if [ "$(id -u)" -eq 0 ]; then chown -R postgres:postgres "$base"; fi
  chmod 700 "$base"

  # C.UTF-8 exists on every Debian system; UTF-8 text, as the other providers store it.
  as_owner "$bin/initdb" -D "$base/data" -U "$role" --pwfile="$base/password" --auth-host=scram-sha-256 --auth-local=trust \
    --encoding=UTF8 --locale=C.UTF-8 >"$base/initdb.log" 2>&1 || { cat "$base/initdb.log" >&2; say "initdb failed"; return 1; }
  rm -f "$base/password"

  for port in $(seq 55432 55499); do
    port_in_use "$port" && continue
    # Durability is off: this cluster is thrown away after the run; locking and isolation are what a server has.
    if as_owner "$bin/pg_ctl" -D "$base/data" -l "$base/server.log" -w -t 60 start \
      -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$base -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" >&2; then
      printf 'Host=127.0.0.1;Port=%s;Username=%s;Password=%s' "$port" "$role" "$password" > "$base/connection"
      say "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port (cluster in $base)"
      env_line
      return 0
    fi
    # Someone took the port between the probe and the start: the next one.
    tail -n 3 "$base/server.log" >&2 || true
  done

  say "no free port between 55432 and 55499"
  return 1
}

restart() {
  local bin
  bin="$(bindir)"
  [ -f "$base/data/postmaster.pid" ] || { say "no server of this checkout is running (tests/postgres.sh start)"; return 1; }
  as_owner "$bin/pg_ctl" -D "$base/data" -l "$base/server.log" -m fast -w -t 60 restart >&2
}

case "${1:-}" in
  start) start ;;
  restart) restart ;;
  stop) stop ;;
  env) env_line ;;
  *) echo "usage: $0 start|stop|restart|env" >&2; exit 2 ;;
esac
