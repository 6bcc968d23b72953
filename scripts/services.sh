# Starts PostgreSQL and Redis on loopback for tests, in throwaway directories,
# and stops them afterwards. Sourced by test.sh and the benchmark scripts.
# Exports DATABASE_URL_TEST and REDIS_URL_TEST for the tests that use them.
SERVICES_DIR="${SERVICES_DIR:-$ROOT/.cache/services}"
PG_PORT="${PG_PORT:-55432}"
REDIS_PORT="${REDIS_PORT:-56379}"

services_start() {
  mkdir -p "$SERVICES_DIR"
  local pgbin
  pgbin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
  if [ -n "$pgbin" ]; then
    rm -rf "$SERVICES_DIR/pg"
    mkdir -p "$SERVICES_DIR/pg"
    chown postgres "$SERVICES_DIR/pg"
    su postgres -s /bin/sh -c "$pgbin/initdb -D '$SERVICES_DIR/pg/data' -A trust -U postgres >/dev/null" 
    su postgres -s /bin/sh -c "$pgbin/pg_ctl -D '$SERVICES_DIR/pg/data' -o '-c listen_addresses=127.0.0.1 -p $PG_PORT -k $SERVICES_DIR/pg -c fsync=off' -l '$SERVICES_DIR/pg/log' -w start >/dev/null"
    export DATABASE_URL_TEST="postgres://postgres@127.0.0.1:$PG_PORT/postgres"
    log "PostgreSQL on 127.0.0.1:$PG_PORT"
  fi
  if command -v redis-server >/dev/null; then
    redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save '' --appendonly no --daemonize yes \
      --pidfile "$SERVICES_DIR/redis.pid" --logfile "$SERVICES_DIR/redis.log" --dir "$SERVICES_DIR"
    export REDIS_URL_TEST="redis://127.0.0.1:$REDIS_PORT"
    log "Redis on 127.0.0.1:$REDIS_PORT"
  fi
}

services_stop() {
  local pgbin
  pgbin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
  if [ -n "$pgbin" ] && [ -d "$SERVICES_DIR/pg/data" ]; then
    su postgres -s /bin/sh -c "$pgbin/pg_ctl -D '$SERVICES_DIR/pg/data' -m immediate stop >/dev/null" || true
  fi
  if [ -f "$SERVICES_DIR/redis.pid" ]; then
    kill "$(cat "$SERVICES_DIR/redis.pid")" 2>/dev/null || true
    rm -f "$SERVICES_DIR/redis.pid"
  fi
}
