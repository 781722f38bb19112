"""docs/examples/ shows what the code sends today: regenerate with python -m scheduler.examples."""

from __future__ import annotations

import pytest

from kernel.config import load
from scheduler.examples import ROOT, render

EXAMPLES = ROOT / "docs" / "examples"


@pytest.mark.parametrize("name", ["digest.html", "reminder.txt", "ack-signed.txt"])
def test_example_is_up_to_date_with_the_code(name: str) -> None:
    fresh = render(load(ROOT / "config.toml"))[name]
    committed = (EXAMPLES / name).read_text(encoding="utf-8") if (EXAMPLES / name).exists() else ""
    assert committed == fresh, f"docs/examples/{name} is stale: run python -m scheduler.examples"


def test_the_reminder_example_reads_as_an_official_letter() -> None:
    text = (EXAMPLES / "reminder.txt").read_text(encoding="utf-8")
    assert "Kính gửi: Hiệu trưởng Trường Tiểu học Bình Thạnh 1" in text
    assert "Phòng Giáo dục và Đào tạo huyện Thủ Thừa đề nghị nhà trường" in text
