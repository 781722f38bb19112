"""Fixtures for the intake tests: one real Dovecot per module, a folder and a config per test, and the report they send."""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import random
import re
from collections.abc import Callable, Iterator, Sequence
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

import pytest

from intake import review
from intake.imap import Mailbox
from intake.registry import Registry
from kernel import config as config_mod
from kernel import status
from kernel.runtime import Runtime
from samples.documents import render_docx
from samples.papers import make_paper
from tests.conftest import one_office
from tests.parsers import huge_photo
from tests.servers import Dovecot, dovecot_server

ROOT = Path(__file__).resolve().parents[2]
HCM = dt.timezone(dt.timedelta(hours=7))
_folders = itertools.count(1)


@pytest.fixture(scope="session")
def report_docx() -> bytes:
    """Trường Tiểu học Mỹ An's 2021 report as a DOCX: the report the intake tests send unless they need another."""
    return render_docx(make_paper("Trường Tiểu học Mỹ An", year=2021, rng=random.Random(3)))


@pytest.fixture(scope="session")
def photo_200_mp(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """A 200 MP phone photo (tests.parsers.huge_photo) of Bình Thạnh 1's report of 2021."""
    path = tmp_path_factory.mktemp("photo") / "IMG_20211015_090102.jpg"
    return huge_photo.write(path, "Trường Tiểu học Bình Thạnh 1", 2021)


@pytest.fixture(scope="module")
def dovecot() -> Iterator[Dovecot]:
    with dovecot_server() as server:
        yield server


@pytest.fixture
def folder(dovecot: Dovecot) -> str:
    """A fresh folder per test, so the tests of a module share one server but no mail."""
    name = f"Baocao{next(_folders)}"
    with dovecot.client() as client:
        client.create_folder(name)
    return name


def _shipped_tables() -> str:
    """config.toml's [district], [[reports]] and [[schools]]: every table but imap, smtp, storage, as one
    office (tests.conftest.one_office; in_units adds units of its own)."""
    kept: list[str] = []
    keep = True
    for line in one_office((ROOT / "config.toml").read_text(encoding="utf-8")).splitlines():
        header = re.match(r"\s*\[\[?([\w-]+)", line)
        if header and not line.lstrip().startswith("#"):
            name = header.group(1)
            if "." not in line.split("]")[0]:  # a top-level table starts a new block
                keep = name not in ("imap", "smtp", "storage")
        if keep:
            kept.append(line)
    return "\n".join(kept)


UNITS = """
[[units]]
id = "xa-my-an"
name = "UBND xã Mỹ An"

[[units]]
id = "xa-nhi-thanh"
name = "UBND xã Nhị Thành"
"""


def in_units(tables: str) -> str:
    """The shipped tables with the schools split into two collecting units: those of Mỹ An (ids
    ending in my-an), and all the others under Nhị Thành."""

    def with_unit(found: re.Match[str]) -> str:
        unit = "xa-my-an" if found.group(1).endswith("my-an") else "xa-nhi-thanh"
        return f'{found.group(0)}\nunit = "{unit}"'

    return UNITS + re.sub(r'\[\[schools\]\]\nid = "([^"]+)"', with_unit, tables)


def registry_of(config_text: str, folder: Path) -> Registry:
    """The registry of the schools (and units) a config.toml written in folder lists."""
    path = folder / "config.toml"
    path.write_text(config_text, encoding="utf-8")
    config = config_mod.load(path)
    return Registry.build(config.schools, {}, config.office_names, {}, {u.id: u.name for u in config.units})


def write_config(path: Path, server: Dovecot, folder: str, *, idle_seconds: int = 600) -> Path:
    """A config.toml beside its SQLite database and archive, pointing at the test server."""
    path.write_text(
        f"""{_shipped_tables()}

[imap]
host = "{server.host}"
port = {server.port}
security = "none"
username = "{server.user}"
password = "{server.password}"
folder = "{folder}"
poll_seconds = 1
idle_seconds = {idle_seconds}

[storage]
database = "sqlite:///var/baocao.db"
archive = "var/archive"
""",
        encoding="utf-8",
    )
    return path


@pytest.fixture
def config_path(tmp_path: Path, dovecot: Dovecot, folder: str) -> Path:
    return write_config(tmp_path / "config.toml", dovecot, folder)


@pytest.fixture
def config(config_path: Path) -> config_mod.Config:
    return config_mod.load(config_path)


@pytest.fixture
def rt(config: config_mod.Config) -> Iterator[Runtime]:
    runtime = Runtime.open(config, clock=lambda: dt.datetime(2021, 11, 15, 3, 0, tzinfo=dt.UTC))
    yield runtime
    runtime.close()


@pytest.fixture
def mailbox_factory(config: config_mod.Config) -> Callable[[], Mailbox]:
    assert config.imap is not None
    imap = config.imap
    return lambda: Mailbox(imap)


def report_mail(
    sender: str,
    school_name: str,
    received_at: dt.datetime,
    *,
    number: int = 1,
    attachment: bytes | None = None,
    attachment_type: tuple[str, str, str] = ("application", "pdf", "Báo cáo NQ121.pdf"),
) -> bytes:
    """A school's NQ121 report written in the message body, as many small schools send it; the
    attachment, if any, is (main type, subtype, file name)."""
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = "pgdthuthua@example.edu.vn"
    msg["Subject"] = f"Báo cáo thực hiện Nghị quyết 121/2020/QH14 - {school_name}"
    msg["Date"] = format_datetime(received_at)
    msg["Message-ID"] = f"<bc{number}.{received_at:%Y%m%d%H%M}@{sender.split('@')[1]}>"
    msg.set_content(
        f"""Kính gửi: Phòng Giáo dục và Đào tạo huyện Thủ Thừa

{school_name.upper()} báo cáo kết quả triển khai thực hiện Nghị quyết 121/2020/QH14 như sau:
I. Công tác chỉ đạo, triển khai: nhà trường đã quán triệt đến toàn thể cán bộ, giáo viên.
II. Kết quả thực hiện: tổ chức 4 buổi tuyên truyền cho 320 lượt học sinh và phụ huynh.
Không xảy ra vụ xâm hại trẻ em nào.
III. Khó khăn, vướng mắc: không có.
IV. Đề xuất, kiến nghị: không có.
"""
    )
    if attachment is not None:
        maintype, subtype, filename = attachment_type
        msg.add_attachment(attachment, maintype=maintype, subtype=subtype, filename=filename)
    return msg.as_bytes()


def corrupt_mail(sender: str, received_at: dt.datetime) -> bytes:
    """A report whose only content is a PDF cut off in transfer: nothing can be read from it."""
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = "pgdthuthua@example.edu.vn"
    msg["Subject"] = "Báo cáo NQ121"
    msg["Date"] = format_datetime(received_at)
    msg["Message-ID"] = f"<hong.{received_at:%Y%m%d%H%M}@{sender.split('@')[1]}>"
    msg.make_mixed()
    broken = b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nstream\n\x00\x13\x88"
    msg.add_attachment(broken, maintype="application", subtype="pdf", filename="Báo cáo NQ121.pdf")
    return msg.as_bytes()


def noise_mail(number: int, received_at: dt.datetime) -> bytes:
    msg = EmailMessage()
    msg["From"] = "thongbao@nganhang.example.vn"
    msg["To"] = "pgdthuthua@example.edu.vn"
    msg["Subject"] = f"Thông báo biến động số dư tài khoản #{number}"
    msg["Date"] = format_datetime(received_at)
    msg["Message-ID"] = f"<tb{number}@nganhang.example.vn>"
    msg.set_content("Quý khách vừa nhận được thông báo về tài khoản. Trân trọng cảm ơn.")
    return msg.as_bytes()


MY_AN_ADDRESS = "c1myan.thuthua@example.edu.vn"
SAME_SECOND = dt.datetime(2021, 10, 20, 9, 15, tzinfo=HCM)
DOCX = ("application", "vnd.openxmlformats-officedocument.wordprocessingml.document")


def paper_of_my_an(seed: int) -> bytes:
    return render_docx(make_paper("Trường Tiểu học Mỹ An", year=2021, rng=random.Random(seed)))


def sessions_of_my_an(seed: int) -> int:
    """The awareness sessions (buổi tuyên truyền) the paper of seed states: 19 for 1, 23 for 2."""
    return dict(make_paper("Trường Tiểu học Mỹ An", year=2021, rng=random.Random(seed)).expected.figures)[
        "buoi_tuyen_truyen"
    ]


def same_second(files: Sequence[bytes], by_key: Sequence[int], *, linesep: str = "\n") -> list[bytes]:
    """Mỹ An's mails, one per file, all sent and received at SAME_SECOND, whose keys (the SHA-256 of their
    bytes, the order reprocess read them in) sort as the indexes by_key say: the mail client's counter in
    a header goes on until they do. linesep: how their lines end, "\r\n" as an IMAP server keeps them."""

    def written(attempt: int) -> list[bytes]:
        mails = []
        for n, data in enumerate(files):
            msg = EmailMessage()
            msg["From"] = MY_AN_ADDRESS
            msg["To"] = "pgdthuthua@example.edu.vn"
            msg["Subject"] = "Báo cáo thực hiện Nghị quyết 121/2020/QH14 - Trường Tiểu học Mỹ An"
            msg["Date"] = format_datetime(SAME_SECOND)
            msg["Message-ID"] = f"<myan{n}@example.edu.vn>"
            msg["X-Mailer"] = f"Webmail {attempt}"
            msg.set_content("Kính gửi Phòng, trường gửi báo cáo.")
            msg.add_attachment(data, maintype=DOCX[0], subtype=DOCX[1], filename="Báo cáo NQ121.docx")
            mails.append(msg.as_bytes(policy=msg.policy.clone(linesep=linesep)))
        return mails

    def in_key_order(mails: list[bytes]) -> list[int]:
        return sorted(range(len(mails)), key=lambda n: hashlib.sha256(mails[n]).hexdigest())

    return next(m for m in map(written, itertools.count()) if in_key_order(m) == list(by_key))


def counted_for_my_an(rt: Runtime) -> tuple[str, int, str]:
    """The Message-ID of Mỹ An's 2021 report that the status counts, the sessions it counts, and the
    Message-ID that `history` marks «Được tính»."""
    season = status.load(rt.config, rt.store, "nq121", 2021, rt.clock())
    school = next(s for s in season.schools if s.school_id == "th-my-an")
    assert school.current is not None
    marked = next(e.submission.message_id for e in review.history(rt, "th-my-an", "nq121") if e.current)
    return school.current.message_id, school.figures["buoi_tuyen_truyen"], marked
