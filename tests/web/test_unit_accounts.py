"""An account bound to a collecting unit (baocao user add --unit): on every page it sees and decides only
its unit's schools and mail, whatever the link or the typed ?unit= says; the office's accounts see
every unit as before."""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import random
import re
from collections.abc import Iterator
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

import openpyxl
import pytest
import requests

from kernel import config as config_mod
from kernel import decisions
from kernel.runtime import Runtime
from samples.documents import render_docx
from samples.papers import make_paper
from scheduler.outbox import Outbox
from scheduler.outgoing import MailKind, Outgoing, make_key
from tests.intake.test_pipeline import _mail
from tests.web.conftest import CLERK, WebThread, _serve, cli, make_district
from tests.web.test_security import _token, login
from tests.web.test_units import MY_AN

MY_AN_CLERK = ("canbo.myan", "mat-khau-xa-my-an")
OWN_SCHOOL = "thcs-my-an"  # a Mỹ An school whose report was read
OTHER_SCHOOL = "thcs-my-phu"  # a Nhị Thành school whose report was read (Trường THCS Mỹ Phú)
OTHER_UNIT = "xa-nhi-thanh"


def _bound_office(folder: Path, more: dict[str, bytes] | None = None) -> Iterator[WebThread]:
    """The district split into two units (web_units), with an account bound to Mỹ An beside the office's;
    more: messages imported after the season (make_district)."""
    path = make_district(folder, units=True, more=more)
    cli(path, "user", "add", MY_AN_CLERK[0], "--role", "clerk", "--unit", "xa-my-an", "--password-stdin",
        stdin=MY_AN_CLERK[1])  # fmt: skip
    yield from _serve(path)


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebThread]:
    """For the tests that only read."""
    yield from _bound_office(tmp_path_factory.mktemp("bound"))


@pytest.fixture
def own_office(tmp_path: Path) -> Iterator[WebThread]:
    """For one test that changes what it serves."""
    yield from _bound_office(tmp_path / "bound")


@pytest.fixture
def crossed_office(tmp_path: Path) -> Iterator[WebThread]:
    """The bound office with Tiểu học Mỹ Phú's report (a Nhị Thành school) mailed from Tiểu học Mỹ An's
    address: it waits naming both schools, and concerns Mỹ An."""
    paper = render_docx(make_paper("Trường Tiểu học Mỹ Phú", year=2021, rng=random.Random(7)))
    crossed = _mail("c1myan.thuthua@example.edu.vn", "Báo cáo NQ121", {"BC NQ121.docx": paper}, mid="crossed")
    yield from _bound_office(tmp_path / "crossed", more={"crossed.eml": crossed})


@pytest.fixture
def moved_office(tmp_path: Path) -> Iterator[WebThread]:
    """The bound office in the 2022 season: on 1/1/2022 THCS Mỹ An moved to Nhị Thành, and THCS Mỹ Phú
    (OTHER_SCHOOL) to Mỹ An."""
    path = make_district(tmp_path / "moved", units=True)
    text = path.read_text(encoding="utf-8")
    for school, before, after in (
        (OWN_SCHOOL, "xa-my-an", OTHER_UNIT),
        (OTHER_SCHOOL, OTHER_UNIT, "xa-my-an"),
    ):
        block = re.search(rf'\[\[schools\]\]\nid = "{school}"\nunit = "{before}"\n.*?\n(?=\[)', text, re.S)
        assert block is not None
        moved = block.group(0).replace(f'unit = "{before}"\n', "") + (
            f'[[schools.memberships]]\nunit = "{before}"\nuntil = "2021-12-31"\n'
            f'[[schools.memberships]]\nunit = "{after}"\nfrom = "2022-01-01"\n\n'
        )
        text = text.replace(block.group(0), moved)
    path.write_text(text, encoding="utf-8")
    cli(path, "user", "add", MY_AN_CLERK[0], "--role", "clerk", "--unit", "xa-my-an", "--password-stdin",
        stdin=MY_AN_CLERK[1])  # fmt: skip
    served = _serve(path)
    web = next(served)
    web.clock.now = dt.datetime(2022, 10, 20, 2, 0, tzinfo=dt.UTC)
    yield web
    served.close()


def _school_ids(session: requests.Session, web: WebThread, **params: str) -> set[str]:
    answer = session.get(f"{web.url}/schools", params={"year": "2021", "format": "json", **params})
    assert answer.status_code == 200, answer.text
    return {r["school_id"] for r in answer.json()["schools"]}


