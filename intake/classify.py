"""Decides whether a message is a submission of a configured report, and for which year."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from intake.message import Mail
from kernel.config import ReportConfig
from parsers.document import Document
from parsers.text import fold


@dataclass(frozen=True)
class Classification:
    is_report: bool
    report_id: str | None
    year: int | None  # the year reported on; None when nothing states it (the caller takes the receipt year)
    reason: str  # Vietnamese, shown to staff
    needs_staff: bool = False  # not a report, but a person answered our mail: staff should read it


_BOUNCE_SUBJECT = re.compile(
    r"undeliver|delivery status notification|delivery (?:has )?failed|mail delivery (?:failed|subsystem)"
    r"|returned mail|failure notice|khong (?:the )?gui duoc|thu bi tra lai|khong gui thu duoc"
)
_BOUNCE_SENDER = re.compile(r"^(?:mailer-daemon|postmaster|mail-daemon)@")
_AUTO_SUBJECT = re.compile(
    r"^(?:auto(?:matic)?[ -]?(?:reply|response)|autoreply|auto:|out of (?:the )?office|away from|vacation"
    r"|tra loi tu dong|tu dong tra loi|phan hoi tu dong|vang mat|dang nghi phep|nghi phep)"
)
_NEWSLETTER_BODY = re.compile(r"unsubscribe|huy dang ky|ngung nhan (?:thu|ban tin)")
_KIND_REPORT = "bao cao"
# A subject that announces another kind of paper does not claim the report, whatever its topic.
_OTHER_KIND_SUBJECT = re.compile(
    r"^(?:(?:re|fw|fwd|tl|tr|chuyen tiep)\s*:\s*)*(?:ke hoach|kh\b|quyet dinh|thong bao|giay moi|to trinh)"
)
_YEAR = re.compile(r"(?<!\d)(20\d\d)(?!\d)")


def classify(
    mail: Mail, documents: Sequence[Document], reports: Sequence[ReportConfig], received_at: dt.datetime
) -> Classification:
    """Noise (bounce, auto-reply, spam, newsletter, another paper) or which configured report and year."""
    noise = _noise(mail)
    if noise:
        return Classification(False, None, None, noise)
    verdicts = [_verdict(mail, documents, report) for report in reports]
    chosen = max(verdicts, key=lambda v: (v.strength, v.hits), default=None)
    if chosen is None or chosen.strength == 0:
        if _answers_our_mail(mail):
            said = " ".join(mail.own_body.split())[:200]
            return Classification(
                False, None, None, f"Trường trả lời thư của Phòng (nhắc nộp hoặc xác nhận): «{said}»", True
            )
        return Classification(False, None, None, _not_a_report(mail, documents, verdicts))
    year = _year(chosen.documents, mail, received_at)
    return Classification(True, chosen.report.id, year, chosen.reason)


def _answers_our_mail(mail: Mail) -> bool:
    """A person's reply to a reminder or acknowledgement (ours carry Message-IDs "baocao.…")."""
    thread = f"{mail.in_reply_to or ''} {mail.header('references') or ''}"
    return "baocao." in thread


def _noise(mail: Mail) -> str | None:
    subject = fold(mail.subject)
    content_type = (mail.header("content-type") or "").lower()
    if mail.content_type == "multipart/report" or "delivery-status" in content_type:
        return "Thư báo lỗi gửi thư (thư bị trả lại), không phải báo cáo."
    if _BOUNCE_SENDER.match(mail.sender) or _BOUNCE_SUBJECT.search(subject):
        return "Thư báo lỗi gửi thư (thư bị trả lại), không phải báo cáo."
    auto = (mail.header("auto-submitted") or "no").strip().lower()
    precedence = (mail.header("precedence") or "").strip().lower()
    if auto != "no" or mail.header("x-autoreply") or mail.header("x-autorespond"):
        return "Thư trả lời tự động, không phải báo cáo."
    if precedence == "auto_reply" or _AUTO_SUBJECT.search(subject):
        return "Thư trả lời tự động (vắng mặt, nghỉ phép), không phải báo cáo."
    spam_flag = (mail.header("x-spam-flag") or "").strip().lower()
    spam_status = (mail.header("x-spam-status") or "").strip().lower()
    if spam_flag == "yes" or spam_status.startswith("yes"):
        return "Thư rác (máy chủ thư đã đánh dấu là spam)."
    if mail.header("list-unsubscribe") or mail.header("list-id") or precedence in ("bulk", "list", "junk"):
        return "Thư gửi hàng loạt (bản tin, danh sách thư), không phải báo cáo."
    if not mail.attachments and _NEWSLETTER_BODY.search(fold(mail.body)):
        return "Bản tin (thư có đường hủy đăng ký), không phải báo cáo."
    return None


