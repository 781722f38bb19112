"""Fixtures shared by every test package: configs in temp dirs and the database backends."""

from __future__ import annotations

import itertools
import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings
from sqlalchemy import create_engine, text

from kernel import config as config_mod
from kernel.store import Store
from tests.servers_pg import postgres_server

ROOT = Path(__file__).resolve().parent.parent

# In CI the property tests replay a fixed set of examples, so a run fails only on a change of
# code; new random examples are for developers' machines, where a find can be turned into a test.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")
_db_names = itertools.count()


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    with postgres_server() as url:
        yield url


def _fresh_database(base_url: str) -> str:
    name = f"t{next(_db_names)}"
    engine = create_engine(base_url + "postgres", isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {name} ENCODING 'UTF8' TEMPLATE template0"))
    engine.dispose()
    return base_url + name


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Every store test runs against SQLite and against a real PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}/baocao.db"
    return _fresh_database(request.getfixturevalue("postgres_url"))


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
