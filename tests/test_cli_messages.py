"""Every word the CLI prints is Vietnamese, click's own help and errors included, and a bad config
is one line, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from app.cli import main

ENGLISH = (
    "Usage:",
    "Options",
    "Commands",
    "Show this message",
    "No such command",
    "No such option",
    "Invalid value",
    "Missing argument",
    "Error:",
    "Try '",
    "is not one of",
    "does not exist",
    "requires an argument",
    "unexpected extra",
    "is not a valid",
    "[OPTIONS]",
    "COMMAND [ARGS]",
)


@pytest.mark.parametrize(
    ("args", "said"),
    [
        pytest.param(["--help"], "Hiện hướng dẫn này rồi thoát.", id="help"),
        pytest.param(["status", "--help"], "Cách dùng: baocao status [TÙY_CHỌN]", id="command-help"),
        pytest.param(["auth", "login", "--help"], "Cách dùng: baocao auth login [TÙY_CHỌN]", id="group-help"),
        pytest.param(
            ["statu"], "Lỗi: Không có lệnh «statu». Có phải ý bạn là 'status'?", id="no-such-command"
        ),
        pytest.param(
            ["status", "--format", "xml"], "Giá trị không hợp lệ cho '--format'", id="invalid-value"
        ),
        pytest.param(["assign"], "Lỗi: Thiếu tham số 'MÃ_THƯ'.", id="missing-argument"),
        pytest.param(["status", "--bogus"], "Không có tùy chọn «--bogus».", id="no-such-option"),
        pytest.param(["status", "--year", "abc"], "«abc» không phải một số hợp lệ.", id="not-a-number"),
        pytest.param(["import", "/khong/co"], "«/khong/co» không tồn tại.", id="missing-path"),
        pytest.param(["outbox", "--limit"], "Tùy chọn «--limit» cần một giá trị.", id="option-without-value"),
        pytest.param(["history", "a", "b"], "Thừa tham số (b)", id="extra-argument"),
        pytest.param(["status", "--as-of", "hôm qua"], "không phải ngày giờ", id="bad-date"),
        pytest.param(
            ["rescan", "--since", "31/02/2021"], "tháng 2 năm 2021 không có ngày 31", id="impossible-date"
        ),
    ],
)
def test_click_speaks_vietnamese(config_file: Path, args: list[str], said: str) -> None:
    """click's own messages used to be English ("Show this message and exit.", "No such command")."""
    result = CliRunner().invoke(main, ["--config", str(config_file), *args], prog_name="baocao")
    assert said in result.output
    assert not [word for word in ENGLISH if word in result.output], result.output


@pytest.mark.parametrize("command", [["status"], ["missing"], ["review"], ["outbox"], ["remind"], ["doctor"]])
def test_an_impossible_deadline_is_one_line_for_every_command(config_file: Path, command: list[str]) -> None:
    """A config with deadline = "06-31" loaded, then every command ended in a Python traceback."""
    text = config_file.read_text(encoding="utf-8").replace('deadline = "10-25"', 'deadline = "06-31"')
    config_file.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["--config", str(config_file), *command])
    assert result.exit_code == 1
    assert "Traceback" not in result.output and not isinstance(result.exception, ValueError)
    assert "[reports[1]].deadline" in result.output and "không có ngày 31 tháng 6" in result.output


@pytest.mark.parametrize("command", ["outbox", "audit"])
def test_a_limit_below_one_is_refused(config_file: Path, command: str) -> None:
    """`baocao audit --limit -3` printed the whole log (SQLite reads a negative LIMIT as none), and on
    PostgreSQL ended in a traceback ("LIMIT must not be negative")."""
    result = CliRunner().invoke(main, ["--config", str(config_file), command, "--limit", "-3"])
    assert result.exit_code == 2 and "Giá trị không hợp lệ cho '--limit'" in result.output, result.output


@pytest.mark.parametrize("port", ["99999", "0", "-1"])
def test_a_web_port_out_of_range_is_refused_before_serving(config_file: Path, port: str) -> None:
    """`baocao web --port 99999` announced http://127.0.0.1:99999/, an address no browser opens, and
    kept running; --port 0 quietly served on [web].port. config.toml's [web].port was checked, the
    option was not."""
    result = CliRunner().invoke(main, ["--config", str(config_file), "web", "--port", port])
    assert result.exit_code == 2 and "Giá trị không hợp lệ cho '--port'" in result.output, result.output


_LOG_AFTER_COMMAND = """
import logging, sys
from app.cli import main
try:
    main(["status", "--help"], prog_name="baocao")
except SystemExit:
    pass
logging.getLogger("intake.pipeline").error("thư không đọc được")
"""


@pytest.mark.parametrize("host_zone", ["UTC", "America/Los_Angeles"])
def test_log_lines_are_stamped_in_vietnam_time_whatever_the_hosts_zone(host_zone: str) -> None:
    """A server kept in UTC (or abroad) must not stamp the lines staff read 7 or 15 hours off the office's
    clock, which every other time baocao shows follows."""
    import datetime as dt
    import os
    import subprocess
    import sys
    from zoneinfo import ZoneInfo

    root = Path(__file__).resolve().parent.parent
    done = subprocess.run(
        [sys.executable, "-c", _LOG_AFTER_COMMAND],
        cwd=root,
        env={**os.environ, "TZ": host_zone},
        capture_output=True,
        text=True,
        check=True,
    )
    line = done.stderr.strip().splitlines()[-1]
    assert line.endswith("ERROR intake.pipeline: thư không đọc được"), line
    stamped = dt.datetime.fromisoformat(line[:25])
    assert stamped.utcoffset() == dt.timedelta(hours=7), line
    assert abs(stamped - dt.datetime.now(ZoneInfo("Asia/Ho_Chi_Minh"))) < dt.timedelta(minutes=30), line
