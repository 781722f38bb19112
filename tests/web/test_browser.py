"""A clerk's morning in a real Chromium against `baocao web` over a season imported by `baocao import`:
the numbers agree with `baocao status`, a review item is read and assigned, a late school is given
more time, a school is exempted and leaves the reminders, a paper copy is ticked; then logged out.

The screenshots in docs/screenshots/ are taken here, so they always show the page as it is:
BAOCAO_SCREENSHOTS=docs/screenshots make test writes them there; otherwise they go to a temp dir.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import tempfile
from collections import Counter
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Route, expect, sync_playwright

from tests.intake.conftest import _shipped_tables, in_units
from tests.web.conftest import (
    CLERK,
    LATE_SCHOOL,
    ROOT,
    WebProcess,
    WebThread,
    cli,
    served_for_clerk,
    status_json,
)
from tests.web.test_security import login

SHOTS = ROOT / os.environ["BAOCAO_SCREENSHOTS"] if os.environ.get("BAOCAO_SCREENSHOTS") else None
REVIEWED_SCHOOL = "mg-long-thanh-tl"  # the school the anonymous scan.pdf of the season belongs to
REMIND_AT = ["remind", "--dry-run", "--format", "json", "--year", "2021", "--as-of", "2021-11-02 07:30"]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        yield chromium
        chromium.close()


def _shot(page: Page, name: str) -> None:
    target = SHOTS or Path(tempfile.gettempdir()) / "baocao-screenshots"
    target.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(target / name), full_page=True)


def _reminded(config_path: Path) -> set[str]:
    return {m["school_id"] for m in json.loads(cli(config_path, *REMIND_AT)) if m["kind"] == "reminder"}


def _school(page: Page, web: WebProcess, school_id: str) -> None:
    page.goto(f"{web.url}/schools/{school_id}?report=nq121&year=2021")


def test_a_clerk_works_through_the_season_and_logs_out(web_process: WebProcess, browser: Browser) -> None:
    web = web_process
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    overview = f"{web.url}/season/nq121/2021"

    page.goto(overview)
    expect(page.locator("h1")).to_have_text("Theo dõi báo cáo")  # the login page, not the data
    page.fill("#username", CLERK[0])
    page.fill("#password", CLERK[1])
    page.click("button[type=submit]")
    page.wait_for_url(overview)

    # The overview says what `baocao status --format json` says.
    before = status_json(web.config_path)
    states = Counter(s["status"] for s in before["schools"])
    for state in ("received", "late", "unreadable", "missing", "exempt"):
        expect(page.locator(f'[data-count="{state}"]')).to_have_text(str(states[state]))
    expect(page.locator('[data-count="expected"]')).to_have_text(str(len(before["schools"])))
    assert states["late"] >= 1 and states["unreadable"] >= 1 and states["missing"] > 20
    expect(page.locator("svg.chart rect.bar")).not_to_have_count(0)
    _shot(page, "tong-quan.png")

    # The review queue: open the anonymous scan and its PDF, then give it to its school in one click.
    page.click("header nav >> text=Thư chờ xem xét")
    item = page.locator(".item", has_text="leconghai9@gmail.com")
    expect(item).to_have_count(1)
    _shot(page, "thu-cho-xem-xet.png")
    item.locator("a").first.click()
    expect(page.locator("#headers")).to_contain_text("leconghai9@gmail.com")
    page.wait_for_load_state("networkidle")  # the PDF viewer in the page has settled
    source = page.locator("iframe.preview").get_attribute("src")
    assert source is not None
    pdf = page.request.get(f"{web.url}{source}")
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")
    form = page.locator("form", has=page.locator("select[name=school_id]"))
    form.locator("select").select_option(REVIEWED_SCHOOL)
    form.locator("button").click()
    expect(page.locator(".flash.ok")).to_contain_text("Đã gán thư cho Trường Mẫu giáo Long Thành")
    _shot(page, "thu.png")
    _school(page, web, REVIEWED_SCHOOL)
    expect(page.locator("#state .state")).to_have_text("Đã nộp")

    # A late school asked for more time: the extension makes its report on time.
    _school(page, web, LATE_SCHOOL)
    expect(page.locator("#state .state")).to_have_text("Nộp muộn")
    page.fill("#until", "31/10/2021")
    page.fill("#extend-reason", "Trường xin lùi hạn vì ngập lụt")
    page.click("#extend-form button")
    expect(page.locator("#state .state")).to_have_text("Đã nộp")
    expect(page.locator("#state")).to_contain_text("31/10/2021")

    # ... and its paper copy reached the clerk.
    page.click("#paper-form button")
    expect(page.locator("#paper-state")).to_contain_text("Đã nhận")
    expect(page.locator("#paper-state")).to_contain_text("Lê Thị Thu")
    _shot(page, "truong.png")

    # A school merged away this year: exempt, it leaves the missing list and the next reminders.
    missing = sorted(s["school_id"] for s in before["schools"] if s["status"] == "missing")
    merged = next(s for s in missing if s != REVIEWED_SCHOOL)
    assert merged in _reminded(web.config_path)
    _school(page, web, merged)
    page.fill("#exempt-reason", "Trường sáp nhập từ tháng 9/2021")
    page.click("#exempt-form button")
    expect(page.locator("#state .state")).to_have_text("Miễn nộp")
    page.goto(overview)
    expect(page.locator("#missing")).not_to_contain_text(merged)
    expect(page.locator("#extended")).to_contain_text("Trường sáp nhập từ tháng 9/2021")
    expect(page.locator('[data-count="exempt"]')).to_have_text("1")
    expect(page.locator('[data-count="expected"]')).to_have_text(str(len(before["schools"]) - 1))
    assert merged not in _reminded(web.config_path)

    after = {s["school_id"]: s for s in status_json(web.config_path)["schools"]}
    assert after[REVIEWED_SCHOOL]["status"] == "received"
    assert (
        after[LATE_SCHOOL]["status"] == "received"
        and after[LATE_SCHOOL]["extension"]["until"] == "2021-10-31"
    )
    assert after[LATE_SCHOOL]["paper"]["received_by"] == "Lê Thị Thu"
    assert after[merged]["status"] == "exempt"

    # Every change is in the audit log with who made it.
    page.click("header nav >> text=Nhật ký thay đổi")
    log = page.locator("#audit")
    for action in ("Gán thư cho trường", "Gia hạn", "Nhận bản giấy", "Miễn nộp"):
        expect(log).to_contain_text(action)
    expect(log).to_contain_text(CLERK[0])

    # Logged out, nothing is shown any more.
    page.click("header >> text=Đăng xuất")
    expect(page.locator("h1")).to_have_text("Theo dõi báo cáo")
    page.goto(overview)
    expect(page.locator("#username")).to_be_visible()
    assert page.request.get(f"{overview}?format=json").status == 401


# -- what a clerk notices between the actions ----------------------------------------------------------


def _log_in(page: Page, web: WebThread) -> None:
    page.goto(f"{web.url}/login")
    page.fill("#username", CLERK[0])
    page.fill("#password", CLERK[1])
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r".*/season/.*"))


@pytest.fixture
def clerk_page(web_thread: WebThread, browser: Browser) -> Iterator[Page]:
    """A logged-in clerk's tab; the clock is put back afterwards."""
    started = web_thread.clock.now
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    page = context.new_page()
    _log_in(page, web_thread)
    try:
        yield page
    finally:
        context.close()
        web_thread.clock.now = started


