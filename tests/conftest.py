"""Fixtures shared by every test package: configs in temp dirs (the shipped one with its units, and a
season of schools that moved to a commune), and the database backends."""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import os
import re
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import settings
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import Engine

from kernel import config as config_mod
from kernel import schema
from kernel.runtime import Runtime
from kernel.store import MessageRow, MessageState, Store, SubmissionRow
from tests.servers_pg import postgres_server

ROOT = Path(__file__).resolve().parent.parent
_HCM = ZoneInfo("Asia/Ho_Chi_Minh")  # the shipped config's district time

# In CI the property tests replay a fixed set of examples, so a run fails only on a change of
# code; new random examples are for developers' machines, where a find can be turned into a test.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")
_db_names = itertools.count()


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "real_migrations: new SQLite databases are built by running every migration"
    )


@functools.cache
def _migrated_sqlite_schema() -> tuple[str, ...]:
    """The statements that make the tables, indexes and triggers the migrations make, in an order
    that replays (tables first), read once per process from a database migrated for real."""
    folder = tempfile.mkdtemp(prefix="schema")
    Store.open(f"sqlite:///{folder}/template.db").close()
    with sqlite3.connect(f"{folder}/template.db") as conn:
        rows = conn.execute(
            "SELECT type, sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%'"
            " ORDER BY CASE type WHEN 'table' THEN 0 WHEN 'view' THEN 1 ELSE 2 END, rowid"
        ).fetchall()
    shutil.rmtree(folder)
    return tuple(sql for _, sql in rows)


@pytest.fixture(autouse=True)
def migrated_sqlite(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """A new SQLite database a test opens gets the schema the migrations build, replayed from a
    database migrated once per process, instead of running the migrations again (about half a
    second each, for thousands of tests). Safe because the replay is the same DDL, in one
    transaction under the same write lock, and only into a database with no tables: a database a
    test builds by hand (an old release's) is upgraded for real. Tests of the migrations
    themselves (marked real_migrations) and other processes run every migration."""
    if request.node.get_closest_marker("real_migrations"):
        return
    statements = _migrated_sqlite_schema()
    upgrade = schema.upgrade

    def from_template(engine: Engine) -> None:
        if engine.dialect.name != "sqlite":
            return upgrade(engine)
        with engine.connect() as conn:
            conn.exec_driver_sql("BEGIN IMMEDIATE")
            if inspect(conn).get_table_names():
                conn.rollback()
                return upgrade(engine)
            for sql in statements:
                conn.exec_driver_sql(sql)
            conn.execute(text("INSERT INTO alembic_version (version_num) VALUES (:v)"), {"v": schema.HEAD})
            conn.commit()
        return None

    monkeypatch.setattr(schema, "upgrade", from_template)


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    with postgres_server() as url:
        yield url


def _fresh_database(base_url: str, template: str = "template0") -> str:
    name = f"t{next(_db_names)}"
    engine = create_engine(base_url + "postgres", isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {name} ENCODING 'UTF8' TEMPLATE {template}"))
    engine.dispose()
    return base_url + name


@contextmanager
def database_away(database_url: str) -> Iterator[None]:
    """The database of database_url refuses new connections and has its open ones cut, as in a
    PostgreSQL restart, until the block ends."""
    base, name = database_url.rsplit("/", 1)
    admin = create_engine(base + "/postgres", isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f"ALTER DATABASE {name} ALLOW_CONNECTIONS false"))
            conn.execute(
                text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :name"),
                {"name": name},
            )
        yield
    finally:
        with admin.connect() as conn:
            conn.execute(text(f"ALTER DATABASE {name} ALLOW_CONNECTIONS true"))
        admin.dispose()


@pytest.fixture(scope="session")
def postgres_migrated(postgres_url: str) -> str:
    """The name of a database of the session's cluster that the migrations brought to HEAD, for
    database_url to copy: CREATE DATABASE from it is cheaper than migrating each new database. Safe
    because no test connects to it (PostgreSQL refuses to copy a database in use)."""
    url = _fresh_database(postgres_url)
    Store.open(url).close()
    return url.rsplit("/", 1)[1]


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Every store test runs against SQLite and against a real PostgreSQL; a new database, already
    migrated unless the test is marked real_migrations (then empty)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}/baocao.db"
    base = request.getfixturevalue("postgres_url")
    if request.node.get_closest_marker("real_migrations"):
        return _fresh_database(base)
    return _fresh_database(base, request.getfixturevalue("postgres_migrated"))


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    s = Store.open(database_url)
    yield s
    s.close()


def one_office(text: str) -> str:
    """A config's text without its [[units]] and [[schools.memberships]]: one office collects every
    school in every season, the shape most tests are written for (the shipped config.toml hands its
    schools from the district office to the communes on 1/7/2025)."""
    kept: list[str] = []
    keep = True
    for line in text.splitlines():
        header = re.match(r"\s*\[\[?([\w.-]+)\]", line)
        if header:
            name = header.group(1)
            if name == "schools.memberships":
                keep = False
            elif "." not in name:  # a top-level table starts a new block
                keep = name != "units"
        if keep:
            kept.append(line)
    return "\n".join(kept) + "\n"


@pytest.fixture
def config_file(tmp_path: Path) -> Path:
    """The shipped config.toml as one office (one_office), copied into a temp dir, so its relative
    storage paths land there."""
    path = tmp_path / "config.toml"
    path.write_text(one_office((ROOT / "config.toml").read_text(encoding="utf-8")), encoding="utf-8")
    return path


@pytest.fixture
def config(config_file: Path) -> config_mod.Config:
    return config_mod.load(config_file)


def shipped_config(tmp_path: Path) -> Path:
    """The shipped config.toml, with its units: the district office until 30/6/2025, the communes after."""
    path = tmp_path / "config.toml"
    path.write_text((ROOT / "config.toml").read_text(encoding="utf-8"), encoding="utf-8")
    return path


def record_report(
    rt: Runtime, school_id: str, year: int, when: dt.datetime, *, archived: bool = False, source: str = "test"
) -> None:
    """A school's nq121 report of year, received at when, as the pipeline records one (no files), read from
    source (MessageRow.source). Its mail is in the archive only when archived, for what reads it again (the
    consolidated report)."""
    key = f"{school_id}{year}".ljust(64, "0")
    if archived:
        mail = EmailMessage()
        mail["From"], mail["Subject"], mail["Date"] = "x@y", "BC", format_datetime(when)
        mail.set_content(f"Báo cáo NQ121 năm {year}.")
        key = rt.archive.put(mail.as_bytes())
    row = MessageRow(key, f"{key}@x", source, "x@y", "BC", when, MessageState.REPORT, "", "", 1, when)
    sub = SubmissionRow(key, f"{key}@x", "nq121", year, school_id, when, "x@y", (), (), (), {}, ())
    rt.store.record_outcome(row, [sub], [])


@pytest.fixture
def moved_season(tmp_path: Path) -> Path:
    """The shipped config (shipped_config) with two 2025 reports of xã Mỹ An's schools: mg-my-an's, sent
    on 20/6/2025, which the district office received before the commune collected the school from
    1/7/2025; and th-my-an's, which the commune itself received on 10/10/2025."""
    path = shipped_config(tmp_path)
    with Runtime.open(config_mod.load(path)) as rt:
        record_report(rt, "mg-my-an", 2025, dt.datetime(2025, 6, 20, 9, 0, tzinfo=_HCM), archived=True)
        record_report(rt, "th-my-an", 2025, dt.datetime(2025, 10, 10, 9, 0, tzinfo=_HCM), archived=True)
    return path
