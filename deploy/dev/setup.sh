#!/usr/bin/env bash
# Installs what development, tests and `make run` need, idempotently:
# Debian packages (only the missing ones), PostgreSQL started, and a venv with the project and
# the exact library versions of requirements/dev.txt (the lock file).
# A second run installs nothing and returns in about a second.
set -euo pipefail

here=$(cd "$(dirname "$0")/../.." && pwd)
venv=${VENV:-$here/.venv}
stamp=$venv/.setup-stamp

missing_packages() {
    local pkg
    grep -Ev '^\s*(#|$)' "$here/deploy/dev/apt-packages.txt" | sort -u | while read -r pkg; do
        dpkg-query -W -f='${Status}\n' "$pkg" 2>/dev/null | grep -q 'install ok installed' || echo "$pkg"
    done
}

install_apt() {
    local missing
    missing=$(missing_packages | tr '\n' ' ')
    [ -z "${missing// /}" ] && return 0
    echo "setup: installing Debian packages: $missing"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    export DEBIAN_FRONTEND=noninteractive
    local log=/tmp/legal-kiosk-apt.log
    # shellcheck disable=SC2086
    if ! { $sudo apt-get update -qq && \
           $sudo apt-get install -y -qq --no-install-recommends $missing; } >"$log" 2>&1; then
        tail -n 30 "$log" >&2
        echo "setup: apt-get failed; the full log is $log" >&2
        return 1
    fi
}

start_postgres() {
    # The hub's PostgreSQL tests need a server on 127.0.0.1:5432; start the local cluster if it is down.
    command -v pg_isready >/dev/null || return 0
    pg_isready -q -h 127.0.0.1 -p 5432 && return 0
    local version
    version=$(find /etc/postgresql -mindepth 1 -maxdepth 1 -printf "%f\n" 2>/dev/null | sort -V | tail -n 1)
    [ -n "$version" ] || return 0
    echo "setup: starting PostgreSQL $version"
    pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
    for _ in $(seq 1 20); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 0.5; done
}

prepare_postgres_login() {
    # Tests log in as postgres/postgres over TCP (HUB_TEST_PG_URL overrides). A fresh Debian
    # cluster asks for a password that is not set: set it, on the local cluster only.
    command -v psql >/dev/null || return 0
    pg_isready -q -h 127.0.0.1 -p 5432 || return 0
    PGPASSWORD=postgres psql -qAt -h 127.0.0.1 -U postgres -c 'select 1' >/dev/null 2>&1 && return 0
    [ "$(id -u)" -eq 0 ] && id postgres >/dev/null 2>&1 || return 0
    echo "setup: setting the local PostgreSQL password of user postgres for the tests"
    runuser -u postgres -- psql -qAt -c "ALTER USER postgres PASSWORD 'postgres'" >/dev/null || true
}

install_venv() {
    local want
    want=$(cat "$here/pyproject.toml" "$here/requirements/dev.txt" | sha256sum | cut -d' ' -f1)
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -x "$venv/bin/python" ]; then
        return 0
    fi
    echo "setup: preparing the Python environment in $venv"
    [ -x "$venv/bin/python" ] || python3 -m venv "$venv"
    local log=/tmp/legal-kiosk-pip.log
    if ! { "$venv/bin/python" -m pip install -q --upgrade pip && \
           "$venv/bin/python" -m pip install -q -c "$here/requirements/dev.txt" \
               -e "${here}[dev]"; } >"$log" 2>&1; then
        tail -n 30 "$log" >&2
        echo "setup: pip failed; the full log is $log" >&2
        return 1
    fi
    echo "$want" > "$stamp"
}

install_apt
start_postgres
prepare_postgres_login
install_venv
