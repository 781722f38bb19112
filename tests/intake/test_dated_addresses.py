"""A principal's gmail staff taught baocao, forgotten later: mail read from the real IMAP server, staff
deciding on the command line and on the school's page (Flask's test client), on a clock the test moves.
A season closed before the address was forgotten keeps the reports it credited; the running one is read
again; only staff saying the address was learned by mistake read every season again."""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from flask.testing import FlaskClient

from app.cli import main
from app.web.server import create_app
from intake.imap import Mailbox
from intake.poller import poll_once
from kernel import config as config_mod
from kernel.runtime import Runtime
from kernel.store import MessageState
from samples.documents import render_text
from samples.papers import make_paper
from tests.intake.conftest import write_config
from tests.scheduler.conftest import Clock, local
from tests.servers import Dovecot

OFFICE = "pgdthuthua@example.edu.vn"
PRINCIPAL = "hieutruong.myan@gmail.com"  # taught for Tiểu học Mỹ An in 2021
CLERK = "ketoan.myphu@gmail.com"  # taught for Tiểu học Mỹ Phú in 2022
_numbers = itertools.count(1)


@dataclass
class Office:
    dovecot: Dovecot
    folder: str
    config_path: Path
    clock: Clock

    def unnamed(self, when: dt.datetime, sender: str, school: str) -> str:
        """A school's report pasted into the mail, its header cropped (it names no school), delivered at
        when and read by intake: its Message-ID."""
        paper = make_paper(school, year=when.year, rng=random.Random(next(_numbers)), named=False)
        msg = EmailMessage()
        msg["From"], msg["To"], msg["Subject"] = sender, OFFICE, "Báo cáo NQ121"
        msg["Date"] = format_datetime(when)
        message_id = f"d{next(_numbers)}.{when:%Y%m%d%H%M}@gmail.com"
        msg["Message-ID"] = f"<{message_id}>"
        msg.set_content(render_text(paper))
        self.clock.now = when
        self.dovecot.append([(msg.as_bytes(), when)], self.folder)
        config = config_mod.load(self.config_path)
        assert config.imap is not None
        with Runtime.open(config, self.clock) as rt:
            poll_once(rt, functools.partial(Mailbox, config.imap))
        return message_id

    def cli(self, *args: str) -> str:
        out = CliRunner().invoke(main, ["--config", str(self.config_path), *args], obj=self.clock)
        assert out.exit_code == 0, out.output
        return " ".join(out.output.split())

    def credited(self, message_id: str) -> list[tuple[str, int]]:
        """The schools and seasons the mail counts for."""
        with Runtime.open(config_mod.load(self.config_path), self.clock) as rt:
            [row] = [m for m in rt.store.messages() if m.message_id == message_id]
            return [(s.school_id, s.year) for s in rt.store.submissions(message_keys=[row.key])]

    def state(self, message_id: str) -> MessageState:
        with Runtime.open(config_mod.load(self.config_path), self.clock) as rt:
            [row] = [m for m in rt.store.messages() if m.message_id == message_id]
            return row.state

    def key(self, message_id: str) -> str:
        with Runtime.open(config_mod.load(self.config_path), self.clock) as rt:
            [row] = [m for m in rt.store.messages() if m.message_id == message_id]
            return row.key

    def clerk(self) -> FlaskClient:
        """The office's page, a clerk signed in."""
        CliRunner().invoke(
            main,
            [
                "--config",
                str(self.config_path),
                "user",
                "add",
                "vanthu",
                "--role",
                "clerk",
                "--password-stdin",
            ],
            input="mat-khau-van-thu",
            obj=self.clock,
        )
        client = create_app(config_mod.load(self.config_path), self.clock).test_client()
        signed = {
            "csrf_token": _token(client.get("/login")),
            "username": "vanthu",
            "password": "mat-khau-van-thu",
        }
        assert client.post("/login", data=signed).status_code == 302
        return client


def _token(page: object) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', page.get_data(as_text=True))  # type: ignore[attr-defined]
    assert found is not None
    return found.group(1)


@pytest.fixture
def office(tmp_path: Path, dovecot: Dovecot, folder: str) -> Iterator[Office]:
    path = write_config(tmp_path / "config.toml", dovecot, folder)
    yield Office(dovecot, folder, path, Clock(local("2021-10-01 00:00")))


