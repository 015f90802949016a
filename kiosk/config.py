"""Typed terminal configuration: one TOML file plus ``LEGAL_KIOSK_*`` environment overrides.

The file is read and validated once, at start. A missing or invalid value raises
:class:`~kiosk.errors.ConfigError` naming the key and the file, so start-up stops with a message a
technician can act on.

Environment overrides are ``LEGAL_KIOSK_<SECTION>_<KEY>`` (``LEGAL_KIOSK_HUB_URL``,
``LEGAL_KIOSK_UI_LANGUAGE``); ``LEGAL_KIOSK_DATA`` sets the data folder and
``LEGAL_KIOSK_CONFIG`` the file.
"""

from __future__ import annotations

import dataclasses
import tomllib
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.errors import ConfigError

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = REPO_ROOT / "offline_cache"
DEFAULT_CONFIG_NAME = "kiosk.toml"
ENV_PREFIX = "LEGAL_KIOSK_"

LANGUAGES = ("zh_CN", "en")
DATUMS = ("wgs84", "gcj02", "bd09")
PRINTER_BACKENDS = (
    "none",
    "file",
    "escpos_usb",
    "escpos_serial",
    "escpos_network",
    "escpos_file",
    "cups",
)
SPEECH_BACKENDS = ("pyttsx3", "none")
VIDEO_BACKENDS = ("chromium", "none")
ORIENTATIONS = ("landscape", "portrait")
PAPER_WIDTHS_MM = (58, 80)


@dataclass(frozen=True)
class TerminalConfig:
    name: str = "演示终端"
    place: str = "演示社区公共法律服务工作室"
    address: str = ""
    district: str = ""
    lat: float = 30.8235
    lng: float = 104.1586
    datum: str = "gcj02"
    village: str = ""
    # The zone of every time shown to people (screens, tickets, doctor), whatever the system's.
    timezone: str = "Asia/Shanghai"


@dataclass(frozen=True)
class HubConfig:
    url: str = ""
    public_key: str = ""
    sync_interval_s: float = 300.0
    content_max_age_days: float = 30.0
    # No fresh signed statement from the hub for longer than this: the content is flagged stale.
    fresh_max_age_hours: float = 72.0
    timeout_s: float = 10.0
    max_body_bytes: int = 50_000_000


@dataclass(frozen=True)
class UiConfig:
    language: str = "zh_CN"
    font_scale: float = 1.0
    high_contrast: bool = False
    fullscreen: bool = True
    show_cursor: bool = False
    orientation: str = "landscape"
    width: int = 1920
    height: int = 1080
    idle_timeout_s: float = 90.0
    countdown_s: float = 15.0
    attract_after_s: float = 180.0
    read_aloud: bool = False
    nearby_radius_m: float = 5000.0  # the nearby screen lists and maps places this close


@dataclass(frozen=True)
class MaintenanceConfig:
    pin_hash: str = ""


@dataclass(frozen=True)
class PrinterConfig:
    backend: str = "file"
    target: str = ""
    paper_mm: int = 80
    timeout_s: float = 5.0


@dataclass(frozen=True)
class SpeechConfig:
    backend: str = "pyttsx3"
    voice_zh: str = "cmn"
    voice_en: str = "en"
    rate_wpm: int = 150
    slow_rate_wpm: int = 110  # when the resident asks for slower reading
    audio_device: str = ""  # ALSA device for aplay -D ("": the system default; "null": silence)


@dataclass(frozen=True)
class VideoConfig:
    backend: str = "chromium"
    browser_path: str = ""


@dataclass(frozen=True)
class KioskConfig:
    """The whole terminal configuration. Built only by :func:`load_config`."""

    data_dir: Path = DEFAULT_DATA_DIR
    source: Path | None = None
    #: the file this configuration is read from, or would be if it existed (enroll writes it)
    config_file: Path | None = None
    terminal: TerminalConfig = field(default_factory=TerminalConfig)
    hub: HubConfig = field(default_factory=HubConfig)
    ui: UiConfig = field(default_factory=UiConfig)
    maintenance: MaintenanceConfig = field(default_factory=MaintenanceConfig)
    printer: PrinterConfig = field(default_factory=PrinterConfig)
    speech: SpeechConfig = field(default_factory=SpeechConfig)
    video: VideoConfig = field(default_factory=VideoConfig)


SECTIONS: dict[str, type] = {
    "terminal": TerminalConfig,
    "hub": HubConfig,
    "ui": UiConfig,
    "maintenance": MaintenanceConfig,
    "printer": PrinterConfig,
    "speech": SpeechConfig,
    "video": VideoConfig,
}