def _mail_of(session: requests.Session, web: WebThread, school: str) -> tuple[str, str]:
    """The key of the school's counted report and the link to its first file, as its page lists them."""
    page = session.get(f"{web.url}/schools/{school}", params={"year": "2021", "format": "json"}).json()
    sent = page["submissions"][0]
    file = sent["attachments"][0]
    return sent["message_key"], f"/files/{sent['message_key']}/{file['index']}/{file['name']}"


def test_a_units_clerk_sees_only_its_units_schools_and_exports(office: WebThread) -> None:
    """The Mỹ An clerk's overview, school table, search and exports held every unit's schools, and
    ?unit=xa-nhi-thanh showed her the other commune's."""
    clerk = login(office, MY_AN_CLERK)
    for asked in ({}, {"unit": OTHER_UNIT}):
        assert _school_ids(clerk, office, **asked) == MY_AN
        overview = clerk.get(f"{office.url}/season/nq121/2021", params={"format": "json", **asked}).json()
        assert overview["unit"]["id"] == "xa-my-an" and overview["counts"]["expected"] == len(MY_AN)
        exported = clerk.get(f"{office.url}/schools", params={"year": "2021", "format": "csv", **asked})
        lines = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))
        assert {line[1] for line in lines[1:]} == MY_AN
        book = clerk.get(f"{office.url}/schools", params={"year": "2021", "format": "xlsx", **asked})
        sheet = openpyxl.load_workbook(io.BytesIO(book.content)).active
        assert sheet is not None and {r[1].value for r in sheet.iter_rows(min_row=2)} == MY_AN
    assert _school_ids(clerk, office, q="Nhị Thành") == set()
    assert _school_ids(clerk, office, q=OTHER_SCHOOL) == set()
    # Her unit is the page's, with no other to choose.
    html = clerk.get(f"{office.url}/season/nq121/2021").text
    assert "— UBND xã Mỹ An</h1>" in html and 'id="unit-filter"' not in html
    assert '<select name="unit">' not in clerk.get(f"{office.url}/schools").text

    office_clerk = login(office, CLERK)
    assert _school_ids(office_clerk, office) > MY_AN | {OTHER_SCHOOL}
    assert _school_ids(office_clerk, office, unit="xa-my-an") == MY_AN
    assert 'id="unit-filter"' in office_clerk.get(f"{office.url}/season/nq121/2021").text


def test_a_units_clerk_cannot_open_another_units_school_mail_or_file(office: WebThread) -> None:
    """The Mỹ An clerk opened a Nhị Thành school's page, its mail and its file by their links (or the
    ids typed), as the office's own clerk does."""
    office_clerk = login(office, CLERK)
    other_key, other_file = _mail_of(office_clerk, office, OTHER_SCHOOL)
    own_key, own_file = _mail_of(office_clerk, office, OWN_SCHOOL)
    nobodys = next(  # a report from a gmail naming no school: no unit's
        i["key"]
        for i in office_clerk.get(f"{office.url}/review", params={"format": "json"}).json()["items"]
        if not i["candidates"]
    )
    clerk = login(office, MY_AN_CLERK)
    for path in (
        f"/schools/{OTHER_SCHOOL}?year=2021",
        f"/schools/{OTHER_SCHOOL}?year=2021&unit={OTHER_UNIT}",
        f"/messages/{other_key}",
        f"/messages/{other_key}/raw",
        other_file,
        f"{other_file}?inline=1",
        f"/messages/{nobodys}",
    ):
        answer = clerk.get(f"{office.url}{path}")
        assert answer.status_code == 404, path
        assert "Không tìm thấy trang hoặc tệp này." in answer.text
        assert other_key not in answer.text and "Mỹ Phú" not in answer.text
    assert clerk.get(f"{office.url}/messages/{other_key}", params={"format": "json"}).status_code == 404

    page = clerk.get(f"{office.url}/schools/{OWN_SCHOOL}", params={"year": "2021"})
    assert page.status_code == 200 and own_key in page.text
    assert clerk.get(f"{office.url}/messages/{own_key}").status_code == 200
    opened = clerk.get(f"{office.url}{own_file}")
    assert opened.status_code == 200 and opened.content

    # The office's clerk still opens any unit's school, mail and file, on any unit's page.
    for path in (f"/schools/{OTHER_SCHOOL}?year=2021&unit=xa-my-an", f"/messages/{other_key}", other_file):
        assert office_clerk.get(f"{office.url}{path}").status_code == 200, path


