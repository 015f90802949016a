#!/usr/bin/env bash
# Sourced by backup.sh and restore.sh: turns HUB_DATABASE_URL into libpq's PG* variables, so the
# password never appears on a command line (where `ps` would show it).
# A URL like postgresql+psycopg://user:pa%40ss@host:5432/db; %XX escapes are decoded.

url_decode() {
    local text=${1//+/ }
    printf '%b' "${text//%/\\x}"
}

# hub_db_kind: prints "postgresql" or "sqlite" for the configured database.
hub_db_kind() {
    case "${HUB_DATABASE_URL:-}" in
        postgresql*) echo postgresql ;;
        ""|sqlite*) echo sqlite ;;
        *) echo "unknown" ;;
    esac
}

# hub_sqlite_path: the SQLite file the hub uses (HUB_DATABASE_URL=sqlite:///path or HUB_DATA/hub.db).
hub_sqlite_path() {
    case "${HUB_DATABASE_URL:-}" in
        sqlite:///*) echo "/${HUB_DATABASE_URL#sqlite:///}" | sed 's|^//|/|' ;;
        *) echo "${HUB_DATA:?HUB_DATA is not set}/hub.db" ;;
    esac
}

# export_pg_env: PGUSER, PGPASSWORD, PGHOST, PGPORT, PGDATABASE from HUB_DATABASE_URL.
export_pg_env() {
    local re='^postgresql(\+[a-z0-9]+)?://(([^:@/]*)(:([^@/]*))?@)?([^:/?]*)(:([0-9]+))?/([^?]+)'
    if ! [[ "$HUB_DATABASE_URL" =~ $re ]]; then
        echo "cannot read HUB_DATABASE_URL (expected postgresql+psycopg://user:password@host:port/db)" >&2
        return 2
    fi
    PGUSER=$(url_decode "${BASH_REMATCH[3]}")
    PGPASSWORD=$(url_decode "${BASH_REMATCH[5]}")
    PGHOST=${BASH_REMATCH[6]:-127.0.0.1}
    PGPORT=${BASH_REMATCH[8]:-5432}
    PGDATABASE=$(url_decode "${BASH_REMATCH[9]}")
    export PGUSER PGHOST PGPORT PGDATABASE
    if [ -n "$PGPASSWORD" ]; then export PGPASSWORD; else unset PGPASSWORD; fi
}
