#!/usr/bin/env bash
# Restores a hub backup made by backup.sh: the database and, if given, the files (keys, media,
# work-log photos).
# The current database content is REPLACED. Stop the hub first:
#   systemctl stop legal-hub.target
#   sudo -u legal-hub env $(cat /etc/legal-hub/hub.env | xargs) restore.sh --yes DUMP [FILES]
#   systemctl restart legal-hub-init && systemctl start legal-hub.target
# (legal-hub-init runs `legal-hub init`, which upgrades an older backup to the current schema.)
#
# Usage: restore.sh [--yes] DB_BACKUP [FILES_BACKUP.tar.gz]
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=deploy/hub/db-env.sh
. "$here/db-env.sh"

yes=0
if [ "${1:-}" = --yes ]; then yes=1; shift; fi
db_backup=${1:?usage: restore.sh [--yes] DB_BACKUP [FILES_BACKUP.tar.gz]}
files_backup=${2:-}
: "${HUB_DATA:?HUB_DATA is not set (source /etc/legal-hub/hub.env)}"

# Check the SHA-256 list written next to the backup, when there is one.
sums=$(dirname "$db_backup")/$(basename "$db_backup" | sed -E 's/\.(dump|sqlite)$/.sha256/')
if [ -f "$sums" ]; then
    (cd "$(dirname "$sums")" && sha256sum --check --quiet --ignore-missing "$(basename "$sums")")
fi

if command -v systemctl >/dev/null 2>&1 && systemctl --quiet is-active legal-hub.target 2>/dev/null; then
    echo "restore.sh: the hub is running; stop it first: systemctl stop legal-hub.target" >&2
    exit 1
fi
if [ "$yes" -ne 1 ]; then
    read -r -p "Replace the hub's database with $db_backup? Type yes: " answer
    [ "$answer" = yes ] || { echo "restore.sh: nothing changed"; exit 1; }
fi

case "$(hub_db_kind)" in
    postgresql)
        export_pg_env
        pg_restore --clean --if-exists --no-owner --no-privileges --single-transaction \
            --exit-on-error --dbname "$PGDATABASE" "$db_backup"
        ;;
    sqlite)
        target=$(hub_sqlite_path)
        # Never copy over a live file with its -wal/-shm: write next to it, then rename.
        cp "$db_backup" "$target.restoring"
        rm -f "$target-wal" "$target-shm"
        mv "$target.restoring" "$target"
        ;;
    *)
        echo "restore.sh: HUB_DATABASE_URL is neither postgresql nor sqlite" >&2
        exit 2
        ;;
esac
echo "restore.sh: database restored from $db_backup"

if [ -n "$files_backup" ]; then
    mkdir -p "$HUB_DATA"
    tar -xzf "$files_backup" -C "$HUB_DATA"
    echo "restore.sh: keys, media and work-log photos restored from $files_backup"
fi
echo "restore.sh: now run \`legal-hub init\` (schema upgrade if needed) and start the hub"