def test_a_units_clerk_reads_only_its_units_queue_count_outbox_and_audit(own_office: WebThread) -> None:
    """The review queue, the count in the menu, the send log and the audit log of the Mỹ An clerk held
    every unit's mail and changes, the other unit's too when she asked for it by ?unit=."""
    web = own_office
    now = web.clock()

    def mail(kind: MailKind, school: str | None, unit: str | None) -> Outgoing:
        part = school or f"@{unit}"
        key = make_key(kind, "nq121", 2021, part, "bound")
        return Outgoing(kind, "nq121", 2021, school, ("x@example.vn",), (), key, "", None, (), key)

    with Runtime.open(config_mod.load(web.config_path), lambda: now) as rt:
        for school in ("th-my-an", OTHER_SCHOOL):
            decisions.exempt(
                rt.config,
                rt.store,
                report_id="nq121",
                year=2021,
                school_id=school,
                reason="Thử",
                by="t",
                now=now,
            )
        for item in (
            mail(MailKind.REMINDER, "th-my-an", None),
            mail(MailKind.REMINDER, OTHER_SCHOOL, None),
            mail(MailKind.DIGEST, None, "xa-my-an"),
            mail(MailKind.DIGEST, None, OTHER_UNIT),
        ):
            Outbox(rt.store).add(item, b"raw", now)
    office_clerk = login(web, CLERK)
    clerk = login(web, MY_AN_CLERK)

    def keys(session: requests.Session, path: str, field: str, **params: str) -> set[str]:
        answer = session.get(f"{web.url}{path}", params={"format": "json", **params})
        assert answer.status_code == 200, answer.text
        return {e[field] for e in answer.json()["items" if path == "/review" else "entries"]}

    for path, field in (("/review", "key"), ("/outbox", "key"), ("/audit", "id")):
        unit_only = keys(office_clerk, path, field, unit="xa-my-an")
        assert unit_only < keys(office_clerk, path, field), path
        assert keys(clerk, path, field) == unit_only, path
        assert keys(clerk, path, field, unit=OTHER_UNIT) == unit_only, path
    assert keys(clerk, "/audit", "target") >= {"school:th-my-an"}
    assert f"school:{OTHER_SCHOOL}" not in keys(clerk, "/audit", "target")

    waiting = len(keys(office_clerk, "/review", "key", unit="xa-my-an"))
    for path in ("/schools", "/review", f"/review?unit={OTHER_UNIT}", "/outbox"):
        found = re.search(r"Thư chờ xem xét \((\d+)\)</a>", clerk.get(f"{web.url}{path}").text)
        assert found and int(found.group(1)) == waiting, path


def test_a_units_clerk_decides_only_about_its_units_schools(own_office: WebThread) -> None:
    """The Mỹ An clerk extended a Nhị Thành school's deadline from its page; she still decides about her
    own schools."""
    web = own_office
    clerk = login(web, MY_AN_CLERK)
    token = _token(clerk.get(f"{web.url}/schools/{OWN_SCHOOL}", params={"year": "2021"}).text)
    form = {"csrf_token": token, "report": "nq121", "year": "2021", "until": "15/11/2021", "reason": "Lũ"}
    for school in (OTHER_SCHOOL, OWN_SCHOOL):
        answer = clerk.post(
            f"{web.url}/schools/{school}/decisions/extension", data=form, allow_redirects=False
        )
        assert answer.status_code == (404 if school == OTHER_SCHOOL else 302), school
    office_clerk = login(web, CLERK)
    state = {
        school: office_clerk.get(
            f"{web.url}/schools/{school}", params={"year": "2021", "format": "json"}
        ).json()["state"]
        for school in (OTHER_SCHOOL, OWN_SCHOOL)
    }
    assert state[OTHER_SCHOOL]["extended_until"] is None
    assert state[OWN_SCHOOL]["extended_until"] is not None