def test_a_session_that_ends_mid_form_asks_for_the_login_and_leads_back(
    web_thread: WebThread, clerk_page: Page
) -> None:
    """A clerk who filled in a form after the login had run out got a bare «Cần đăng nhập.» in plain
    text with no way on; a button of the review queue (htmx) did nothing at all. Now both lead to the
    login page, which says the change was not made, and back to the page of the form."""
    page, web = clerk_page, web_thread
    school = f"{web.url}/schools/{LATE_SCHOOL}?report=nq121&year=2021"
    page.goto(school)
    page.fill("#until", "31/10/2021")
    page.fill("#extend-reason", "Trường xin lùi hạn vì ngập lụt")
    web.clock.now += dt.timedelta(hours=13)  # past [web].session_hours
    page.click("#extend-form button")
    expect(page.locator(".flash.error")).to_contain_text("Phiên đăng nhập đã hết")
    expect(page.locator(".flash.error")).to_contain_text("chưa được ghi")
    page.fill("#username", CLERK[0])
    page.fill("#password", CLERK[1])
    page.click("button[type=submit]")
    page.wait_for_url(school)
    expect(page.locator("#state .state")).to_have_text("Nộp muộn")  # nothing was recorded

    page.goto(f"{web.url}/review")
    item = page.locator(".item").first
    key = (item.get_attribute("id") or "").removeprefix("item-")
    web.clock.now += dt.timedelta(hours=13)
    item.locator("button", has_text="Không phải báo cáo").click()
    page.wait_for_url(re.compile(r".*/login\?.*"))
    expect(page.locator(".flash.error")).to_contain_text("Phiên đăng nhập đã hết")
    page.fill("#username", CLERK[0])
    page.fill("#password", CLERK[1])
    page.click("button[type=submit]")
    page.wait_for_url(f"{web.url}/review")
    expect(page.locator(f"#item-{key} button", has_text="Không phải báo cáo")).to_be_visible()
    log = json.loads(cli(web.config_path, "audit", "--format", "json"))
    assert not [e for e in log if e["target"] == f"message:{key}"]


def test_what_was_typed_when_the_session_ended_is_there_after_the_login(
    web_thread: WebThread, clerk_page: Page
) -> None:
    """A clerk typed an exemption's reason, or a school in the queue's «gõ tên, mã trường» box, after
    the login had run out: logged in again, she was back on the form's page with the box empty, to type
    it all again. What she typed is filled in again; nothing is recorded until she clicks."""
    page, web = clerk_page, web_thread
    school = f"{web.url}/schools/{LATE_SCHOOL}?report=nq121&year=2021"
    reason = "Trường sáp nhập vào Trường Tiểu học Tân Long theo Quyết định 1234/QĐ-UBND"
    page.goto(school)
    page.fill("#exempt-reason", reason)
    web.clock.now += dt.timedelta(hours=13)  # past [web].session_hours
    page.click("#exempt-form button")
    _log_in_again(page)
    page.wait_for_url(school)
    expect(page.locator("#exempt-reason")).to_have_value(reason)
    expect(page.locator("#state .state")).to_have_text("Nộp muộn")  # nothing was recorded

    page.goto(f"{web.url}/review")
    item = page.locator(".item").first
    key = (item.get_attribute("id") or "").removeprefix("item-")
    item.locator("input[name=school]").fill("Trường Tiểu học Mỹ An")
    item.locator("input[name=year]").fill("2021")
    web.clock.now += dt.timedelta(hours=13)
    item.locator("button", has_text=re.compile(r"^Gán$")).click()
    page.wait_for_url(re.compile(r".*/login\?.*"))
    _log_in_again(page)
    page.wait_for_url(f"{web.url}/review")
    expect(page.locator(f"#item-{key} input[name=school]")).to_have_value("Trường Tiểu học Mỹ An")
    expect(page.locator(f"#item-{key} input[name=year]")).to_have_value("2021")
    log = json.loads(cli(web.config_path, "audit", "--format", "json"))
    assert not [e for e in log if e["target"] == f"message:{key}"]