CHOICES: dict[str, tuple] = {
    "terminal.datum": DATUMS,
    "ui.language": LANGUAGES,
    "ui.orientation": ORIENTATIONS,
    "printer.backend": PRINTER_BACKENDS,
    "printer.paper_mm": PAPER_WIDTHS_MM,
    "speech.backend": SPEECH_BACKENDS,
    "video.backend": VIDEO_BACKENDS,
}

RANGES: dict[str, tuple[float, float]] = {
    "terminal.lat": (-90.0, 90.0),
    "terminal.lng": (-180.0, 180.0),
    "hub.sync_interval_s": (5.0, 86400.0),
    "hub.content_max_age_days": (0.0, 3650.0),
    "hub.fresh_max_age_hours": (1.0, 8760.0),
    "hub.timeout_s": (0.5, 120.0),
    "hub.max_body_bytes": (1024, 2_000_000_000),
    "ui.font_scale": (0.75, 2.0),
    "ui.width": (320, 7680),
    "ui.height": (320, 7680),
    "ui.idle_timeout_s": (10.0, 3600.0),
    "ui.countdown_s": (3.0, 120.0),
    "ui.attract_after_s": (10.0, 86400.0),
    "ui.nearby_radius_m": (200.0, 50000.0),
    "printer.timeout_s": (0.5, 30.0),
    "speech.rate_wpm": (60, 400),
    "speech.slow_rate_wpm": (60, 400),
}


