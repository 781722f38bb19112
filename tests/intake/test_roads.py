"""One message, one record, whatever road it comes by: IMAP, an .eml export, or both at once."""

from __future__ import annotations

import datetime as dt
import functools
import json
import threading
from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner

from app.cli import main
from intake.identity import content_key, same_sending
from intake.imap import Mailbox
from intake.message import parse_tree
from intake.poller import poll_once
from kernel import config as config_mod
from kernel.runtime import Runtime
from samples.season import make_season
from tests.intake.conftest import ROOT, write_config
from tests.scheduler.conftest import Clock
from tests.servers import Dovecot

NOW = dt.datetime(2021, 11, 15, 3, 0, tzinfo=dt.UTC)


@functools.cache
def season() -> tuple[tuple[bytes, dt.datetime], ...]:
    schools = config_mod.load(ROOT / "config.toml").schools
    return tuple(
        (m.raw, m.received_at) for m in make_season(schools, year=2021, seed=5, size="small", scanned=False)
    )


def _export(dovecot: Dovecot, folder: str, target: Path) -> None:
    """The folder as a webmail export writes it: one .eml per message, LF line endings."""
    target.mkdir()
    with dovecot.client() as client:
        client.select_folder(folder, readonly=True)
        fetched = client.fetch(client.search(), ["BODY.PEEK[]"])
    for uid, data in fetched.items():
        (target / f"{uid}.eml").write_bytes(data[b"BODY[]"].replace(b"\r\n", b"\n"))


def _status(config_path: Path) -> dict[str, object]:
    out = CliRunner().invoke(
        main, ["--config", str(config_path), "status", "--year", "2021", "--format", "json"], obj=Clock(NOW)
    )
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    data.pop("as_of")
    return data


def _fresh(tmp_path: Path, name: str, dovecot: Dovecot, folder: str) -> Path:
    (tmp_path / name).mkdir()
    return write_config(tmp_path / name / "config.toml", dovecot, folder)


def test_the_content_key_ignores_line_endings_and_transit_headers_but_not_a_resend() -> None:
    raw = season()[0][0]
    exported = b"Delivered-To: pgdthuthua@example.edu.vn\n" + raw.replace(b"\r\n", b"\n")
    assert content_key(exported) == content_key(raw)
    resent = raw.replace(b"Message-ID: <", b"Message-ID: <resent.", 1)
    assert content_key(resent) != content_key(raw)


def test_the_content_key_read_from_the_parsed_message_is_the_key_of_either_road() -> None:
    """Intake reads the content key from the tree it parses the message into, not from a parse of its own:
    a message polled from IMAP (CRLF) and the same message imported from an export (LF) still get one
    key, also where a part's decoded bytes keep the line endings (a file sent quoted-printable) or the
    parse had to clean, rewrite or guess (a stray line in the header block, a space before a field's
    colon, a part's header field too long to keep whole, a lost boundary, a CR alone before a line break)."""
    report = season()[0][0]
    quoted = (
        b"From: c1myan.thuthua@example.edu.vn\r\nSubject: BC NQ121\r\nMessage-ID: <qp@x>\r\n"
        b'MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\n'
        b"Content-Type: text/plain; charset=utf-8\r\n\r\nG\xe1\xbb\xadi b\xc3\xa1o c\xc3\xa1o.\r\n--b\r\n"
        b'Content-Type: application/octet-stream; name="so-lieu.csv"\r\n'
        b"Content-Transfer-Encoding: quoted-printable\r\n\r\nTruong,So buoi\r\nTH My An,12\r\n--b--\r\n"
    )
    stray = report.replace(b"\r\n", b"\r\nnot a field\r\n", 1)
    spaced = quoted.replace(b"Subject:", b"Subject :", 1)
    lost = quoted.replace(b'; boundary="b"', b"", 1)
    nested = b'--b\r\nContent-Type: multipart/mixed; name="' + b"x" * 9000 + b'"; boundary="c"\r\n\r\n--c\r\n'
    long_field = quoted.replace(b"--b\r\n", nested, 1).replace(b"--b--", b"--c--\r\n--b--")
    lone_cr = (
        quoted.split(b"--b\r\nContent-Type: application")[0].replace(
            b"charset=utf-8\r\n\r\nG\xe1\xbb\xadi",
            b"charset=utf-8\r\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nG=E1=BB=ADi",
            1,
        )
        + b"--b--\r\n"
    )
    for crlf in (report, quoted, stray, spaced, lost, long_field, lone_cr):
        lf = crlf.replace(b"\r\n", b"\n")
        keys = {content_key(raw, parsed) for raw in (crlf, lf) for parsed in (None, parse_tree(raw))}
        assert len(keys) == 1, crlf[:80]