def _log_in_again(page: Page) -> None:
    expect(page.locator(".flash.error")).to_contain_text("Phiên đăng nhập đã hết")
    page.fill("#username", CLERK[0])
    page.fill("#password", CLERK[1])
    page.click("button[type=submit]")


def test_a_form_left_open_across_a_new_login_says_nothing_was_recorded(
    web_thread: WebThread, browser: Browser, clerk_page: Page
) -> None:
    """After the clerk logged in again in another tab, the queue's buttons in the first tab silently
    did nothing (htmx shows nothing of the 403) and a school's form answered in plain text. Now the
    queue reloads and says the click was not recorded; the form's page says so and links back."""
    page, web = clerk_page, web_thread
    page.goto(f"{web.url}/review")
    other = page.context.new_page()  # the same browser, another tab: a new login replaces the cookie
    other.goto(f"{web.url}/review")
    other.click("header >> text=Đăng xuất")
    _log_in(other, web)
    item = page.locator(".item").first
    key = (item.get_attribute("id") or "").removeprefix("item-")
    item.locator("button", has_text="Thư của Phòng").click()
    expect(page.locator(".flash.error")).to_contain_text("chưa được ghi")
    expect(page.locator(f"#item-{key} button", has_text="Thư của Phòng")).to_be_visible()

    school = f"{web.url}/schools/{LATE_SCHOOL}?report=nq121&year=2021"
    page.goto(school)
    other.click("header >> text=Đăng xuất")
    _log_in(other, web)
    page.fill("#exempt-reason", "Trường sáp nhập")
    page.click("#exempt-form button")
    expect(page.locator("h1")).to_contain_text("chưa được ghi")
    page.click("text=Quay lại trang vừa rồi")
    page.wait_for_url(school)
    expect(page.locator("#state .state")).not_to_have_text("Miễn nộp")
    log = json.loads(cli(web.config_path, "audit", "--format", "json"))
    assert not [e for e in log if e["target"] == f"message:{key}" or e["action"] == "exempt"]


def test_the_queue_counts_go_down_as_the_clerk_works_through_it(
    web_thread: WebThread, clerk_page: Page
) -> None:
    """After a click in the review queue, the item said «Đã gán...» but the navigation bar and the
    queue's title still counted it until the page was loaded again."""
    page, web = clerk_page, web_thread
    page.goto(f"{web.url}/review")
    before = page.locator(".item").count()
    expect(page.locator("header nav")).to_contain_text(f"Thư chờ xem xét ({before})")
    item = page.locator(".item", has_text="leconghai9@gmail.com")
    form = item.locator("form", has=page.locator("select[name=school_id]"))
    form.locator("select").select_option(REVIEWED_SCHOOL)
    form.locator("button").click()
    expect(page.locator(".flash.ok")).to_contain_text("Đã gán thư cho")
    expect(page.locator("header nav")).to_contain_text(f"Thư chờ xem xét ({before - 1})")
    expect(page.locator("h1")).to_have_text(f"Thư chờ xem xét ({before - 1})")
    expect(page.locator("#nav-review")).to_have_class("here")
    page.reload()
    expect(page.locator("h1")).to_have_text(f"Thư chờ xem xét ({before - 1})")


@pytest.mark.parametrize(
    "path", ["/schools?report=nq121&year=2021", "/review", "/audit", "message", "/season/nq121/2021"]
)
def test_on_a_phone_the_page_does_not_scroll_sideways(
    web_thread: WebThread, browser: Browser, path: str
) -> None:
    """On a 390 px phone the school table pushed the whole page (header included) to 845 px, and the
    queue's list of schools ran out of its box; now a wide table scrolls inside itself. The overview's
    lists (the missing schools' addresses) still widened their column, and the page, to 518 px."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN", is_mobile=True)
    page = context.new_page()
    try:
        _log_in(page, web_thread)
        if path == "message":
            items = page.request.get(f"{web_thread.url}/review?format=json").json()["items"]
            path = f"/messages/{items[-1]['key']}"
        page.goto(f"{web_thread.url}{path}")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        for select in page.locator("select").all():
            box = select.bounding_box()
            assert box is not None and box["x"] + box["width"] <= 390
    finally:
        context.close()


def test_on_a_phone_the_overviews_reasons_fit_the_screen(web_thread: WebThread, browser: Browser) -> None:
    """On a 390 px phone the overview's list of mail waiting for staff, and of reports that could not be
    read, were 400 to 600 px wide: one sender's address or a link in a reason set the width, and the
    reason column ran off the screen, to be read a dozen letters a line by scrolling the table sideways.
    A long address or link now breaks, and each two-column list fits the screen; so do the missing
    schools' addresses, and a message's header lines (its sender, its Message-ID)."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN", is_mobile=True)
    page = context.new_page()
    try:
        _log_in(page, web_thread)
        page.goto(f"{web_thread.url}/season/nq121/2021")
        for section in ("review", "unreadable", "missing"):
            table = page.locator(f"#{section} table.list")
            expect(table).to_have_count(1)
            assert table.evaluate("t => t.scrollWidth <= t.clientWidth"), section
        page.locator("#review table.list a").first.click()
        headers = page.locator("#headers")
        expect(headers).to_have_count(1)
        assert headers.evaluate("t => t.scrollWidth <= t.clientWidth")
    finally:
        context.close()