def _taught(office: Office, sender: str, school: tuple[str, str], day: str) -> tuple[str, str]:
    """Staff assign the sender's first unnamed report to the school (teaching baocao the address), and its
    second is credited on the address alone: the two Message-IDs."""
    first = office.unnamed(local(f"{day} 08:00"), sender, school[1])
    assert office.state(first) == MessageState.REVIEW
    office.clock.now = local(f"{day} 10:00")
    assert f"Đã ghi nhớ địa chỉ {sender}" in office.cli("assign", office.key(first)[:12], school[0])
    second = office.unnamed(local(f"{day} 15:00"), sender, school[1])
    assert office.credited(second) == [(school[0], int(day[:4]))]
    return first, second


MY_AN = ("th-my-an", "Trường Tiểu học Mỹ An")
MY_PHU = ("th-my-phu", "Trường Tiểu học Mỹ Phú")


def test_forgetting_an_address_keeps_the_reports_of_closed_seasons_it_credited(office: Office) -> None:
    """Forgetting in December 2022 the gmail taught for Mỹ An in 2021 read its 2021 report again and took
    it from Mỹ An, a season closed a year before; the 2022 report of an address forgotten while the 2022
    season still ran is read again as before, and so is the 2021 one once staff say it was a mistake."""
    _, old = _taught(office, PRINCIPAL, MY_AN, "2021-10-18")
    _, running = _taught(office, CLERK, MY_PHU, "2022-10-10")
    office.clock.now = local("2022-12-01 09:00")  # 2021 closed on 24/12/2021; 2022 runs to 24/12/2022

    said = office.cli("addresses", "--forget", PRINCIPAL)

    assert f"Đã gỡ địa chỉ {PRINCIPAL} khỏi Trường Tiểu học Mỹ An" in said
    assert (
        "Thư của các đợt báo cáo đã khép lại, nhận trong lúc địa chỉ còn được ghi nhớ, vẫn được tính" in said
    )
    assert office.credited(old) == [("th-my-an", 2021)]
    office.cli("addresses", "--forget", CLERK)
    assert office.credited(running) == [] and office.state(running) == MessageState.REVIEW

    office.cli("reprocess")

    assert office.credited(old) == [("th-my-an", 2021)]
    assert office.credited(running) == []
    later = office.unnamed(local("2022-12-02 08:00"), PRINCIPAL, MY_AN[1])  # after it was forgotten
    assert office.state(later) == MessageState.REVIEW

    again = office.cli("addresses", "--forget", PRINCIPAL, "--all-seasons")

    assert (
        f"({office.key(old)[:12]}) cũng gửi từ địa chỉ này, trước đây được tính cho Trường Tiểu học Mỹ An"
        in again
    )
    assert office.credited(old) == []
    office.cli("reprocess")
    assert office.credited(old) == []


def test_moving_an_address_to_a_principals_new_school_keeps_her_old_schools_closed_season(
    office: Office,
) -> None:
    """The principal taught for Mỹ An in 2021 moved to Mỹ Phú; staff assigned her 2022 report to Mỹ Phú,
    and the address moved with her, taking Mỹ An's 2021 report, credited on it, from Mỹ An."""
    _, old = _taught(office, PRINCIPAL, MY_AN, "2021-10-18")
    moved = office.unnamed(local("2022-10-12 08:00"), PRINCIPAL, MY_PHU[1])
    assert office.state(moved) == MessageState.REVIEW  # the 2021 address only hints at Mỹ An in 2022
    office.clock.now = local("2022-10-12 10:00")

    said = office.cli("assign", office.key(moved)[:12], "th-my-phu")

    assert "(trước đây gắn với Trường Tiểu học Mỹ An)" in said
    assert office.credited(old) == [("th-my-an", 2021)]
    office.cli("reprocess")
    assert office.credited(old) == [("th-my-an", 2021)]
    assert office.credited(moved) == [("th-my-phu", 2022)]


