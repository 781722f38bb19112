"""Alembic's entry point: run the revisions on the connection kernel.schema hands over, in its transaction."""

from __future__ import annotations

from alembic import context

from kernel.store import metadata

connection = context.config.attributes["connection"]
# The tables the loaded modules define; tests compare the revisions against all of them.
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