def test_the_charts_words_stay_inside_it_in_the_last_week_before_the_deadline(
    web_thread: WebThread, browser: Browser
) -> None:
    """Until the deadline has passed, the deadline is the axis's last day, and its label «25/10 hạn nộp»
    began on the red line and ran past the chart's right edge, cut to «hạn nộ»."""
    web = web_thread
    started = web.clock.now
    web.clock.now = dt.datetime(2021, 10, 20, 3, 0, tzinfo=dt.UTC)
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="vi-VN")
    page = context.new_page()
    try:
        _log_in(page, web)
        page.goto(f"{web.url}/season/nq121/2021")
        chart = page.locator("svg.chart:visible")
        expect(chart.locator("text.strong", has_text="hạn nộp")).to_have_count(1)
        outside = chart.evaluate(
            """svg => [...svg.querySelectorAll("text")].filter(t => {
                const b = t.getBBox(), v = svg.viewBox.baseVal;
                return b.x < v.x || b.x + b.width > v.x + v.width;
            }).map(t => t.textContent)"""
        )
        assert outside == []
    finally:
        context.close()
        web.clock.now = started


def test_on_a_phone_the_charts_words_are_as_large_as_the_pages_small_print(
    web_thread: WebThread, browser: Browser
) -> None:
    """The chart is drawn 880 units wide and scaled to the screen: on a 390 px phone its 11 px dates,
    «còn 7» and axis numbers came out about 4 px high. A phone gets a chart drawn for its width, with
    fewer dates, whose words are as large as the page's notes and do not run into each other."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN", is_mobile=True)
    page = context.new_page()
    try:
        _log_in(page, web_thread)
        page.goto(f"{web_thread.url}/season/nq121/2021")
        chart = page.locator("svg.chart:visible")
        expect(chart).to_have_count(1)
        expect(chart.locator("text.strong", has_text="hạn nộp")).to_have_count(1)
        words = chart.evaluate(
            """svg => [...svg.querySelectorAll("text")].map(t => {
                const r = t.getBoundingClientRect();
                return {text: t.textContent, left: r.left, right: r.right, top: r.top, bottom: r.bottom,
                        size: parseFloat(getComputedStyle(t).fontSize) * svg.getScreenCTM().a};
            })"""
        )
        frame = chart.bounding_box()
        assert frame is not None and frame["x"] + frame["width"] <= 390
        assert len(words) > 8 and all(w["size"] >= 10.5 for w in words), words
        for w in words:
            assert frame["x"] <= w["left"] and w["right"] <= frame["x"] + frame["width"], w
        for n, a in enumerate(words):
            for b in words[n + 1 :]:
                apart = a["right"] <= b["left"] or b["right"] <= a["left"]
                assert apart or a["bottom"] <= b["top"] or b["bottom"] <= a["top"], (a, b)
    finally:
        context.close()


def test_on_a_desktop_the_school_tables_names_are_not_squeezed(
    web_thread: WebThread, clerk_page: Page
) -> None:
    """On a 1280 px screen the school table gave its space to the reasons a file could not be read, and
    «Trường Mẫu giáo Mỹ An» ran over three lines, «Trường Tiểu học Mỹ Thạnh A» over four."""
    page = clerk_page
    page.goto(f"{web_thread.url}/schools?report=nq121&year=2021")
    links = page.locator("#schools td.name a")
    expect(links).not_to_have_count(0)
    lines = links.evaluate_all("links => links.map(a => a.getClientRects().length)")  # a line box each
    assert max(lines) <= 2, lines


LONG_UNIT = "Ủy ban nhân dân xã Nhị Thành huyện Thủ Thừa tỉnh Tây Ninh (Trung tâm Học tập cộng đồng)"
LONG_REASON = (
    "Trường xin lùi hạn vì ngập lụt kéo dài nhiều ngày, mất điện, máy tính của bộ phận văn thư bị hỏng "
    "chưa sửa được, Hiệu trưởng đi tập huấn tại tỉnh"
)


def test_on_a_phone_long_names_and_reasons_stay_readable(tmp_path: Path, browser: Browser) -> None:
    """The unit list of the overview, the school table and the review queue is as wide as its longest
    name; with a unit named in full, a 390 px phone had to scroll the whole page sideways to 664 px.
    A decision's reason, which breaks anywhere so that a link cannot widen the page, was squeezed by
    the table's other columns to a word a line, some 45 px wide, on the school's page and the audit log."""
    path = tmp_path / "config.toml"
    tables = in_units(_shipped_tables()).replace('name = "UBND xã Nhị Thành"', f'name = "{LONG_UNIT}"')
    assert LONG_UNIT in tables
    path.write_text(
        f'{tables}\n[storage]\ndatabase = "sqlite:///var/baocao.db"\narchive = "var/archive"\n',
        encoding="utf-8",
    )
    cli(path, "extend", "th-my-an", "--year", "2021", "--until", "05/11/2021", "--reason", LONG_REASON)
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN", is_mobile=True)
    page = context.new_page()
    with served_for_clerk(path, dt.datetime(2021, 10, 20, 3, 0, tzinfo=dt.UTC)) as web:
        try:
            _log_in(page, web)
            for address in ("/season/nq121/2021", "/schools?report=nq121&year=2021", "/review"):
                page.goto(f"{web.url}{address}")
                expect(page.locator("select[name=unit] option", has_text=LONG_UNIT)).to_have_count(1)
                assert page.evaluate("document.documentElement.scrollWidth") <= 390, address
            for address, reason in (
                ("/schools/th-my-an?report=nq121&year=2021", "#decisions td.note"),
                ("/audit", "td.note"),
            ):
                page.goto(f"{web.url}{address}")
                cell = page.locator(reason, has_text="Hiệu trưởng đi tập huấn").first
                box = cell.bounding_box()
                assert box is not None and box["width"] >= 100, (address, box)
        finally:
            context.close()


LONG_NAME = (
    "BAO_CAO_KET_QUA_TRIEN_KHAI_THUC_HIEN_NGHI_QUYET_121_2020_QH14_VE_PHONG_CHONG_XAM_HAI_TRE_EM_NAM_2021"
    "_TRUONG_TH_MY_AN.docx"
)


def test_on_a_phone_a_file_name_or_subject_without_spaces_does_not_widen_the_page(
    tmp_path: Path, browser: Browser
) -> None:
    """A file named as many schools name them, 120 letters and underscores without a space, never
    wrapped: a 390 px phone's school page and message page grew to 1200 px, the name and the reason
    quoting it cut off at the card's edge; a subject written the same way widened the overview's table
    of waiting mail to some 4900 px, on a desktop too."""
    path = tmp_path / "config.toml"
    path.write_text(
        f'{_shipped_tables()}\n[storage]\ndatabase = "sqlite:///var/baocao.db"\narchive = "var/archive"\n',
        encoding="utf-8",
    )
    sent = EmailMessage()
    sent["From"], sent["To"] = "c1myan.thuthua@example.edu.vn", "pgdthuthua@example.edu.vn"
    sent["Subject"], sent["Date"] = LONG_NAME[:-5] * 3, "20 Oct 2021 09:05:00 +0700"
    sent["Message-ID"] = "<dai@example.edu.vn>"
    sent.set_content("Kính gửi Phòng, trường gửi báo cáo.")
    broken = b"PK\x03\x04" + b"\x00" * 40  # a Word file cut off in transfer: the reason quotes its name
    sent.add_attachment(broken, maintype="application", subtype="octet-stream", filename=LONG_NAME)
    mail = tmp_path / "mail"
    mail.mkdir()
    (mail / "dai.eml").write_bytes(sent.as_bytes())
    cli(path, "import", str(mail))
    with served_for_clerk(path) as web:
        (item,) = login(web, CLERK).get(f"{web.url}/review", params={"format": "json"}).json()["items"]
        for width in (390, 1366):
            context = browser.new_context(
                viewport={"width": width, "height": 844}, locale="vi-VN", is_mobile=width < 500
            )
            page = context.new_page()
            try:
                _log_in(page, web)
                for address in (
                    "/schools/th-my-an?year=2021",
                    f"/messages/{item['key']}",
                    "/season/nq121/2021",
                ):
                    page.goto(f"{web.url}{address}")
                    assert page.evaluate("document.documentElement.scrollWidth") <= width, (width, address)
                table = page.locator("#review table.list")
                expect(table).to_have_count(1)
                assert table.evaluate("t => t.scrollWidth <= t.clientWidth"), width
            finally:
                context.close()


def test_a_slip_in_the_queues_assign_form_is_answered_not_swallowed(
    web_thread: WebThread, clerk_page: Page
) -> None:
    """A year typed «21» or «2021-2022» in the queue's assign form was stopped by the browser's number
    field with the browser's own words («Value must be greater than or equal to 2000», «Please enter
    a number») in whatever language its menus are. Now the year reaches the office's own check, which
    answers in Vietnamese and guesses «có phải 2021?»; a missing school is still pointed out."""
    page, web = clerk_page, web_thread
    page.goto(f"{web.url}/review")
    item = page.locator(".item").last
    key = (item.get_attribute("id") or "").removeprefix("item-")
    form = item.locator("form", has=page.locator("select[name=school_id]"))
    form.locator("button").click()
    expect(form.locator("select")).to_be_focused()  # the browser points at the school to choose

    form.locator("select").select_option(REVIEWED_SCHOOL)
    form.locator("input[name=year]").press_sequentially("21")
    form.locator("button").click()
    expect(page.locator(f"#item-{key} .flash.error")).to_contain_text("Chưa gán được")
    expect(page.locator(f"#item-{key} .flash.error")).to_contain_text("có phải 2021?")

    page.goto(f"{web.url}/review")
    form = page.locator(f"#item-{key} form", has=page.locator("select[name=school_id]"))
    form.locator("select").select_option(REVIEWED_SCHOOL)
    form.locator("input[name=year]").press_sequentially("2021-2022")
    form.locator("button").click()
    expect(page.locator(f"#item-{key} .flash.error")).to_contain_text("«2021-2022» không phải một năm")
    log = json.loads(cli(web.config_path, "audit", "--format", "json"))
    assert not [e for e in log if e["target"] == f"message:{key}"]


def test_assigning_with_no_school_chosen_is_answered_in_vietnamese(
    web_thread: WebThread, clerk_page: Page
) -> None:
    """«Gán» pressed with no school chosen or typed was stopped by the browser in its own words, «Please
    select an item in the list.» in an English Chromium. The form now says what to do in Vietnamese, and
    says nothing once a school is chosen or typed."""
    page, web = clerk_page, web_thread
    page.goto(f"{web.url}/review")
    form = page.locator(".item form", has=page.locator("select[name=school_id]")).last
    select = form.locator("select[name=school_id]")
    form.locator("button").click()
    expect(select).to_be_focused()
    said = "Chọn trường trong danh sách, hoặc gõ tên hay mã trường vào ô bên cạnh."
    assert select.evaluate("e => e.validationMessage") == said
    select.select_option(REVIEWED_SCHOOL)
    assert select.evaluate("e => e.validity.valid")
    select.select_option("")
    assert select.evaluate("e => e.validationMessage") == said
    form.locator("input[name=school]").fill("th-my-an")
    assert select.evaluate("e => e.validity.valid")


def test_on_a_phone_a_long_reason_is_shortened_and_read_whole_on_request(
    web_thread: WebThread, browser: Browser
) -> None:
    """On a 390 px phone a waiting message's reason (the cut-off PDF's runs to several sentences: the
    file, the address, the subject, the file name, each naming the school) made its row of the
    overview's list, and its item in the queue, a screen tall; so did what was recorded of a counted
    message (every clue to its school) at the top of its page. A phone now shows its first words and
    the whole on a tap; a desktop still shows it whole, as the JSON (and so the exports) keep it."""
    web = web_thread
    clerk = login(web, CLERK)
    items = clerk.get(f"{web.url}/review", params={"format": "json"}).json()["items"]
    item = next(i for i in items if i["kind"] == "unreadable" and len(i["reason"]) > 300)
    key, tail = item["key"], item["reason"][-40:]
    # A counted message's page says what was recorded, as long: the late school's report in its body.
    school = clerk.get(f"{web.url}/schools/{LATE_SCHOOL}", params={"year": "2021", "format": "json"}).json()
    counted = school["submissions"][0]["message_key"]
    recorded = clerk.get(f"{web.url}/messages/{counted}", params={"format": "json"}).json()["message"][
        "reason"
    ]
    assert len(recorded) > 200
    for width in (390, 1366):
        context = browser.new_context(
            viewport={"width": width, "height": 844}, locale="vi-VN", is_mobile=width < 500
        )
        page = context.new_page()
        try:
            _log_in(page, web)
            for address, row, end in (
                ("/season/nq121/2021", f"#review tr:has(a[href$='{key}']) td.note", tail),
                ("/review", f"#item-{key} div.note", tail),
                (f"/messages/{counted}", "#reason", recorded[-40:]),
            ):
                page.goto(f"{web.url}{address}")
                shown = page.locator(row)
                if width > 500:
                    expect(shown).to_contain_text(end, use_inner_text=True)
                    continue
                expect(shown).not_to_contain_text(end, use_inner_text=True)
                box = shown.bounding_box()
                assert box is not None and box["height"] < 130, (address, box)
                shown.get_by_text("xem đủ").click()
                expect(shown).to_contain_text(end, use_inner_text=True)
        finally:
            context.close()


def test_the_overview_prints_the_missing_list_without_the_pages_controls(
    web_units: WebThread, browser: Browser
) -> None:
    """A clerk who printed the overview for the missing list got the menu bar's white words on white
    paper, the logout button and the list of collecting units, the phone's layout (an A4 page is
    narrower than 800 px) whose lists scroll in their own box, so a long address was cut off the
    paper, and a legend without its colours (the browser drops backgrounds when printing)."""
    context = browser.new_context(viewport={"width": 718, "height": 1000}, locale="vi-VN")
    page = context.new_page()
    try:
        _log_in(page, web_units)
        page.goto(f"{web_units.url}/season/nq121/2021")
        expect(page.locator("#unit-filter")).to_be_visible()
        page.emulate_media(media="print")
        for control in page.locator("header nav, header .who, form, .tabs").all():
            expect(control).to_be_hidden()
        brand = page.locator("header .brand")
        expect(brand).to_be_visible()
        assert brand.evaluate("e => getComputedStyle(e).color") == "rgb(0, 0, 0)"
        missing = page.locator("#missing table")
        expect(missing.locator("thead th").first).to_have_text("Trường")  # repeated on each sheet
        assert missing.evaluate("t => getComputedStyle(t).display") == "table"
        assert missing.evaluate("t => t.getBoundingClientRect().right") <= 718
        expect(page.locator("svg.chart.wide")).to_be_visible()  # the chart drawn for the width of a page
        for key in page.locator("#chart-legend .key").all():
            assert key.evaluate("k => getComputedStyle(k).printColorAdjust") == "exact"
    finally:
        context.close()


def test_after_a_decision_by_keyboard_the_focus_stays_in_the_queue(
    web_thread: WebThread, clerk_page: Page
) -> None:
    """A clerk working the queue with the keyboard pressed Enter on «Không phải báo cáo»: the item was
    replaced and the focus fell back to the top of the page, so every next item began again with a
    dozen Tabs through the menu. The focus now lands on the answer, and Tab goes on to the next item."""
    page, web = clerk_page, web_thread
    page.goto(f"{web.url}/review")
    items = page.locator(".item:has(button:text('Không phải báo cáo'))")
    key = (items.first.get_attribute("id") or "").removeprefix("item-")
    following = page.evaluate(  # the next item down the page, whatever it waits for
        "id => { const all = [...document.querySelectorAll('.item')]; return all[all.findIndex(e => e.id === id) + 1].id; }",
        f"item-{key}",
    )
    items.first.locator("button", has_text="Không phải báo cáo").focus()
    page.keyboard.press("Enter")
    answer = page.locator(f"#item-{key} .flash.ok a")
    expect(answer).to_be_focused()
    # the browser may focus the answer by its autofocus before htmx does when the swap settles: a Tab
    # between the two would be undone, as it would for a person who pressed Tab within those 20 ms
    expect(page.locator(".htmx-added, .htmx-settling")).to_have_count(0)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('.item')?.id") == following


def test_a_decision_on_its_way_says_so_and_takes_no_second_click(
    web_thread: WebThread, clerk_page: Page
) -> None:
    """On a slow network a click on a decision changed nothing for seconds: the buttons stayed active,
    and a second click on another button sent a second decision whose refusal was never shown. While
    the first is on its way the message's buttons are disabled and «Đang ghi…» is shown."""
    page, web = clerk_page, web_thread
    held: list[Route] = []

    def hold(route: Route) -> None:
        held.append(route)

    page.route("**/messages/*/reject", hold)
    page.goto(f"{web.url}/review")
    item = page.locator(".item:has(button:text('Không phải báo cáo'))").first
    saving = item.locator(".actions .saving")
    expect(saving).to_be_hidden()
    item.locator("button", has_text="Không phải báo cáo").click()
    expect(saving).to_have_text("Đang ghi…")
    expect(saving).to_be_visible()
    buttons = item.locator(".actions button")
    assert buttons.count() > 1
    for button in buttons.all():
        expect(button).to_be_disabled()
    assert len(held) == 1
    held[0].abort()  # the network gave up: the buttons are offered again
    expect(saving).to_be_hidden()
    for button in buttons.all():
        expect(button).to_be_enabled()
    page.unroute("**/messages/*/reject")


