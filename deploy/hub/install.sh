#!/usr/bin/env bash
# Installs (or updates) the legal-service hub on one server, idempotently (Debian 12, Ubuntu 24.04).
#
#   1. apt packages: python3-venv, postgresql-client, nginx-light, fonts-noto-cjk + fontconfig (the
#      village file PDF) (and postgresql with --with-postgresql)
#   2. a `legal-hub` system user
#   3. the app in PREFIX/app with a venv in PREFIX/venv ('.[hub]' at the versions of
#      requirements/hub.txt)
#   4. /etc/legal-hub/hub.env from hub.env.example (never overwritten), /var/lib/legal-hub,
#      /var/backups/legal-hub
#   5. systemd units: legal-hub-init, legal-hub@PORT for each --instances port, legal-hub.target,
#      the nightly backup timer; enabled
#   6. the nginx site /etc/nginx/sites-available/legal-hub (written once, for --server-name) + link
# Then: deploy/hub/postgres-setup.sh, HUB_DATABASE_URL into hub.env, a TLS certificate, and
# `systemctl start legal-hub.target` (see docs/hub-deploy.md).
#
# Usage: sudo deploy/hub/install.sh [--dry-run] [--root DIR] [--prefix DIR] [--instances 8348,8349]
#          [--server-name NAME] [--with-postgresql] [--skip-apt] [--skip-venv] [--skip-systemctl]
#          [--pip-args ARGS]
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
source_dir=$(cd "$here/../.." && pwd)
dry_run=0 root="" prefix=/opt/legal-hub instances=8348,8349 server_name=hub.example.cn
with_pg=0 skip_apt=0 skip_venv=0 skip_systemctl=0 pip_args=""

while [ $# -gt 0 ]; do
    case "$1" in
        --dry-run) dry_run=1 ;;
        --root) root=${2:?}; shift ;;
        --prefix) prefix=${2:?}; shift ;;
        --instances) instances=${2:?}; shift ;;
        --server-name) server_name=${2:?}; shift ;;
        --with-postgresql) with_pg=1 ;;
        --skip-apt) skip_apt=1 ;;
        --skip-venv) skip_venv=1 ;;
        --skip-systemctl) skip_systemctl=1 ;;
        --pip-args) pip_args=${2:?}; shift ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "install.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
    shift
done
if ! [[ "$instances" =~ ^[0-9]{2,5}(,[0-9]{2,5})*$ ]]; then
    echo "install.sh: --instances wants ports like 8348,8349" >&2
    exit 2
fi
if [ -n "$root" ]; then root=$(cd "$root" && pwd); [ "$root" != / ] || root=""; fi

say() { printf 'install: %s\n' "$*"; }
act() { printf '+ %s\n' "$*"; [ "$dry_run" -eq 1 ] || "$@"; }
has_system() { [ -z "$root" ] || [ -x "$root/usr/bin/apt-get" ]; }
in_target() { if [ -z "$root" ]; then act "$@"; else act chroot "$root" "$@"; fi; }
as_target() { if [ -z "$root" ]; then "$@"; else chroot "$root" "$@"; fi; }

# write_file PATH MODE OWNER — content on stdin; only when different. Returns 1 when unchanged.
write_file() {
    local path=$1 mode=$2 owner=$3 tmp
    tmp=$(mktemp)
    cat > "$tmp"
    if [ -f "$root$path" ] && cmp -s "$tmp" "$root$path"; then
        say "unchanged $path"; rm -f "$tmp"; return 1
    fi
    printf '+ write %s (mode %s, %s)\n' "$path" "$mode" "$owner"
    if [ "$dry_run" -eq 0 ]; then
        install -D -m "$mode" "$tmp" "$root$path"
        ! has_system || as_target chown "$owner" "$path"
    fi
    rm -f "$tmp"
}

make_dir() {
    local path=$1 mode=$2 owner=$3
    if [ -d "$root$path" ] && [ "$(stat -c %a "$root$path")" = "${mode#0}" ] \
        && { ! has_system || [ "$(as_target stat -c %U:%G "$path")" = "$owner" ]; }; then
        say "unchanged $path/"; return
    fi
    printf '+ install -d -m %s %s (%s)\n' "$mode" "$path" "$owner"
    if [ "$dry_run" -eq 0 ]; then
        install -d -m "$mode" "$root$path"
        ! has_system || as_target chown "$owner" "$path"
    fi
}

install_packages() {
    if [ "$skip_apt" -eq 1 ] || ! has_system; then say "skip apt packages"; return; fi
    local pkg missing=""
    for pkg in python3-venv postgresql-client nginx-light ca-certificates fonts-noto-cjk fontconfig $([ "$with_pg" -eq 0 ] || echo postgresql); do
        # shellcheck disable=SC2016  # ${Status} is dpkg-query's field
        as_target dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' \
            || missing="$missing $pkg"
    done
    if [ -z "$missing" ]; then say "unchanged packages"; return; fi
    in_target env DEBIAN_FRONTEND=noninteractive apt-get update -q
    # shellcheck disable=SC2086  # one word per package
    in_target env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing
}

