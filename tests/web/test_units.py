"""The pages narrowed to one collecting unit (?unit=): the overview, the school table and its exports,
the review queue and the send log; and each school's unit shown when the config has [[units]]."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path

import openpyxl

from kernel import config as config_mod
from kernel import decisions
from kernel.runtime import Runtime
from kernel.store import MessageRow, MessageState, ReviewRow
from scheduler.outbox import Outbox
from scheduler.outgoing import MailKind, Outgoing, make_key
from tests.conftest import record_report, shipped_config
from tests.intake.conftest import HCM, _shipped_tables, in_units
from tests.web.conftest import CLERK, UNREADABLE_SCHOOL, WebThread, cli, served_for_clerk
from tests.web.test_security import _token, login

MY_AN = {"mg-my-an", "th-my-an", "thcs-my-an"}  # the schools of unit xa-my-an (see in_units)


def test_the_overview_of_a_unit_counts_only_its_schools(web_units: WebThread) -> None:
    clerk = login(web_units, CLERK)
    url = f"{web_units.url}/season/nq121/2021"
    page = clerk.get(url, params={"unit": "xa-my-an", "format": "json"}).json()
    assert page["unit"] == {"id": "xa-my-an", "name": "UBND xã Mỹ An"}
    assert page["counts"]["expected"] == len(MY_AN)
    listed = {r["school_id"] for rows in page["lists"].values() for r in rows}
    assert listed <= MY_AN and UNREADABLE_SCHOOL in listed
    whole = clerk.get(url, params={"format": "json"}).json()
    assert whole["unit"] is None and whole["counts"]["expected"] > len(MY_AN)

    html = clerk.get(url, params={"unit": "xa-my-an"}).text
    assert "— UBND xã Mỹ An</h1>" in html
    assert '<option value="xa-my-an" selected>UBND xã Mỹ An</option>' in html
    # The cards lead to the unit's school table, not the whole office's.
    assert re.search(r'href="/schools\?[^"]*unit=xa-my-an[^"]*status=missing', html)


def test_the_school_table_of_a_unit_keeps_it_in_sorting_and_exports(web_units: WebThread) -> None:
    clerk = login(web_units, CLERK)
    query = {"report": "nq121", "year": "2021", "unit": "xa-my-an"}
    rows = clerk.get(f"{web_units.url}/schools", params={**query, "format": "json"}).json()["schools"]
    assert {r["school_id"] for r in rows} == MY_AN
    assert {(r["unit"], r["unit_name"]) for r in rows} == {("xa-my-an", "UBND xã Mỹ An")}

    html = clerk.get(f"{web_units.url}/schools", params=query).text
    sort_links = re.findall(r'href="(/schools\?[^"]*sort=[^"]*)"', html)
    assert sort_links and all("unit=xa-my-an" in link for link in sort_links)
    assert (
        '<table class="list" id="schools">' in html
        and "Đơn vị</a></th>" in html
        and '<td class="unit">UBND xã Mỹ An</td>' in html
    )

    exported = clerk.get(f"{web_units.url}/schools", params={**query, "format": "csv"})
    assert "xa-my-an" in exported.headers["Content-Disposition"]
    lines = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert {line[1] for line in lines[1:]} == MY_AN

    everyone = clerk.get(f"{web_units.url}/schools", params={"year": "2021", "format": "json"}).json()
    assert {r["unit"] for r in everyone["schools"]} == {"xa-my-an", "xa-nhi-thanh"}


def test_an_unknown_unit_is_refused_naming_the_units_there_are(web_units: WebThread) -> None:
    """The refusal named the server's config file and its [[units]] table, which a clerk has never seen,
    and listed the units by id alone."""
    clerk = login(web_units, CLERK)
    for path in ("/season/nq121/2021", "/schools", "/review", "/outbox"):
        answer = clerk.get(f"{web_units.url}{path}", params={"unit": "xa-c", "format": "json"})
        assert answer.status_code == 404, path
        error = answer.json()["error"]
        assert error.startswith("Không có đơn vị «xa-c». Các đơn vị hiện có: ")
        assert "xa-my-an (UBND xã Mỹ An), xa-nhi-thanh (UBND xã Nhị Thành)" in error
        assert "config.toml" not in error and "[[units]]" not in error
    page = clerk.get(f"{web_units.url}/review", params={"unit": "xa-c"})
    assert page.status_code == 404 and "Không có đơn vị «xa-c»" in page.text


def test_a_schools_page_names_its_unit(web_units: WebThread) -> None:
    clerk = login(web_units, CLERK)
    page = clerk.get(f"{web_units.url}/schools/th-my-an", params={"year": "2021"})
    assert "đơn vị thu báo cáo năm 2021: UBND xã Mỹ An" in page.text
    data = clerk.get(f"{web_units.url}/schools/thcs-nhi-thanh", params={"year": "2021", "format": "json"})
    assert data.json()["school"]["unit_name"] == "UBND xã Nhị Thành"


def test_a_schools_page_names_who_decides_and_writes_as_its_unit(
    web_units: WebThread, web_thread: WebThread
) -> None:
    """A commune's school page headed its forms «Quyết định của Phòng» and its mail «Thư Phòng gửi trường»,
    «Phòng chưa gửi thư nào…»: the commune has no Phòng. An office without units keeps its words."""
    page = login(web_units, CLERK).get(f"{web_units.url}/schools/th-my-an", params={"year": "2021"}).text
    assert "Quyết định của UBND xã Mỹ An" in page and "Thư UBND xã Mỹ An gửi trường" in page
    assert "UBND xã Mỹ An chưa gửi thư nào cho trường" in page
    assert "Quyết định của Phòng" not in page and "Thư Phòng gửi" not in page
    office = login(web_thread, CLERK).get(f"{web_thread.url}/schools/th-my-an", params={"year": "2021"}).text
    assert "Quyết định của Phòng" in office and "Phòng chưa gửi thư nào cho trường" in office


def test_the_review_queue_of_a_unit_holds_the_mail_of_its_schools(web_units: WebThread) -> None:
    """The unreadable report of a Mỹ An school waits in Mỹ An's queue, not in Nhị Thành's."""
    clerk = login(web_units, CLERK)

    def schools(unit: str | None) -> set[str]:
        items = clerk.get(f"{web_units.url}/review", params={"unit": unit, "format": "json"}).json()["items"]
        return {c["id"] for i in items for c in i["candidates"]}

    assert UNREADABLE_SCHOOL in schools("xa-my-an")
    assert UNREADABLE_SCHOOL not in schools("xa-nhi-thanh")
    assert UNREADABLE_SCHOOL in schools(None)
    html = clerk.get(f"{web_units.url}/review", params={"unit": "xa-my-an"}).text
    assert '<option value="xa-my-an" selected>UBND xã Mỹ An</option>' in html


def test_the_send_log_of_a_unit_holds_its_schools_and_staffs_mail(web_units: WebThread) -> None:
    config = config_mod.load(web_units.config_path)
    now = web_units.clock()

    def mail(kind: MailKind, school: str | None, unit: str | None) -> Outgoing:
        part = school or (f"@{unit}" if unit else None)
        key = make_key(kind, "nq121", 2021, part, "web-test")
        return Outgoing(kind, "nq121", 2021, school, ("x@example.vn",), (), key, "", None, (), key)

    with Runtime.open(config, lambda: now) as rt:
        for item in (
            mail(MailKind.REMINDER, "th-my-an", None),
            mail(MailKind.REMINDER, "thcs-nhi-thanh", None),
            mail(MailKind.DIGEST, None, "xa-my-an"),
            mail(MailKind.DIGEST, None, "xa-nhi-thanh"),
        ):
            Outbox(rt.store).add(item, b"raw", now)
    clerk = login(web_units, CLERK)
    shown = clerk.get(f"{web_units.url}/outbox", params={"unit": "xa-my-an", "format": "json"}).json()
    keys = {e["key"] for e in shown["entries"] if e["key"].endswith("web-test")}
    assert keys == {
        make_key(MailKind.REMINDER, "nq121", 2021, "th-my-an", "web-test"),
        make_key(MailKind.DIGEST, "nq121", 2021, "@xa-my-an", "web-test"),
    }
    html = clerk.get(f"{web_units.url}/outbox", params={"unit": "xa-my-an"}).text
    assert re.search(r'href="/outbox\?state=sent&amp;unit=xa-my-an"', html)


def test_the_review_count_in_the_navigation_follows_the_chosen_unit(web_units: WebThread) -> None:
    """The count beside «Thư chờ xem xét» in the navigation bar counted the whole office's queue on
    the pages of one unit, while the queue it leads to held only that unit's mail."""
    clerk = login(web_units, CLERK)

    def shown(path: str, unit: str | None = None) -> int:
        answer = clerk.get(f"{web_units.url}{path}", params={"unit": unit})
        found = re.search(r"Thư chờ xem xét \((\d+)\)</a>", answer.text)
        assert found, (path, answer.status_code)
        return int(found.group(1))

    def queue(unit: str | None) -> int:
        answer = clerk.get(f"{web_units.url}/review", params={"unit": unit, "format": "json"})
        return len(answer.json()["items"])

    whole, my_an, nhi_thanh = queue(None), queue("xa-my-an"), queue("xa-nhi-thanh")
    assert my_an and my_an < whole
    for path in ("/season/nq121/2021", "/schools", "/review", "/outbox"):
        assert shown(path, "xa-my-an") == my_an, path
        assert shown(path) == whole, path
    assert shown("/review", "xa-nhi-thanh") == nhi_thanh
    # An unknown unit is refused by the page; its error page still counts the office's queue.
    assert shown("/review", "xa-c") == whole


