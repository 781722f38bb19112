"""Long work reports progress: plain periodic lines when the output is a log, never silence."""

from __future__ import annotations

import io

from app.progress import progress


def test_a_log_gets_plain_lines_and_always_the_last_one() -> None:
    """rescan used to run for minutes with no output until the last line."""
    out = io.StringIO()
    with progress("Đang xử lý lại thư", out, every=0.0) as report:
        for n in range(1, 4):
            report(n, 3)
    assert out.getvalue().splitlines() == [
        "Đang xử lý lại thư: 1/3 (33%)",
        "Đang xử lý lại thư: 2/3 (66%)",
        "Đang xử lý lại thư: 3/3 (100%)",
    ]


def test_lines_are_spaced_out_in_time() -> None:
    out = io.StringIO()
    with progress("Đang nhập thư", out, every=3600.0) as report:
        for n in range(1, 101):
            report(n, 100)
    assert out.getvalue().splitlines() == ["Đang nhập thư: 100/100 (100%)"]
    assert "\x1b" not in out.getvalue()  # no terminal control characters in a log
