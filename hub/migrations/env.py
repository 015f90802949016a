"""Alembic environment: the hub runs migrations programmatically (``hub.core.migrate``).

The caller passes an open connection in ``config.attributes["connection"]``; there is no
alembic.ini and no URL in this folder.
"""

from alembic import context

from hub.models.tables import metadata

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
