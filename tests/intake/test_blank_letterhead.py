"""A report whose letterhead line «TRƯỜNG …» is left without the school's name: the name deleted with
Track Changes on, or hidden (Font > Hidden), so that the line Word shows and prints reads only
«TRƯỜNG». Sent from an address baocao does not know, read from the real IMAP server."""

from __future__ import annotations

import io
import random
from collections.abc import Callable
from email.message import EmailMessage

import docx
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from intake.imap import Mailbox
from intake.poller import poll_once
from kernel.runtime import Runtime
from kernel.store import MessageState
from samples.documents import render_text
from samples.papers import make_paper
from tests.intake.conftest import DOCX, SAME_SECOND
from tests.servers import Dovecot

SENDER = "vanthu.truong@gmail.com"


def _deleted(paragraph: Paragraph, text: str) -> None:
    """text as a tracked deletion (w:del holding a run of w:delText): struck through, not printed."""
    removal = OxmlElement("w:del")
    removal.set(qn("w:id"), "1")
    removal.set(qn("w:author"), "Kế toán")
    run = OxmlElement("w:r")
    gone = OxmlElement("w:delText")
    gone.set(qn("xml:space"), "preserve")
    gone.text = text
    run.append(gone)
    removal.append(run)
    paragraph._p.append(removal)


def _hidden(paragraph: Paragraph, text: str) -> None:
    """text in a run marked hidden (w:vanish): neither shown nor printed."""
    paragraph.add_run(text).font.hidden = True


def _paper(blank: Callable[[Paragraph, str], None]) -> bytes:
    """Mỹ An's report whose letterhead keeps «TRƯỜNG» and blanks the school's name by blank; its body
    says «Nhà trường» and its number is left for the pen, as many do, so no line names the school."""
    text = render_text(make_paper("Trường Tiểu học Mỹ An", year=2021, rng=random.Random(3)))
    text = text.replace("Trường Tiểu học Mỹ An báo cáo", "Nhà trường báo cáo").replace(
        "60/BC-THMA", "     /BC"
    )
    document = docx.Document()
    for line in text.splitlines():
        if line == "TRƯỜNG TH MỸ AN":
            paragraph = document.add_paragraph("TRƯỜNG ")
            blank(paragraph, "TH MỸ AN")
        else:
            document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _mail(paper: bytes) -> bytes:
    msg = EmailMessage()
    msg["From"], msg["To"] = SENDER, "pgdthuthua@example.edu.vn"
    msg["Subject"], msg["Message-ID"] = "Gửi báo cáo NQ121", "<khongten1@gmail.com>"
    msg["Date"] = "Wed, 20 Oct 2021 09:15:00 +0700"
    msg.set_content("Kính gửi Phòng GD&ĐT, trường em gửi báo cáo ạ.")
    msg.add_attachment(paper, maintype=DOCX[0], subtype=DOCX[1], filename="Bao cao NQ121.docx")
    return msg.as_bytes()


@pytest.mark.parametrize("blank", [_deleted, _hidden], ids=["tracked-deletion", "hidden"])
def test_a_letterhead_whose_school_name_is_blank_is_not_blamed_on_the_config(
    rt: Runtime,
    dovecot: Dovecot,
    folder: str,
    mailbox_factory: Callable[[], Mailbox],
    blank: Callable[[Paragraph, str], None],
) -> None:
    """The mail waited with «văn bản ghi đơn vị «TRƯỜNG», không khớp trường nào trong danh sách (có thể là
    cơ sở chưa có trong tệp cấu hình)»: staff looked for a school missing from config.toml. The line is
    there and names no school; the reason says so."""
    dovecot.append([(_mail(_paper(blank)), SAME_SECOND)], folder)

    poll_once(rt, mailbox_factory)

    [message] = rt.store.messages()
    assert message.state == MessageState.REVIEW
    assert "dòng tên trường ở đầu văn bản để trống" in message.reason
    assert "chỉ ghi «TRƯỜNG»" in message.reason
    assert "cấu hình" not in message.reason
    assert rt.store.submissions(message_keys=[message.key]) == []
