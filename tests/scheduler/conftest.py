"""A real SMTP server (aiosmtpd), a clock the tests move, and a small district with five schools."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from aiosmtpd.controller import Controller

from intake import message
from intake.classify import automatic_reason
from kernel import config as config_mod
from kernel import decisions
from kernel.archive import Archive
from kernel.proof import SenderCheck, SignatureFact
from kernel.runtime import Runtime
from kernel.store import MessageRow, MessageState, Store, SubmissionKind, SubmissionRow
from tests.servers import free_port

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
STAFF = "canbo.thuthua@example.edu.vn"
SENDER = "pgdthuthua@example.edu.vn"
SECTIONS = ("chi_dao", "ket_qua", "kho_khan", "de_xuat")
SCHOOLS = {
    "a": ("Trường Mầm non Thị trấn Thủ Thừa", "c0thitran.thuthua@example.edu.vn"),
    "b": ("Trường Tiểu học Bình Thạnh 1", "c1binhthanh1.thuthua@example.edu.vn"),
    "c": ("Trường Tiểu học Mỹ An", "c1myan.thuthua@example.edu.vn"),
    "d": ("Trường THCS Nhị Thành", "c2nhithanh.thuthua@example.edu.vn"),
    "e": ("Trường Mẫu giáo Long Thạnh", "c0longthanh.thuthua@example.edu.vn"),
}


def local(text: str) -> dt.datetime:
    """ "2021-10-18 07:30" in the district's time."""
    return dt.datetime.fromisoformat(text).replace(tzinfo=HCM)


class Clock:
    """The time every part of the code under test sees; the test moves it."""

    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now


@dataclass(frozen=True)
class Delivered:
    at: dt.datetime  # the test clock when the server accepted the message
    rcpt: tuple[str, ...]
    message: EmailMessage

    @property
    def subject(self) -> str:
        return str(self.message["Subject"])

    @property
    def message_id(self) -> str:
        return str(self.message["Message-ID"]).strip("<>")


@dataclass
class SmtpServer:
    """aiosmtpd on a fixed free port of 127.0.0.1; stop() and start() simulate an outage."""

    clock: Clock
    port: int = field(default_factory=free_port)
    delivered: list[Delivered] = field(default_factory=list)
    controller: Controller | None = None

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        parsed = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        self.delivered.append(Delivered(self.clock(), tuple(envelope.rcpt_tos), parsed))
        return "250 Message accepted for delivery"

    def start(self) -> None:
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def to(self, address: str) -> list[Delivered]:
        return [d for d in self.delivered if address in d.rcpt]


@pytest.fixture
def clock() -> Clock:
    return Clock(local("2021-09-27 00:00"))


@pytest.fixture
def smtp(clock: Clock) -> Iterator[SmtpServer]:
    server = SmtpServer(clock)
    server.start()
    yield server
    server.stop()


def config_text(port: int, **scheduler: Any) -> str:
    """A config.toml for the test district; scheduler settings override the defaults."""
    settings = "\n".join(f"{k} = {_toml(v)}" for k, v in scheduler.items())
    schools = "\n".join(
        f'[[schools]]\nid = "{sid}"\nname = "{name}"\nemails = ["{addr}"]\n'
        for sid, (name, addr) in SCHOOLS.items()
    )
    sections = "\n".join(
        f'  [[reports.sections]]\n  id = "{sid}"\n  title = "{title}"\n  keywords = []\n'
        for sid, title in zip(
            SECTIONS,
            (
                "Công tác chỉ đạo, triển khai",
                "Kết quả thực hiện",
                "Khó khăn, vướng mắc",
                "Đề xuất, kiến nghị",
            ),
            strict=True,
        )
    )
    return f"""
[district]
name = "Phòng Giáo dục và Đào tạo huyện Thủ Thừa"
short_name = "Phòng GD&ĐT Thủ Thừa"
timezone = "Asia/Ho_Chi_Minh"
staff_emails = ["{STAFF}"]

[smtp]
host = "127.0.0.1"
port = {port}
security = "none"
from = "{SENDER}"

[storage]
database = "sqlite:///var/baocao.db"
archive = "var/archive"

[scheduler]
{settings}

[[reports]]
id = "nq121"
title = "Báo cáo kết quả triển khai thực hiện Nghị quyết 121/2020/QH14 về phòng, chống xâm hại trẻ em"
keywords = ["121/2020/QH14"]
deadline = "10-25"
reminder_days = [14, 7, 3, 1]

{sections}
{schools}
"""


