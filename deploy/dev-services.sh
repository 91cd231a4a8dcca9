#!/usr/bin/env bash
# Throwaway PostgreSQL and S3 servers for ModelHub's tests, without Docker.
#
#   source deploy/dev-services.sh     install (apt, npm) if needed, start both, export MODELHUB_TEST_* variables
#   deploy/dev-services.sh stop       stop both
#
# Data lives in $MODELHUB_SERVICES_DIR (default /tmp/modelhub-services) and can be deleted at will.
# PostgreSQL listens on 127.0.0.1:$MODELHUB_PG_PORT (55432), s3rver on 127.0.0.1:$MODELHUB_S3_PORT (54568).

_mh_services() {
  local here dir pg_port s3_port
  here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
  dir="${MODELHUB_SERVICES_DIR:-/tmp/modelhub-services}"
  pg_port="${MODELHUB_PG_PORT:-55432}"
  s3_port="${MODELHUB_S3_PORT:-54568}"

  _mh_sudo() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

  _mh_pg_bin() {
    local bin
    bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
    if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
      echo "dev-services: installing PostgreSQL from apt" >&2
      _mh_sudo apt-get update -qq >/dev/null
      DEBIAN_FRONTEND=noninteractive _mh_sudo apt-get install -y -qq --no-install-recommends postgresql >/dev/null || return 1
      bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
    fi
    echo "$bin"
  }

  _mh_run_pg() { # initdb and postgres refuse to run as root
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
  }

  _mh_start_postgres() {
    local bin="$1" data="$dir/pg"
    if "$bin/pg_isready" -q -h 127.0.0.1 -p "$pg_port"; then return 0; fi
    mkdir -p "$dir"
    if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$dir"; chmod 755 "$dir"; fi
    if [ ! -f "$data/PG_VERSION" ]; then
      _mh_run_pg "$bin/initdb" -D "$data" -U postgres --auth=trust -E UTF8 >/dev/null || return 1
    fi
    # Durability is pointless for throwaway test data; speed is not.
    local server_options="-h 127.0.0.1 -p $pg_port -k $dir"
    server_options+=" -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300"
    _mh_run_pg "$bin/pg_ctl" -D "$data" -l "$dir/pg.log" -w -t 60 start -o "$server_options" >/dev/null || {
      echo "dev-services: PostgreSQL did not start; see $dir/pg.log" >&2; tail -n 20 "$dir/pg.log" >&2; return 1; }
    "$bin/psql" -q -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres -v ON_ERROR_STOP=1 <<'SQL' >/dev/null || return 1
SELECT 'CREATE ROLE modelhub LOGIN SUPERUSER PASSWORD ''modelhub'''
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'modelhub') \gexec
SELECT 'CREATE DATABASE modelhub OWNER modelhub'
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'modelhub') \gexec
SQL
  }

  _mh_start_s3() {
    if curl -s -o /dev/null "http://127.0.0.1:$s3_port/"; then return 0; fi
    if [ ! -d "$here/s3rver/node_modules/s3rver" ]; then
      echo "dev-services: installing s3rver from npm" >&2
      (cd "$here/s3rver" && npm ci --no-audit --no-fund --loglevel=error >/dev/null) || return 1
    fi
    mkdir -p "$dir/s3"
    nohup node "$here/s3rver/start.js" "$s3_port" "$dir/s3" >"$dir/s3rver.log" 2>&1 &
    echo $! >"$dir/s3rver.pid"
    local i
    for i in $(seq 1 100); do
      if curl -s -o /dev/null "http://127.0.0.1:$s3_port/"; then return 0; fi
      sleep 0.2
    done
    echo "dev-services: s3rver did not answer on port $s3_port; see $dir/s3rver.log" >&2
    return 1
  }

  # The browser tests drive Debian's chromium through chromium-driver; the server build restores onnxruntime-web with npm;
  # evaluation workers are started in the idle scheduling class with util-linux's chrt (essential in Debian, but a slim
  # image may lack it).
  _mh_tools() {
    local missing=()
    command -v chrt >/dev/null || missing+=(util-linux)
    command -v chromium >/dev/null || missing+=(chromium)
    command -v chromedriver >/dev/null || missing+=(chromium-driver)
    command -v npm >/dev/null || missing+=(npm)
    if [ "${#missing[@]}" -gt 0 ]; then
      echo "dev-services: installing ${missing[*]} from apt" >&2
      _mh_sudo apt-get update -qq >/dev/null
      DEBIAN_FRONTEND=noninteractive _mh_sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null || return 1
    fi
  }

  _mh_stop() {
    local bin
    bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
    if [ -n "$bin" ] && [ -f "$dir/pg/postmaster.pid" ]; then _mh_run_pg "$bin/pg_ctl" -D "$dir/pg" -m fast stop >/dev/null || true; fi
    if [ -f "$dir/s3rver.pid" ]; then kill "$(cat "$dir/s3rver.pid")" 2>/dev/null || true; rm -f "$dir/s3rver.pid"; fi
  }

  if [ "${1:-}" = stop ]; then _mh_stop; return 0; fi

  command -v curl >/dev/null || { _mh_sudo apt-get update -qq >/dev/null; _mh_sudo apt-get install -y -qq curl >/dev/null; }
  _mh_tools || return 1
  local bin
  bin="$(_mh_pg_bin)" || { echo "dev-services: could not install PostgreSQL" >&2; return 1; }
  _mh_start_postgres "$bin" || return 1
  _mh_start_s3 || return 1

  export MODELHUB_TEST_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=modelhub;Password=modelhub;Database=modelhub"
  export MODELHUB_TEST_S3_ENDPOINT="http://127.0.0.1:$s3_port"
  export MODELHUB_TEST_S3_ACCESS_KEY=S3RVER
  export MODELHUB_TEST_S3_SECRET_KEY=S3RVER
  echo "dev-services: PostgreSQL on 127.0.0.1:$pg_port, s3rver on 127.0.0.1:$s3_port (data in $dir)" >&2
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  _mh_services "$@"
else
  _mh_services "$@"
fi
