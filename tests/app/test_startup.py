"""What the short commands load: `baocao --help` and `baocao status` start in a fraction of a second
because they leave the parsers, the mail stack, the web server and the document writers alone.
(How fast they start is measured by bench/bench_startup.py.)"""

from __future__ import annotations

import gc
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent

# Libraries that cost tens of milliseconds each to import and that neither command needs.
HEAVY = (
    "pdfplumber",
    "pypdfium2",
    "docx",
    "PIL",
    "fpdf",
    "openpyxl",
    "jinja2",
    "mailparser",
    "imapclient",
    "pyhanko",
    "cryptography",
    "argon2",
    "flask",
    "rapidfuzz",
    "apscheduler",
    "rich",
)
_SCRIPT = """
import json, sys
from app.cli import main
try:
    main(sys.argv[1:], prog_name="baocao")
except SystemExit as e:
    assert not e.code, e.code
print(json.dumps(sorted(sys.modules)), file=sys.stderr)
"""

# Modules of ours and others' that only some commands or configs need, loaded where they are used.
ONLY_WHERE_USED = {
    "parsers.certificates": "a [trust] table that lists certificate files",
}


def _modules_loaded(*args: str) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", _SCRIPT, *args], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return set(json.loads(done.stderr.strip().splitlines()[-1]))


def _loaded(*args: str) -> set[str]:
    return {m.split(".")[0] for m in _modules_loaded(*args)}


@pytest.mark.parametrize(
    "args",
    [["--help"], ["status"], ["status", "--format", "json"], ["status", "--format", "csv"]],
    ids=" ".join,
)
def test_short_commands_leave_the_heavy_libraries_alone(config_file: Path, args: list[str]) -> None:
    """Every command's imports sat at the top of the CLI: `baocao --help` took over a second, loading
    the PDF and Word readers, OCR, the web server and the mail stack it never used."""
    assert _loaded("--config", str(config_file), *args) & set(HEAVY) == set()


@pytest.mark.parametrize(
    "args", [["status"], ["status", "--format", "json"], ["status", "--format", "csv"]], ids=" ".join
)
def test_status_loads_no_module_only_some_configs_need(config_file: Path, args: list[str]) -> None:
    """kernel.config imported the certificate reader at its top, for every command, although only a
    config whose [trust] table lists certificate files reads one."""
    assert _modules_loaded("--config", str(config_file), *args) & set(ONLY_WHERE_USED) == set()


@pytest.mark.parametrize("args", [["--help"], ["status", "--format", "json"], ["status", "--format", "csv"]])
def test_only_the_status_table_loads_the_table_writer(config_file: Path, args: list[str]) -> None:
    assert "tabulate" not in _loaded("--config", str(config_file), *args)


def test_status_on_a_current_database_loads_neither_migrations_nor_the_orm(config_file: Path) -> None:
    """Opening a database already at the newest revision costs one query: Alembic (and the SQLAlchemy
    ORM, which nothing of ours uses) stay unloaded."""
    _loaded("--config", str(config_file), "status")  # creates the database
    loaded = _modules_loaded("--config", str(config_file), "status")
    assert {m for m in loaded if m == "alembic" or m.startswith(("alembic.", "sqlalchemy.orm"))} == set()


def test_help_opens_no_database_and_reads_no_config(config_file: Path) -> None:
    assert _loaded("--config", str(config_file), "--help") & {"sqlalchemy", "sqlite3", "tomllib"} == set()


_COLLECTIONS = """
import atexit, gc, json, sys
atexit.register(lambda: print(json.dumps(["frozen", gc.get_freeze_count()]), file=sys.stderr))
from app.cli import main  # its exit handler runs before the one above
passes = []
gc.callbacks.append(
    lambda phase, info: phase == "start" and passes.append("sqlalchemy.dialects.sqlite" in sys.modules)
)
try:
    main(sys.argv[1:], prog_name="baocao")
except SystemExit as e:
    assert not e.code, e.code
print(json.dumps([passes, gc.isenabled()]), file=sys.stderr)
"""


@pytest.mark.parametrize("args", [["status"], ["status", "--format", "json"]], ids=" ".join)
def test_status_starts_without_collecting_garbage(config_file: Path, args: list[str]) -> None:
    """Starting `baocao status` (SQLAlchemy, our modules and tables, the config) makes only objects
    that live as long as the process, yet the garbage collector walked them about ninety times before
    the database was open, and again at exit: a fifth of the command's time."""
    done = subprocess.run(
        [sys.executable, "-c", _COLLECTIONS, "--config", str(config_file), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    *_, during, at_exit = (json.loads(line) for line in done.stderr.strip().splitlines())
    passes, enabled = during
    assert [opened for opened in passes if not opened] == []  # none before the database was open
    assert enabled  # on again for whatever runs after the command
    assert at_exit[1] > 10_000  # the program frozen before the interpreter's last collections


def test_a_long_command_collects_once_its_runtime_is_open(config_file: Path) -> None:
    """`baocao run`, `web` and `worker` live for weeks: the collector is off only while they start."""
    from app.cli import Context

    gc.disable()  # as the command line is read (BaocaoGroup.make_context)
    context = Context(config_file, collector_paused=True)
    try:
        with context.runtime():
            assert gc.isenabled()
    finally:
        gc.enable()


def test_a_command_that_fails_to_start_leaves_the_collector_on(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from app.cli import main

    result = CliRunner().invoke(main, ["--config", str(tmp_path / "missing.toml"), "status"])
    assert result.exit_code == 1, result.output
    assert gc.isenabled()
    for wrong in (["--help"], ["status", "--no-such-option"]):  # the command line alone ends it
        assert CliRunner().invoke(main, wrong).exit_code in (0, 2)
        assert gc.isenabled()