def _toml(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    return str(value)


@pytest.fixture
def config_path(tmp_path: Path, smtp: SmtpServer) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(config_text(smtp.port), encoding="utf-8")
    return path


@pytest.fixture
def config(config_path: Path) -> config_mod.Config:
    return config_mod.load(config_path)


def undo_c(rt: Runtime, now: dt.datetime, by: str = "vanthu", reason: str = "") -> None:
    """Staff withdraw school c's own extension."""
    decisions.undo(
        rt.config,
        rt.store,
        decisions.DecisionKind.EXTENSION,
        report_id="nq121",
        year=2021,
        school_id="c",
        by=by,
        now=now,
        reason=reason,
    )


def extend_c(rt: Runtime, now: dt.datetime, reason: str = "Trường xin lùi hạn vì ngập lụt") -> None:
    """Staff extend school c's deadline to 05/11/2021."""
    decisions.extend(
        rt.config,
        rt.store,
        report_id="nq121",
        year=2021,
        school_id="c",
        until=dt.date(2021, 11, 5),
        reason=reason,
        by="vanthu",
        now=now,
    )


def open_runtime(config: config_mod.Config, clock: Clock) -> Runtime:
    return Runtime(config, Store.open(config.storage.database), Archive(config.storage.archive), clock)


@pytest.fixture
def rt(config: config_mod.Config, clock: Clock) -> Iterator[Runtime]:
    runtime = open_runtime(config, clock)
    yield runtime
    runtime.close()


def submit(
    rt: Runtime,
    school_id: str,
    when: dt.datetime,
    *,
    found: tuple[str, ...] = SECTIONS,
    sender: str | None = None,
    headers: dict[str, str] | None = None,
    signatures: tuple[SignatureFact, ...] = (),
    sender_check: SenderCheck | None = None,
    forwarded_from: tuple[str, ...] = (),
    problems: tuple[str, ...] = (),
    content: str | None = None,
) -> SubmissionRow:
    """Record a school's report as intake would: the raw message archived, its submission stored
    (with what intake found of its signatures and its sender, when given); with problems, mail whose
    report could not be read, for those reasons; content, the digest of its files (equal for a resend)."""
    name, address = SCHOOLS[school_id]
    sender = address if sender is None else sender  # "": a From with no address, the school's name alone
    msg = EmailMessage()
    msg["From"] = sender or name
    msg["To"] = SENDER
    msg["Subject"] = f"Báo cáo NQ121 năm 2021 - {name}"
    msg["Message-ID"] = f"<{school_id}-{when:%Y%m%d%H%M}@example.edu.vn>"
    for key, value in (headers or {}).items():
        msg[key] = value
    msg.set_content("Kính gửi Phòng GD&ĐT, trường gửi báo cáo đính kèm.")
    raw = msg.as_bytes()
    key = rt.archive.put(raw)
    message_id = f"{school_id}-{when:%Y%m%d%H%M}@example.edu.vn"
    # What the pipeline decides about the mail itself and records on its row.
    automatic = automatic_reason(message.parse(raw, fallback_id=message_id), rt.config.own_domain) is not None
    row = MessageRow(
        key,
        message_id,
        "test",
        sender,
        str(msg["Subject"]),
        when,
        MessageState.REPORT,
        "",
        "",
        1,
        when,
        automatic=automatic,
        sender_check=sender_check,
        forwarded_from=forwarded_from,
    )
    sub = SubmissionRow(
        key,
        message_id,
        "nq121",
        2021,
        school_id,
        when,
        sender,
        ("bao-cao-nq121.pdf",),
        found,
        tuple(s for s in SECTIONS if s not in found),
        {},
        (),
        signatures=signatures,
        kind=SubmissionKind.UNREADABLE if problems else SubmissionKind.REPORT,
        problems=problems,
        content=content,
    )
    rt.store.record_outcome(row, [sub], [])
    return sub
