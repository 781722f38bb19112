"""Renders the Vietnamese mails from editable jinja2 templates: text, HTML, and the digest's table file.

Each .txt template starts with a line "Tiêu đề: ..." (the subject), then a blank line, then the body.
Templates in [scheduler].templates are used before the shipped ones in scheduler/templates/. The
reminder's words between its greeting and closing are its `body` block, what a mail of several reminders
puts together (reminders.txt).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

import jinja2

from kernel import export, timefmt, units
from kernel.config import Config, ReportConfig, SchoolConfig
from kernel.decisions import Decision
from kernel.export import text_table as tabulate
from kernel.freshness import MailboxRead
from kernel.progress import progress
from kernel.proof import SenderCheck, SignatureFact, not_holding, signed_by
from kernel.schoolnames import addressee, head_of
from kernel.seasons import by_deadline, deadline_of, last_second
from kernel.status import REPLACES, ReportStatus, SchoolState, SchoolStatus
from kernel.store import MessageRow, ReviewRow, SubmissionRow
from parsers.document import SignatureStatus
from scheduler.errors import TemplateError

SUBJECT_PREFIX = "Tiêu đề:"
REMINDER = "reminder.txt"
# The block of the reminder template holding its own words, without greeting and closing: what a mail of
# several reminders (reminders.txt) puts together. A template without it is never combined.
REMINDER_BODY = "body"
WEEKDAYS = ("thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật")


@dataclass(frozen=True)
class Digest:
    subject: str
    text: str
    html: str
    filename: str
    content_type: str
    table: bytes


@dataclass(frozen=True)
class TakenBack:
    """A message its school was told was received that no longer counts for it; asked_at when the
    school's own note asked the office to cancel it (ReviewRow.withdraws), so the reminder says so."""

    mail: MessageRow
    asked_at: dt.datetime | None = None

    @property
    def key(self) -> str:
        return self.mail.key


