#!/usr/bin/env bash
# Installs (or updates) the legal-service kiosk on one terminal, idempotently.
#
# Supported: Debian 12, Ubuntu 22.04 / 24.04, Raspberry Pi OS bookworm (64-bit).
# What it does, each step only when something is missing or different:
#   1. apt packages: cage, xwayland, fonts-noto-cjk, espeak-ng, chromium, libmtdev1, python3-venv …
#   2. a `kiosk` system user (groups input, video, render, audio, lp, dialout)
#   3. the app in PREFIX/app with a venv in PREFIX/venv ('.[kiosk]' at the versions of
#      requirements/kiosk.txt), and /usr/local/bin/legal-kiosk
#   4. /etc/legal-kiosk/kiosk.toml from the commented example (never overwritten), session.env
#   5. /var/lib/legal-kiosk (the data folder), owned by kiosk
#   6. systemd units: legal-kiosk.service (cage on tty1, watchdog) + a nightly restart timer,
#      PAM service for the session, graphical.target as default, units enabled
#
# Usage: sudo deploy/terminal/install.sh [--dry-run] [--root DIR] [--prefix DIR] [--skip-apt]
#          [--skip-venv] [--skip-systemctl] [--pip-index URL] [--wheelhouse DIR] [--pip-args ARGS]
#   --dry-run       print every action and change nothing
#   --root DIR      install into the system tree at DIR (a debootstrap chroot or a throwaway folder);
#                   commands that act on a system (apt, useradd, venv) run inside it with chroot
#                   when DIR holds a system, and are skipped with a note when it does not
#   --prefix DIR    where the app and its venv go (default /opt/legal-kiosk)
#   --pip-index URL a PyPI mirror (e.g. a mirror inside China); --wheelhouse DIR installs offline
#   --pip-args ARGS extra pip arguments (tests use "--no-deps")
#   --list-packages print the apt packages this target needs, one a line, and stop
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
source_dir=$(cd "$here/../.." && pwd)

dry_run=0
root=""
prefix=/opt/legal-kiosk
skip_apt=0
skip_venv=0
skip_systemctl=0
pip_index=""
wheelhouse=""
pip_args=""
changed_units=0
changed_app=0
list_packages=0

usage() { sed -n '2,/^set -euo/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//'; }

while [ $# -gt 0 ]; do
    case "$1" in
        --dry-run) dry_run=1 ;;
        --root) root=${2:?--root needs a folder}; shift ;;
        --prefix) prefix=${2:?--prefix needs a folder}; shift ;;
        --skip-apt) skip_apt=1 ;;
        --skip-venv) skip_venv=1 ;;
        --skip-systemctl) skip_systemctl=1 ;;
        --pip-index) pip_index=${2:?}; shift ;;
        --wheelhouse) wheelhouse=${2:?}; shift ;;
        --pip-args) pip_args=${2:?}; shift ;;
        --list-packages) list_packages=1 ;;
        -h|--help) usage; exit 0 ;;
        *) echo "install.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
    shift
done

if [ -n "$root" ]; then
    root=$(cd "$root" && pwd)
    [ "$root" = / ] && root=""
fi
etc_dir=/etc/legal-kiosk
data_dir=/var/lib/legal-kiosk
unit_dir=/etc/systemd/system

say() { printf '%s\n' "install: $*"; }
note() { printf '%s\n' "install: note: $*"; }

# Every change goes through `act`: it prints the command, and runs it unless --dry-run.
act() {
    printf '+ %s\n' "$*"
    [ "$dry_run" -eq 1 ] || "$@"
}

# A system command run against the target: directly, inside the chroot, or not at all.
has_system() { [ -z "$root" ] || [ -x "$root/usr/bin/apt-get" ]; }
in_target() {
    if [ -z "$root" ]; then act "$@"; else act chroot "$root" "$@"; fi
}

# write_file PATH MODE OWNER:GROUP — content on stdin; written only when it differs.
write_file() {
    local path=$1 mode=$2 owner=$3 target tmp
    target=$root$path
    tmp=$(mktemp)
    cat > "$tmp"
    if [ -f "$target" ] && cmp -s "$tmp" "$target"; then
        say "unchanged $path"
        rm -f "$tmp"
        return 1
    fi
    printf '+ write %s (mode %s, %s)\n' "$path" "$mode" "$owner"
    if [ "$dry_run" -eq 0 ]; then
        install -D -m "$mode" "$tmp" "$target"
        set_owner "$owner" "$path"
    fi
    rm -f "$tmp"
    return 0
}