def test_a_clerk_forgets_a_schools_address_on_its_page(office: Office) -> None:
    """The school's page did not show the addresses baocao learned for it, nor let staff forget one: a
    clerk had to find the command. It lists each with when and from which mail it was learned; forgetting
    asks a confirmation, keeps the closed season, and is written in the audit log as the command writes it."""
    first, old = _taught(office, PRINCIPAL, MY_AN, "2021-10-18")
    office.clock.now = local("2022-12-01 09:00")
    clerk = office.clerk()
    url = "/schools/th-my-an?year=2021"
    page = clerk.get(url).get_data(as_text=True)
    listed = page[page.index('id="learned-addresses"') :]
    assert PRINCIPAL in listed and office.key(first)[:12] in listed and "Đang dùng" in listed
    assert "18/10/2021" in listed
    form = {
        "csrf_token": _token(clerk.get(url)),
        "report": "nq121",
        "year": "2021",
        "email": PRINCIPAL,
    }

    unconfirmed = clerk.post("/schools/th-my-an/addresses/forget", data=form, follow_redirects=True)

    assert "hãy đánh dấu ô xác nhận" in unconfirmed.get_data(as_text=True)
    assert "Đang dùng" in clerk.get(url).get_data(as_text=True)
    assert (
        clerk.post("/schools/th-my-an/addresses/forget", data={**form, "csrf_token": ""}).status_code == 403
    )

    done = clerk.post(
        "/schools/th-my-an/addresses/forget", data={**form, "confirm": "1"}, follow_redirects=True
    ).get_data(as_text=True)

    assert f"Đã gỡ địa chỉ {PRINCIPAL} khỏi Trường Tiểu học Mỹ An" in done
    assert "nút «Đọc lại thư của mọi năm»" in done and "baocao addresses" not in done
    assert "Đã gỡ lúc 01/12/2022" in done
    assert office.credited(old) == [("th-my-an", 2021)]
    audit = office.cli("audit", "--format", "json")
    assert f"gỡ địa chỉ {PRINCIPAL}" in audit and "vanthu" in audit

    office.clock.now = local("2022-12-01 10:00")
    clerk.post(
        "/schools/th-my-an/addresses/forget",
        data={**form, "csrf_token": _token(clerk.get(url)), "all_seasons": "1", "confirm": "1"},
    )

    assert office.credited(old) == []
    assert "đọc lại thư của mọi năm" in office.cli("audit", "--format", "json")


def test_teaching_an_address_again_in_a_later_season_keeps_its_closed_season(office: Office) -> None:
    """Staff assigned to Mỹ An the 2022 report of the gmail taught for it in 2021 (in 2022 the old address
    only hinted at Mỹ An): the address was taught anew from the 2022 mail, and `reprocess` then took Mỹ
    An's 2021 report, credited on it, from Mỹ An, the address now deciding only in 2022."""
    _, old = _taught(office, PRINCIPAL, MY_AN, "2021-10-18")
    hinted = office.unnamed(local("2022-10-12 08:00"), PRINCIPAL, MY_AN[1])
    assert office.state(hinted) == MessageState.REVIEW
    office.clock.now = local("2022-10-12 10:00")
    office.cli("assign", office.key(hinted)[:12], "th-my-an")
    office.clock.now = local("2023-01-05 09:00")

    office.cli("reprocess")

    assert office.credited(old) == [("th-my-an", 2021)]
    assert office.credited(hinted) == [("th-my-an", 2022)]


def _moved(office: Office) -> tuple[str, str, str, str]:
    """The principal's gmail, taught for Mỹ An in 2021, moves with her to Mỹ Phú: staff assign her 2022
    report to Mỹ Phú, and her next 2022 report is credited to Mỹ Phú on the address alone. The Message-IDs
    of the mail that taught it for Mỹ An, of Mỹ An's 2021 report credited on it, of the mail that moved it,
    and of that next report."""
    first, old = _taught(office, PRINCIPAL, MY_AN, "2021-10-18")
    moved = office.unnamed(local("2022-10-12 08:00"), PRINCIPAL, MY_PHU[1])
    office.clock.now = local("2022-10-12 10:00")
    office.cli("assign", office.key(moved)[:12], "th-my-phu")
    after = office.unnamed(local("2022-10-13 08:00"), PRINCIPAL, MY_PHU[1])
    assert office.credited(after) == [("th-my-phu", 2022)]
    office.clock.now = local("2022-10-20 09:00")
    return first, old, moved, after


def test_an_address_that_moved_to_another_school_stays_listed_on_the_first_schools_page(
    office: Office,
) -> None:
    """Once the principal's gmail moved from Mỹ An to Mỹ Phú, Mỹ An's page no longer showed it, though
    Mỹ An's 2021 report still counted on it: staff could not see why. It is listed as an ended tie, with
    the mail that taught it, and no button to forget it there."""
    taught, old, _, _ = _moved(office)
    first = office.key(taught)
    clerk = office.clerk()

    page = clerk.get("/schools/th-my-an?year=2021").get_data(as_text=True)

    listed = page[page.index('id="learned-addresses"') : page.index('id="decisions-history"')]
    assert PRINCIPAL in listed and first[:12] in listed
    assert "đã dùng đến 12/10/2022, nay là địa chỉ của Trường Tiểu học Mỹ Phú" in listed
    assert "Tôi xác nhận gỡ địa chỉ" not in listed
    form = {
        "csrf_token": _token(clerk.get("/schools/th-my-an?year=2021")),
        "report": "nq121",
        "year": "2021",
        "email": PRINCIPAL,
        "all_seasons": "1",
        "confirm": "1",
    }
    refused = clerk.post("/schools/th-my-an/addresses/forget", data=form, follow_redirects=True)
    assert "không còn được ghi nhớ cho trường này" in refused.get_data(as_text=True)
    assert office.credited(old) == [("th-my-an", 2021)]
    theirs = clerk.get("/schools/th-my-phu?year=2022").get_data(as_text=True)
    assert "Đang dùng" in theirs[theirs.index('id="learned-addresses"') :]


