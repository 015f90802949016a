"""Migrations create exactly the tables of hub.models.tables; key files are private."""

import stat

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from hub.core import security
from hub.core.config import HubSettings
from hub.core.db import make_engine
from hub.core.migrate import head_revision, upgrade
from hub.models.tables import metadata


def test_migrations_match_the_tables(tmp_path):
    engine = make_engine(HubSettings.from_env({"HUB_DATA": str(tmp_path)}))
    assert upgrade(engine) == head_revision()
    with engine.connect() as conn:
        assert (
            compare_metadata(
                MigrationContext.configure(conn, opts={"compare_type": True}), metadata
            )
            == []
        )
    assert upgrade(engine) == head_revision()  # running again changes nothing


def test_signing_key_is_private_and_kept(tmp_path):
    settings = HubSettings.from_env({"HUB_DATA": str(tmp_path)})
    assert security.generate_signing_key(settings) is True
    mode = stat.S_IMODE(settings.signing_key_path.stat().st_mode)
    assert mode == 0o600
    first = settings.signing_key_path.read_bytes()
    assert security.generate_signing_key(settings) is False
    assert settings.signing_key_path.read_bytes() == first
    key = security.load_signing_key(settings)
    assert settings.public_key_path.read_text().strip() == security.public_key_b64(key)