def test_on_a_phone_the_school_table_shows_each_schools_state_beside_its_name(
    web_thread: WebThread, browser: Browser
) -> None:
    """On a 390 px phone the school table began with its number, code, level and commune: a school's
    state, what the clerk opened the table for, was off the screen to the right, one sideways scroll
    of the table away for each row. A phone now shows the name and the state first; the level and
    the commune are the filters above, the code is on the school's page."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN", is_mobile=True)
    page = context.new_page()
    try:
        _log_in(page, web_thread)
        page.goto(f"{web_thread.url}/schools?report=nq121&year=2021")
        states = page.locator("#schools tr[data-school] .state")
        expect(states.first).to_be_visible()
        for state in states.all()[:5]:
            box = state.bounding_box()
            assert box is not None and box["x"] + box["width"] <= 390, box
    finally:
        context.close()


def test_on_a_phone_the_school_table_is_the_schools_names_and_states_with_the_rest_beneath(
    web_thread: WebThread, browser: Browser
) -> None:
    """On a 390 px phone the school table was 694 px wide inside the screen: the badge «Không đọc được
    tệp» was cut at its edge, when the report came, why it could not be read and the paper copy were
    columns off the screen, and their text, wrapped in those columns, made rows 190 px tall and blank
    under the name. Each school is now its name with its state beside it, the rest beneath at full width."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN", is_mobile=True)
    page = context.new_page()
    try:
        _log_in(page, web_thread)
        page.goto(f"{web_thread.url}/schools?report=nq121&year=2021")
        expect(page.locator("#schools tr[data-school]").first).to_be_visible()
        rows = page.locator("#schools tr[data-school]").evaluate_all(
            """rows => rows.map(row => {
                 const box = el => { const r = el.getBoundingClientRect(); return {left: r.left, right: r.right,
                   top: r.top, bottom: r.bottom, width: r.width}; };
                 return {name: box(row.querySelector('td.name')), state: box(row.querySelector('.state')),
                   notes: row.querySelector('td.notes').innerText.trim() ? box(row.querySelector('td.notes')) : null};
               })"""
        )
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 390, width
        for row in rows:
            assert row["state"]["right"] <= 390 and row["state"]["top"] < row["name"]["bottom"], row
        said = [row for row in rows if row["notes"]]
        assert said, "no school of the season says why its report could not be read"
        for row in said:  # beneath the name, as wide as the row
            assert row["notes"]["top"] >= row["name"]["bottom"] and row["notes"]["width"] > 300, row
    finally:
        context.close()


