"""Writes docs/examples/: a rendered digest (HTML), reminders and an acknowledgement, from the shipped config.toml.

    python -m scheduler.examples [DIR]

The season is made up but fixed (same input, same files), so a test can tell when they are stale.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import sys
from pathlib import Path

from kernel import config as config_mod
from kernel.decisions import Decision, DecisionKind, SeasonDecisions
from kernel.proof import Check, SenderCheck, SignatureFact
from kernel.status import ReportStatus, report_status
from kernel.store import ReviewRow, SubmissionKind, SubmissionRow
from parsers.document import SignatureStatus
from scheduler.outgoing import MailKind, Outgoing
from scheduler.plan import Received, acknowledgements, plan
from scheduler.render import Renderer

ROOT = Path(__file__).resolve().parent.parent
DIGEST_AT = (2021, 11, 1, 7, 30)  # the Monday after the deadline: late, missing and incomplete reports
REMINDER_AT = (2021, 10, 22, 7, 30)  # three days before the deadline
REMINDED_SCHOOL = "th-binh-thanh-1"
UNREADABLE_AT = 11  # the index of the school whose only file was password-protected
UNTRUSTED_AT = 8  # the index of the school whose signature comes from an authority not trusted
_LOCKED = (
    "Tệp PDF bao-cao-nq121.pdf được bảo vệ bằng mật khẩu, không đọc được nội dung. "
    "Đề nghị trường gửi lại bản không đặt mật khẩu."
)
EXAMPLE_URL = "http://192.168.1.10:8080"


def sample_status(config: config_mod.Config, now: dt.datetime) -> ReportStatus:
    """Most schools on time, every fifth late, every seventh missing, one whose file could not be read,
    a few incomplete, every fourth digitally signed (one signature untrusted), three in review, one of
    them forged."""
    tz = config.district.timezone
    report = config.reports[0]
    sections = [s.id for s in report.sections]
    subs = []
    for n, school in enumerate(config.schools):
        if n % 7 == 3 or school.id == REMINDED_SCHOOL:
            continue
        late = n % 5 == 4
        when = dt.datetime(2021, 10, 27 if late else 20 + n % 5, 8 + n % 9, (7 * n) % 60, tzinfo=tz)
        if when > now:
            continue
        found = tuple(sections[:-1] if n % 6 == 1 else sections)
        unreadable = n == UNREADABLE_AT
        subs.append(
            SubmissionRow(
                f"sample{n:03d}",
                f"sample{n:03d}@example.edu.vn",
                report.id,
                2021,
                school.id,
                when,
                school.emails[0] if school.emails else "",
                () if unreadable else ("bao-cao-nq121.pdf",),
                () if unreadable else found,
                tuple(s for s in sections if unreadable or s not in found),
                {},
                (),
                kind=SubmissionKind.UNREADABLE if unreadable else SubmissionKind.REPORT,
                problems=(_LOCKED,) if unreadable else (),
                signatures=() if unreadable or n % 4 else (_signature(school, n, when),),
            )
        )
    reviews = [
        ReviewRow(
            "sample-review-1",
            "r1@gmail.com",
            report.id,
            2021,
            "thuykieu.gv@gmail.com",
            "Gửi báo cáo NQ121",
            dt.datetime(2021, 10, 26, 20, 15, tzinfo=tz),
            "Gửi từ địa chỉ cá nhân, văn bản không ghi tên trường.",
            (),
            ("BC NQ121.docx",),
        ),
        ReviewRow(
            "sample-review-2",
            "r2@yahoo.com",
            report.id,
            2021,
            "thcs.ng@yahoo.com",
            "Fwd: báo cáo",
            dt.datetime(2021, 10, 29, 9, 40, tzinfo=tz),
            "Có thể là của hai trường: Trường THCS Nhị Thành, Trường THCS Mỹ An.",
            (),
            ("scan.pdf",),
        ),
        ReviewRow(
            "sample-review-3",
            "r3@example.edu.vn",
            report.id,
            2021,
            _FORGED.address,
            "Báo cáo NQ121",
            dt.datetime(2021, 10, 30, 22, 5, tzinfo=tz),
            f"{_FORGED.explanation} Địa chỉ này thuộc Trường Tiểu học Mỹ Lạc nhưng thư không qua được xác "
            "thực, nên không được tính theo địa chỉ gửi. Cần cán bộ kiểm tra và chọn trường.",
            ("th-my-lac",),
            ("Bao cao NQ121.pdf",),
        ),
    ]
    senders = {"sample-review-3": _FORGED}
    decided = sample_decisions(config)
    return report_status(report, 2021, config.schools, subs, reviews, tz, now, senders, decided)


_FORGED = SenderCheck(
    "c1mylac.thuthua@example.edu.vn",
    spf=Check.FAIL,
    dmarc=Check.FAIL,
    checked_by="mx.pgdthuthua.example.edu.vn",
    failed=True,
    problem="DMARC không đạt",
    explanation=(
        "Thư giả mạo địa chỉ c1mylac.thuthua@example.edu.vn: DMARC không đạt (máy chủ nhận thư "
        "mx.pgdthuthua.example.edu.vn kiểm tra: SPF không đạt, DKIM không có kết quả, DMARC không đạt)."
    ),
)


def _signature(school: config_mod.SchoolConfig, n: int, received: dt.datetime) -> SignatureFact:
    """The school's own signature, or for one school a certificate from an authority not trusted."""
    signed_at = received - dt.timedelta(hours=1, minutes=n)
    if n == UNTRUSTED_AT:
        return SignatureFact(
            "bao-cao-nq121.pdf",
            SignatureStatus.UNTRUSTED,
            f"Chữ ký số của {school.name.upper()} không được công nhận: chứng thư số do tổ chức tự ghi "
            "tên «CA Lạ» cấp, tổ chức này không thuộc các chứng thư gốc tin cậy trong cấu hình.",
            common_name=school.name.upper(),
            organization=school.name.upper(),
            issuer="CA Lạ",
            signed_at=signed_at,
            school_id=school.id,
        )
    return SignatureFact(
        "bao-cao-nq121.pdf",
        SignatureStatus.VALID,
        f"Chữ ký số hợp lệ của {school.name.upper()} (chứng thư do VNPT-CA cấp); tệp không bị sửa sau khi ký.",
        common_name=school.name.upper(),
        organization=school.name.upper(),
        issuer="VNPT-CA",
        signed_at=signed_at,
        school_id=school.id,
    )


