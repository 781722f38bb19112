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


def test_the_digest_links_to_the_staff_page_and_draws_the_progress_without_scripts() -> None:
    html = (EXAMPLES / "digest.html").read_text(encoding="utf-8")
    assert 'href="http://192.168.1.10:8080/season/nq121/2021"' in html  # [web].public_url is set there
    assert "Số báo cáo nhận được mỗi ngày" in html and "Hạn 25/10/2021" in html
    assert "<script" not in html and "<svg" not in html and "src=" not in html  # mail readers drop them
    assert "Các trường được miễn nộp năm nay (1)" in html and "Các trường được gia hạn (1)" in html