@dataclass(frozen=True)
class _Verdict:
    report: ReportConfig
    strength: int  # 3 a document is this report, 2 the subject or a file name says so, 0 it is not
    hits: int  # how many places name the report, to choose between reports
    reason: str
    documents: tuple[Document, ...]  # the documents that are this report


class _Keywords:
    """A report's keywords, folded, tolerating other separators: "NQ121" also reads "NQ 121", "nq-121"."""

    def __init__(self, keywords: Sequence[str]) -> None:
        self.patterns = [_keyword(k) for k in keywords]

    def count(self, text: str) -> int:
        """How many of the keywords text contains."""
        folded = fold(text)
        return sum(1 for p in self.patterns if p.search(folded))


def _keyword(keyword: str) -> re.Pattern[str]:
    parts = re.findall(r"[a-z]+|\d+", fold(keyword))
    tail = r"(?!\d)" if parts and parts[-1].isdigit() else ""
    return re.compile(r"[\W_]*".join(map(re.escape, parts)) + tail)


def _verdict(mail: Mail, documents: Sequence[Document], report: ReportConfig) -> _Verdict:
    keywords = _Keywords(report.keywords)
    own = tuple(d for d in documents if _is_this_report(d, keywords))
    names = [a.name for a in mail.attachments] + [d.name for d in documents]
    subject = 0 if _OTHER_KIND_SUBJECT.match(fold(mail.subject)) else keywords.count(mail.subject)
    in_names = sum(keywords.count(n) for n in names)
    hits = subject + in_names + sum(keywords.count(d.text[:4000]) for d in documents)
    if own:
        first = own[0]
        title = f" (trích yếu: {first.header.title})" if first.header.title else ""
        return _Verdict(report, 3, hits, f"Văn bản {first.name} là báo cáo {report.id}{title}.", own)
    unread = tuple(d for d in documents if not _other_paper(d))
    if not subject and not in_names and not keywords.count(mail.own_body):
        return _Verdict(report, 0, hits, "", ())
    if not unread and (documents or not mail.attachments):
        return _Verdict(report, 0, hits, "", ())  # every paper attached is another one, or none at all
    where = "Tiêu đề thư" if subject else "Tên tệp hoặc nội dung thư"
    return _Verdict(report, 2, hits, f"{where} ghi là báo cáo {report.id}: {report.title}.", unread)


def _is_this_report(document: Document, keywords: _Keywords) -> bool:
    """A BÁO CÁO (or a paper with no header) whose title, or failing a title its text, names the report."""
    header = document.header
    if header.kind and fold(header.kind) != _KIND_REPORT:
        return False  # a plan, a decision, a letter: not the report, whatever its topic
    if header.title:
        # The title says what a paper reports on; another report may touch the topic once in passing.
        return keywords.count(header.title) > 0 or keywords.count(document.text) >= 2
    return keywords.count(document.text) > 0


def _other_paper(document: Document) -> bool:
    """A paper whose header says what it is: once it is not the report, it is another paper."""
    return bool(document.header.kind)


def _not_a_report(mail: Mail, documents: Sequence[Document], verdicts: Sequence[_Verdict]) -> str:
    others = [d for d in documents if _other_paper(d)]
    if others:
        header = others[0].header
        paper = " ".join(x for x in (header.kind, header.title) if x)
        if any(v.hits for v in verdicts):
            return f"Thư nhắc đến báo cáo cần thu nhưng văn bản đính kèm là «{paper}», không phải báo cáo đó."
        return f"Văn bản đính kèm là «{paper}», không phải báo cáo cần thu."
    if any(v.hits for v in verdicts) and not documents and not mail.attachments:
        return "Thư nhắc đến báo cáo nhưng không kèm văn bản báo cáo nào."
    return "Không phải báo cáo cần thu: thư và tệp đính kèm không nhắc đến báo cáo nào đang thu."


def _year(documents: Sequence[Document], mail: Mail, received_at: dt.datetime) -> int | None:
    """The year the report is about: its header, else a year in the subject or file names."""
    for document in documents:
        if document.header.year:
            return document.header.year
        if document.header.date:
            return document.header.date.year
    plausible = range(received_at.year - 2, received_at.year + 1)
    for text in (mail.subject, *(a.name for a in mail.attachments)):
        for found in _YEAR.findall(text):
            if int(found) in plausible:
                return int(found)
    return None