def test_reading_every_season_again_asks_which_school_an_address_that_moved_was_learned_for_by_mistake(
    office: Office,
) -> None:
    """`addresses --forget … --all-seasons` on the gmail that moved from Mỹ An to Mỹ Phú read Mỹ An's 2021
    mail again, as asked, and silently ended its tie to Mỹ Phú too, whose next reports waited for staff.
    Now the command names both ties and forgets nothing until the clerk names the school; then only that
    school's mail is read again, and it says so."""
    _, old, moved, after = _moved(office)

    out = CliRunner().invoke(
        main,
        ["--config", str(office.config_path), "addresses", "--forget", PRINCIPAL, "--all-seasons"],
        obj=office.clock,
    )

    said = " ".join(out.output.split())
    assert out.exit_code != 0
    assert "Trường Tiểu học Mỹ An (th-my-an, từ 18/10/2021 đến 12/10/2022)" in said
    assert "Trường Tiểu học Mỹ Phú (th-my-phu, đang dùng, ghi nhớ từ 12/10/2022)" in said
    assert "--school" in said
    assert office.credited(old) == [("th-my-an", 2021)]
    assert office.credited(after) == [("th-my-phu", 2022)]

    done = office.cli("addresses", "--forget", PRINCIPAL, "--all-seasons", "--school", "th-my-an")

    assert (
        f"Đã gỡ địa chỉ {PRINCIPAL} khỏi Trường Tiểu học Mỹ An; địa chỉ vẫn được ghi nhớ cho Trường Tiểu học Mỹ Phú"
        in done
    )
    assert (
        "thư chỉ được tính cho Trường Tiểu học Mỹ An nhờ địa chỉ này không còn được tính cho trường ấy"
        in done
    )
    assert office.credited(old) == []
    assert office.credited(moved) == [("th-my-phu", 2022)]
    assert office.credited(after) == [("th-my-phu", 2022)]
    office.cli("reprocess")
    assert office.credited(old) == []
    assert office.credited(after) == [("th-my-phu", 2022)]
    assert "Đang dùng" in office.cli("addresses")


def test_on_the_page_reading_every_season_again_reads_the_pages_school_only(office: Office) -> None:
    """On Mỹ Phú's page, forgetting the gmail that had moved there from Mỹ An with «Đọc lại cả thư của
    các đợt đã khép lại» also took Mỹ An's 2021 report, credited on it while it was Mỹ An's, from Mỹ An,
    though the form named Mỹ Phú alone. The form names the earlier tie and says Mỹ An's mail keeps
    counting; it does."""
    _, old, _, after = _moved(office)
    clerk = office.clerk()
    url = "/schools/th-my-phu?year=2022"
    page = clerk.get(url).get_data(as_text=True)
    assert (
        "Đọc lại cả thư của các đợt đã khép lại đã được tính cho Trường Tiểu học Mỹ Phú (địa chỉ bị ghi nhớ nhầm "
        "cho trường này); địa chỉ cũng đã được ghi nhớ cho Trường Tiểu học Mỹ An (th-my-an, từ 18/10/2021 đến "
        "12/10/2022): thư của trường ấy vẫn được tính như trước"
    ) in " ".join(page.split())
    form = {
        "csrf_token": _token(clerk.get(url)),
        "report": "nq121",
        "year": "2022",
        "email": PRINCIPAL,
        "all_seasons": "1",
        "confirm": "1",
    }

    done = clerk.post("/schools/th-my-phu/addresses/forget", data=form, follow_redirects=True)

    said = " ".join(done.get_data(as_text=True).split())
    assert f"Đã gỡ địa chỉ {PRINCIPAL} khỏi Trường Tiểu học Mỹ Phú" in said
    assert (
        "Thư của Trường Tiểu học Mỹ An ở các đợt đã khép lại, nhận trong lúc địa chỉ còn được ghi nhớ cho "
        "trường ấy, vẫn được tính như trước."
    ) in said
    assert office.credited(old) == [("th-my-an", 2021)]
    assert office.credited(after) == [] and office.state(after) == MessageState.REVIEW
    office.cli("reprocess")
    assert office.credited(old) == [("th-my-an", 2021)]
