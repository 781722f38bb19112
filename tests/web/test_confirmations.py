"""What the page says after a clerk's decision: every warning the command line prints for the same
decision, in the same words, with the page's own buttons and fields where the command line names a
command."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path

import pytest
import requests

from samples.documents import render_text
from samples.papers import make_paper
from tests.intake.conftest import HCM
from tests.web.conftest import CLERK, UNREADABLE_SCHOOL, WebThread, _serve, cli, make_district
from tests.web.test_security import _token, login

GMAIL = "cogiao.longthanh@gmail.com"  # sends for MG Long Thành, and then for MG Long Thạnh


@pytest.fixture
def office(tmp_path: Path) -> Iterator[WebThread]:
    """A copy of the districts' season served on its own: what a test here decides reaches no other."""
    yield from _serve(make_district(tmp_path / "district"))


def _import(web: WebThread, folder: Path, mails: dict[str, bytes]) -> None:
    folder.mkdir()
    for name, raw in mails.items():
        (folder / name).write_bytes(raw)
    cli(web.config_path, "import", str(folder))


def _mail(sender: str, subject: str, day: int, text: str) -> bytes:
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = sender, "pgdthuthua@example.edu.vn", subject
    msg["Date"], msg["Message-ID"] = f"{day} Oct 2021 09:00:00 +0700", f"<{day}.{sender}>"
    msg.set_content(text)
    return msg.as_bytes()


def _unnamed_report(school: str, day: int, seed: int) -> bytes:
    """A report from GMAIL whose paper names no school: it waits for a clerk to choose the school."""
    paper = make_paper(school, year=2021, rng=random.Random(seed), named=False)
    return _mail(GMAIL, "Báo cáo NQ121", day, render_text(paper))


def _key(web: WebThread, clerk: requests.Session, sender: str, day: int) -> str:
    """The message waiting for staff that sender wrote on that day of October 2021."""
    items = clerk.get(f"{web.url}/review", params={"format": "json"}).json()["items"]
    return next(
        i["key"]
        for i in items
        if i["kind"] == "review"
        and i["sender"] == sender
        and dt.datetime.fromisoformat(i["received_at"]).astimezone(HCM).day == day
    )


def _post(web: WebThread, clerk: requests.Session, path: str, **form: str) -> str:
    """A decision sent from the review queue, as its plain form sends it; the page it comes back to."""
    token = _token(clerk.get(f"{web.url}/review").text)
    answer = clerk.post(f"{web.url}{path}", data={"csrf_token": token, "next": "/review", **form})
    assert answer.status_code == 200, answer.text
    return answer.text


def test_assigning_a_note_without_a_report_warns_as_the_command_line_does(
    office: WebThread, tmp_path: Path
) -> None:
    """A clerk assigned Mỹ An's note «đã gửi báo cáo qua Zalo» to the school: `baocao assign` warns
    that the note itself now counts as the report, the page said only «Đã gán thư…»."""
    note = "Dạ trường em đã gửi báo cáo NQ121 qua Zalo cho chị Hạnh rồi ạ."
    _import(office, tmp_path / "note", {"zalo.eml": _mail("c1myan.thuthua@example.edu.vn", "BC", 20, note)})
    clerk = login(office, CLERK)
    key = _key(office, clerk, "c1myan.thuthua@example.edu.vn", 20)

    shown = _post(office, clerk, f"/messages/{key}/assign", school_id="th-my-an")
    assert (
        "Lưu ý: thư không kèm báo cáo; gán thư cho trường là tính chính thư này là báo cáo của Trường Tiểu "
        "học Mỹ An. Nếu Văn thư đã nhận bản giấy thì ghi nhận bản giấy (trên trang của trường, mục «Bản giấy "
        "gửi Văn thư»); nếu không tính thư này là báo cáo thì loại thư (nút «Không phải báo cáo»"
    ) in shown
    assert "baocao " not in shown