def test_on_a_phone_a_pdf_is_opened_by_its_link_not_shown_as_an_empty_box(
    web_thread: WebThread, browser: Browser
) -> None:
    """A phone's browser does not draw a PDF inside a page: on a 390 px phone a message's scan was a
    dark box 720 px tall with nothing in it, between the mail and its history. A phone now gets a line
    saying to open the file by its link, which it then shows whole."""
    clerk, url = login(web_thread, CLERK), web_thread.url
    received = clerk.get(f"{url}/schools", params={"year": "2021", "status": "received", "format": "json"})
    key = next(
        sub["message_key"]
        for row in received.json()["schools"]
        for sub in clerk.get(
            f"{url}/schools/{row['school_id']}", params={"year": "2021", "format": "json"}
        ).json()["submissions"]
        if any(f["preview"] == "pdf" for f in sub["attachments"])
    )
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN", is_mobile=True)
    page = context.new_page()
    try:
        _log_in(page, web_thread)
        page.goto(f"{web_thread.url}/messages/{key}")
        expect(page.locator("iframe.preview").first).to_be_hidden()
        expect(page.locator(".box", has=page.locator("iframe.preview")).first).to_contain_text(
            "bấm «Mở trong thẻ mới» để xem tệp", use_inner_text=True
        )
    finally:
        context.close()


