"""``legal-hub init``: create or upgrade the database and create the signing key pair."""

from __future__ import annotations

from sqlalchemy.exc import OperationalError

from hub.cli import CommandError
from hub.commands._common import print_json_line
from hub.core.db import make_engine
from hub.core.migrate import upgrade
from hub.core.security import generate_signing_key

NAME = "init"
HELP = "create or upgrade the database, create the Ed25519 signing key (kept if present)"


def add_arguments(parser) -> None:
    pass


def run(args, settings) -> int:
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    engine = make_engine(settings)
    try:
        revision = upgrade(engine)
    except OperationalError as exc:
        raise CommandError(f"cannot open the database: {exc.orig}") from None
    finally:
        engine.dispose()
    created = generate_signing_key(settings)
    settings.media_dir.mkdir(parents=True, exist_ok=True)
    print_json_line(
        {
            "database": engine.url.render_as_string(hide_password=True),
            "revision": revision,
            "signing_key": str(settings.signing_key_path),
            "key_created": created,
            "public_key": settings.public_key_path.read_text(encoding="ascii").strip(),
        }
    )
    return 0