# set_owner OWNER:GROUP PATH — through the target's own user database.
set_owner() {
    if [ -n "$root" ] && ! has_system; then return 0; fi
    if [ -z "$root" ]; then chown "$1" "$2"; else chroot "$root" chown "$1" "$2"; fi
}

owner_of() {  # user:group of a path, as the target's user database names them
    if [ -z "$root" ]; then stat -c %U:%G "$1"; else chroot "$root" stat -c %U:%G "$1"; fi
}

make_dir() {
    local path=$1 mode=$2 owner=$3
    if [ -d "$root$path" ] && [ "$(stat -c %a "$root$path")" = "${mode#0}" ] \
        && { ! has_system || [ "$(owner_of "$path")" = "$owner" ]; }; then
        say "unchanged $path/"
        return 0
    fi
    printf '+ install -d -m %s %s (%s)\n' "$mode" "$path" "$owner"
    if [ "$dry_run" -eq 0 ]; then
        install -d -m "$mode" "$root$path"
        set_owner "$owner" "$path"
    fi
}

os_release() {
    # shellcheck disable=SC1091
    (. "$root/etc/os-release" 2>/dev/null && echo "${ID:-unknown} ${VERSION_ID:-?}")
}

check_platform() {
    local os
    os=$(os_release || echo "unknown ?")
    case "$os" in
        "debian 12"|"ubuntu 22.04"|"ubuntu 24.04"|"raspbian 12") say "platform: $os" ;;
        *) note "platform '$os' is not one this script is tested on; continuing" ;;
    esac
    if [ "$dry_run" -eq 0 ] && [ "$(id -u)" -ne 0 ] && [ -z "$root" ]; then
        echo "install.sh: run as root (sudo), or try --dry-run" >&2
        exit 1
    fi
}

# ---- 1. packages -------------------------------------------------------------------------

chromium_package() {
    # Debian calls it chromium; Ubuntu (a snap behind a transitional deb) and Raspberry Pi OS
    # (its own hardware-accelerated build) call it chromium-browser.
    if [ -f "$root/etc/rpi-issue" ]; then echo chromium-browser; return; fi
    case "$(os_release)" in
        ubuntu*|raspbian*) echo chromium-browser ;;
        *) echo chromium ;;
    esac
}

wanted_packages() {
    printf '%s\n' cage xwayland x11-xserver-utils wlr-randr fonts-noto-cjk fontconfig \
        espeak-ng libmtdev1 python3-venv libpam-systemd dbus cups-client ca-certificates \
        libgl1 libegl1 libgles2 libgl1-mesa-dri "$(chromium_package)"
}

missing_packages() {
    local pkg runner=()
    [ -n "$root" ] && runner=(chroot "$root")
    wanted_packages | while read -r pkg; do
        # shellcheck disable=SC2016  # ${Status} is dpkg-query's field, not a shell variable
        "${runner[@]}" dpkg-query -W -f='${Status}\n' "$pkg" 2>/dev/null | grep -q 'install ok installed' \
            || echo "$pkg"
    done
}

install_packages() {
    if [ "$skip_apt" -eq 1 ]; then say "skip apt packages (--skip-apt)"; return; fi
    if ! has_system; then note "skip apt packages: $root holds no Debian system"; return; fi
    local missing
    missing=$(missing_packages | tr '\n' ' ')
    if [ -z "${missing// /}" ]; then say "unchanged packages (all installed)"; return; fi
    say "installing packages: $missing"
    in_target env DEBIAN_FRONTEND=noninteractive apt-get update -q
    # shellcheck disable=SC2086  # one word per package, on purpose
    in_target env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing
}

# ---- 2. the kiosk user ---------------------------------------------------------------------

target_has() {  # target_has passwd|group NAME
    grep -q "^$2:" "$root/etc/$1" 2>/dev/null
}