def test_on_a_phone_the_header_is_compact_and_a_link_skips_to_the_content(
    web_thread: WebThread, browser: Browser
) -> None:
    """On a 390 px phone the header wrapped into three rows, about 250 px of every page before its
    title, and a keyboard had no way past its links. A phone's header now takes two short rows whose
    links all stay reachable, and the first Tab offers a link straight to the page's content."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN", is_mobile=True)
    page = context.new_page()
    try:
        _log_in(page, web_thread)
        for path in ("/schools?report=nq121&year=2021", "/review", "/audit"):
            page.goto(f"{web_thread.url}{path}")
            header = page.locator("header.top").bounding_box()
            assert header is not None and header["height"] <= 100, (path, header)
            assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
            for link in page.locator("header.top nav a").all():
                expect(link).to_be_visible()
        _shot(page, "dien-thoai-dau-trang.png")
        page.keyboard.press("Tab")
        skip = page.locator(":focus")
        expect(skip).to_have_text("Bỏ qua thanh điều hướng, đến nội dung chính")
        expect(skip).to_be_in_viewport()
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.tagName") == "MAIN"
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.closest('header') === null")
    finally:
        context.close()


def test_on_a_phone_the_audit_log_shows_its_details_and_reasons_without_scrolling_sideways(
    web_thread: WebThread, browser: Browser
) -> None:
    """On a 390 px phone the audit log's six columns made its table scroll sideways: «Chi tiết» and
    «Lý do», what a reader opens the log for, were only reached by dragging each row to the left. A
    phone now shows what was done, its details and its reason side by side, when and by whom under
    what was done, as the school table keeps a phone to the columns it is read for."""
    reason = "Trường đang sửa phòng máy tính, xin gửi báo cáo muộn hơn hạn chung vài ngày"
    cli(
        web_thread.config_path,
        "extend",
        "th-my-lac",
        "--year",
        "2021",
        "--until",
        "02/11/2021",
        "--reason",
        reason,
    )
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN", is_mobile=True)
    page = context.new_page()
    try:
        _log_in(page, web_thread)
        page.goto(f"{web_thread.url}/audit")
        table = page.locator("#audit")
        widths = table.evaluate("t => [t.scrollWidth, t.clientWidth]")
        assert widths[0] <= widths[1], f"the table scrolls sideways: {widths}"
        row = table.locator("tr", has_text=reason).first
        for cell in (row.locator("td.detail"), row.locator("td.note")):
            expect(cell).to_be_visible()
            box = cell.bounding_box()
            assert box is not None and box["x"] + box["width"] <= 390, box
        reason_box = row.locator("td.note").bounding_box()
        assert reason_box is not None and reason_box["width"] >= 100, reason_box  # not a word a line
        # A log of one short line fits a phone even in six columns: the layout itself is what is checked.
        for column in ("th.at", "th.who", "th.about", "td.at", "td.who", "td.about"):
            expect(table.locator(column).first).to_be_hidden()
        under = row.locator("td.what .phone-only")
        expect(under).to_be_visible()
        for said in ("(dòng lệnh)", "Mỹ Lạc", re.compile(r"\d\d/\d\d/\d{4} \d\d:\d\d")):
            expect(under).to_contain_text(said, use_inner_text=True)
        _shot(page, "dien-thoai-nhat-ky.png")
    finally:
        context.close()


def test_a_forms_empty_box_is_answered_in_vietnamese_whatever_the_browsers_language(
    web_thread: WebThread, browser: Browser
) -> None:
    """In an English Chromium, «Gia hạn» pressed with no reason was stopped with «Please fill out this
    field.», and the login with no password likewise: the browser speaks the language of its own menus.
    Each box now says what is missing in Vietnamese, and a login with a box left empty is answered by
    the page, not counted as a wrong password."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    page = context.new_page()
    try:
        page.goto(f"{web_thread.url}/login")
        page.fill("#username", CLERK[0])
        page.click("button[type=submit]")
        expect(page.locator(".flash.error")).to_have_text("Chưa điền mật khẩu.")
        _log_in(page, web_thread)
        _school(page, web_thread, "th-my-lac")
        form = page.locator("#extend-form")
        form.locator("#until").fill("05/11/2021")
        form.locator("button[type=submit]").click()
        reason = form.locator("#extend-reason")
        expect(reason).to_be_focused()
        assert reason.evaluate("e => e.validationMessage") == "Chưa điền ô này."
        reason.fill("Trường bị ngập")
        assert reason.evaluate("e => e.validity.valid")
    finally:
        context.close()


