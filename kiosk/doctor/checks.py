"""The technician's self-test: one small function per check, every outside dependency injected.

:func:`run_checks` returns :class:`Check` rows; :func:`report` turns them into DESIGN.md's fixed
shape ``{"ok": bool, "checks": [{"name", "ok", "detail"}]}`` (also sent with heartbeats).
``ok`` is false when a *critical* check fails (the terminal cannot serve residents); the other
checks (hub, voice, printer …) still show ✗ with a fix hint, but a terminal can work without them.

Each check reads the outside world only through :class:`Probes`, so tests can hand in a healthy
machine and break one thing at a time. The default probes read the real machine.

A check returns ``(ok, detail)``; one whose weight depends on how bad things are returns
``(ok, detail, critical)`` instead: ``clock_offset`` only warns about a clock a few minutes off
the hub's, but fails the terminal when it is more than :data:`CLOCK_FAR_OFF_S` off.
"""

from __future__ import annotations

import logging
import sqlite3
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from contract.i18n import Translator
from kiosk.config import KioskConfig
from kiosk.device.touch import INPUT_FILE_NAME, list_touch_devices, read_input_settings
from kiosk.doctor.probes import Probes
from kiosk.local_time import format_offset, to_local

logger = logging.getLogger(__name__)

MIN_FREE_BYTES = 200 * 1024 * 1024
CACHE_FILES = ("content.db", "outbox.db")


@dataclass(frozen=True)
class Check:
    """One line of the checklist. ``detail`` and ``hint`` are already translated."""

    name: str
    ok: bool
    detail: str
    hint: str = ""
    critical: bool = False


CheckFn = Callable[[KioskConfig, Probes, Translator], tuple[bool, str] | tuple[bool, str, bool]]


def _config(config: KioskConfig, probes: Probes, tr: Translator) -> tuple[bool, str]:
    if config.source is None:
        return False, tr("doctor.config.missing")
    return True, tr("doctor.config.ok", path=str(config.source), name=config.terminal.name)


def _data_dir(config: KioskConfig, probes: Probes, tr: Translator) -> tuple[bool, str]:
    folder = Path(config.data_dir)
    if not folder.is_dir():
        return False, tr("doctor.data_dir.missing", path=str(folder))
    try:
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".doctor-") as handle:
            handle.write(b"ok")
            handle.flush()
    except OSError as exc:
        return False, tr(
            "doctor.data_dir.readonly", path=str(folder), error=exc.strerror or str(exc)
        )
    return True, str(folder)


