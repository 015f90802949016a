#!/usr/bin/env bash
# `make run`: the whole system on one machine.
#  1. a demo hub (SQLite, demo data) in its own data folder, <data>/hub, on a free port;
#  2. the kiosk enrolled to it (once; again only if the hub was reset);
#  3. a first content sync, then the app (its sync loop polls content and delivers usage events);
#     with no display (a server, a container) the app runs on a private Xvfb, and says so.
# Ctrl-C or SIGTERM stops the app, the hub and Xvfb, in that order, and exits 0. Logs: <data>/hub/hub.log.
# Arguments are passed to `legal-kiosk run` (e.g. --windowed).
set -euo pipefail

here=$(cd "$(dirname "$0")/../.." && pwd)
py=${VENV:-$here/.venv}/bin/python
data=${LEGAL_KIOSK_DATA:-$here/offline_cache}
hub_data=${HUB_DATA:-$data/hub}
terminal=${DEMO_TERMINAL:-}
export LEGAL_KIOSK_DATA=$data HUB_DATA=$hub_data
mkdir -p "$data" "$hub_data"
cd "$here"

free_port() {
    "$py" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

port_is_free() {
    "$py" -c 'import socket, sys; s = socket.socket(); s.bind(("127.0.0.1", int(sys.argv[1])))' "$1" 2>/dev/null
}

if [ ! -f "$hub_data/demo-codes.jsonl" ]; then
    echo "run: creating a demo hub in $hub_data"
    "$py" -m hub init
    "$py" -m hub demo > "$hub_data/demo-codes.jsonl.tmp"
    mv "$hub_data/demo-codes.jsonl.tmp" "$hub_data/demo-codes.jsonl"
    chmod 600 "$hub_data/demo-codes.jsonl"  # it also holds the demo staff passwords
fi

port=${HUB_PORT:-8348}
port_is_free "$port" || port=$(free_port)
url="http://127.0.0.1:$port"

# Hub, Xvfb and the app each run in a session of their own (setsid): Ctrl-C in this terminal
# reaches only this script, which then stops them in order — the app first, so it never sees its
# X server or its hub vanish under it — and exits 0 (it was asked to stop; nothing failed).
hub_pid=""
app_pid=""
xvfb_pid=""
STOP_WAIT_S=15
stop_one() {  # stop_one PID [group]: TERM (the whole group with "group"), wait, KILL if it must
    local pid=$1 target=$1
    [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
    [ "${2:-}" = group ] && target="-$pid"
    kill -TERM -- "$target" 2>/dev/null || true
    for _ in $(seq 1 $((STOP_WAIT_S * 10))); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    kill -0 "$pid" 2>/dev/null && kill -KILL -- "$target" 2>/dev/null
    wait "$pid" 2>/dev/null || true
}
stopping=""
stop_all() {
    [ -n "$stopping" ] && return 0
    stopping=1
    trap '' INT TERM  # a second Ctrl-C (or make's TERM after it) must not cut the stop short
    stop_one "$app_pid"
    stop_one "$hub_pid" group
    stop_one "$xvfb_pid"
    echo "run: stopped the app, the hub and the virtual screen"
}
trap stop_all EXIT
trap 'stop_all; exit 0' INT TERM

setsid "$py" -m hub serve --host 127.0.0.1 --port "$port" >> "$hub_data/hub.log" 2>&1 &
hub_pid=$!
for _ in $(seq 1 100); do
    "$py" -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=1)' "$url/openapi.json" 2>/dev/null && break
    kill -0 "$hub_pid" 2>/dev/null || { echo "run: the hub did not start; see $hub_data/hub.log" >&2; exit 1; }
    sleep 0.2
done
echo "run: hub at $url (staff web: $url/admin; demo staff passwords in $hub_data/demo-codes.jsonl)"
export LEGAL_KIOSK_HUB_URL=$url

# Enroll when not enrolled yet, or when the hub was recreated (its key changed).
hub_key=$("$py" -c 'from hub.core.config import HubSettings; print(HubSettings.from_env().public_key_path.read_text().strip())')
pinned=$("$py" -c 'import json, sys; print(json.load(open(sys.argv[1]))["public_key"])' "$data/enrollment.json" 2>/dev/null || true)
if [ "$hub_key" != "$pinned" ]; then
    if [ -z "$terminal" ]; then
        terminal=$("$py" -c 'import json, sys
for line in open(sys.argv[1]):
    row = json.loads(line)
    if "terminal" in row:
        print(row["terminal"]); break' "$hub_data/demo-codes.jsonl")
    fi
    code=$("$py" -m hub enroll-code "$terminal" | "$py" -c 'import json, sys; print(json.loads(sys.stdin.readline())["code"])')
    echo "run: enrolling this kiosk as \"$terminal\""
    "$py" -m kiosk enroll --hub "$url" --code "$code" --replace --name "$terminal" > /dev/null
    # Content versions belong to a hub: start from nothing so the first sync is a full one.
    rm -f "$data/content.db" "$data/content.db-wal" "$data/content.db-shm" "$data/sync_state.json"
    # The kiosk's place is the demo terminal's (name, village, coordinates), unless configured.
    if [ ! -f "$data/kiosk.toml" ]; then
        "$py" - "$terminal" > "$data/kiosk.toml" <<'PY'
import sys
from contract.demo import DEMO_TERMINALS
t = next((t for t in DEMO_TERMINALS if t["name"] == sys.argv[1]), DEMO_TERMINALS[0])
print(f'[terminal]\nname = "{t["name"]}"\nplace = "{t["place"]}"\naddress = "{t["address"]}"\n'
      f'district = "{t["district"]}"\nvillage = "{t["village"]}"\nlat = {t["lat"]}\nlng = {t["lng"]}\n'
      f'datum = "{t["datum"]}"')
PY
    fi
fi

if "$py" -m kiosk sync > /dev/null; then echo "run: content synced from the hub"; else echo "run: first sync did not complete; the app keeps trying in the background"; fi
if [ -z "${DISPLAY:-}" ]; then
    # The virtual screen has the configured size: a fullscreen window on a screen of another
    # shape is laid out for one size and drawn at another when no window manager runs.
    screen=$("$py" -c 'from kiosk.config import load_config; ui = load_config().ui; print(f"{ui.width}x{ui.height}x24")')
    exec {fd}<> <(:)
    setsid Xvfb -displayfd "$fd" -screen 0 "$screen" -nolisten tcp >/dev/null 2>&1 &
    xvfb_pid=$!
    read -r -t 20 number <&"$fd" || { echo "run: Xvfb did not start" >&2; exit 1; }
    export DISPLAY=":$number"
    echo "run: there is no display here, so the app runs on a virtual screen ($DISPLAY) you cannot see."
    echo "run: to look at every screen, run:  $py -m kiosk screenshot --out screenshots/"
fi
echo "run: the app opens fullscreen (kiosk mode: Esc does nothing); stop it (and the hub) with Ctrl+C here."
echo "run: for a normal window use:  bash deploy/dev/run.sh --windowed"

# In the background so a signal reaches this script's traps at once (they stop everything).
setsid "$py" -m kiosk run "$@" &
app_pid=$!
wait "$app_pid"