def test_a_units_clerks_extension_for_every_school_reaches_only_its_units(own_office: WebThread) -> None:
    """«Gia hạn chung» of the Mỹ An clerk, sent for ?unit=xa-nhi-thanh or for no unit, moved the deadline
    of every school of the office."""
    web = own_office
    clerk = login(web, MY_AN_CLERK)
    token = _token(clerk.get(f"{web.url}/season/nq121/2021").text)
    form = {"csrf_token": token, "until": "15/11/2021", "reason": "Lũ lụt"}
    for query in ("", f"?unit={OTHER_UNIT}"):
        answer = clerk.post(
            f"{web.url}/season/nq121/2021/extensions{query}", data=form, allow_redirects=False
        )
        assert answer.status_code == 302
    office_clerk = login(web, CLERK)
    rows = office_clerk.get(f"{web.url}/schools", params={"year": "2021", "format": "json"}).json()["schools"]
    extended = {r["school_id"] for r in rows if r["extended_until"]}
    assert extended and extended <= MY_AN


def test_a_units_clerk_cannot_withdraw_the_offices_deadline_move(own_office: WebThread) -> None:
    """The office moved the deadline for every school; the Mỹ An clerk's «Bỏ gia hạn chung» withdrew it for
    her schools, her page never having said it was the office's, and the office's overview then said no
    more that the deadline had moved, though the other unit's schools kept the later day."""
    web = own_office
    office_clerk = login(web, CLERK)
    token = _token(office_clerk.get(f"{web.url}/season/nq121/2021").text)
    form = {"csrf_token": token, "until": "15/11/2021", "reason": "Lũ lụt"}
    assert office_clerk.post(f"{web.url}/season/nq121/2021/extensions", data=form).status_code == 200

    clerk = login(web, MY_AN_CLERK)
    token = _token(clerk.get(f"{web.url}/season/nq121/2021").text)
    undo = {"csrf_token": token, "until": "15/11/2021", "undo": "1"}
    said = _text(clerk.post(f"{web.url}/season/nq121/2021/extensions", data=undo).text)
    assert (
        f"Chưa ghi được: gia hạn đến hết ngày 15/11/2021 của {len(MY_AN)} trường là quyết định của "
        "Phòng GD&ĐT Thủ Thừa, do Lê Thị Thu (vanthu) ghi lúc 03/11/2021 09:00"
    ) in said
    assert "tài khoản của UBND xã Mỹ An không bỏ được, nhờ Phòng GD&ĐT Thủ Thừa bỏ nếu cần." in said
    assert "đã lùi cho mọi trường đến hết ngày 15/11/2021 — gia hạn của Phòng GD&ĐT Thủ Thừa" in said
    rows = office_clerk.get(f"{web.url}/schools", params={"year": "2021", "format": "json"}).json()["schools"]
    owing = [r for r in rows if r["status"] != "exempt"]
    assert all(r["extended_until"] for r in owing)

    # Withdrawn by the office for one unit, the other unit's schools keep the move, and the overview says so.
    token = _token(office_clerk.get(f"{web.url}/season/nq121/2021").text)
    undo["csrf_token"] = token
    office_clerk.post(f"{web.url}/season/nq121/2021/extensions?unit=xa-my-an", data=undo)
    overview = _text(office_clerk.get(f"{web.url}/season/nq121/2021").text)
    kept = len([r for r in owing if r["school_id"] not in MY_AN])
    assert f"đã lùi đến hết ngày 15/11/2021 cho {kept}/{len(owing)} trường — gia hạn của" in overview


def _text(page: str) -> str:
    """What a person reads of a page: its text without the tags."""
    return html.unescape(re.sub(r"<[^>]+>", "", page))


def test_a_moved_schools_page_says_who_collects_it_in_the_season_it_cannot_link_to(
    moved_office: WebThread,
) -> None:
    """THCS Mỹ An moved to another unit for 2022: its 2021 page offered the Mỹ An clerk the «NQ121 2022» link,
    which answered 404 «Không tìm thấy trang hoặc tệp này»."""
    web = moved_office
    clerk = login(web, MY_AN_CLERK)
    page = clerk.get(f"{web.url}/schools/{OWN_SCHOOL}", params={"year": "2021"}).text
    tabs = re.search(r'<p class="muted tabs">(.*?)</p>', page, re.S)
    assert tabs is not None
    links = re.findall(r'href="([^"]+)"', tabs.group(1))
    assert links and all(clerk.get(web.url + html.unescape(link)).status_code == 200 for link in links)
    assert "NQ121 2022: từ 01/01/2022 trường do UBND xã Nhị Thành thu báo cáo" in _text(tabs.group(1))


