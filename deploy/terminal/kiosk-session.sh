#!/bin/sh
# The program cage runs on tty1 (see legal-kiosk.service): settles the display, then becomes the
# kiosk app. It inherits NOTIFY_SOCKET and WATCHDOG_USEC from systemd through cage, so the app's
# watchdog pings reach systemd (the unit says NotifyAccess=all for this reason).
set -eu

# Kivy's SDL2 window runs under XWayland (cage starts it on the first X client).
export SDL_VIDEODRIVER="${SDL_VIDEODRIVER:-x11}"
export KIVY_NO_ARGS=1

# No screen saver, no blanking, no display power management.
if [ -n "${DISPLAY:-}" ] && command -v xset >/dev/null 2>&1; then
    xset s off s noblank -dpms || echo "kiosk-session: xset failed; blanking may stay on" >&2
fi

# A portrait or upside-down screen: KIOSK_OUTPUT_TRANSFORM=90|180|270 in /etc/legal-kiosk/session.env.
if [ -n "${KIOSK_OUTPUT_TRANSFORM:-}" ] && command -v wlr-randr >/dev/null 2>&1; then
    output=$(wlr-randr | awk 'NR == 1 { print $1 }')
    if [ -n "$output" ]; then
        wlr-randr --output "$output" --transform "$KIOSK_OUTPUT_TRANSFORM" \
            || echo "kiosk-session: cannot rotate $output" >&2
    fi
fi

exec /opt/legal-kiosk/venv/bin/legal-kiosk run