def test_the_audit_log_has_no_column_of_reasons_when_none_was_given(tmp_path: Path, browser: Browser) -> None:
    """A log whose changes gave no reason showed an empty «Lý do» column that took a third of a phone's
    width, so the details broke in the middle of addresses; it shows the column once a reason is given."""
    path = tmp_path / "config.toml"
    path.write_text(
        f'{in_units(_shipped_tables())}\n[storage]\ndatabase = "sqlite:///var/baocao.db"\narchive = "var/archive"\n',
        encoding="utf-8",
    )
    cli(path, "paper", "th-my-an", "--year", "2021", "--received", "19/10/2021", "--by", "Lê Thị Thu")
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN", is_mobile=True)
    page = context.new_page()
    with served_for_clerk(path, dt.datetime(2021, 10, 20, 3, 0, tzinfo=dt.UTC)) as web:
        try:
            _log_in(page, web)
            page.goto(f"{web.url}/audit")
            expect(page.locator("#audit td.detail").first).to_be_visible()
            expect(page.locator("#audit th", has_text="Lý do")).to_have_count(0)
            cli(
                path, "extend", "th-my-lac", "--year", "2021", "--until", "05/11/2021", "--reason", "Ngập lụt"
            )
            page.goto(f"{web.url}/audit")
            expect(page.locator("#audit th", has_text="Lý do")).to_have_count(1)
            expect(page.locator("#audit td.note", has_text="Ngập lụt")).to_be_visible()
        finally:
            context.close()