def test_a_units_clerks_tab_titles_name_her_unit(office: WebThread) -> None:
    """The Mỹ An clerk's tab titles (bookmarks, history) named the office, while each page's banner named
    her commune."""
    clerk = login(office, MY_AN_CLERK)
    for path in ("/", "/schools", "/review", f"/schools/{OWN_SCHOOL}?year=2021"):
        title = re.search(r"<title>(.*?)</title>", clerk.get(office.url + path).text)
        assert title is not None and title.group(1).endswith(" · UBND xã Mỹ An"), (path, title)


def test_a_units_clerks_table_filters_offer_only_her_schools_communes_and_levels(office: WebThread) -> None:
    """The Mỹ An clerk's «Xã, thị trấn» and «Cấp học» lists held every unit's communes and levels: choosing
    another unit's commune showed «0/3 trường»."""
    clerk = login(office, MY_AN_CLERK)
    table = clerk.get(f"{office.url}/schools", params={"year": "2021", "format": "json"}).json()
    assert table["communes"] == ["Mỹ An"]
    assert set(table["levels"]) == {s["level"] for s in table["schools"]}
    other = clerk.get(f"{office.url}/schools", params={"year": "2021", "commune": "Nhị Thành"})
    assert other.status_code == 400 and "Chọn một trong: Mỹ An." in _text(other.text)
    every = (
        login(office, CLERK).get(f"{office.url}/schools", params={"year": "2021", "format": "json"}).json()
    )
    assert "Nhị Thành" in every["communes"]


def test_a_units_clerk_is_offered_for_mail_only_the_schools_her_unit_collected_when_it_came(
    moved_office: WebThread,
) -> None:
    """THCS Mỹ Phú joined Mỹ An on 1/1/2022: the assign list of a mail of October 2021 offered it to the Mỹ
    An clerk, and giving the mail to it was refused «không thuộc UBND xã Mỹ An» without saying why."""
    web = moved_office
    clerk = login(web, MY_AN_CLERK)
    items = clerk.get(f"{web.url}/review", params={"format": "json"}).json()["items"]
    mine = next(i["key"] for i in items if [c["id"] for c in i["candidates"]] == ["th-my-an"])
    page = clerk.get(f"{web.url}/review").text
    item = re.search(rf'id="item-{mine}".*?data-only="([^"]*)"', page, re.S)
    assert item is not None
    offered = set(item.group(1).split())
    assert OWN_SCHOOL in offered and OTHER_SCHOOL not in offered

    given = clerk.post(
        f"{web.url}/messages/{mine}/assign",
        data={"csrf_token": _token(page), "school_id": OTHER_SCHOOL, "next": "/review"},
    )
    assert (
        "Chưa gán được: Trường THCS Mỹ Phú không thuộc UBND xã Mỹ An, đơn vị của tài khoản này: ngày thư đến "
    ) in _text(given.text)
    assert "trường do UBND xã Nhị Thành thu báo cáo." in _text(given.text)


def test_the_menu_keeps_the_season_chosen(moved_office: WebThread) -> None:
    """Looking at 2021 in the 2022 season, the menu's «Tổng quan» and «Các trường» led to 2022: the unit
    chosen was kept, the season not."""
    web = moved_office
    office_clerk = login(web, CLERK)
    for path in ("/season/nq121/2021?unit=xa-my-an", "/schools?year=2021&unit=xa-my-an"):
        menu = re.search(r"<nav>(.*?)</nav>", office_clerk.get(web.url + path).text, re.S)
        assert menu is not None
        for item in ("Tổng quan", "Các trường"):
            link = re.search(rf'<a href="([^"]+)"[^>]*>{item}</a>', menu.group(1))
            assert link is not None
            shown = office_clerk.get(web.url + html.unescape(link.group(1))).text
            heading = re.search(r"<h1>(.*?)</h1>", shown, re.S)
            assert heading is not None and "năm 2021 — UBND xã Mỹ An" in heading.group(1), (path, item)