def _coerce(value: object, kind: type, key: str, where: str) -> object:
    """Turn a TOML or environment value into ``kind``, or raise naming the key."""
    if kind is bool:
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in ("1", "true", "yes", "on"):
            return True
        if isinstance(value, str) and value.strip().lower() in ("0", "false", "no", "off"):
            return False
        raise ConfigError(f"{key} in {where}: expected true or false, got {value!r}")
    if kind is int:
        if isinstance(value, bool):
            raise ConfigError(f"{key} in {where}: expected a whole number, got {value!r}")
        try:
            if isinstance(value, str):
                return int(value.strip())
            if isinstance(value, int | float):
                return int(value)
            raise TypeError(type(value).__name__)
        except (TypeError, ValueError):
            raise ConfigError(f"{key} in {where}: expected a whole number, got {value!r}") from None
    if kind is float:
        if isinstance(value, bool):
            raise ConfigError(f"{key} in {where}: expected a number, got {value!r}")
        try:
            number = float(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            raise ConfigError(f"{key} in {where}: expected a number, got {value!r}") from None
        if number != number or number in (float("inf"), float("-inf")):
            raise ConfigError(f"{key} in {where}: expected a finite number, got {value!r}")
        return number
    if kind is str:
        if not isinstance(value, str):
            raise ConfigError(f"{key} in {where}: expected text, got {value!r}")
        return value
    raise ConfigError(f"{key} in {where}: unsupported type")  # pragma: no cover


def _field_types(section_cls: type) -> dict[str, type]:
    hints = typing.get_type_hints(section_cls)
    return {f.name: hints[f.name] for f in dataclasses.fields(section_cls)}


def _build_section(name: str, raw: Mapping[str, object], env_values: Mapping[str, str], where: str):
    section_cls = SECTIONS[name]
    types = _field_types(section_cls)
    unknown = sorted(set(raw) - set(types))
    if unknown:
        raise ConfigError(f"{name}.{unknown[0]} in {where}: unknown key")
    values: dict[str, object] = {}
    for key, kind in types.items():
        dotted = f"{name}.{key}"
        if key in env_values:
            value = _coerce(
                env_values[key],
                kind,
                dotted,
                f"environment {ENV_PREFIX}{name.upper()}_{key.upper()}",
            )
        elif key in raw:
            value = _coerce(raw[key], kind, dotted, where)
        else:
            continue
        if dotted in CHOICES and value not in CHOICES[dotted]:
            allowed = ", ".join(str(c) for c in CHOICES[dotted])
            raise ConfigError(f"{dotted} in {where}: {value!r} is not one of {allowed}")
        if dotted in RANGES:
            low, high = RANGES[dotted]
            if not low <= value <= high:  # type: ignore[operator]
                raise ConfigError(f"{dotted} in {where}: {value!r} is outside {low}..{high}")
        values[key] = value
    return section_cls(**values)


def _env_overrides(environ: Mapping[str, str]) -> dict[str, dict[str, str]]:
    found: dict[str, dict[str, str]] = {name: {} for name in SECTIONS}
    for env_key, value in environ.items():
        if not env_key.startswith(ENV_PREFIX):
            continue
        rest = env_key[len(ENV_PREFIX) :].lower()
        for name in SECTIONS:
            if rest.startswith(name + "_"):
                key = rest[len(name) + 1 :]
                if key in _field_types(SECTIONS[name]):
                    found[name][key] = value
                    break
    return found


def default_config_path(environ: Mapping[str, str], data_dir: str | Path | None = None) -> Path:
    """Where the config file is when ``--config`` is not given.

    ``LEGAL_KIOSK_CONFIG`` first; else ``kiosk.toml`` in the data folder: the one given as
    ``--data`` (``data_dir``), else ``LEGAL_KIOSK_DATA``, else ``offline_cache/``.
    """
    if environ.get(ENV_PREFIX + "CONFIG"):
        return Path(environ[ENV_PREFIX + "CONFIG"])
    if data_dir is not None:
        return Path(data_dir) / DEFAULT_CONFIG_NAME
    data = environ.get(ENV_PREFIX + "DATA")
    return (Path(data) if data else DEFAULT_DATA_DIR) / DEFAULT_CONFIG_NAME


def load_config(
    path: str | Path | None = None,
    *,
    data_dir: str | Path | None = None,
    environ: Mapping[str, str] | None = None,
    must_exist: bool = False,
) -> KioskConfig:
    """Read, merge and validate the configuration.

    :param path: the TOML file; ``None`` means ``LEGAL_KIOSK_CONFIG`` or ``<data>/kiosk.toml``
        (``data_dir`` when given, so ``--data DIR`` alone reads ``DIR/kiosk.toml``).
        A default path that does not exist gives the built-in defaults; an explicit one must exist.
    :param data_dir: overrides the data folder (the CLI's ``--data``).
    :param environ: the environment to read overrides from (``os.environ`` when ``None``).
    :param must_exist: raise when the file is missing even if the path is the default.
    """
    import os

    env = dict(os.environ if environ is None else environ)
    explicit = path is not None or bool(env.get(ENV_PREFIX + "CONFIG"))
    config_path = Path(path) if path is not None else default_config_path(env, data_dir)
    where = str(config_path)
    raw: dict[str, object] = {}
    if config_path.exists():
        try:
            raw = tomllib.loads(config_path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{where}: not valid TOML ({exc})") from None
        except OSError as exc:
            raise ConfigError(f"{where}: cannot be read ({exc.strerror})") from None
    elif explicit or must_exist:
        raise ConfigError(f"{where}: file not found")

    unknown = sorted(set(raw) - set(SECTIONS) - {"data_dir"})
    if unknown:
        raise ConfigError(f"{unknown[0]} in {where}: unknown section")
    env_values = _env_overrides(env)
    sections = {}
    for name in SECTIONS:
        section_raw = raw.get(name, {})
        if not isinstance(section_raw, dict):
            raise ConfigError(f"{name} in {where}: expected a [{name}] table")
        sections[name] = _build_section(name, section_raw, env_values[name], where)

    if data_dir is not None:
        resolved_data = Path(data_dir)
    elif env.get(ENV_PREFIX + "DATA"):
        resolved_data = Path(env[ENV_PREFIX + "DATA"])
    elif "data_dir" in raw:
        resolved_data = Path(str(_coerce(raw["data_dir"], str, "data_dir", where)))
        if not resolved_data.is_absolute():
            resolved_data = config_path.parent / resolved_data
    else:
        resolved_data = DEFAULT_DATA_DIR

    from kiosk.local_time import zone

    try:
        zone(sections["terminal"].timezone)
    except ValueError:
        raise ConfigError(
            f"terminal.timezone in {where}: {sections['terminal'].timezone!r} is not a known "
            "time zone (e.g. Asia/Shanghai)"
        ) from None
    hub = sections["hub"]
    if hub.url and not hub.url.startswith(("http://", "https://")):
        raise ConfigError(f"hub.url in {where}: must start with http:// or https://")
    return KioskConfig(
        data_dir=resolved_data,
        source=config_path if config_path.exists() else None,
        config_file=config_path,
        **sections,
    )


def with_changes(config: KioskConfig, section: str, **changes: object) -> KioskConfig:
    """A copy of ``config`` with some keys of one section replaced (used by enroll and tests)."""
    current = getattr(config, section)
    return dataclasses.replace(config, **{section: dataclasses.replace(current, **changes)})
