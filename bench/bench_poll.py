"""How fast `baocao poll --once` brings a season of mail in, beside imapclient fetching the same mail.

Starts a throwaway Dovecot, appends N realistic report mails (DOCX attachments or reports pasted
into the body, from the registered school addresses), then times in one run:
  fetch  - imapclient alone: select read-only, search, FETCH BODY.PEEK[] in batches (the floor);
  poll   - poll_once: the same fetch plus archive, parsing, matching and recording every message.
The ratio poll/fetch says how much of the time is baocao's own work.

    .venv/bin/python -m bench.bench_poll -n 100
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
import tempfile
import time
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

from intake import config as config_mod
from intake.imap import Mailbox
from intake.pipeline import Runtime
from intake.poller import poll_once
from samples.documents import render_docx, render_text
from samples.papers import make_paper, short_name
from tests.intake.conftest import write_config
from tests.servers import Dovecot, dovecot_server

ROOT = Path(__file__).resolve().parent.parent
HCM = dt.timezone(dt.timedelta(hours=7))
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def season(
    schools: tuple[config_mod.SchoolConfig, ...], n: int, seed: int = 0
) -> list[tuple[bytes, dt.datetime]]:
    """n report mails, one school after another: a DOCX attached, or every third the text in the body."""
    rng = random.Random(seed)
    mails = []
    for i in range(n):
        school = schools[i % len(schools)]
        year = 2021 + i // len(schools)
        paper = make_paper(school.name, year=year, rng=rng)
        received_at = dt.datetime.combine(paper.date, dt.time(rng.randint(7, 16), rng.randint(0, 59)), HCM)
        msg = EmailMessage()
        msg["From"] = school.emails[0]
        msg["To"] = "pgdthuthua@example.edu.vn"
        msg["Subject"] = f"Báo cáo thực hiện NQ121 năm {year} - {short_name(school.name)}"
        msg["Date"] = format_datetime(received_at)
        msg["Message-ID"] = f"<nq121.{year}.{i}@{school.emails[0].split('@')[1]}>"
        if i % 3 == 2:  # pasted into the message body, as small schools often do
            msg.set_content(render_text(paper))
        else:
            msg.set_content(
                f"Kính gửi Phòng GD&ĐT,\n{school.name} gửi báo cáo NQ121 năm {year}.\nTrân trọng."
            )
            maintype, subtype = DOCX.split("/")
            msg.add_attachment(
                render_docx(paper), maintype=maintype, subtype=subtype, filename="BC NQ121.docx"
            )
        mails.append((msg.as_bytes(), received_at))
    return mails


def fetch_only(server: Dovecot, folder: str, batch: int = 50) -> int:
    """What imapclient alone does to get every message's bytes; returns the bytes fetched."""
    total = 0
    with server.client() as client:
        client.select_folder(folder, readonly=True)
        uids = client.search(["ALL"])
        for start in range(0, len(uids), batch):
            response = client.fetch(uids[start : start + batch], ["BODY.PEEK[]", "INTERNALDATE"])
            total += sum(len(data[b"BODY[]"]) for data in response.values())
    return total


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("-n", type=int, default=100, help="messages to append (default 100)")
    args = parser.parse_args()

    shipped = config_mod.load(ROOT / "config.toml")
    mails = season(shipped.schools, args.n)
    size = sum(len(raw) for raw, _ in mails)
    work = Path(tempfile.mkdtemp(prefix="bench-poll-"))
    try:
        with dovecot_server() as server:
            server.append(mails, "Baocao")
            fetch_only(server, "Baocao")  # warm Dovecot's caches for both measurements alike

            start = time.perf_counter()
            fetched = fetch_only(server, "Baocao")
            fetch_seconds = time.perf_counter() - start

            config = config_mod.load(write_config(work / "config.toml", server, "Baocao"))
            assert config.imap is not None
            imap = config.imap
            rt = Runtime.open(config)
            try:
                start = time.perf_counter()
                summary = poll_once(rt, lambda: Mailbox(imap))
                poll_seconds = time.perf_counter() - start
            finally:
                rt.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)

    n = len(mails)
    print(f"{n} messages, {size / 1e6:.1f} MB appended ({fetched / 1e6:.1f} MB fetched by imapclient)")
    print(f"imapclient fetch only : {fetch_seconds:7.2f} s  {n / fetch_seconds:8.1f} msg/s")
    print(f"baocao poll --once    : {poll_seconds:7.2f} s  {n / poll_seconds:8.1f} msg/s")
    print(f"ratio poll / fetch    : {poll_seconds / fetch_seconds:7.1f}x")
    print(summary.line())


if __name__ == "__main__":
    main()