def test_a_units_table_does_not_repeat_its_unit_and_the_offices_missing_list_names_each(
    office: WebThread,
) -> None:
    """The Mỹ An clerk's table said «UBND xã Mỹ An» in every row, while the office's «Chưa nộp» list of
    every unit did not say whose each school was."""
    clerk = login(office, MY_AN_CLERK)
    assert '<td class="unit">' not in clerk.get(f"{office.url}/schools", params={"year": "2021"}).text
    office_clerk = login(office, CLERK)
    assert '<td class="unit">' in office_clerk.get(f"{office.url}/schools", params={"year": "2021"}).text
    overview = office_clerk.get(f"{office.url}/season/nq121/2021").text
    missing = re.search(r'<section[^>]*id="missing".*?</section>', overview, re.S)
    assert missing is not None
    rows = re.findall(r"<tr><td>(.*?)</td>", missing.group(0), re.S)
    assert rows and all('<span class="note unit">(đơn vị: UBND xã ' in row for row in rows)


def test_a_units_clerk_is_offered_no_other_units_school_among_a_mails_candidates(
    crossed_office: WebThread,
) -> None:
    """Mỹ An's address sent Tiểu học Mỹ Phú's report, waiting for staff between the two schools: the Mỹ An
    clerk's queue and the mail's page offered «Gán cho Trường Tiểu học Mỹ Phú», a Nhị Thành school, and
    listed it to choose, and a click on it was refused. She is offered her own unit's school alone."""
    web = crossed_office
    clerk = login(web, MY_AN_CLERK)
    items = clerk.get(f"{web.url}/review", params={"format": "json"}).json()["items"]
    [item] = [i for i in items if i["sender"] == "c1myan.thuthua@example.edu.vn" and len(i["candidates"]) > 1]
    assert {c["id"] for c in item["candidates"]} == {"th-my-an", "th-my-phu"}
    for url in (f"{web.url}/review", f"{web.url}/messages/{item['key']}"):
        page = clerk.get(url).text
        found = re.search(rf'id="item-{item["key"]}".*?(<div class="actions".*?</select>)', page, re.S)
        assert found is not None, url
        actions = found.group(1)
        assert "Gán cho Trường Tiểu học Mỹ An" in actions
        assert "Trường Tiểu học Mỹ Phú" not in actions and '"th-my-phu"' not in actions
    office = login(web, CLERK).get(f"{web.url}/messages/{item['key']}").text
    assert "Gán cho Trường Tiểu học Mỹ Phú" in office and "Gán cho Trường Tiểu học Mỹ An" in office


def test_a_units_clerk_gives_mail_only_to_its_units_schools(own_office: WebThread) -> None:
    """The Mỹ An clerk could assign her unit's mail to a Nhị Thành school, and take out the mail of no
    unit that the office's own clerk decides about."""
    web = own_office
    office_clerk = login(web, CLERK)
    items = office_clerk.get(f"{web.url}/review", params={"format": "json"}).json()["items"]
    mine = next(i["key"] for i in items if [c["id"] for c in i["candidates"]] == ["th-my-an"])
    nobodys = next(i["key"] for i in items if not i["candidates"])
    clerk = login(web, MY_AN_CLERK)
    token = _token(clerk.get(f"{web.url}/messages/{mine}").text)

    given = clerk.post(
        f"{web.url}/messages/{mine}/assign",
        data={"csrf_token": token, "school_id": OTHER_SCHOOL, "year": "2021", "next": "/review"},
    )
    assert given.status_code == 200
    assert "Chưa gán được: Trường THCS Mỹ Phú không thuộc UBND xã Mỹ An" in given.text
    taken = clerk.post(f"{web.url}/messages/{nobodys}/reject", data={"csrf_token": token, "why": "Thư rác"})
    assert taken.status_code == 404
    after = {
        i["key"] for i in office_clerk.get(f"{web.url}/review", params={"format": "json"}).json()["items"]
    }
    assert {mine, nobodys} <= after
    subs = office_clerk.get(f"{web.url}/messages/{mine}", params={"format": "json"}).json()["submissions"]
    assert OTHER_SCHOOL not in {s["school_id"] for s in subs}

    given = clerk.post(
        f"{web.url}/messages/{mine}/assign",
        data={"csrf_token": token, "school_id": "thcs-my-an", "year": "2021", "next": "/review"},
    )
    assert given.status_code == 200 and "Đã gán thư cho Trường THCS Mỹ An" in given.text


