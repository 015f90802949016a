#!/usr/bin/env bash
# Creates the hub's PostgreSQL role and database, idempotently, and prints HUB_DATABASE_URL.
#
# Usage: postgres-setup.sh [--db NAME] [--user NAME] [--password PW] [--host H] [--port P]
#                          [--admin USER] [--dry-run]
#   Default: database and role legal_hub on the local server, reached as the postgres user
#   through its Unix socket (run as root: sudo -u postgres is used). With --host, psql connects
#   over TCP as --admin (default postgres), e.g. to a managed server.
#   A new role gets --password or a generated one; an existing role keeps its password.
# Then: put the printed line into /etc/legal-hub/hub.env and run `legal-hub init` (migrations).
set -euo pipefail

db=legal_hub
user=legal_hub
password=""
host=""
port=5432
admin=postgres
dry_run=0

while [ $# -gt 0 ]; do
    case "$1" in
        --db) db=${2:?}; shift ;;
        --user) user=${2:?}; shift ;;
        --password) password=${2:?}; shift ;;
        --host) host=${2:?}; shift ;;
        --port) port=${2:?}; shift ;;
        --admin) admin=${2:?}; shift ;;
        --dry-run) dry_run=1 ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "postgres-setup.sh: unknown option $1" >&2; exit 2 ;;
    esac
    shift
done

for name in "$db" "$user"; do
    if ! [[ "$name" =~ ^[a-z_][a-z0-9_]{0,62}$ ]]; then
        echo "postgres-setup.sh: '$name' is not a plain PostgreSQL name (a-z, 0-9, _)" >&2
        exit 2
    fi
done

admin_psql() {
    if [ -n "$host" ]; then
        psql -X -q -v ON_ERROR_STOP=1 -h "$host" -p "$port" -U "$admin" -d postgres "$@"
    elif [ "$(id -un)" = postgres ]; then
        psql -X -q -v ON_ERROR_STOP=1 -p "$port" -d postgres "$@"
    else
        runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 -p "$port" -d postgres "$@"
    fi
}

exists() {  # exists role|database NAME
    local query
    if [ "$1" = role ]; then query="SELECT 1 FROM pg_roles WHERE rolname = :'name'"
    else query="SELECT 1 FROM pg_database WHERE datname = :'name'"; fi
    [ "$(admin_psql -tA -v name="$2" <<< "$query")" = 1 ]
}

new_role=0
if exists role "$user"; then
    echo "postgres-setup: role $user exists (password kept)"
else
    new_role=1
    [ -n "$password" ] || password=$(tr -dc 'A-Za-z0-9' < /dev/urandom | head -c 32 || true)
    echo "+ CREATE ROLE $user LOGIN"
    if [ "$dry_run" -eq 0 ]; then
        admin_psql -v role="$user" -v pw="$password" <<'SQL'
SELECT format('CREATE ROLE %I LOGIN PASSWORD %L', :'role', :'pw') \gexec
SQL
    fi
fi

if exists database "$db"; then
    echo "postgres-setup: database $db exists"
else
    echo "+ CREATE DATABASE $db OWNER $user"
    if [ "$dry_run" -eq 0 ]; then
        admin_psql -v db="$db" -v role="$user" <<'SQL'
SELECT format('CREATE DATABASE %I OWNER %I ENCODING %L TEMPLATE template0', :'db', :'role', 'UTF8') \gexec
SELECT format('REVOKE ALL ON DATABASE %I FROM PUBLIC', :'db') \gexec
SELECT format('GRANT CONNECT, TEMPORARY ON DATABASE %I TO %I', :'db', :'role') \gexec
SQL
    fi
fi

shown=${password:-PASSWORD}
[ "$new_role" -eq 1 ] || shown=PASSWORD
echo "HUB_DATABASE_URL=postgresql+psycopg://$user:$shown@${host:-127.0.0.1}:$port/$db"
