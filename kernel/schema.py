"""The database schema: brought to the revision this code needs when a store opens, once, under a lock.

The revisions live in kernel/migrations (Alembic). Opening a database that is already at HEAD costs one
query and does not load Alembic; otherwise the upgrade runs in one transaction that holds the database's
lock (SQLite: BEGIN IMMEDIATE; PostgreSQL: an advisory lock), so processes starting together wait for
the first one and then find nothing left to do. A database made by the first release (its tables, no
alembic_version) is stamped at BASELINE, then upgraded.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection, Engine

from kernel.errors import StoreError

BASELINE = "0001"  # the first release's schema
HEAD = "0025"  # the newest revision in kernel/migrations/versions (a test keeps the two in step)
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
LOCK = 0x62616F63  # "baoc": the PostgreSQL advisory lock id under which the schema changes


def prepare(engine: Engine) -> None:
    """Bring the database to HEAD (creating it when empty); a no-op when it is there already."""
    with engine.connect() as conn:
        at = revision(conn)
    if at != HEAD:
        upgrade(engine)


def revision(conn: Connection) -> str | None:
    """The revision the database is at; None for an empty database or one from the first release."""
    if not inspect(conn).has_table("alembic_version"):
        return None
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def upgrade(engine: Engine) -> None:
    """Run the revisions the database lacks, in one transaction under the database's lock."""
    from alembic import command
    from alembic.config import Config
    from alembic.util import CommandError

    with engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql("BEGIN IMMEDIATE")  # the write lock, taken before anything is read
        elif conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOCK})
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        config.attributes["connection"] = conn
        try:
            if revision(conn) is None and inspect(conn).has_table("messages"):
                command.stamp(config, BASELINE)  # made by the first release, before migrations
            command.upgrade(config, "head")
        except CommandError as e:
            raise StoreError(
                f"không nâng cấp được cơ sở dữ liệu: {e}. Cơ sở dữ liệu có thể do phiên bản baocao mới hơn "
                "tạo ra; hãy dùng phiên bản đó hoặc mới hơn."
            ) from e
        conn.commit()