class Renderer:
    """Holds the template environment for one config; every method is pure given the templates."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self.tz = config.district.timezone
        loaders: list[jinja2.BaseLoader] = []
        if config.scheduler.templates is not None:
            loaders.append(jinja2.FileSystemLoader(config.scheduler.templates))
        loaders.append(jinja2.PackageLoader("scheduler", "templates"))
        self.env = jinja2.Environment(
            loader=jinja2.ChoiceLoader(loaders),
            autoescape=jinja2.select_autoescape(["html"]),
            undefined=jinja2.StrictUndefined,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.filters["ngay"] = self.date
        self.env.filters["luc"] = self.moment
        self.env.filters["thu"] = lambda when: WEEKDAYS[when.astimezone(self.tz).weekday()]
        self.env.filters["lower_first"] = lambda text: text[:1].lower() + text[1:]
        self.env.filters["kinh_gui"] = addressee  # «Hiệu trưởng Trường …», «Chủ nhóm trẻ …»
        self.env.filters["nguoi_dung_dau"] = head_of  # «Hiệu trưởng», «Chủ nhóm»

    # -- formatting helpers, also filters in the templates -----------------------------------------

    def date(self, when: dt.datetime | dt.date) -> str:
        return timefmt.local_date(when, self.tz)

    def moment(self, when: dt.datetime) -> str:
        return timefmt.in_words(when, self.tz)

    def _sections(self, report: ReportConfig, ids: Sequence[str]) -> list[str]:
        titles = {s.id: s.title for s in report.sections}
        return [titles.get(i, i) for i in ids]

    def _render(self, name: str, unit_id: str | None = None, **context: Any) -> str:
        """The template rendered; unit_id is the collecting unit the mail speaks for, if any."""
        try:
            template = self.env.get_template(name)
            return template.render(district=self.config.district, **self._speaker(unit_id), **context)
        except jinja2.TemplateNotFound as e:
            raise TemplateError(f"không tìm thấy mẫu thư {name} trong {self._where()}") from e
        except jinja2.TemplateError as e:
            raise TemplateError(f"mẫu thư {name} ({self._where()}) bị lỗi: {e}") from e

    def _render_block(self, name: str, block: str, unit_id: str | None = None, **context: Any) -> str:
        """One block of the template rendered with the context the whole template would get."""
        try:
            template = self.env.get_template(name)
            values = {"district": self.config.district, **self._speaker(unit_id), **context}
            return "".join(template.blocks[block](template.new_context(values)))
        except jinja2.TemplateNotFound as e:
            raise TemplateError(f"không tìm thấy mẫu thư {name} trong {self._where()}") from e
        except jinja2.TemplateError as e:
            raise TemplateError(f"mẫu thư {name} ({self._where()}) bị lỗi: {e}") from e

    def _where(self) -> str:
        shipped = "scheduler/templates"
        own = self.config.scheduler.templates
        return f"{own} hoặc {shipped}" if own else shipped

    def _split(self, name: str, rendered: str) -> tuple[str, str]:
        first, _, body = rendered.partition("\n")
        if not first.startswith(SUBJECT_PREFIX):
            raise TemplateError(
                f'mẫu thư {name} phải bắt đầu bằng dòng "{SUBJECT_PREFIX} ..." ghi tiêu đề thư'
            )
        return " ".join(first[len(SUBJECT_PREFIX) :].split()), body.lstrip("\n")

    @property
    def mailbox(self) -> str:
        """Where the office's mail asks schools to send their reports: the mailbox baocao reads, not
        [smtp].from, which may be an account that only sends; else where answers go."""
        found = self.config.office_mailbox or self.config.reply_address
        if found:
            return found
        return self.config.district.staff_emails[0] if self.config.district.staff_emails else ""

    def _schools_to_mend(self, sub: SubmissionRow) -> tuple[SignatureFact, ...]:
        """The signatures that prove nothing for a reason the school can mend, which its acknowledgement
        tells it of: all of them, but that no certificate authority is trusted while the office has
        configured none ([trust].roots), which is the office's to mend."""
        trusting = bool(self.config.trust.roots)
        return tuple(
            s for s in not_holding(sub.signatures) if trusting or s.status is not SignatureStatus.UNTRUSTED
        )

    def _speaker(self, unit_id: str | None) -> dict[str, Any]:
        """Who a mail speaks for: the collecting unit, when the school (or the staff list) has one that
        season, else the office. office is its full name, we how a sentence names it (units.speaker),
        short the tag of a staff mail's subject, mailbox where schools send their reports."""
        district = self.config.district
        if unit_id is None:
            return {
                "unit": None,
                "office": district.name,
                "we": units.speaker(self.config, None),
                "short": district.short_name,
                "mailbox": self.mailbox,
            }
        unit = self.config.unit(unit_id)
        return {
            "unit": unit,
            "office": unit.name,
            "we": units.we(unit.name),
            # the office itself as a unit (collecting until 30/6/2025) keeps its short name
            "short": district.short_name if unit.name == district.name else unit.name,
            "mailbox": self.config.unit_mailbox(unit_id) or self.mailbox,
        }

    def _common(
        self, status: ReportStatus, now: dt.datetime, deadline: dt.datetime | None = None
    ) -> dict[str, Any]:
        """What every message of a season says; deadline: a school's own (a reminder's), else the
        season's, or the day it was moved to for every school (ReportStatus.moved_to), with the day
        it was moved from."""
        moved = None
        if deadline is None and status.moved_to is not None:
            moved = last_second(status.moved_to, self.tz)
        deadline = deadline or moved or status.deadline
        return {
            "report": status.report,
            "year": status.year,
            "deadline": deadline,
            "moved_from": status.deadline if moved else None,
            "now": now,
            "days_left": (deadline.date() - now.astimezone(self.tz).date()).days,
            "sections": [s.title for s in status.report.sections],
            "page_url": self._page_url(status),
        }

    def _page_url(self, status: ReportStatus) -> str:
        """The season's overview on the staff page, when the office has said where the page is."""
        base = self.config.web.public_url
        of_unit = f"?unit={status.unit}" if status.unit else ""
        return f"{base}/season/{status.report.id}/{status.year}{of_unit}" if base else ""

    # -- the mails ---------------------------------------------------------------------------------

    def reminder(
        self,
        status: ReportStatus,
        school: SchoolStatus,
        now: dt.datetime,
        *,
        overdue: bool,
        taken_back: Sequence[TakenBack] = (),
    ) -> tuple[str, str]:
        """A school's reminder; taken_back are its messages it was told were received that staff have
        since rejected or counted elsewhere, or that its own note asked to cancel."""
        unit, context = self._reminder_context(status, school, now, overdue, taken_back)
        return self._split(REMINDER, self._render(REMINDER, unit, **context))

    def reminder_body(
        self,
        status: ReportStatus,
        school: SchoolStatus,
        now: dt.datetime,
        *,
        overdue: bool,
        taken_back: Sequence[TakenBack] = (),
        told: Collection[str] = (),
    ) -> str:
        """The reminder's own words, its template's body block (REMINDER_BODY) without the greeting and
        closing around it, to stand beside another report's in one mail (reminders); told: the message keys
        of the notes the mail's earlier parts speak of (answered), not said again."""
        unit, context = self._reminder_context(status, school, now, overdue, taken_back, told)
        return self._render_block(REMINDER, REMINDER_BODY, unit, **context).strip("\n")

    @staticmethod
    def answered(status: ReportStatus, school: SchoolStatus) -> list[ReviewRow]:
        """The school's mail with no report in it waiting for staff («đã gửi rồi ạ», a request for more
        time), oldest first: its reminder speaks of the latest."""
        return [r for r in status.waiting_for(school.school_id) if r.report_id is None]

    @property
    def combines(self) -> bool:
        """Whether a school's reminders of several reports can go out in one mail: the reminder template
        (the office's own, or the shipped one) marks its body block."""
        return self._has_block(REMINDER, REMINDER_BODY)

    def _has_block(self, name: str, block: str) -> bool:
        """Whether the template (the office's own, or the shipped one) marks the block."""
        try:
            return block in self.env.get_template(name).blocks
        except jinja2.TemplateError as e:
            raise TemplateError(f"mẫu thư {name} ({self._where()}) bị lỗi: {e}") from e

    def _reminder_context(
        self,
        status: ReportStatus,
        school: SchoolStatus,
        now: dt.datetime,
        overdue: bool,
        taken_back: Sequence[TakenBack],
        told: Collection[str] = (),
    ) -> tuple[str | None, dict[str, Any]]:
        """The unit a school's reminder speaks for, and what its template is given."""
        unit = units.of_school(self.config, status.report, status.year, school.school_id)
        # A taken-back mail the school did not send (its neighbour's address sent the file) is named by
        # its sender, not as the school's.
        emails = [e.lower() for e in self.config.school(school.school_id).emails]
        answered = [r for r in self.answered(status, school) if r.message_key not in told]
        context = {
            "school": school,
            "overdue": overdue,
            "taken_back": taken_back,
            "school_emails": emails,
            # the school's latest report of another season sent in this one (ReportStatus.earlier)
            "earlier": next((s for s in reversed(status.earlier) if s.school_id == school.school_id), None),
            # its last year's report sent again that waits for staff, which does not count for this season
            "resent": status.resent_earlier(school.school_id),
            # its mail with no report in it waiting for staff («đã gửi rồi ạ», a note it went by Zalo)
            "answered": answered,
            "withdrawn": self._withdrawn(status, school, now),
            # the extension staff granted after the school's latest note asked for one: it is told so
            "granted": bool(answered and answered[-1].asks_extension and status.granted(answered[-1])),
            # its addresses our mail came back from: staff copied on its reminders learn it there too; the
            # school is asked for a new address only when one may be wrong and never wrote to us, else what
            # helps by why the mail came back (make room, open the mailbox again, unblock our mail)
            "bounced": status.bounced_notes(emails),
            "wrong_address": any(status.wrong_address(a) for a in emails),
            "returned": {str(status.returned[a]) for a in emails if a in status.bounced},
            **self._common(status, now, school.deadline),
        }
        return unit, context

    def _withdrawn(self, status: ReportStatus, school: SchoolStatus, now: dt.datetime) -> Decision | None:
        """The school's extension staff withdrew (ReportStatus.withdrawn), while the day it gave has not
        passed: until then the school may still count on it, so its reminder says it no longer holds."""
        withdrawn = status.withdrawn.get(school.school_id)
        today = now.astimezone(self.tz).date()
        if withdrawn is None or withdrawn.until is None or withdrawn.until < today:
            return None
        return withdrawn

    def reminders(
        self, school: SchoolConfig, unit: str | None, parts: Sequence[tuple[str, str]]
    ) -> tuple[str, str]:
        """One mail for a school's reminders of several reports due the same morning: parts are each
        reminder's subject and body (reminder_body), given between one greeting and one closing."""
        name = "reminders.txt"
        inner = [{"subject": subject, "body": body} for subject, body in parts]
        return self._split(name, self._render(name, unit, school=school, parts=inner))

    def missing(
        self, status: ReportStatus, now: dt.datetime, reminded: frozenset[str]
    ) -> tuple[str, str, str | None]:
        """The list of the schools that still owe the report, for staff, as subject, text and HTML (a
        table of spaces falls apart in a mail program's proportional font; none when the office's own
        missing.txt has no intro block to put in it); reminded are those sent a
        reminder with it, and every other school says why it was not (review, no address, not yet on
        the roster, an extension's own reminder days)."""
        emails = {s.id: s.emails for s in self.config.schools}
        held = status.in_review
        rows = [
            [
                n,
                s.school_id,
                self._owing_name(s, status, self._not_reminded(s, held, reminded, now)),
                ", ".join(emails.get(s.school_id, ())) or "(chưa có địa chỉ)",
            ]
            for n, s in enumerate(status.owing, 1)
        ]
        headers = ["STT", "Mã trường", "Trường", "Địa chỉ thư"]
        owing = {s.school_id for s in status.owing}
        name = "missing.txt"
        context = {
            "rows": rows,
            "headers": headers,
            "table": tabulate(rows, headers=headers),
            "count": len(rows),
            "unreadable": status.count(SchoolState.UNREADABLE),
            "held": len(held & owing),
            "unreminded": len(owing - held - reminded),
            "total": len(status.expected),
            **self._common(status, now),
        }
        subject, text = self._split(name, self._render(name, status.unit, **context))
        if not self._has_block(name, "intro"):
            return subject, text, None  # an office's own list without its intro block: its text alone
        intro = self._render_block(name, "intro", status.unit, **context)
        return (
            subject,
            text,
            self._render("missing.html", status.unit, subject=subject, intro=intro, **context),
        )

    def _waiting_why(self, row: ReviewRow, status: ReportStatus) -> str:
        """Why mail waits for staff, with each extension they granted one of its schools since it came
        (ReportStatus.granted): staff are not asked again to decide what they decided."""
        return " ".join([row.reason, *(g.note(self.config) for g in status.granted(row))])

    def _not_reminded(
        self, school: SchoolStatus, held: frozenset[str], reminded: frozenset[str], now: dt.datetime
    ) -> str:
        """Why an owing school got no reminder with the missing list ("" when it got one, or is held)."""
        if school.school_id in reminded or school.school_id in held:
            return ""
        if not self.config.school(school.school_id).emails:
            return "chưa có địa chỉ thư, không nhắc được"
        return self._off_the_roster(school, now) or "chưa nhắc hôm nay"

    def _off_the_roster(self, school: SchoolStatus, now: dt.datetime) -> str:
        """Why a school the season counts is not reminded today, being off today's roster (it opens later
        in the season, or closed after the deadline day); "" when it is on it. The missing list and the
        digest say it alike."""
        config = self.config.school(school.school_id)
        today = now.astimezone(self.tz).date()
        if config.membership_on(today) is not None:
            return ""
        later = [m.start for m in config.memberships if m.start is not None and m.start > today]
        if later:
            return f"có tên trong danh sách từ {self.date(min(later))}, chưa nhắc"
        ended = [m.until for m in config.memberships if m.until is not None and m.until < today]
        if ended:
            return f"không còn trong danh sách từ {self.date(max(ended) + dt.timedelta(days=1))}, không nhắc"
        return "chưa nhắc"

    def digest(self, status: ReportStatus, now: dt.datetime) -> Digest:
        report = status.report
        emails = {s.id: s.emails for s in self.config.schools}
        incomplete = [s for s in status.schools if s.incomplete]
        to_check = [s for s in status.schools if s.check]  # a correction of the report could not be read
        proof = self._proof(status)
        extended = [s for s in status.schools if s.extension is not None and s.status != SchoolState.EXEMPT]
        counts = {
            "expected": len(status.expected),
            "received": status.count(SchoolState.RECEIVED) + status.count(SchoolState.LATE),
            # As the consolidated draft counts: on time by the deadline, and apart, only by an extension.
            "on_time": status.count(SchoolState.RECEIVED) - len(status.on_time_by_extension),
            "on_time_by_extension": len(status.on_time_by_extension),
            "late": status.count(SchoolState.LATE),
            "unreadable": status.count(SchoolState.UNREADABLE),
            "wrong_paper": status.count(SchoolState.WRONG_PAPER),
            # those that sent only another paper by mistake owe the report too, and are listed with them
            "missing": status.count(SchoolState.MISSING) + status.count(SchoolState.WRONG_PAPER),
            "incomplete": len(incomplete),
            "check": len(to_check),
            "review": len(status.review),
            "signed": sum(1 for s in status.schools if s.current and s.current.school_signature),
            "forged": len(proof.forged),
            "exempt": status.count(SchoolState.EXEMPT),
            "extended": len(extended),
            "paper": sum(1 for s in status.schools if s.paper is not None),
            "bounced": sum(len(self._bounced(s, status)) for s in status.schools)  # addresses, as listed
            + len(self._staff_bounced(status)),
        }
        lists: dict[str, list[list[Any]]] = {
            "missing": [
                [
                    self._owing_name(s, status, self._off_the_roster(s, now)),
                    ", ".join(emails.get(s.school_id, ())),
                ]
                for s in status.schools
                if s.status in (SchoolState.MISSING, SchoolState.WRONG_PAPER)
            ],
            "unreadable": [
                [s.name, self.moment(s.received_at), " ".join(s.problems)]
                for s in _with(status, SchoolState.UNREADABLE)
                if s.received_at is not None
            ],
            "late": [
                [self._late_name(s), self.moment(s.received_at), _days_late(s, status)]
                for s in _with(status, SchoolState.LATE)
                if s.received_at is not None
            ],
            "incomplete": [
                [s.name, "; ".join(self._sections(report, s.sections_missing))] for s in incomplete
            ],
            "check": [[s.name, s.check] for s in to_check],
            "review": [
                [r.sender, r.subject, self.moment(r.received_at), self._waiting_why(r, status)]
                for r in status.review
            ],
            "proof": proof.rows,
            "extended": [
                [s.name, self.date(s.deadline), s.extension.reason] for s in extended if s.extension
            ],
            "exempt": [
                [s.name, s.exemption.reason] for s in _with(status, SchoolState.EXEMPT) if s.exemption
            ],
            "bounced": [
                *(
                    [s.name, a, self.moment(status.bounced[a]), status.returned_reason(a)]
                    for s in status.schools
                    for a in self._bounced(s, status)
                ),
                *(
                    [
                        "Cán bộ nhận bảng tổng hợp",
                        a,
                        self.moment(status.bounced[a]),
                        status.returned_reason(a),
                    ]
                    for a in self._staff_bounced(status)
                ),
            ],
            "elsewhere": [
                [e.name, self.moment(e.received_at), e.received]
                for e in export.received_elsewhere(status, self.config)
            ],
        }
        headers = {
            "counts": ["Nội dung", "Số trường"],
            "missing": ["STT", "Trường", "Địa chỉ thư"],
            "unreadable": ["STT", "Trường", "Nhận lúc", "Vấn đề"],
            "late": ["STT", "Trường", "Nhận lúc", "Số ngày muộn"],
            "incomplete": ["STT", "Trường", "Phần còn thiếu"],
            "check": ["STT", "Trường", "Vì sao cần kiểm tra"],
            "review": ["STT", "Người gửi", "Tiêu đề thư", "Nhận lúc", "Lý do cần xem xét"],
            "proof": ["STT", "Trường / người gửi", "Chữ ký số, xác thực người gửi"],
            "extended": ["STT", "Trường", "Gia hạn đến", "Lý do"],
            "exempt": ["STT", "Trường", "Lý do miễn nộp"],
            "bounced": ["STT", "Trường / người nhận", "Địa chỉ thư", "Thư bị trả lại lúc", "Lý do"],
            "elsewhere": ["STT", "Trường", "Nhận lúc", "Đơn vị đã nhận"],
        }
        count_rows = [
            ["Số trường phải nộp", counts["expected"]],
            ["Đã nhận", counts["received"]],
            ["Trong đó đúng hạn", counts["on_time"]],
            *(
                [["Trong đó nộp trong thời hạn được gia hạn", counts["on_time_by_extension"]]]
                if counts["on_time_by_extension"]
                else []
            ),
            ["Trong đó nộp muộn", counts["late"]],
            ["Đã gửi nhưng không đọc được tệp", counts["unreadable"]],
            ["Chưa nộp", counts["missing"]],
            *(
                [["Trong đó gửi nhầm văn bản khác (không phải báo cáo)", counts["wrong_paper"]]]
                if counts["wrong_paper"]
                else []
            ),
            # Not shares of the schools above: of those that reported, and a count of mails.
            ["Đã nhận nhưng thiếu nội dung", counts["incomplete"]],
            ["Số thư chờ xem xét", counts["review"]],
            *([["Thư chờ xem xét chưa rõ của đơn vị nào", status.unplaced]] if status.unplaced else []),
            ["Báo cáo có chữ ký số hợp lệ của trường", counts["signed"]],
            ["Thư giả mạo địa chỉ", counts["forged"]],
        ]
        count_rows += [
            [label, counts[key]]
            for label, key in (
                ("Đã nộp nhưng cần kiểm tra (bản sửa không đọc được)", "check"),
                ("Được gia hạn", "extended"),
                ("Được miễn nộp (không tính ở trên)", "exempt"),
                ("Đã nhận bản giấy", "paper"),
                ("Địa chỉ thư bị trả lại", "bounced"),
            )
            if counts[key]
        ]
        tables = {"counts": tabulate(count_rows, headers=headers["counts"])}
        for name, rows in lists.items():
            numbered = [[n, *row] for n, row in enumerate(rows, 1)]
            tables[name] = tabulate(numbered, headers=headers[name]) if rows else ""
        full = export.status_table(status, self.config)
        context = {
            **self._common(status, now),
            "counts": counts,
            "count_rows": count_rows,
            "lists": lists,
            "headers": headers,
            "tables": tables,
            "chart": progress(status, self.config),
            "unplaced": status.unplaced,
        }
        fmt = self.config.scheduler.digest_format
        of_unit = f"-{status.unit}" if status.unit else ""
        filename = f"tinh-hinh-{report.id}-{status.year}{of_unit}-{now.astimezone(self.tz):%Y%m%d}.{fmt}"
        context["filename"] = filename
        subject, text = self._split("digest.txt", self._render("digest.txt", status.unit, **context))
        html = self._render("digest.html", status.unit, subject=subject, **context)
        if fmt == "csv":
            return Digest(subject, text, html, filename, "text/csv", export.to_csv(full))
        table = export.to_xlsx(full, f"{report.id.upper()} {status.year}", now)
        return Digest(subject, text, html, filename, export.XLSX, table)

    def _proof(self, status: ReportStatus) -> _Proof:
        """What proves or puts in doubt the origin of the counted reports and of the mail in review:
        valid signatures of the school, signatures that do not hold, forged senders."""
        rows: list[list[str]] = []
        forged: list[str] = []
        for school in status.schools:
            sub = school.current
            if sub is None:
                continue
            signature = sub.school_signature
            if signature is not None:
                rows.append([school.name, _capital(signed_by(signature, self.tz, school.name))])
            rows.extend([school.name, f"Tệp {s.file}: {s.reason}"] for s in not_holding(sub.signatures))
            check = status.sender(sub.message_key)
            if check is not None and check.failed:
                rows.append([school.name, f"{check.forgery} (báo cáo vẫn được tính theo căn cứ khác)"])
                forged.append(sub.message_key)
        for review in status.review:
            check = status.sender(review.message_key)
            if check is not None and check.failed:
                rows.append([review.sender, f"{check.forgery} (thư chờ xem xét)"])
                forged.append(review.message_key)
        return _Proof(rows, tuple(dict.fromkeys(forged)))

    def _bounced(self, school: SchoolStatus, status: ReportStatus) -> list[str]:
        """The school's registered addresses our mail to which came back this season."""
        return [a for a in self.config.school(school.school_id).emails if a in status.bounced]

    def _staff_bounced(self, status: ReportStatus) -> list[str]:
        """The addresses of the staff this digest goes to that our mail came back from this season: the
        others learn that one of them gets nothing."""
        return [a for a in self.config.staff_of(status.unit) if a in status.bounced]

    def _late_name(self, school: SchoolStatus) -> str:
        """A late school's name, saying so when its first mail came by its deadline and could not be read:
        staff weigh that before they extend the school's deadline."""
        return f"{school.name} ({school.sent_in_time})" if school.sent_in_time else school.name

    def _owing_name(self, school: SchoolStatus, status: ReportStatus, unreminded: str = "") -> str:
        notes = [unreminded] if unreminded else []
        notes += status.bounced_notes(self.config.school(school.school_id).emails)
        if school.status == SchoolState.UNREADABLE:
            notes.append("đã gửi nhưng không đọc được tệp")
        elif school.status == SchoolState.WRONG_PAPER:
            notes.append("đã gửi nhầm văn bản khác, không phải báo cáo")
        if earlier := status.earlier_note(school.school_id):
            notes.append(earlier)
        if school.school_id in status.in_review:
            notes.append("có thư chờ cán bộ xem xét, chưa nhắc")
            notes += [held.says(self.tz) for held in status.held_for(school.school_id)]
        elif waiting := len(status.waiting_for(school.school_id)):
            # mail that holds no reminder (a note that the report went by Zalo, a correction) is still
            # the school's mail waiting, as every other list says (ReportStatus.waiting_for)
            notes.append(_lower_first(export.waiting_note(waiting)))
        if school.extension is not None:  # reminded on its own deadline's days, not with the others
            notes.append(f"gia hạn đến {self.date(school.deadline)}, nhắc theo hạn mới")
        if school.paper is not None and school.paper.received_on is not None:
            notes.append(f"đã nhận bản giấy ngày {self.date(school.paper.received_on)}")
        return f"{school.name} ({'; '.join(notes)})" if notes else school.name

    def ack(
        self,
        report: ReportConfig,
        school: SchoolConfig,
        sub: SubmissionRow,
        original_subject: str,
        sender_check: SenderCheck | None = None,
        told: Sequence[str] = (),
        sent_from: Sequence[str] = (),
        extended_until: dt.date | None = None,
        earlier: Sequence[SubmissionRow] = (),
        exempt_reason: str | None = None,
        running: int | None = None,
        copy_of: SubmissionRow | None = None,
        copy_told: bool = False,
        unanswered: bool = False,
        now: dt.datetime | None = None,
        assigned: bool = False,
        relayed_from: Sequence[str] = (),
        counted_again: bool = False,
        told_as: SchoolConfig | None = None,
        righted: Sequence[str] = (),
        waiting: Sequence[str] = (),
    ) -> tuple[str, str]:
        """The acknowledgement of a submission; told are the school's registered addresses that get it
        too because sent_from, addresses the school did not register, sent the report; relayed_from are
        those of them the mail that sent_from forwarded came from (the school's own mail, passed on by
        someone the office does not know). earlier are the school's readable reports of the season
        received before this one: the first of them decided on time or late and still counts, and only
        sections none of them holds are missing. exempt_reason is why the office excused the school this
        season, if it did: its report is then neither on time nor late. running is the later season that
        ran when a past season's report came (its report is still another one to send), copy_of the
        submission whose very files this one sends again (counted once), copy_told when the school has had
        copy_of's acknowledgement (else this one says what it would have: the sections); unanswered when sent_from is
        never written to (a document system's no-reply address) and told alone get it; assigned when
        staff counted the message for the school (it waited in review); counted_again when the school was
        told since its last acknowledgement that the mail no longer counts, and it counts again; told_as the
        school an earlier acknowledgement of the mail named by mistake, righted its registered addresses
        when they get this one too. waiting are the files of the mail credited to no school, left for staff.
        It speaks for the unit collecting the school when it is written, now (else when the report came)."""
        deadline = deadline_of(report, sub.year, self.tz)
        running_deadline = deadline_of(report, running, self.tz) if running is not None else None
        if extended_until is not None:  # the school's own deadline, granted by the office
            deadline = last_second(extended_until, self.tz)
        held = {section for e in earlier for section in e.sections_found}
        first = earlier[0].received_at if earlier else sub.received_at
        name = "ack.txt"
        text = self._render(
            name,
            units.of_ack(self.config, school.id, report.id, sub.year, now or sub.received_at),
            report=report,
            year=sub.year,
            school=school,
            submission=sub,
            original_subject=original_subject,
            deadline=deadline,
            on_time=by_deadline(first, deadline),
            exempt_reason=exempt_reason,
            # a correction that could not be read: its file marked as corrected beside the file it corrects,
            # or the whole mail announcing it
            unread_fix=REPLACES in sub.evidence,
            # files beside the report that could not be read (an annex cut short): sent again, by name
            unread_beside=sub.unread_beside,
            # files of the mail that could not be read and are not known to be the school's: sent again
            unread_in_mail=sub.unread_in_mail,
            first=earlier[0] if earlier else None,
            # what a supplement is filed with, or what an older version arriving late does not replace
            supplement=sub.supplement,
            written_before=sub.written_before,
            # a version whose mail and the one before tell no order: its figures are to be checked
            order_unsure=bool(sub.order_unsure),
            counted=next((e for e in reversed(earlier) if e.version), None),
            found=self._sections(report, sub.sections_found),
            missing=self._sections(report, [i for i in sub.sections_missing if i not in held]),
            signed=[
                f"Tệp {s.file} có {signed_by(s, self.tz, school.name if s.of_school(school.id) else None)}"
                for s in sub.signatures
                if s.valid
            ],
            not_holding=self._schools_to_mend(sub),
            forged=sender_check.problem if sender_check is not None and sender_check.failed else "",
            told=list(told),
            sent_from=[a for a in (sent_from or [sub.sender]) if a],
            relayed_from=list(relayed_from),
            running=running,
            running_deadline=running_deadline,
            running_open=running_deadline is not None and by_deadline(sub.received_at, running_deadline),
            copy_of=copy_of if sub.readable else None,
            copy_told=copy_told,
            unanswered=unanswered,
            # a note with no file and nothing of the report in it that staff counted as the report (a
            # claim it went by Zalo): its sections were never there to look for
            counted_note=assigned and sub.note,
            counted_again=counted_again,
            told_as=told_as,
            righted=list(righted),
            waiting=list(waiting),
        )
        return self._split(name, text)

    def alert(self, read: MailboxRead, now: dt.datetime) -> tuple[str, str]:
        name = "alert.txt"
        return self._split(name, self._render(name, read=read, now=now))


@dataclass(frozen=True)
class _Proof:
    rows: list[list[str]]  # [school or sender, what was found]
    forged: tuple[str, ...]  # keys of the messages whose sender was forged


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _with(status: ReportStatus, state: SchoolState) -> list[SchoolStatus]:
    return [s for s in status.schools if s.status == state]


def _days_late(school: SchoolStatus, status: ReportStatus) -> int:
    assert school.received_at is not None
    late = school.received_at.astimezone(status.deadline.tzinfo).date() - school.deadline.date()
    return late.days