def test_assigning_a_request_for_more_time_taken_off_the_queue_first_warns_all_the_same(
    office: WebThread, tmp_path: Path
) -> None:
    """Nhị Thành asked for more time; the clerk granted it and took the mail off the queue («Không phải báo
    cáo»), as the page advises, then assigned it to the school from its message page («Gán lại»). Assigned
    straight from the queue, the page warns that the request itself now counts as the report; assigned
    after it had been taken off the queue, it counted with no warning at all."""
    asked = (
        "Do hiệu trưởng đi tập huấn, trường Tiểu học Nhị Thành xin gia hạn nộp báo cáo NQ121 đến 30/10/2021."
    )
    sender = "c1nhithanh.thuthua@example.edu.vn"
    _import(office, tmp_path / "note", {"later.eml": _mail(sender, "Xin gia hạn", 20, asked)})
    clerk = login(office, CLERK)
    key = _key(office, clerk, sender, 20)
    _post(office, clerk, f"/messages/{key}/reject")

    shown = _post(office, clerk, f"/messages/{key}/assign", school_id="th-nhi-thanh")
    assert (
        "Lưu ý: thư không kèm báo cáo; gán thư cho trường là tính chính thư này là báo cáo của Trường Tiểu "
        "học Nhị Thành."
    ) in shown


def test_assigning_mail_from_an_address_learned_for_another_school_says_what_became_of_it(
    office: WebThread, tmp_path: Path
) -> None:
    """A gmail's report assigned to MG Long Thành taught the address; reassigned to MG Long Thạnh, the
    address moved (the command line says «trước đây gắn với …»); a second mail from it assigned to MG
    Long Thành made the address shared by two schools, so it names neither any more: the command line
    said so, the page said only «Đã gán thư…»."""
    _import(
        office,
        tmp_path / "gmail",
        {
            "1.eml": _unnamed_report("Trường Mẫu giáo Long Thành", 18, 1),
            "2.eml": _unnamed_report("Trường Mẫu giáo Long Thạnh", 19, 2),
        },
    )
    clerk = login(office, CLERK)
    first, second = _key(office, clerk, GMAIL, 18), _key(office, clerk, GMAIL, 19)

    learned = _post(office, clerk, f"/messages/{first}/assign", school_id="mg-long-thanh-tl")
    assert (
        f"Đã ghi nhớ địa chỉ {GMAIL} cho Trường Mẫu giáo Long Thành; thư sau từ địa chỉ này sẽ được tự động "
        "nhận ra là của trường."
    ) in learned
    moved = _post(office, clerk, f"/messages/{first}/assign", school_id="mg-long-thanh")
    assert (
        f"Đã ghi nhớ địa chỉ {GMAIL} cho Trường Mẫu giáo Long Thạnh (trước đây gắn với Trường Mẫu giáo Long Thành)"
        in moved
    )
    shared = _post(office, clerk, f"/messages/{second}/assign", school_id="mg-long-thanh-tl")
    assert (
        "Địa chỉ gửi thư này cũng đã gửi thư của Trường Mẫu giáo Long Thạnh. Địa chỉ dùng chung cho hai trường "
        "nên không được dùng để tự nhận ra trường"
    ) in shared
    assert "baocao " not in learned + moved + shared


def test_assigning_a_mail_whose_file_could_not_be_read_warns_that_nothing_was_read(office: WebThread) -> None:
    """Mỹ An's report, a PDF cut off in transfer, offered «Gán cho Trường Tiểu học Mỹ An» in the queue:
    clicked, the school was «Đã nộp» with no file, and neither the page nor `baocao assign` said that
    nothing of it could be read. Both say so now, in the same words."""
    clerk = login(office, CLERK)
    items = clerk.get(f"{office.url}/review", params={"format": "json"}).json()["items"]
    unread = {i["candidates"][0]["id"]: i["key"] for i in items if i["kind"] == "unreadable"}
    warning = "Lưu ý: không đọc được tệp báo cáo của thư: "
    counted = (
        "nay được tính là đã nộp báo cáo, nhưng không có phần nội dung hay số liệu nào được đọc từ thư này."
    )

    shown = _post(office, clerk, f"/messages/{unread[UNREADABLE_SCHOOL]}/assign", school_id=UNREADABLE_SCHOOL)
    assert warning in shown and f"Trường Tiểu học Mỹ An {counted}" in shown
    printed = cli(office.config_path, "assign", unread["mg-my-an"][:12], "mg-my-an")
    assert warning in printed and f"Trường Mẫu giáo Mỹ An {counted}" in printed