def integrity(path: Path) -> str:
    """``ok`` or SQLite's first complaint, reading the file without changing it."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
        try:
            rows = conn.execute("PRAGMA integrity_check").fetchall()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return str(exc)
    return "ok" if rows == [("ok",)] else "; ".join(str(r[0]) for r in rows[:3])


def _cache(config: KioskConfig, probes: Probes, tr: Translator) -> tuple[bool, str]:
    seen = []
    for name in CACHE_FILES:
        path = Path(config.data_dir) / name
        if not path.exists():
            continue
        verdict = integrity(path)
        if verdict != "ok":
            return False, tr("doctor.cache.broken", file=name, error=verdict)
        seen.append(name)
    if not seen:
        return True, tr("doctor.cache.empty")
    return True, tr("doctor.cache.ok", files=", ".join(seen))


def _content_age(config: KioskConfig, probes: Probes, tr: Translator) -> tuple[bool, str]:
    version, synced_at = probes.content_info(Path(config.data_dir))
    if not version:
        return False, tr("doctor.content_age.none")
    if synced_at is None:
        return False, tr("doctor.content_age.unknown", version=version)
    age_days = (probes.now() - synced_at).total_seconds() / 86400
    detail = tr("doctor.content_age.ok", version=version, days=f"{max(age_days, 0):.1f}")
    if age_days > config.hub.content_max_age_days:
        return False, tr("doctor.content_age.old", version=version, days=f"{age_days:.0f}")
    if age_days * 24 > config.hub.fresh_max_age_hours:  # the same rule as Syncer.stale
        return False, tr(
            "doctor.content_age.unconfirmed", version=version, hours=f"{age_days * 24:.0f}"
        )
    return True, detail


def _hub(config: KioskConfig, probes: Probes, tr: Translator) -> tuple[bool, str]:
    url = probes.hub_identity(config).url
    if not url:
        return False, tr("doctor.hub.no_url")
    status, error = probes.hub_probe(config).reachable
    if status != 200:
        return False, tr("doctor.hub.down", url=url, error=error or f"HTTP {status}")
    return True, url


def _hub_key(config: KioskConfig, probes: Probes, tr: Translator) -> tuple[bool, str]:
    who = probes.hub_identity(config)
    if who.key_conflict:
        return False, tr("doctor.hub_key.conflict")
    if not who.public_key:
        return False, tr("doctor.hub_key.none")
    if not who.url:
        return False, tr("doctor.hub_key.unreachable")
    verdict = probes.hub_probe(config).key
    return (verdict == "ok"), tr(f"doctor.hub_key.{verdict}")


def _token(config: KioskConfig, probes: Probes, tr: Translator) -> tuple[bool, str]:
    if not probes.hub_identity(config).url:
        return False, tr("doctor.token.none")
    verdict = probes.hub_probe(config).token
    return (verdict == "ok"), tr(f"doctor.token.{verdict}")


def _cjk_font(config: KioskConfig, probes: Probes, tr: Translator) -> tuple[bool, str]:
    code, out = probes.run(["fc-list", ":lang=zh-cn", "file"], 10)
    files = [line.split(":")[0] for line in out.splitlines() if line.strip()]
    if code != 0 or not files:
        return False, tr("doctor.cjk_font.none")
    _code, chosen = probes.run(["fc-match", "-f", "%{file}", "sans-serif:lang=zh-cn"], 10)
    return True, chosen.strip() if chosen.strip() in files else sorted(files)[0]


def _voice(config: KioskConfig, probes: Probes, tr: Translator) -> tuple[bool, str]:
    if config.speech.backend == "none":
        return True, tr("doctor.disabled")
    code, out = probes.run(["espeak-ng", f"--voices={config.speech.voice_zh}"], 10)
    if code == 127:
        return False, tr("doctor.voice.no_engine")
    voices = [line.split() for line in out.splitlines()[1:] if line.strip()]
    wanted = config.speech.voice_zh
    if not any(len(v) > 4 and (v[1] == wanted or v[4].endswith("/" + wanted)) for v in voices):
        return False, tr("doctor.voice.missing", voice=wanted)
    return True, tr("doctor.voice.ok", voice=wanted)


def _audio(config: KioskConfig, probes: Probes, tr: Translator) -> tuple[bool, str]:
    """A voice is not enough: the sound must reach a speaker (a missing or busy sound card)."""
    if config.speech.backend == "none":
        return True, tr("doctor.disabled")
    ok, detail = probes.audio_output(config.speech.audio_device or None)
    if ok:
        return True, tr("doctor.audio.ok")
    return False, tr("doctor.audio.cannot_play", detail=detail or "—")


def _printer(config: KioskConfig, probes: Probes, tr: Translator) -> tuple[bool, str]:
    if config.printer.backend == "none":
        return True, tr("doctor.disabled")
    ok, said, detail = probes.printer_status(config)
    text = tr(said) if tr.has(said) else said  # tickets.printer.* keys come translated
    return ok, f"{config.printer.backend}: {text}" + (f" ({detail})" if detail else "")


def _touch(config: KioskConfig, probes: Probes, tr: Translator) -> tuple[bool, str]:
    try:
        devices = list_touch_devices(probes.proc_input(), sysfs_root=None)
    except OSError:
        devices = []
    if not devices:
        return False, tr("doctor.touch.none")
    nodes = {d.node for d in devices}
    settings = dict(read_input_settings(Path(config.data_dir) / INPUT_FILE_NAME))
    if not settings:
        # No touch-setup file: the app takes touches as the window's pointer events (cage maps
        # the screen through libinput), which is a valid set-up.
        return True, tr("doctor.touch.via_window", device=devices[0].node)
    named = [v.split(",")[1] for v in settings.values() if v.count(",") >= 1 and "/dev/" in v]
    missing = [node for node in named if node not in nodes]
    if missing:
        return False, tr("doctor.touch.gone", device=missing[0])
    return True, ", ".join(named) or tr("doctor.touch.mouse_only")


def _chromium(config: KioskConfig, probes: Probes, tr: Translator) -> tuple[bool, str]:
    if config.video.backend == "none":
        return True, tr("doctor.disabled")
    if config.video.browser_path:
        found = (
            config.video.browser_path if probes.is_executable(config.video.browser_path) else None
        )
    else:
        found = next(filter(None, map(probes.which, ("chromium", "chromium-browser"))), None)
    if not found:
        return False, tr("doctor.chromium.none", path=config.video.browser_path or "chromium")
    return True, found


def _clock(config: KioskConfig, probes: Probes, tr: Translator) -> tuple[bool, str]:
    zone_name = config.terminal.timezone
    now = to_local(probes.now(), zone_name)
    shown = f"{now.strftime('%Y-%m-%d %H:%M')} {zone_name}"
    if now < probes.build_time:
        return False, tr("doctor.clock.before_build", now=shown)
    return True, shown


def _clock_zone(config: KioskConfig, probes: Probes, tr: Translator) -> tuple[bool, str]:
    """The system's zone against ``terminal.timezone``: compared by their offset now."""
    zone_name = config.terminal.timezone
    now = probes.now()
    wanted = to_local(now, zone_name).utcoffset() or timedelta(0)
    system = probes.system_offset(now)
    if system == wanted:
        return True, tr("doctor.clock_zone.same", zone=zone_name, offset=format_offset(wanted))
    return False, tr(
        "doctor.clock_zone.differs",
        system=format_offset(system),
        zone=zone_name,
        offset=format_offset(wanted),
    )


