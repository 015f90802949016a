from pathlib import Path

import pytest

from kiosk.config import load_config, with_changes
from kiosk.errors import ConfigError


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "kiosk.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_when_default_file_is_missing(tmp_path):
    config = load_config(environ={"LEGAL_KIOSK_DATA": str(tmp_path)})
    assert config.data_dir == tmp_path
    assert config.ui.language == "zh_CN"
    assert config.source is None


def test_file_values_and_environment_overrides(tmp_path):
    path = write(
        tmp_path, '[terminal]\nname = "新都区示例终端"\nlat = 30.82\n[ui]\nidle_timeout_s = 60\n'
    )
    config = load_config(
        path, environ={"LEGAL_KIOSK_UI_LANGUAGE": "en", "LEGAL_KIOSK_UI_FULLSCREEN": "no"}
    )
    assert config.terminal.name == "新都区示例终端"
    assert config.terminal.lat == 30.82
    assert config.ui.idle_timeout_s == 60.0
    assert config.ui.language == "en"
    assert config.ui.fullscreen is False
    assert config.source == path


def test_relative_data_dir_is_resolved_against_the_file(tmp_path):
    path = write(tmp_path, 'data_dir = "cache"\n')
    assert load_config(path, environ={}).data_dir == tmp_path / "cache"


@pytest.mark.parametrize(
    ("text", "env", "message"),
    [
        ('[ui]\nlanguage = "fr"\n', {}, "ui.language in"),
        ("[ui]\nidle_timeout_s = 1\n", {}, "ui.idle_timeout_s in"),
        ('[ui]\nidle_timeout_s = "soon"\n', {}, "ui.idle_timeout_s in"),
        ("[terminal]\nlat = 123\n", {}, "terminal.lat in"),
        ("[terminal]\ncolour = 1\n", {}, "terminal.colour in"),
        ("[nonsense]\n", {}, "nonsense in"),
        ('[hub]\nurl = "ftp://x"\n', {}, "hub.url in"),
        ("[printer]\npaper_mm = 70\n", {}, "printer.paper_mm in"),
        ("[ui]\nnearby_radius_m = 50\n", {}, "ui.nearby_radius_m in"),
        ("[speech]\naudio_device = 3\n", {}, "speech.audio_device in"),
        ("ui = 3\n", {}, "ui in"),
        ("[ui\n", {}, "not valid TOML"),
        ("", {"LEGAL_KIOSK_UI_FONT_SCALE": "huge"}, "LEGAL_KIOSK_UI_FONT_SCALE"),
    ],
)
def test_invalid_values_name_the_key_and_the_file(tmp_path, text, env, message):
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as raised:
        load_config(path, environ=env)
    assert message in str(raised.value)
    if not env:
        assert str(path) in str(raised.value)


def test_explicit_missing_file_is_an_error(tmp_path):
    with pytest.raises(ConfigError, match="file not found"):
        load_config(tmp_path / "absent.toml", environ={})


def test_with_changes_returns_a_new_config(tmp_path):
    config = load_config(environ={"LEGAL_KIOSK_DATA": str(tmp_path)})
    changed = with_changes(config, "hub", url="http://127.0.0.1:8348")
    assert changed.hub.url == "http://127.0.0.1:8348"
    assert config.hub.url == ""