create_user() {
    if ! has_system; then say "skip the legal-hub user: $root holds no system"; return; fi
    if grep -q '^legal-hub:' "$root/etc/passwd"; then say "unchanged user legal-hub"; return; fi
    in_target useradd --system --user-group --home-dir /var/lib/legal-hub --no-create-home \
        --shell /usr/sbin/nologin --comment "legal-service hub" legal-hub
}

install_app() {
    local hash app=$prefix/app stamp
    hash=$(cd "$source_dir" && find contract hub assets requirements deploy/hub pyproject.toml README.md \
        -name __pycache__ -prune -o -type f -print | LC_ALL=C sort | xargs -d '\n' sha256sum | sha256sum | cut -c1-64)
    if [ "$(cat "$root$app/.source-sha256" 2>/dev/null)" = "$hash" ]; then
        say "unchanged $app"
    else
        printf '+ copy %s -> %s (source %s)\n' "$source_dir" "$app" "${hash:0:12}"
        if [ "$dry_run" -eq 0 ]; then
            rm -rf "$root$app.new" && mkdir -p "$root$app.new"
            (cd "$source_dir" && find contract hub assets requirements deploy/hub pyproject.toml README.md \
                -name __pycache__ -prune -o -type f -print | tar -cf - -T -) | tar -xf - -C "$root$app.new"
            echo "$hash" > "$root$app.new/.source-sha256"
            rm -rf "$root$app" && mv "$root$app.new" "$root$app"
        fi
    fi
    stamp="$hash $pip_args"
    if [ "$skip_venv" -eq 1 ] || ! has_system; then say "skip the venv"; return; fi
    if [ "$(cat "$root$prefix/venv/.installed" 2>/dev/null)" = "$stamp" ]; then say "unchanged $prefix/venv"; return; fi
    [ -x "$root$prefix/venv/bin/python" ] || in_target python3 -m venv "$prefix/venv"
    # shellcheck disable=SC2086  # --pip-args is split into words on purpose
    # The hub part only, at the locked versions (requirements/hub.txt), not editable.
    in_target "$prefix/venv/bin/python" -m pip install --disable-pip-version-check -q $pip_args \
        -c "$prefix/app/requirements/hub.txt" "$prefix/app[hub]"
    [ "$dry_run" -eq 1 ] || echo "$stamp" > "$root$prefix/venv/.installed"
}

install_config() {
    make_dir /etc/legal-hub 0750 root:legal-hub
    if [ -e "$root/etc/legal-hub/hub.env" ]; then say "keep /etc/legal-hub/hub.env"
    else write_file /etc/legal-hub/hub.env 0640 root:legal-hub < "$here/hub.env.example" || true; fi
    make_dir /var/lib/legal-hub 0750 legal-hub:legal-hub
    make_dir /var/backups/legal-hub 0750 legal-hub:legal-hub
}

upstream_lines() {
    local port
    for port in ${instances//,/ }; do printf '    server 127.0.0.1:%s;\n' "$port"; done
}

install_units() {
    local name
    for name in legal-hub@.service legal-hub-init.service legal-hub.target legal-hub-backup.service legal-hub-backup.timer; do
        write_file "/etc/systemd/system/$name" 0644 root:root < <(sed "s|/opt/legal-hub|$prefix|g" "$here/$name") || true
    done
    if [ -e "$root/etc/nginx/sites-available/legal-hub" ]; then
        say "keep /etc/nginx/sites-available/legal-hub"
    else
        # The shipped site with this server's name and one upstream line per instance.
        write_file /etc/nginx/sites-available/legal-hub 0644 root:root < <(
            awk -v servers="$(upstream_lines)" '
                /^    server 127\.0\.0\.1:[0-9]+;$/ { if (!done[block]++) print servers; next }
                /^upstream / { block++ }
                { print }' "$here/nginx-legal-hub.conf" | sed "s/hub\.example\.cn/$server_name/g") || true
    fi
    if [ -L "$root/etc/nginx/sites-enabled/legal-hub" ]; then
        say "unchanged nginx site link"
    else
        [ "$dry_run" -eq 1 ] || mkdir -p "$root/etc/nginx/sites-enabled"
        act ln -s ../sites-available/legal-hub "$root/etc/nginx/sites-enabled/legal-hub"
    fi
}

enable_units() {
    if [ "$skip_systemctl" -eq 1 ]; then say "skip systemctl"; return; fi
    local unit port opts=() units=(legal-hub.target legal-hub-init.service legal-hub-backup.timer)
    [ -z "$root" ] || opts=(--root="$root")
    for port in ${instances//,/ }; do units+=("legal-hub@$port.service"); done
    for unit in "${units[@]}"; do
        if [ "$(systemctl "${opts[@]}" is-enabled "$unit" 2>/dev/null)" = enabled ]; then say "unchanged $unit (enabled)"
        else act systemctl "${opts[@]}" enable "$unit"; fi
    done
    if [ -z "$root" ] && [ -d /run/systemd/system ]; then act systemctl daemon-reload; fi
}

install_packages
create_user
install_app
install_config
install_units
enable_units
if [ "$dry_run" -eq 1 ]; then say "done (dry run: nothing was changed)"; else say "done"; fi