create_user() {
    if ! has_system; then note "skip the kiosk user: $root holds no Debian system"; return; fi
    local groups="" group missing=""
    for group in input video render audio lp dialout; do
        target_has group "$group" && groups="$groups${groups:+,}$group"
    done
    if ! target_has passwd kiosk; then
        in_target useradd --system --user-group --home-dir "$data_dir" --no-create-home \
            --shell /usr/sbin/nologin --comment "legal-service kiosk" ${groups:+--groups "$groups"} kiosk
        return
    fi
    for group in ${groups//,/ }; do
        grep -Eq "^$group:[^:]*:[^:]*:(.*,)?kiosk(,|$)" "$root/etc/group" || missing="$missing $group"
    done
    if [ -z "$missing" ]; then
        say "unchanged user kiosk (groups $groups)"
    else
        in_target usermod --append --groups "$groups" kiosk
    fi
}

# ---- 3. the app and its venv ----------------------------------------------------------------

app_files() {
    (cd "$source_dir" && find contract kiosk screens assets requirements pyproject.toml README.md \
        -name __pycache__ -prune -o -type f -print 2>/dev/null | LC_ALL=C sort)
}

source_hash() {
    (cd "$source_dir" && app_files | xargs -d '\n' sha256sum | sha256sum | cut -c1-64)
}

install_app() {
    local hash app=$prefix/app
    hash=$(source_hash)
    if [ "$(cat "$root$app/.source-sha256" 2>/dev/null)" = "$hash" ]; then
        say "unchanged $app (source ${hash:0:12})"
    else
        changed_app=1
        printf '+ copy %s -> %s (source %s)\n' "$source_dir" "$app" "${hash:0:12}"
        if [ "$dry_run" -eq 0 ]; then
            rm -rf "$root$app.new"
            mkdir -p "$root$app.new"
            (cd "$source_dir" && app_files | tar -cf - -T -) | tar -xf - -C "$root$app.new"
            echo "$hash" > "$root$app.new/.source-sha256"
            rm -rf "$root$app"
            mv "$root$app.new" "$root$app"
        fi
    fi
    install_venv "$hash"
    write_file "$prefix/bin/kiosk-session" 0755 root:root \
        < <(sed "s|/opt/legal-kiosk|$prefix|g" "$here/kiosk-session.sh") || true
    write_file /usr/local/bin/legal-kiosk 0755 root:root < <(wrapper) || true
}

install_venv() {
    local stamp=$prefix/venv/.installed want=$1
    local opts=(install --disable-pip-version-check -q)
    [ -n "$pip_index" ] && opts+=(--index-url "$pip_index")
    [ -n "$wheelhouse" ] && opts+=(--no-index --find-links "$wheelhouse")
    # shellcheck disable=SC2206  # --pip-args is split into words on purpose
    [ -n "$pip_args" ] && opts+=($pip_args)
    want="$want ${opts[*]}"
    if [ "$skip_venv" -eq 1 ]; then say "skip the venv (--skip-venv)"; return; fi
    if ! has_system; then note "skip the venv: $root holds no Debian system"; return; fi
    if [ "$(cat "$root$stamp" 2>/dev/null)" = "$want" ]; then
        say "unchanged $prefix/venv"
        return
    fi
    [ -x "$root$prefix/venv/bin/python" ] || in_target python3 -m venv "$prefix/venv"
    # The terminal part only, at the locked versions (requirements/kiosk.txt), not editable.
    in_target "$prefix/venv/bin/python" -m pip "${opts[@]}" \
        -c "$prefix/app/requirements/kiosk.txt" "$prefix/app[kiosk]"
    printf '+ write %s\n' "$stamp"
    [ "$dry_run" -eq 1 ] || echo "$want" > "$root$stamp"
}

wrapper() {
    cat <<WRAPPER
#!/bin/sh
# legal-kiosk for technicians: the terminal's config, run as the kiosk user (written by install.sh).
: "\${LEGAL_KIOSK_CONFIG:=$etc_dir/kiosk.toml}"
: "\${LEGAL_KIOSK_DATA:=$data_dir}"
export LEGAL_KIOSK_CONFIG LEGAL_KIOSK_DATA
# touch-setup stays root: it reads input devices and may write a udev rule.
if [ "\$(id -u)" = 0 ] && [ "\${1:-}" != touch-setup ]; then
    exec runuser -u kiosk -- env PATH=/usr/local/bin:/usr/bin:/bin $prefix/venv/bin/legal-kiosk "\$@"
fi
exec $prefix/venv/bin/legal-kiosk "\$@"
WRAPPER
}

# ---- 4/5. configuration and data ------------------------------------------------------------

install_config() {
    make_dir "$etc_dir" 2775 root:kiosk
    write_file "$etc_dir/kiosk.example.toml" 0644 root:root < "$here/kiosk.example.toml" || true
    if [ -e "$root$etc_dir/kiosk.toml" ]; then
        say "keep $etc_dir/kiosk.toml (never overwritten)"
    else
        write_file "$etc_dir/kiosk.toml" 0660 root:kiosk < "$here/kiosk.example.toml" || true
    fi
    if [ -e "$root$etc_dir/session.env" ]; then
        say "keep $etc_dir/session.env"
    else
        write_file "$etc_dir/session.env" 0644 root:root < "$here/session.env" || true
    fi
    make_dir "$data_dir" 0750 kiosk:kiosk
}

# ---- 6. systemd ----------------------------------------------------------------------------

install_units() {
    local name
    for name in legal-kiosk.service legal-kiosk-restart.service legal-kiosk-restart.timer; do
        if write_file "$unit_dir/$name" 0644 root:root \
            < <(sed "s|/opt/legal-kiosk|$prefix|g" "$here/$name"); then
            changed_units=1
        fi
    done
    write_file /etc/pam.d/legal-kiosk 0644 root:root < "$here/legal-kiosk.pam" || true
}

systemctl_target() {
    if [ -n "$root" ]; then systemctl --root="$root" "$@"; else systemctl "$@"; fi
}

enable_units() {
    if [ "$skip_systemctl" -eq 1 ]; then say "skip systemctl (--skip-systemctl)"; return; fi
    local unit root_opt=()
    [ -n "$root" ] && root_opt=(--root="$root")
    for unit in legal-kiosk.service legal-kiosk-restart.timer; do
        if [ "$(systemctl_target is-enabled "$unit" 2>/dev/null)" = enabled ]; then
            say "unchanged $unit (enabled)"
        else
            act systemctl "${root_opt[@]}" enable "$unit"
        fi
    done
    if [ "$(systemctl_target get-default 2>/dev/null)" = graphical.target ]; then
        say "unchanged default target (graphical.target)"
    elif [ ! -e "$root/usr/lib/systemd/system/graphical.target" ] \
        && [ ! -e "$root/lib/systemd/system/graphical.target" ]; then
        note "skip the default target: $root has no systemd units"
    else
        act systemctl "${root_opt[@]}" set-default graphical.target
    fi
    if [ -z "$root" ] && [ -d /run/systemd/system ]; then
        [ "$changed_units" -eq 0 ] || act systemctl daemon-reload
        # New code or units take effect now on a running kiosk (else at the next start).
        if [ $((changed_units + changed_app)) -gt 0 ] && systemctl -q is-active legal-kiosk.service; then
            act systemctl restart legal-kiosk.service
        fi
    fi
}

advice() {
    # Blanking: the unit runs setterm on tty1 and the session runs xset; the kernel console also
    # needs consoleblank=0, which lives in the boot loader's config and is left to the technician.
    if [ -z "$root" ] && grep -qw 'consoleblank=0' /proc/cmdline 2>/dev/null; then return; fi
    note "add consoleblank=0 to the kernel command line so the screen never blanks:"
    if [ -f "$root/boot/firmware/cmdline.txt" ] || [ -f "$root/etc/rpi-issue" ]; then
        note "  Raspberry Pi OS: append ' consoleblank=0' to the one line of /boot/firmware/cmdline.txt"
    else
        note "  GRUB: add consoleblank=0 to GRUB_CMDLINE_LINUX_DEFAULT in /etc/default/grub, then update-grub"
    fi
    [ -n "$root" ] || note "then reboot, or start now with: systemctl start legal-kiosk"
}


main() {
    if [ "$list_packages" -eq 1 ]; then wanted_packages; return; fi
    check_platform
    install_packages
    create_user
    install_app
    install_config
    install_units
    enable_units
    advice
    if [ "$dry_run" -eq 1 ]; then say "done (dry run: nothing was changed)"; else say "done"; fi
}

main