def test_a_units_clerk_is_offered_only_its_units_schools_to_give_mail_to(office: WebThread) -> None:
    """The assign form's list of schools offered the Mỹ An clerk every school of the province, Nhị Thành's
    among them, though giving mail to one is refused: she picked, then read «không thuộc UBND xã Mỹ An»."""

    def offered(session: requests.Session) -> set[str]:
        page = session.get(f"{web.url}/review").text
        listed = re.search(r'<datalist id="school-list">(.*?)</datalist>', page, re.S)
        assert listed is not None, page
        return set(re.findall(r'<option value="([^"]+)"', listed.group(1)))

    web = office
    mine, every = offered(login(web, MY_AN_CLERK)), offered(login(web, CLERK))
    assert OWN_SCHOOL in mine and "th-my-an" in mine
    assert OTHER_SCHOOL not in mine and OTHER_SCHOOL in every
    assert mine < every


def _no_school_named(sender: str) -> bytes:
    """«Em gửi báo cáo ạ» from sender with nothing attached and no report named: read as no report."""
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = sender, "pgdthuthua@example.edu.vn", "Báo cáo"
    msg["Date"] = format_datetime(dt.datetime(2021, 10, 21, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7))))
    msg["Message-ID"] = f"<em-gui.{sender}>"
    msg.set_content("Em gửi báo cáo ạ")
    return msg.as_bytes()


@pytest.fixture
def no_school_named(tmp_path: Path) -> Iterator[WebThread]:
    """The bound office with «Em gửi báo cáo ạ» imported from THCS Mỹ An's address (of xã Mỹ An) and THCS
    Mỹ Phú's (of Nhị Thành)."""
    more = {
        "own.eml": _no_school_named("c2myan.thuthua@example.edu.vn"),
        "other.eml": _no_school_named("c2myphu.thuthua@example.edu.vn"),
    }
    yield from _bound_office(tmp_path / "bound", more)


def test_a_units_clerk_opens_the_other_mail_her_schools_page_lists(no_school_named: WebThread) -> None:
    """THCS Mỹ An wrote «Em gửi báo cáo ạ» from its registered address to the office's mailbox, which both
    units share. Its page listed the mail among the school's «thư khác» for the Mỹ An clerk, whose link
    answered «Không tìm thấy»: naming no school, from no unit's mailbox, the mail was no unit's. Mail from
    an address of one school is the unit's that collects the school; another unit's school's is not hers."""
    web = no_school_named
    clerk, office_clerk = login(web, MY_AN_CLERK), login(web, CLERK)

    def other_mail(session: requests.Session, school: str) -> list[str]:
        page = session.get(f"{web.url}/schools/{school}", params={"year": "2021", "format": "json"}).json()
        return [m["key"] for m in page["other_mail"] if m["subject"] == "Báo cáo"]

    [own] = other_mail(clerk, OWN_SCHOOL)
    [other] = other_mail(office_clerk, OTHER_SCHOOL)
    opened = clerk.get(f"{web.url}/messages/{own}")
    assert opened.status_code == 200 and "Em gửi báo cáo ạ" in opened.text
    assert clerk.get(f"{web.url}/messages/{own}/raw").status_code == 200
    assert clerk.get(f"{web.url}/messages/{other}").status_code == 404
    assert office_clerk.get(f"{web.url}/messages/{other}").status_code == 200


def test_a_units_clerk_forgets_only_her_units_schools_learned_addresses(own_office: WebThread) -> None:
    """The school's page lets a clerk forget an address learned for it: the Mỹ An clerk may not forget
    one of a Nhị Thành school, whatever she posts."""
    web = own_office
    office_clerk = login(web, CLERK)
    key, _ = _mail_of(office_clerk, web, OTHER_SCHOOL)
    with Runtime.open(config_mod.load(web.config_path)) as rt:
        rt.store.learn_address("hieutruong.myphu@gmail.com", OTHER_SCHOOL, key, dt.datetime.now(dt.UTC))
    clerk = login(web, MY_AN_CLERK)
    token = _token(clerk.get(f"{web.url}/schools/{OWN_SCHOOL}", params={"year": "2021"}).text)
    form = {"csrf_token": token, "report": "nq121", "year": "2021", "email": "hieutruong.myphu@gmail.com"}

    answer = clerk.post(
        f"{web.url}/schools/{OTHER_SCHOOL}/addresses/forget",
        data={**form, "confirm": "1"},
        allow_redirects=False,
    )

    assert answer.status_code == 404
    page = office_clerk.get(
        f"{web.url}/schools/{OTHER_SCHOOL}", params={"year": "2021", "format": "json"}
    ).json()
    assert [(a["email"], a["active"]) for a in page["addresses"]] == [("hieutruong.myphu@gmail.com", True)]