def test_one_sending_is_told_by_its_sender_and_date_however_a_server_writes_them() -> None:
    """Copies of one message keep its sender and Date (a migration may rewrite the Date in UTC);
    a copier's next scan under the same Message-ID has another Date and is another message."""
    copy = (
        b"Message-ID: <scan@localhost>\r\nFrom: Photocopier <C1BinhAn.ThuThua@example.edu.vn>\r\n"
        b"Date: Wed, 20 Oct 2021 07:00:05 +0700\r\nSubject: Scan\r\n\r\nbody\r\n"
    )
    moved = b"Date: 20 Oct 2021 00:00:05 -0000\nFrom: c1binhan.thuthua@example.edu.vn\n\n"
    next_scan = copy.replace(b"07:00:05", b"07:12:40")
    assert same_sending(copy, moved)
    assert not same_sending(copy, next_scan)
    assert not same_sending(copy, copy.replace(b"C1BinhAn", b"C1MyAn"))


def test_imap_then_an_export_of_the_same_mail_gives_the_status_of_imap_alone(
    tmp_path: Path, dovecot: Dovecot, folder: str
) -> None:
    """A mail polled from IMAP and imported again from an .eml export (LF instead of CRLF) was
    recorded twice and listed twice among the school's submissions."""
    dovecot.append(season(), folder)
    alone = _fresh(tmp_path, "alone", dovecot, folder)
    both = _fresh(tmp_path, "both", dovecot, folder)
    for path in (alone, both):
        config = config_mod.load(path)
        assert config.imap is not None
        with Runtime.open(config, lambda: NOW) as rt:
            poll_once(rt, functools.partial(Mailbox, config.imap))
    _export(dovecot, folder, tmp_path / "export")

    imported = CliRunner().invoke(
        main, ["--config", str(both), "import", str(tmp_path / "export")], obj=Clock(NOW)
    )

    assert "Đã xử lý 0 thư mới" in imported.output, imported.output
    assert _status(both) == _status(alone)
    with Runtime.open(config_mod.load(both), lambda: NOW) as rt:
        assert len(rt.store.messages()) == len(season())


def test_imap_and_an_export_at_the_same_time_record_each_message_once(
    tmp_path: Path, dovecot: Dovecot, folder: str, mailbox_factory: Callable[[], Mailbox]
) -> None:
    dovecot.append(season(), folder)
    alone = _fresh(tmp_path, "alone", dovecot, folder)
    config = config_mod.load(alone)
    assert config.imap is not None
    imap = config.imap
    with Runtime.open(config, lambda: NOW) as rt:
        poll_once(rt, lambda: Mailbox(imap))
    _export(dovecot, folder, tmp_path / "export")
    both = _fresh(tmp_path, "both", dovecot, folder)
    both_config = config_mod.load(both)

    failures: list[BaseException] = []

    def poll() -> None:
        try:
            with Runtime.open(both_config, lambda: NOW) as rt:
                poll_once(rt, lambda: Mailbox(imap))
        except BaseException as e:  # reported by the test below, not lost in the thread
            failures.append(e)

    reader = threading.Thread(target=poll)
    reader.start()
    imported = CliRunner().invoke(
        main, ["--config", str(both), "import", str(tmp_path / "export")], obj=Clock(NOW)
    )
    reader.join(timeout=120)

    assert failures == [] and imported.exit_code == 0, (failures, imported.output)
    assert _status(both) == _status(alone)
    with Runtime.open(both_config, lambda: NOW) as rt:
        assert len(rt.store.messages()) == len(season())