def test_the_exports_name_each_schools_unit(web_units: WebThread) -> None:
    """The CSV and XLSX of the school table carry «Đơn vị» after the school's name; the columns after
    it keep their cell types (a real date cell for «Nhận lúc»)."""
    clerk = login(web_units, CLERK)
    book = clerk.get(f"{web_units.url}/schools", params={"year": "2021", "format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(book.content)).active
    assert sheet is not None
    head = [c.value for c in sheet[1]]
    assert head[:5] == ["STT", "Mã trường", "Trường", "Đơn vị", "Tình trạng"]
    rows = list(sheet.iter_rows(min_row=2))
    unit_of = {r[1].value: r[3].value for r in rows}
    assert {unit_of[s] for s in MY_AN} == {"UBND xã Mỹ An"}
    assert set(unit_of.values()) == {"UBND xã Mỹ An", "UBND xã Nhị Thành"}
    received = [r[head.index("Nhận lúc")] for r in rows if r[head.index("Nhận lúc")].value is not None]
    assert received and all(isinstance(c.value, dt.datetime) for c in received)
    assert {c.number_format for c in received} == {"dd/mm/yyyy hh:mm"}

    exported = clerk.get(f"{web_units.url}/schools", params={"year": "2021", "format": "csv"})
    lines = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert lines[0][3] == "Đơn vị" and {line[3] for line in lines[1:]} == set(unit_of.values())


def test_the_audit_log_of_a_unit_holds_the_changes_about_its_schools(web_units: WebThread) -> None:
    """The audit page listed every unit's changes while the command (`audit --unit`) could narrow them."""
    config = config_mod.load(web_units.config_path)
    now = web_units.clock()
    with Runtime.open(config, lambda: now) as rt:
        for school in ("th-my-an", "thcs-nhi-thanh"):
            decisions.exempt(
                rt.config,
                rt.store,
                report_id="nq121",
                year=2021,
                school_id=school,
                reason="Thử",
                by="test",
                now=now,
            )
    clerk = login(web_units, CLERK)

    def targets(unit: str | None) -> set[str]:
        answer = clerk.get(f"{web_units.url}/audit", params={"unit": unit, "format": "json"})
        assert answer.status_code == 200, answer.text
        return {e["target"] for e in answer.json()["entries"] if e["action"] == "exempt"}

    assert targets("xa-my-an") == {"school:th-my-an"}
    assert targets("xa-nhi-thanh") == {"school:thcs-nhi-thanh"}
    assert targets(None) == {"school:th-my-an", "school:thcs-nhi-thanh"}
    html = clerk.get(f"{web_units.url}/audit", params={"unit": "xa-my-an"}).text
    assert 'id="unit-filter"' in html and 'value="xa-my-an" selected' in html
    assert ">Trường Tiểu học Mỹ An</a>" in html  # the school's name, not its id
    assert 'href="/audit?unit=xa-my-an"' in html  # the menu keeps the unit, as it does on the other pages


def test_a_units_clerk_stays_in_her_unit_going_from_page_to_page(web_units: WebThread) -> None:
    """Mỹ An's clerk opened a school from her unit's overview, then clicked «Tổng quan»: the overview
    was the whole office's, with the other commune's schools and their mail, and so was every page after
    it, as was the school's page after she recorded a decision on it. Links between the pages now keep
    the unit chosen; «Tất cả đơn vị» still leaves it."""
    clerk = login(web_units, CLERK)
    overview = clerk.get(f"{web_units.url}/season/nq121/2021", params={"unit": "xa-my-an"}).text
    school_links = re.findall(r'href="(/schools/[a-z-]+\?[^"]*)"', overview)
    assert school_links and all("unit=xa-my-an" in link for link in school_links)
    school = clerk.get(f"{web_units.url}{school_links[0].replace('&amp;', '&')}").text
    nav = school[school.index("<nav>") : school.index("</nav>")]
    assert re.findall(r'href="([^"]+)"', nav) and all(
        "unit=xa-my-an" in h for h in re.findall(r'href="([^"]+)"', nav)
    )
    token = re.search(r'name="csrf_token" value="([^"]+)"', school)
    actions = re.findall(r'action="(/schools/[a-z-]+/decisions/paper[^"]*)"', school)
    assert token and actions and "unit=xa-my-an" in actions[0]
    answer = clerk.post(
        f"{web_units.url}{actions[0].replace('&amp;', '&')}",
        data={
            "csrf_token": token.group(1),
            "report": "nq121",
            "year": "2021",
            "received_on": "2021-10-30",
            "received_by": "Lê Thị Thu",
        },
        allow_redirects=False,
    )
    assert answer.status_code == 302 and "unit=xa-my-an" in answer.headers["Location"]
    queue = clerk.get(f"{web_units.url}/review", params={"unit": "xa-my-an"}).text
    message_links = re.findall(r'href="(/messages/[0-9a-f]{64}[^"]*)"', queue)
    assert message_links and all("unit=xa-my-an" in link for link in message_links)

    whole = clerk.get(f"{web_units.url}/season/nq121/2021", params={"unit": ""}).text
    assert "unit=" not in "".join(re.findall(r'href="(/schools/[a-z-]+\?[^"]*)"', whole))


def test_a_unit_without_schools_and_a_filter_matching_none_say_so(tmp_path: Path) -> None:
    """A unit just added to the config, before its schools are moved to it, showed «Chưa nộp (0)» and
    «Không còn trường nào chưa nộp», as if every school had reported; the school table then showed
    only its headings, and so did a search that found no school."""
    path = tmp_path / "config.toml"
    path.write_text(
        f'{in_units(_shipped_tables())}\n[[units]]\nid = "xa-tan-long"\nname = "UBND xã Tân Long"\n'
        '[storage]\ndatabase = "sqlite:///var/baocao.db"\narchive = "var/archive"\n',
        encoding="utf-8",
    )
    with served_for_clerk(path, dt.datetime(2021, 10, 20, 8, 0, tzinfo=HCM)) as web:
        clerk = login(web, CLERK)
        empty = {"year": "2021", "unit": "xa-tan-long"}
        overview = clerk.get(f"{web.url}/season/nq121/2021", params={"unit": "xa-tan-long"}).text
        said = "UBND xã Tân Long không có trường nào phải nộp báo cáo này năm 2021."
        assert said in overview and "Không còn trường nào chưa nộp" not in overview
        table = clerk.get(f"{web.url}/schools", params=empty).text
        assert said in table and '<table class="list" id="schools">' not in table

        found_none = clerk.get(f"{web.url}/schools", params={"year": "2021", "q": "Không Có Trường Này"}).text
        assert "Không có trường nào khớp bộ lọc." in found_none
        assert '<table class="list" id="schools">' not in found_none
        everyone = clerk.get(f"{web.url}/season/nq121/2021").text
        assert (
            "Không còn trường nào chưa nộp" not in everyone and "không có trường nào phải nộp" not in everyone
        )


def test_the_offices_own_mail_is_named_after_the_units_not_a_phong(web_units: WebThread) -> None:
    """With the schools collected by two communes, the queue's button, the page of a message marked so
    and the audit log all called the staff's own mail «Thư của Phòng»: a commune has no Phòng. Mail that
    came to no unit's mailbox, when several units collect, is the office's, by its short name: «Thư của
    đơn vị» named no one (a school is an «đơn vị» too)."""
    clerk = login(web_units, CLERK)
    html = clerk.get(f"{web_units.url}/review").text
    assert "Thư của Phòng<" not in html and ">Thư của Phòng GD&amp;ĐT Thủ Thừa</button>" in html
    assert "Thư của đơn vị" not in html
    items = clerk.get(f"{web_units.url}/review", params={"format": "json"}).json()["items"]
    key = next(i["key"] for i in items if UNREADABLE_SCHOOL not in {c["id"] for c in i["candidates"]})
    done = clerk.post(
        f"{web_units.url}/messages/{key}/internal",
        data={"csrf_token": _token(html), "next": "/review"},
        headers={"HX-Request": "true"},
    )
    assert done.status_code == 200 and "thư của chính Phòng GD&amp;ĐT Thủ Thừa." in done.text, done.text
    message = clerk.get(f"{web_units.url}/messages/{key}").text
    assert "Thư của Phòng GD&amp;ĐT Thủ Thừa" in message and "đơn vị" not in message
    assert "<summary>Gán lại, loại, hoặc ghi là thư của Phòng GD&amp;ĐT Thủ Thừa</summary>" in message
    audit = clerk.get(f"{web_units.url}/audit").text
    row = re.search(rf'<tr>(?:(?!</tr>).)*href="/messages/{key}"(?:(?!</tr>).)*</tr>', audit, re.S)
    assert row and "Thư của Phòng GD&amp;ĐT Thủ Thừa" in row.group(0) and "đơn vị" not in row.group(0), row
    logged = cli(web_units.config_path, "audit", "--limit", "5")
    assert "Thư của Phòng GD&ĐT Thủ Thừa" in logged and "đơn vị" not in logged, logged


def test_the_pages_say_which_unit_received_a_report_the_commune_counts(moved_season: Path) -> None:
    """The communes collect from 1/7/2025: a 2025 report sent on 20/6/2025 reached the district office.
    `baocao status` and the digest said so; the school table and the school's page counted it «Đã nộp»
    and nothing more, so the commune's staff looked for it in their own mailbox."""
    with served_for_clerk(moved_season, dt.datetime(2025, 10, 20, 8, 0, tzinfo=HCM)) as web:
        clerk = login(web, CLERK)
        office = "Phòng Giáo dục và Đào tạo huyện Thủ Thừa"
        query = {"report": "nq121", "year": "2025", "unit": "xa-my-an"}
        table = clerk.get(f"{web.url}/schools", params=query).text
        rows = dict(re.findall(r'<tr data-school="([a-z-]+)">(.*?)</tr>', table, re.S))
        assert f"do {office} nhận" in rows["mg-my-an"]
        assert "nhận</span>" not in rows["th-my-an"]
        page = clerk.get(f"{web.url}/schools/mg-my-an", params=query).text
        said = (
            f"Trường Mẫu giáo Mỹ An: báo cáo do {office} nhận lúc 09:00 ngày 20/06/2025, trước khi UBND xã "
            "Mỹ An thu báo cáo của trường; đã tính là đã nộp."
        )
        assert said in page
        assert 'id="elsewhere-note"' not in clerk.get(f"{web.url}/schools/th-my-an", params=query).text
        # Mỹ Phú's 2024 report came to the office's mailbox on 3/11/2025, once the communes collected: no
        # unit's mailbox received it, so the table does not say the commune collecting the school then did.
        with Runtime.open(config_mod.load(moved_season)) as rt:
            record_report(rt, "mg-my-phu", 2024, dt.datetime(2025, 11, 3, 9, 0, tzinfo=HCM))
        web.clock.now = dt.datetime(2025, 11, 4, 8, 0, tzinfo=HCM)
        query = {"report": "nq121", "year": "2024", "unit": "phong-thu-thua"}
        table = login(web, CLERK).get(f"{web.url}/schools", params=query).text  # a session of that day
        rows = dict(re.findall(r'<tr data-school="([a-z-]+)">(.*?)</tr>', table, re.S))
        assert "nhận ở hộp thư chung" in rows["mg-my-phu"]
        assert "do UBND xã Mỹ An nhận" not in rows["mg-my-phu"]


def test_a_reasons_hint_names_the_staff_mail_button_as_it_is_labelled(tmp_path: Path) -> None:
    """The button that marks the staff's own mail is named after the office's short name once the
    communes collect, yet a reason on the page still said to press «Thư của Phòng», a button the clerk
    could not find."""
    path = shipped_config(tmp_path)
    config = config_mod.load(path)
    when = dt.datetime(2025, 10, 10, 9, 0, tzinfo=HCM)
    key = "c0ffee".ljust(64, "0")
    reason = (
        "Thư của cán bộ kèm báo cáo của Trường Mẫu giáo Mỹ An. Nếu trường nộp báo cáo qua cán bộ, gán thư "
        "cho trường (baocao assign); nếu không, ghi là thư nội bộ (baocao internal)."
    )
    row = MessageRow(key, "ct@x", "test", "x@y", "Fw: BC", when, MessageState.REVIEW, reason, "", 1, when)
    review = ReviewRow(key, "ct@x", "nq121", 2025, "x@y", "Fw: BC", when, reason, ("mg-my-an",), ())
    with Runtime.open(config) as rt:
        rt.store.record_outcome(row, [], [review])
    with served_for_clerk(path, dt.datetime(2025, 10, 20, 8, 0, tzinfo=HCM)) as web:
        clerk = login(web, CLERK)
        for page in ("/review", f"/messages/{key}", "/schools/mg-my-an?year=2025", "/season/nq121/2025"):
            html = clerk.get(f"{web.url}{page}").text
            assert "(nút «Thư của Phòng GD&amp;ĐT Thủ Thừa»)" in html, page
            assert "«Thư của Phòng»" not in html and "Thư của đơn vị" not in html, page


def test_the_header_names_the_unit_whose_page_it_is(web_units: WebThread) -> None:
    """With a commune chosen, every page's header still said «Phòng GD&ĐT Thủ Thừa · Theo dõi báo cáo»:
    the office that no longer collects, above the commune's own lists."""
    clerk = login(web_units, CLERK)
    chosen = clerk.get(f"{web_units.url}/schools", params={"unit": "xa-my-an"}).text
    assert '<div class="brand">UBND xã Mỹ An<span class="app"> · Theo dõi báo cáo</span></div>' in chosen
    whole = clerk.get(f"{web_units.url}/schools").text
    assert '<div class="brand">Phòng GD&amp;ĐT Thủ Thừa<span class="app">' in whole
