#!/usr/bin/env bash
# `make run`: the terminal app on the demo content, in one command.
# - seeds offline_cache/ with the demo content when it holds none yet;
# - with no display (a server, a container) starts a private Xvfb and says so;
# - runs `legal-kiosk run` fullscreen (extra arguments, e.g. --windowed, are passed on).
# The sync part adds starting a demo hub and enrolling to it.
set -euo pipefail

here=$(cd "$(dirname "$0")/../.." && pwd)
venv=${VENV:-$here/.venv}
py="$venv/bin/python"
data=${LEGAL_KIOSK_DATA:-$here/offline_cache}
export LEGAL_KIOSK_DATA="$data"
cd "$here"

if [ ! -s "$data/content.db" ]; then
    echo "run: no content in $data yet: writing the demo content"
    "$py" -m kiosk demo-data --data "$data" >/dev/null
fi

xvfb_pid=""
cleanup() {
    if [ -n "$xvfb_pid" ]; then
        kill "$xvfb_pid" 2>/dev/null || true
    fi
}
trap cleanup EXIT INT TERM

if [ -z "${DISPLAY:-}" ]; then
    exec {fd}<> <(:)
    Xvfb -displayfd "$fd" -screen 0 1920x1920x24 -nolisten tcp >/dev/null 2>&1 &
    xvfb_pid=$!
    read -r -t 20 number <&"$fd" || { echo "run: Xvfb did not start" >&2; exit 1; }
    export DISPLAY=":$number"
    echo "run: there is no display here, so the app runs on a virtual screen ($DISPLAY) you cannot see."
    echo "run: to look at every screen, run:  $py -m kiosk screenshot --out screenshots/"
    echo "run: (PNG files of every screen, 1920x1080 and 1080x1920, Chinese and English, in screenshots/)"
fi
echo "run: the app opens fullscreen (kiosk mode: Esc does nothing); stop it with Ctrl+C here."
echo "run: for a normal window use:  $py -m kiosk run --windowed"

"$py" -m kiosk run "$@"