def _clock_offset(
    config: KioskConfig, probes: Probes, tr: Translator
) -> tuple[bool, str] | tuple[bool, str, bool]:
    """This clock against the hub's: a warning beyond a minute, a failure beyond an hour.

    The hub's time is the ``Date`` header of the answers doctor asks for anyway (the hub's
    clock, second steps). A heartbeat's ``server_time`` says the same, but sending one from
    doctor would also take the terminal's pending commands from the hub.
    """
    verdict = probes.hub_probe(config)
    if verdict.hub_time is None or verdict.asked_at is None:
        return False, tr("doctor.clock_offset.unknown")
    seconds = round((verdict.asked_at - verdict.hub_time).total_seconds())
    if abs(seconds) <= CLOCK_TOLERANCE_S:
        return True, tr("doctor.clock_offset.ok", seconds=abs(seconds))
    key = "doctor.clock_offset.ahead" if seconds > 0 else "doctor.clock_offset.behind"
    if abs(seconds) > CLOCK_FAR_OFF_S:
        return False, tr(f"{key}_far", hours=f"{abs(seconds) / 3600:.1f}"), True
    return False, tr(key, seconds=abs(seconds))


def _clock_sync(config: KioskConfig, probes: Probes, tr: Translator) -> tuple[bool, str]:
    code, out = probes.run(["timedatectl", "show", "-p", "NTPSynchronized", "--value"], 10)
    if code == 0 and out.strip() in ("yes", "no"):
        return out.strip() == "yes", tr(f"doctor.clock_sync.{out.strip()}")
    code, out = probes.run(["chronyc", "-n", "tracking"], 10)
    if code == 0 and "Leap status" in out:
        synced = "Not synchronised" not in out
        return synced, tr("doctor.clock_sync.yes" if synced else "doctor.clock_sync.no")
    return False, tr("doctor.clock_sync.unknown")


def _disk(config: KioskConfig, probes: Probes, tr: Translator) -> tuple[bool, str]:
    free = probes.disk_free(Path(config.data_dir))
    mb = free // (1024 * 1024)
    if free < MIN_FREE_BYTES:
        return False, tr("doctor.disk.low", mb=mb, need=MIN_FREE_BYTES // (1024 * 1024))
    return True, tr("doctor.disk.ok", mb=mb)


# name -> (function, critical). Order is the order a technician reads them in.
CHECKS: dict[str, tuple[CheckFn, bool]] = {
    "config": (_config, True),
    "data_dir": (_data_dir, True),
    "cache": (_cache, True),
    "content_age": (_content_age, False),
    "hub": (_hub, False),
    "hub_key": (_hub_key, False),
    "token": (_token, False),
    "cjk_font": (_cjk_font, True),
    "voice": (_voice, False),
    "audio": (_audio, False),
    "printer": (_printer, False),
    "touch": (_touch, False),
    "chromium": (_chromium, False),
    "clock": (_clock, True),
    "clock_sync": (_clock_sync, False),
    "clock_zone": (_clock_zone, False),
    "clock_offset": (_clock_offset, False),
    "disk": (_disk, True),
}
HUB_CHECKS = ("hub", "hub_key", "token", "clock_offset")
# How far this clock may be from the hub's before doctor says so (the Date header has 1 s steps).
CLOCK_TOLERANCE_S = 60
# Beyond this the terminal fails doctor: the date and time residents see on screen and on tickets
# are wrong by hours (typically a hardware clock kept in local time, 8 h off, or a dead clock
# battery) and content freshness is misjudged. Under it NTP catches up and the hub decides
# every booking and call window, so it is only a warning.
CLOCK_FAR_OFF_S = 3600


def run_checks(
    config: KioskConfig,
    probes: Probes | None = None,
    *,
    language: str | None = None,
    skip: Iterable[str] = (),
) -> list[Check]:
    """Run every check (except ``skip``) and return the rows in order; never raises."""
    probes = probes or Probes()
    tr = Translator(language or config.ui.language)
    skipped = set(skip)
    rows = []
    for name, (function, critical) in CHECKS.items():
        if name in skipped:
            continue
        weight = critical
        try:
            ok, detail, *graded = function(config, probes, tr)
            weight = graded[0] if graded else critical
        except Exception as exc:  # boundary: one broken probe must not hide the other checks
            logger.exception("doctor check %s failed", name)
            ok, detail = False, tr("doctor.crashed", error=f"{type(exc).__name__}: {exc}")
        hint = "" if ok else tr(f"doctor.{name}.hint")
        rows.append(Check(name, ok, detail, hint, weight))
    return rows


def report(checks: list[Check]) -> dict:
    """DESIGN.md's fixed ``doctor --json`` shape."""
    return {
        "ok": not any(c.critical and not c.ok for c in checks),
        "checks": [{"name": c.name, "ok": c.ok, "detail": c.detail} for c in checks],
    }


def health_report(config: KioskConfig, probes: Probes | None = None) -> dict:
    """The report a heartbeat carries: everything but the hub checks (the heartbeat is one).

    Details are in the terminal's language (staff read them in the hub); about 2 KB as JSON.
    Runs a few short subprocesses (fc-list, espeak-ng …): call it from a worker, never the UI.
    """
    return report(run_checks(config, probes, skip=HUB_CHECKS))
