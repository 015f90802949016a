"""A fake machine for the doctor's checks: probes that answer from a script, with real files."""

import base64
import sqlite3
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from kiosk.doctor.probes import HubIdentity, Probes

FIXTURES = Path(__file__).resolve().parents[1] / "kiosk" / "fixtures"
PROC = (FIXTURES / "proc_input_devices.txt").read_text(encoding="utf-8")


NOW = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)


HUB_KEY = Ed25519PrivateKey.generate()


OTHER_KEY = Ed25519PrivateKey.generate()


VOICES = (
    "Pty Language       Age/Gender VoiceName          File                 Other Languages\n"
    " 5  cmn             --/M      Chinese_(Mandarin) sit/cmn              (zh-cmn 5)(zh 5)\n"
)


FONTS = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc: \n"


def public_b64(key):
    raw = key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    return base64.b64encode(raw).decode()


def make_db(path, rows):
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
    conn.executemany("INSERT INTO meta VALUES (?, ?)", rows)
    conn.execute("CREATE TABLE filler (id INTEGER PRIMARY KEY, body TEXT)")
    conn.executemany("INSERT INTO filler (body) VALUES (?)", [("x" * 500,)] * 200)
    conn.execute("CREATE INDEX filler_body ON filler(body)")
    conn.commit()
    conn.close()


class Machine:
    """A healthy terminal; tests change one attribute to break it."""

    def __init__(self):
        self.commands = {
            "fc-list": (0, FONTS),
            "fc-match": (0, FONTS.split(":")[0]),
            "espeak-ng": (0, VOICES),
            "timedatectl": (0, "yes\n"),
        }
        self.body = b'{"version": 5, "since": 4, "changes": {}}'
        self.signer = HUB_KEY
        self.content_status = 200
        self.hub_down = False
        self.proc = PROC
        self.chromium = "/usr/bin/chromium"
        self.now = NOW
        self.free = 10 * 1024**3
        self.printer = (True, "ready", "")
        self.audio = (True, "")
        self.synced_at = NOW - timedelta(days=1)
        self.identity = HubIdentity("http://hub.example", public_b64(HUB_KEY), "tok")
        self.system_offset = timedelta(hours=8)  # the system clock's zone: Asia/Shanghai
        self.hub_skew = timedelta(0)  # how far the hub's clock is ahead of this one

    def run(self, cmd, timeout):
        return self.commands.get(cmd[0], (127, ""))

    def http_get(self, url, headers, timeout):
        if self.hub_down:
            raise ConnectionRefusedError("refused")
        if url.endswith("/openapi.json"):
            return 200, {"date": format_datetime(self.now + self.hub_skew, usegmt=True)}, b"{}"
        assert url == "http://hub.example/api/v1/content?since=4"
        if headers.get("Authorization") != "Bearer tok":
            return 401, {}, b'{"detail": "bad token"}'
        signature = base64.b64encode(self.signer.sign(self.body)).decode()
        return self.content_status, {"X-Signature": signature}, self.body

    def probes(self):
        return Probes(
            run=self.run,
            http_get=self.http_get,
            which=lambda name: self.chromium if name == "chromium" else None,
            now=lambda: self.now,
            system_offset=lambda moment: self.system_offset,
            build_time=NOW - timedelta(days=30),
            disk_free=lambda path: self.free,
            proc_input=lambda: self.proc,
            hub_identity=lambda config: self.identity,
            content_info=lambda data: (5, self.synced_at),
            printer_status=lambda config: self.printer,
            audio_output=lambda device: self.audio,
        )
