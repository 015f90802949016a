#!/usr/bin/env bash
# Backs up the hub into DEST: the database (pg_dump custom format, or an SQLite online backup)
# and the files (signing keys, media and work-log photos from HUB_DATA), with a SHA-256 list; keeps
# BACKUP_KEEP_DAYS days (default 14). Reads HUB_DATABASE_URL and HUB_DATA like the hub does.
#
# Usage: backup.sh DEST          (run as the legal-hub user, e.g. by legal-hub-backup.timer)
# Prints the files written. Restore with restore.sh.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=deploy/hub/db-env.sh
. "$here/db-env.sh"

dest=${1:?usage: backup.sh DEST}
: "${HUB_DATA:?HUB_DATA is not set (source /etc/legal-hub/hub.env)}"
keep_days=${BACKUP_KEEP_DAYS:-14}
stamp=$(date -u +%Y%m%dT%H%M%SZ)
umask 077
mkdir -p "$dest"

case "$(hub_db_kind)" in
    postgresql)
        export_pg_env
        db_file=hub-$stamp.dump
        pg_dump --format=custom --no-owner --no-privileges --file "$dest/$db_file.partial"
        ;;
    sqlite)
        db_file=hub-$stamp.sqlite
        # The online backup API copies a consistent snapshot even while the hub writes.
        python3 - "$(hub_sqlite_path)" "$dest/$db_file.partial" <<'PY'
import sqlite3, sys
source = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
target = sqlite3.connect(sys.argv[2])
source.backup(target)
target.close()
source.close()
PY
        ;;
    *)
        echo "backup.sh: HUB_DATABASE_URL is neither postgresql nor sqlite" >&2
        exit 2
        ;;
esac
mv "$dest/$db_file.partial" "$dest/$db_file"

files_file=hub-files-$stamp.tar.gz
parts=()
for part in keys media work_log_photos; do
    [ -e "$HUB_DATA/$part" ] && parts+=("$part")
done
tar -czf "$dest/$files_file.partial" -C "$HUB_DATA" "${parts[@]}"
mv "$dest/$files_file.partial" "$dest/$files_file"

(cd "$dest" && sha256sum "$db_file" "$files_file" > "hub-$stamp.sha256")
find "$dest" -maxdepth 1 -name 'hub-*' -type f -mtime "+$keep_days" -delete
echo "$dest/$db_file"
echo "$dest/$files_file"