def sample_decisions(config: config_mod.Config) -> SeasonDecisions:
    """One school merged away this year (exempt), one late school given a week more, one paper copy."""
    tz = config.district.timezone
    report = config.reports[0]

    def decided(kind: DecisionKind, n: int, reason: str, **values: object) -> Decision:
        base = {"until": None, "received_on": None, "received_by": ""}
        return Decision(
            id=n,
            kind=kind,
            report_id=report.id,
            year=2021,
            school_id=config.schools[n].id,
            reason=reason,
            decided_by="vanthu",
            decided_at=dt.datetime(2021, 10, 20, 9, 0, tzinfo=tz),
            **{**base, **values},  # type: ignore[arg-type]
        )

    exempt = decided(DecisionKind.EXEMPTION, 3, "Trường sáp nhập vào trường khác từ tháng 9/2021")
    extended = decided(
        DecisionKind.EXTENSION, 4, "Trường xin lùi hạn vì ngập lụt", until=dt.date(2021, 10, 31)
    )
    paper = decided(
        DecisionKind.PAPER,
        0,
        "",
        received_on=dt.date(2021, 10, 22),
        received_by="Lê Thị Thu",
    )
    return SeasonDecisions(
        {extended.school_id: extended}, {exempt.school_id: exempt}, {paper.school_id: paper}
    )


def render(config: config_mod.Config) -> dict[str, str]:
    """File name -> content of each example."""
    tz = config.district.timezone
    # The digest links to the office's page when [web].public_url says where it is.
    renderer = Renderer(
        dataclasses.replace(config, web=dataclasses.replace(config.web, public_url=EXAMPLE_URL))
    )
    digest_at = dt.datetime(*DIGEST_AT, tzinfo=tz)
    digest = renderer.digest(sample_status(config, digest_at), digest_at)
    reminder_at = dt.datetime(*REMINDER_AT, tzinfo=tz)
    due = plan(sample_status(config, reminder_at), {}, reminder_at, config, renderer, (MailKind.REMINDER,))
    unreadable = config.schools[UNREADABLE_AT].id
    return {
        "digest.html": digest.html,
        "reminder.txt": _shown(next(i for i in due if i.school_id == REMINDED_SCHOOL)),
        "reminder-unreadable.txt": _shown(next(i for i in due if i.school_id == unreadable)),
        "ack-signed.txt": _shown(_signed_ack(config, renderer)),
    }


def _signed_ack(config: config_mod.Config, renderer: Renderer) -> Outgoing:
    """The acknowledgement of a report signed by the school and sent from the principal's own gmail:
    the school's registered address is told too."""
    tz = config.district.timezone
    school = config.school(REMINDED_SCHOOL)
    when = dt.datetime(2021, 10, 22, 21, 40, tzinfo=tz)
    signature = dataclasses.replace(
        _signature(school, 0, when), common_name="Nguyễn Thị Lan", file="BC NQ121.pdf"
    )
    sub = SubmissionRow(
        "sample-ack",
        "ack@gmail.com",
        config.reports[0].id,
        2021,
        school.id,
        when,
        "lan.nguyenthi.gv@gmail.com",
        ("BC NQ121.pdf",),
        tuple(s.id for s in config.reports[0].sections),
        (),
        {},
        (),
        signatures=(signature,),
    )
    [ack] = acknowledgements(
        [Received(sub, "Gửi báo cáo NQ121", automatic=False)], {}, when, config, renderer
    )
    return ack


def _shown(mail: Outgoing) -> str:
    head = f"Tiêu đề: {mail.subject}\nGửi đến: {', '.join(mail.to)}\n"
    if mail.cc:
        head += f"Đồng gửi: {', '.join(mail.cc)}\n"
    return f"{head}\n{mail.text}"


def main(argv: list[str]) -> None:
    target = Path(argv[0]) if argv else ROOT / "docs" / "examples"
    target.mkdir(parents=True, exist_ok=True)
    for name, content in render(config_mod.load(ROOT / "config.toml")).items():
        (target / name).write_text(content, encoding="utf-8")
        print(target / name)


if __name__ == "__main__":
    main(sys.argv[1:])
