"""What the short commands load: `baocao --help` and `baocao status` start in a fraction of a second
because they leave the parsers, the mail stack, the web server and the document writers alone.
(How fast they start is measured by bench/bench_startup.py.)"""

from __future__ import annotations

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
print(json.dumps(sorted({m.split(".")[0] for m in sys.modules})), file=sys.stderr)
"""


def _loaded(*args: str) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", _SCRIPT, *args], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return set(json.loads(done.stderr.strip().splitlines()[-1]))


@pytest.mark.parametrize(
    "args",
    [["--help"], ["status"], ["status", "--format", "json"], ["status", "--format", "csv"]],
    ids=" ".join,
)
def test_short_commands_leave_the_heavy_libraries_alone(config_file: Path, args: list[str]) -> None:
    """Every command's imports sat at the top of the CLI: `baocao --help` took over a second, loading
    the PDF and Word readers, OCR, the web server and the mail stack it never used."""
    assert _loaded("--config", str(config_file), *args) & set(HEAVY) == set()