def test_the_page_names_no_command_when_a_decision_moves_a_report_or_is_refused_for_its_year(
    office: WebThread,
) -> None:
    """The page told a clerk «(xem lại bằng baocao history)» after rejecting or reassigning a school's
    report, «Kiểm tra lại --year.» when an assignment's year had not begun, and «kiểm tra lại --year»
    when a decision was asked for a year far ahead: command lines a clerk on the page does not use."""
    clerk = login(office, CLERK)
    where = {"year": "2021", "format": "json"}
    page = clerk.get(f"{office.url}/schools/th-binh-an", params=where).json()
    key = page["submissions"][0]["message_key"]

    too_late = _post(office, clerk, f"/messages/{key}/assign", school_id="th-binh-an", year="2023")
    assert "Chưa gán được" in too_late and "chưa bắt đầu khi thư đến" in too_late
    moved = _post(office, clerk, f"/messages/{key}/assign", school_id="thcs-binh-an")
    assert "Lưu ý: thư này trước đây được tính là báo cáo của Trường Tiểu học Bình An" in moved
    assert "(trên trang của trường, mục «Các lần gửi»)" in moved
    rejected = _post(office, clerk, f"/messages/{key}/reject")
    assert "Lưu ý: thư này trước đây được tính là báo cáo của Trường THCS Bình An" in rejected

    token = _token(clerk.get(f"{office.url}/review").text)
    far = clerk.post(
        f"{office.url}/schools/th-my-lac/decisions/exemption",
        data={"csrf_token": token, "report": "nq121", "year": "2030", "reason": "Trường đã sáp nhập"},
    )
    assert "Chưa ghi được: năm 2030 còn xa" in far.text
    for shown in (too_late, moved, rejected, far.text):
        assert "baocao " not in shown and "--year" not in shown


def test_exempting_a_school_whose_report_counts_says_the_report_no_longer_counts(office: WebThread) -> None:
    """Bình An, which had sent its report, was exempted on its page and with `baocao exempt`: both said
    only that the exemption was recorded, and the report silently left the counts and the summary."""
    clerk = login(office, CLERK)
    where = {"year": "2021", "format": "json"}
    received = {
        school: clerk.get(f"{office.url}/schools/{school}", params=where).json()["submissions"][0][
            "received_at"
        ]
        for school in ("th-binh-an", "th-my-lac")
    }
    token = _token(clerk.get(f"{office.url}/review").text)
    shown = clerk.post(
        f"{office.url}/schools/th-binh-an/decisions/exemption",
        data={"csrf_token": token, "report": "nq121", "year": "2021", "reason": "Trường đã sáp nhập"},
    ).text
    day = dt.datetime.fromisoformat(received["th-binh-an"]).astimezone(HCM).strftime("%d/%m/%Y")
    assert "Đã ghi trường được miễn nộp năm nay." in shown
    assert (
        f"Lưu ý: Trường Tiểu học Bình An đã gửi báo cáo NQ121 năm 2021, nhận ngày {day}; miễn nộp thì báo cáo "
        "đó không còn được tính"
    ) in shown

    printed = cli(
        office.config_path, "exempt", "th-my-lac", "--year", "2021", "--reason", "Trường đã sáp nhập"
    )
    day = dt.datetime.fromisoformat(received["th-my-lac"]).astimezone(HCM).strftime("%d/%m/%Y")
    assert f"Lưu ý: Trường Tiểu học Mỹ Lạc đã gửi báo cáo NQ121 năm 2021, nhận ngày {day};" in printed

    none_sent = cli(office.config_path, "exempt", "th-thi-tran", "--year", "2021", "--reason", "Sáp nhập")
    assert "Lưu ý" not in none_sent


def test_the_school_search_finds_an_address_staff_taught(office: WebThread, tmp_path: Path) -> None:
    """A clerk holding a mail from a principal's gmail, which staff had assigned to MG Long Thành, typed
    the address in the school table's search box: nothing was found, as only the addresses of the config
    were searched. An address taught is searched as the school's own."""
    _import(office, tmp_path / "gmail", {"lt.eml": _unnamed_report("Trường Mẫu giáo Long Thành", 20, 3)})
    clerk = login(office, CLERK)

    def found() -> list[str]:
        params = {"report": "nq121", "year": "2021", "q": GMAIL, "format": "json"}
        return [r["school_id"] for r in clerk.get(f"{office.url}/schools", params=params).json()["schools"]]

    assert found() == []
    _post(office, clerk, f"/messages/{_key(office, clerk, GMAIL, 20)}/assign", school_id="mg-long-thanh-tl")
    assert found() == ["mg-long-thanh-tl"]
