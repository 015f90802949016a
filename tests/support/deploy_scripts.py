"""Shared helpers for the deploy tests: where things are and how to run the installer."""

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
HUB = DEPLOY / "hub"
INSTALL = DEPLOY / "terminal" / "install.sh"


def run_install(*args, timeout=600):
    return subprocess.run(
        ["bash", str(INSTALL), *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def snapshot(root: Path) -> dict:
    """Every path under root with its mode and content (or link target): for "nothing changed"."""
    seen = {}
    for path in sorted(root.rglob("*")):
        stat = path.lstat()
        if path.is_symlink():
            body = "-> " + str(path.readlink())
        elif path.is_file():
            body = path.read_bytes()
        else:
            body = None
        seen[str(path.relative_to(root))] = (stat.st_mode, stat.st_mtime_ns, body)
    return seen


def actions(output: str) -> list[str]:
    """The lines of installer output that are changes (they start with "+ ")."""
    return [line[2:] for line in output.splitlines() if line.startswith("+ ")]


def self_signed(tmp_path):
    cert, key = tmp_path / "fullchain.pem", tmp_path / "privkey.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ed25519", "-nodes", "-days", "2", "-subj", "/CN=hub.example.cn",
         "-addext", "subjectAltName=DNS:hub.example.cn,IP:127.0.0.1",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    return cert, key


def nginx_site(
    tmp_path,
    *,
    http_port=80,
    https_port=443,
    upstreams=("127.0.0.1:8348", "127.0.0.1:8349"),
    site=None,
):
    """The site (default: the shipped one) with test paths and ports, and an nginx.conf for it."""
    cert, key = self_signed(tmp_path)
    site = site or (HUB / "nginx-legal-hub.conf").read_text(encoding="utf-8")
    site = site.replace("/etc/ssl/legal-hub/fullchain.pem", str(cert)).replace(
        "/etc/ssl/legal-hub/privkey.pem", str(key)
    )
    site = site.replace("/var/cache/nginx/legal-hub", str(tmp_path / "cache"))
    site = site.replace("/var/log/nginx/access.log", str(tmp_path / "access.log"))
    site = site.replace("listen 80;", f"listen 127.0.0.1:{http_port};").replace(
        "listen [::]:80;", ""
    )
    site = site.replace("listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;")
    site = site.replace("listen [::]:443 ssl http2;", "")
    for default, real in zip(("127.0.0.1:8348", "127.0.0.1:8349"), upstreams, strict=True):
        site = site.replace(f"server {default};", f"server {real};")
    (tmp_path / "site.conf").write_text(site, encoding="utf-8")
    temp = tmp_path / "temp"
    temp.mkdir()
    conf = tmp_path / "nginx.conf"
    conf.write_text(
        f"user root;\nworker_processes 1;\npid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\n"
        "events { worker_connections 64; }\n"
        f"http {{\n access_log off;\n client_body_temp_path {temp}/body;\n proxy_temp_path {temp}/proxy;\n"
        f" fastcgi_temp_path {temp}/fcgi;\n uwsgi_temp_path {temp}/uwsgi;\n scgi_temp_path {temp}/scgi;\n"
        f" include {tmp_path}/site.conf;\n}}\n",
        encoding="utf-8",
    )
    return conf
