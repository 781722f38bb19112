"""How long the command line takes to start, beside a bare `python -c pass` measured in the same run.

Fills a small SQLite database with one season of sample mail (no OCR), then runs each command as a new
process several times and keeps the fastest run (the machine is shared; the minimum is the least noisy),
by the wall clock and by CPU time (user and system), which a busy machine disturbs less:
  python -c pass               - the interpreter alone (the floor);
  import sqlalchemy            - the interpreter and the database library status cannot start without;
  baocao --help                - building the CLI;
  baocao status                - the status table, read from the database;
  baocao status --format json  - the same as JSON.

    .venv/bin/python -m bench.bench_startup
    .venv/bin/python -m bench.bench_startup --runs 10
"""

from __future__ import annotations

import argparse
import logging
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from intake import pipeline
from kernel import config as config_mod
from kernel.runtime import Runtime
from samples.season import make_season

ROOT = Path(__file__).resolve().parent.parent


def small_database(work: Path) -> Path:
    """The shipped config.toml with its database and archive in work, holding one small season."""
    text = (ROOT / "config.toml").read_text(encoding="utf-8")
    text = text.replace('database = "sqlite:///var/baocao.db"', f'database = "sqlite:///{work}/baocao.db"')
    text = text.replace('archive = "var/archive"', f'archive = "{work}/archive"')
    path = work / "config.toml"
    path.write_text(text, encoding="utf-8")
    config = config_mod.load(path)
    logging.getLogger("mailparser").setLevel(logging.ERROR)  # as the CLI does: its notes are not news
    with Runtime.open(config) as rt:
        for mail in make_season(config.schools, year=2021, size="small", scanned=False):
            pipeline.ingest(rt, mail.raw, received_at=mail.received_at, source="bench")
    return path


def fastest(argv: list[str], runs: int) -> tuple[float, float]:
    """The shortest wall time and the shortest CPU time of `runs` starts of argv (each must succeed),
    after one start that writes the bytecode: an installed baocao starts from compiled modules, whatever
    PYTHONDONTWRITEBYTECODE says in the shell that runs the bench, so compiling them is not counted."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"} | {"PYTHONPATH": str(ROOT)}
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, cwd=ROOT, env=env)
    best_wall = best_cpu = float("inf")
    for _ in range(runs):
        start, cpu_start = time.perf_counter(), _children_cpu()
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, cwd=ROOT, env=env)
        best_wall = min(best_wall, time.perf_counter() - start)
        best_cpu = min(best_cpu, _children_cpu() - cpu_start)
    return best_wall, best_cpu


def _children_cpu() -> float:
    """The CPU time (user and system) of this process's finished children."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return children.ru_utime + children.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=7, help="starts of each command (default 7)")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="bench-startup-"))
    try:
        config = small_database(work)
        baocao = [sys.executable, "-m", "app", "--config", str(config)]
        cases = {
            "python -c pass": [sys.executable, "-c", "pass"],
            "import sqlalchemy": [sys.executable, "-c", "import sqlalchemy"],
            "baocao --help": [*baocao, "--help"],
            "baocao status": [*baocao, "status"],
            "baocao status --format json": [*baocao, "status", "--format", "json"],
        }
        times = {name: fastest(argv, args.runs) for name, argv in cases.items()}
    finally:
        shutil.rmtree(work, ignore_errors=True)

    floor, floor_cpu = times["python -c pass"]
    print(f"fastest of {args.runs} starts each, SQLite database with one small season")
    for name, (seconds, cpu) in times.items():
        print(
            f"{name:28} : {seconds:6.3f} s  {seconds / floor:6.1f}x python -c pass"
            f"   CPU {cpu:6.3f} s  {cpu / floor_cpu:6.1f}x"
        )


if __name__ == "__main__":
    main()
