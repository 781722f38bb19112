"""Mail a cluster's lead school sends for others: its members' reports passed on, the cluster's combined
report. Neither is the lead's own report, and neither may be credited to it by its address."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import random
from email.message import EmailMessage
from pathlib import Path

import docx
import pytest

from intake import pipeline
from intake.matching import MatchResult, match
from intake.message import Mail
from intake.registry import Registry
from kernel import config as config_mod
from kernel.config import Config
from kernel.runtime import Runtime
from kernel.store import MessageState
from parsers.document import Document, Header
from parsers.read import read_attachment
from samples.documents import render_docx
from samples.papers import make_paper
from tests.intake.mails import forward, message, report

ROOT = Path(__file__).resolve().parents[2]
LEAD = "c1myan.thuthua@example.edu.vn"  # Tiểu học Mỹ An, its cluster's lead school


@pytest.fixture(scope="module")
def shipped() -> Config:
    return config_mod.load(ROOT / "config.toml")


def _match(shipped: Config, mail: Mail, documents: list[Document]) -> MatchResult:
    return match(mail, documents, Registry.build(shipped.schools, {}, shipped.office_names))


def _assigned(result: MatchResult) -> list[str]:
    return [a.school_id for a in result.assignments]


@pytest.mark.parametrize("original", ["nguyenvanan1980@gmail.com", "Cô Hạnh <hanh.gv1985@gmail.com>"])
def test_a_lead_forwarding_a_personal_addresss_unnamed_report_waits_naming_the_original_sender(
    shipped: Config, original: str
) -> None:
    """The lead school forwarded from its own address a teacher's gmail carrying a report that names no
    school: it was credited to the lead by its address, though whose report it is only the teacher knew."""
    mail = forward(LEAD, original, "Báo cáo NQ121", ["BC NQ121.pdf"])
    paper = report("Trường Tiểu học Mỹ Phú", "BC NQ121.pdf", named=False, header=False)
    result = _match(shipped, mail, [paper])
    address = original.rsplit("<", 1)[-1].rstrip(">")
    assert _assigned(result) == [] and result.candidates[:1] == ("th-my-an",)
    assert result.review_reason is not None
    assert f"chuyển tiếp thư của {address}" in result.review_reason
    assert "không phải báo cáo của chính Trường Tiểu học Mỹ An" in result.review_reason


def test_a_lead_forwarding_a_named_report_credits_the_school_it_names(shipped: Config) -> None:
    mail = forward(LEAD, "nguyenvanan1980@gmail.com", "Báo cáo NQ121", ["BC NQ121.pdf"])
    named = report("Trường Tiểu học Mỹ Phú", "BC NQ121.pdf")
    assert _assigned(_match(shipped, mail, [named])) == ["th-my-phu"]
    own = report("Trường Tiểu học Mỹ An", "BC NQ121.pdf", header=False)
    assert _assigned(_match(shipped, mail, [own])) == ["th-my-an"]


def test_a_school_forwarding_its_own_registered_mail_is_credited_as_before(shipped: Config) -> None:
    mail = forward(LEAD, "c1myan.thuthua@example.edu.vn", "Báo cáo NQ121", ["BC NQ121.pdf"])
    paper = report("Trường Tiểu học Mỹ An", "BC NQ121.pdf", named=False, header=False)
    assert _assigned(_match(shipped, mail, [paper])) == ["th-my-an"]


def test_an_unnamed_report_on_the_offices_forwarded_reminder_is_the_senders(rt: Runtime) -> None:
    """The office's own reminder forwarded back is no one else's mail passed on: the school's report that
    names no school, attached to it, is still the school's by its address."""
    paper = make_paper("Trường Tiểu học Mỹ An", year=2021, rng=random.Random(5), named=False)
    msg = EmailMessage()
    msg["From"] = LEAD
    msg["To"] = "pgdthuthua@example.edu.vn"
    msg["Subject"] = "Fwd: Nhắc nộp báo cáo NQ121"
    msg["Message-ID"] = "<fwd-ours@example.edu.vn>"
    msg["Date"] = "Fri, 22 Oct 2021 09:15:00 +0700"
    msg.set_content(
        "Dạ trường gửi báo cáo ạ.\n\n---------- Forwarded message ---------\n"
        "From: Phòng GD&ĐT Thủ Thừa <pgdthuthua@example.edu.vn>\nDate: Fri, 22 Oct 2021 at 07:30\n"
        f"Subject: Nhắc nộp báo cáo NQ121\nTo: <{LEAD}>\n\nĐề nghị nhà trường gửi báo cáo NQ121.\n"
    )
    msg.add_attachment(render_docx(paper), maintype="application", subtype="octet-stream", filename="BC.docx")
    received = dt.datetime(2021, 10, 22, 2, 16, tzinfo=dt.UTC)
    outcome = pipeline.process(rt, msg.as_bytes(), received_at=received, source="test")
    assert outcome.state == MessageState.REPORT, outcome.reason
    assert [s.school_id for s in rt.store.submissions()] == ["th-my-an"]


@pytest.mark.parametrize(
    ("subject", "body"),
    [
        ("Báo cáo NQ121", "Dạ em gửi giúp báo cáo của trường bạn trong cụm ạ."),
        ("Gửi giúp BC NQ121 trường bạn", "Kính gửi Phòng GD&ĐT."),
        ("Báo cáo NQ121", "Em gửi thay cho trường bạn (mạng của trường bị hỏng) ạ."),
        ("BC NQ121 cụm 3", "Kính gửi Phòng GD&ĐT."),
        ("Báo cáo NQ121", "Cụm trưởng gửi báo cáo các trường trong cụm."),
    ],
)
def test_a_lead_sending_an_unnamed_report_for_another_school_waits_for_staff(
    shipped: Config, subject: str, body: str
) -> None:
    """The lead school's mail said it sends a report for a school of its cluster («gửi giúp … trường bạn»,
    «cụm 3»), the report naming no school: it was credited to the lead by its address."""
    paper = report("Trường Tiểu học Mỹ Phú", "BC NQ121.pdf", named=False, header=False)
    result = _match(shipped, message(LEAD, subject, files=[paper.name], body=body), [paper])
    assert _assigned(result) == [] and result.candidates[:1] == ("th-my-an",)
    assert result.review_reason is not None
    assert "có thể là báo cáo của trường khác (hoặc của cả cụm) được gửi giúp" in result.review_reason


@pytest.mark.parametrize(
    "body",
    [
        "Nhà trường gửi báo cáo, thay cho bản gửi hôm trước ạ.",
        "Trường Tiểu học Mỹ An (trường cụm trưởng cụm 3) gửi báo cáo của trường.",
        "Dạ em là Trưởng ban chỉ đạo của trường, gửi báo cáo ạ.",
    ],
)
def test_a_leads_own_mail_replacing_a_report_or_signed_as_lead_is_its_own(shipped: Config, body: str) -> None:
    paper = report("Trường Tiểu học Mỹ An", "BC NQ121.pdf", named=False, header=False)
    result = _match(shipped, message(LEAD, "Báo cáo NQ121", files=[paper.name], body=body), [paper])
    assert _assigned(result) == ["th-my-an"]


_TITLE = "Kết quả triển khai thực hiện Nghị quyết 121/2020/QH14 về phòng, chống xâm hại trẻ em năm 2021"
_CLOSING = ("III. Khó khăn, vướng mắc", "Không có.", "IV. Đề xuất, kiến nghị", "Không có.")


def _docx(name: str, lines: list[str], rows: list[list[str]], closing: tuple[str, ...]) -> Document:
    """A report typed in Word without the two-column header, read by the parsers: lines, then a table
    of rows, then closing."""
    paper = docx.Document()
    for line in lines:
        paper.add_paragraph(line)
    table = paper.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            table.cell(r, c).text = cell
    for line in closing:
        paper.add_paragraph(line)
    data = io.BytesIO()
    paper.save(data)
    [document] = read_attachment(name, data.getvalue()).documents
    return document


def _combined(members: list[str], heading: str, signer: str) -> Document:
    rows = [["STT", "Đơn vị", "Số buổi tuyên truyền", "Số vụ xâm hại"]]
    rows += [[str(n), member, str(8 + n), "0"] for n, member in enumerate(members, 1)]
    lines = [
        heading,
        _TITLE,
        "Cụm gồm: Mỹ Phú, Mỹ Lạc",
        "I. Công tác chỉ đạo, triển khai",
        "Các trường trong cụm đã tổ chức tuyên truyền cho học sinh và phụ huynh.",
        "II. Kết quả thực hiện",
    ]
    return _docx("BC NQ121 cum.docx", lines, rows, (*_CLOSING, signer, "Nguyễn Văn Bình"))


@pytest.mark.parametrize(
    ("members", "heading", "signer"),
    [
        (["TH Mỹ Phú", "TH Mỹ Lạc"], "BÁO CÁO CỦA CỤM", "TM. CỤM TRƯỞNG"),
        (["Mỹ Phú", "Mỹ Lạc"], "BÁO CÁO CỦA CỤM", "TM. CỤM TRƯỞNG"),
        (["Tiểu học Mỹ Phú", "Tiểu học Mỹ Lạc"], "BÁO CÁO TỔNG HỢP CỤM TRƯỜNG SỐ 3", "HIỆU TRƯỞNG"),
        (["Mỹ Phú", "Mỹ Lạc"], "BÁO CÁO", "CỤM TRƯỞNG"),
    ],
)
def test_a_leads_combined_report_of_its_cluster_waits_for_staff(
    shipped: Config, members: list[str], heading: str, signer: str
) -> None:
    """Tiểu học Mỹ Phú, its cluster's lead, mailed the cluster's combined report («Cụm gồm: Mỹ Phú, Mỹ
    Lạc», a row of figures for each member): it was credited to Mỹ Phú as its own report, its figures the
    sum of two schools', and Mỹ Lạc counted as missing. It stands for several schools: staff decide."""
    paper = _combined(members, heading, signer)
    mail = message("c1myphu.thuthua@example.edu.vn", "Báo cáo NQ121", files=[paper.name])
    result = _match(shipped, mail, [paper])
    assert _assigned(result) == [] and {"th-my-phu", "th-my-lac"} <= set(result.candidates)
    assert result.review_reason is not None
    assert "báo cáo chung của cụm trường" in result.review_reason
    assert "Cụm gồm: Mỹ Phú, Mỹ Lạc" in result.review_reason


@pytest.mark.parametrize(
    "summary",
    [
        "Tổng hợp kết quả thực hiện Nghị quyết 121/2020/QH14 của các trường trong cụm 3",
        "Kết quả thực hiện Nghị quyết 121/2020/QH14 cụm trường số 3",
    ],
)
def test_a_combined_report_under_the_leads_own_header_waits_for_staff(shipped: Config, summary: str) -> None:
    """The lead typed the cluster's report on its own letterhead («TRƯỜNG TIỂU HỌC MỸ PHÚ»), its summary
    saying it sums up the cluster's schools: the header credited it to Mỹ Phú as its own report."""
    paper = report("Trường Tiểu học Mỹ Phú", "BC NQ121.docx")
    paper = dataclasses.replace(paper, header=dataclasses.replace(paper.header, title=summary))
    mail = message("c1myphu.thuthua@example.edu.vn", "Báo cáo NQ121", files=[paper.name])
    result = _match(shipped, mail, [paper])
    assert _assigned(result) == [] and result.candidates[:1] == ("th-my-phu",)
    assert (
        result.review_reason is not None
        and f"báo cáo chung của cụm trường («{summary}»)" in result.review_reason
    )


def test_a_leads_own_report_beside_the_clusters_is_credited_and_the_clusters_waits(shipped: Config) -> None:
    own = report("Trường Tiểu học Mỹ Phú", "BC NQ121 TH My Phu.docx")
    combined = _combined(["Mỹ Phú", "Mỹ Lạc"], "BÁO CÁO CỦA CỤM", "TM. CỤM TRƯỞNG")
    mail = message("c1myphu.thuthua@example.edu.vn", "Báo cáo NQ121", files=[own.name, combined.name])
    result = _match(shipped, mail, [own, combined])
    assert [(a.school_id, a.files) for a in result.assignments] == [("th-my-phu", (own.name,))]
    assert result.review_reason is not None and combined.name in result.review_reason


@pytest.mark.parametrize(
    "mentions",
    [
        "Nhà trường là trường cụm trưởng của cụm 3 (cụm gồm: Mỹ Phú, Mỹ Lạc), chủ trì sinh hoạt cụm.",
        "Nhà trường tham gia sinh hoạt chuyên môn cụm cùng Trường Tiểu học Mỹ Lạc.",
    ],
)
def test_a_leads_own_report_mentioning_its_cluster_is_its_own(shipped: Config, mentions: str) -> None:
    lines = ["BÁO CÁO", _TITLE, "I. Công tác chỉ đạo, triển khai", mentions, "II. Kết quả thực hiện"]
    rows = [["Nội dung", "Số lượng"], ["Số buổi tuyên truyền", "12"], ["Số vụ xâm hại", "0"]]
    paper = _docx("BC NQ121.docx", lines, rows, (*_CLOSING, "HIỆU TRƯỞNG", "Nguyễn Văn Bình"))
    mail = message("c1myphu.thuthua@example.edu.vn", "Báo cáo NQ121", files=[paper.name])
    assert _assigned(_match(shipped, mail, [paper])) == ["th-my-phu"]


def test_a_table_row_naming_another_school_before_its_figures_reads_that_school(shipped: Config) -> None:
    """A headerless paper from Tiểu học Mỹ Phú's address whose table has a row of figures for each of two
    schools («2 | TH Mỹ Lạc | 8 | 0»): the figures after the name were read as its number («Mỹ Lạc 8»,
    no school), so only Mỹ Phú's row counted and the paper was credited to Mỹ Phú."""
    lines = ["BÁO CÁO", _TITLE, "I. Công tác chỉ đạo, triển khai", "II. Kết quả thực hiện"]
    rows = [["STT", "Trường", "Số buổi tuyên truyền", "Số vụ xâm hại"]]
    rows += [["1", "TH Mỹ Phú", "12", "0"], ["2", "TH Mỹ Lạc", "8", "0"]]
    paper = _docx("BC NQ121.docx", lines, rows, (*_CLOSING, "HIỆU TRƯỞNG", "Nguyễn Văn Bình"))
    mail = message("c1myphu.thuthua@example.edu.vn", "Báo cáo NQ121", files=[paper.name])
    result = _match(shipped, mail, [paper])
    assert _assigned(result) == [] and set(result.candidates) == {"th-my-phu", "th-my-lac"}
    assert result.review_reason is not None and "«TH Mỹ Lạc»: Trường Tiểu học Mỹ Lạc" in result.review_reason


def _letterhead(school: str, committee: str) -> Document:
    """A report headed only by its commune's People's Committee, the school's line lost, naming no school."""
    return dataclasses.replace(report(school, "BC.docx", named=False), header=Header(parent_body=committee))


def test_a_member_paper_under_another_communes_letterhead_from_the_leads_address_waits(
    shipped: Config,
) -> None:
    """THCS Mỹ An's address sent a paper headed «UBND XÃ MỸ PHÚ» alone, naming no school: Mỹ Phú has its
    own THCS, whose report the lead passes on, yet the paper was credited to THCS Mỹ An by its address."""
    mail = message("c2myan.thuthua@example.edu.vn", "Báo cáo NQ121", files=["BC.docx"])
    result = _match(shipped, mail, [_letterhead("Trường THCS Mỹ Phú", "UBND XÃ MỸ PHÚ")])
    assert _assigned(result) == [] and result.candidates[:2] == ("thcs-my-an", "thcs-my-phu")
    assert result.review_reason is not None
    assert "chỉ ghi cơ quan «UBND XÃ MỸ PHÚ», không ghi tên trường" in result.review_reason
    own = _match(shipped, mail, [_letterhead("Trường THCS Mỹ An", "UBND XÃ MỸ AN")])
    assert _assigned(own) == ["thcs-my-an"]


def test_a_school_named_for_another_commune_is_credited_under_its_own_communes_letterhead(
    tmp_path: Path,
) -> None:
    """Mầm non Mỹ Phú stands in xã Mỹ Lạc since the communes were merged: its letterhead «UBND XÃ MỸ LẠC»
    is its own commune's, as the configuration says, and Mỹ Lạc's own kindergarten is no reason to wait."""
    path = tmp_path / "config.toml"
    path.write_text(
        (ROOT / "config.toml")
        .read_text(encoding="utf-8")
        .replace(
            'name = "Trường Mẫu giáo Mỹ Phú"\n', 'name = "Trường Mẫu giáo Mỹ Phú"\ncommune = "Mỹ Lạc"\n'
        ),
        encoding="utf-8",
    )
    moved = config_mod.load(path)
    assert moved.school("mg-my-phu").commune == "Mỹ Lạc"
    mail = message("c0myphu.thuthua@example.edu.vn", "Báo cáo NQ121", files=["BC.docx"])
    result = _match(moved, mail, [_letterhead("Trường Mẫu giáo Mỹ Phú", "UBND XÃ MỸ LẠC")])
    assert _assigned(result) == ["mg-my-phu"]


@pytest.mark.parametrize("to", ["To: Phòng GD&ĐT Thủ Thừa", "To: Trường TH Mỹ An", "Đến: TH Mỹ An"])
def test_a_lead_forwarding_a_mail_whose_sender_has_a_name_only_waits_naming_that_sender(
    shipped: Config, to: str
) -> None:
    """The lead school forwarded from Outlook a mail whose «From:» gives a person's name and no address
    («From: Nguyễn Thị Hạnh»), carrying a report that names no school: it was credited to the lead by its
    address, while the same forward of a teacher's gmail waited, since whose report it is only the first
    sender knew. The forwarded mail's «To:» line naming the lead, whom it was sent to, was read as the
    mail's own words naming the lead too."""
    body = (
        f"\n\nFrom: Nguyễn Thị Hạnh\nSent: Wednesday, October 20, 2021 9:15 AM\n{to}\n"
        "Subject: Báo cáo NQ121\n\nKính gửi Phòng, trường gửi báo cáo.\n"
    )
    mail = message(LEAD, "FW: Báo cáo NQ121", files=["BC NQ121.pdf"], body=body)
    paper = report("Trường Tiểu học Mỹ Phú", "BC NQ121.pdf", named=False, header=False)
    result = _match(shipped, mail, [paper])
    assert _assigned(result) == [] and result.candidates[:1] == ("th-my-an",)
    assert result.review_reason is not None and "«Nguyễn Thị Hạnh»" in result.review_reason
    assert "không phải báo cáo của chính Trường Tiểu học Mỹ An" in result.review_reason


@pytest.mark.parametrize(
    ("sender", "issuer"),
    [
        ("c2myan.thuthua@example.edu.vn", "TRƯỜNG TIỂU HỌC"),
        ("c0myan.thuthua@example.edu.vn", "TRƯỜNG TIỂU HỌC"),
        ("c1myan.thuthua@example.edu.vn", "TRƯỜNG THCS"),
    ],
)
def test_a_paper_headed_by_another_level_alone_from_a_schools_address_waits(
    shipped: Config, sender: str, issuer: str
) -> None:
    """THCS Mỹ An's address sent a paper whose header kept only «TRƯỜNG TIỂU HỌC», the name lost at the
    line's end, and which names no school: a primary school's paper, yet the address credited it to
    THCS Mỹ An. A paper of a level the sender is not at waits for staff."""
    paper = report("Trường Tiểu học Mỹ An", "BC.docx", named=False)
    paper = dataclasses.replace(paper, header=dataclasses.replace(paper.header, issuer=issuer))
    result = _match(shipped, message(sender, "Báo cáo NQ121", files=["BC.docx"]), [paper])
    assert _assigned(result) == [] and result.review_reason is not None
    assert f"chỉ ghi «{issuer}», không ghi tên trường" in result.review_reason
    assert len(result.candidates) >= 2
    own = message("c1myan.thuthua@example.edu.vn", "Báo cáo NQ121", files=["BC.docx"])
    level = "TRƯỜNG TIỂU HỌC" if issuer == "TRƯỜNG THCS" else issuer
    mine = dataclasses.replace(paper, header=dataclasses.replace(paper.header, issuer=level))
    assert _assigned(_match(shipped, own, [mine])) == ["th-my-an"]


def test_a_letterhead_with_a_level_alone_names_that_communes_schools_of_that_level(shipped: Config) -> None:
    """A paper headed «UBND XÃ MỸ AN» over «TRƯỜNG TIỂU HỌC», the name lost at the line's end: from a gmail
    it waited saying the unit «TRƯỜNG TIỂU HỌC» is in no list, with nothing to choose from; from Tiểu học
    Mỹ Phú's address it was credited to Mỹ Phú, though Mỹ An's primary school is the commune's."""
    paper = report("Trường Tiểu học Mỹ An", "BC.docx", named=False)
    paper = dataclasses.replace(
        paper, header=dataclasses.replace(paper.header, parent_body="UBND XÃ MỸ AN", issuer="TRƯỜNG TIỂU HỌC")
    )
    unknown = _match(shipped, message("gv.an1985@gmail.com", "Báo cáo NQ121", files=["BC.docx"]), [paper])
    assert _assigned(unknown) == [] and unknown.candidates == ("th-my-an",)
    assert (
        unknown.review_reason is not None and "«UBND XÃ MỸ AN» và «TRƯỜNG TIỂU HỌC»" in unknown.review_reason
    )
    lead = _match(shipped, message("c1myphu.thuthua@example.edu.vn", "BC NQ121", files=["BC.docx"]), [paper])
    assert _assigned(lead) == [] and lead.candidates[:2] == ("th-my-phu", "th-my-an")


def test_a_header_of_liên_cấp_and_a_commune_names_the_communes_multi_level_school(shipped: Config) -> None:
    """«TRƯỜNG LIÊN CẤP TÂN LONG», the levels left out, waited for staff between Mẫu giáo Tân Long and TH&THCS
    Tân Long, though a kindergarten is never «liên cấp»: it names the commune's primary and lower-secondary
    school. Where no such school is, it names none for sure."""
    paper = report("Trường TH&THCS Tân Long", "BC.docx", named=False, issuer="TRƯỜNG LIÊN CẤP TÂN LONG")
    mail = message("hieutruong.tanlong@gmail.com", "Báo cáo NQ121", files=["BC.docx"])
    assert _assigned(_match(shipped, mail, [paper])) == ["th-thcs-tan-long"]
    elsewhere = dataclasses.replace(
        paper, header=dataclasses.replace(paper.header, issuer="TRƯỜNG LIÊN CẤP MỸ AN")
    )
    assert _assigned(_match(shipped, mail, [elsewhere])) == []


def test_a_subject_of_liên_cấp_and_a_commune_names_the_communes_multi_level_school(shipped: Config) -> None:
    """«BC NQ121 trường liên cấp Tân Long» in the subject of a gmail, over a paper naming no school, waited
    between Mẫu giáo Tân Long and TH&THCS Tân Long, though a kindergarten is never «liên cấp»."""
    paper = report("Trường TH&THCS Tân Long", "BC.docx", named=False, header=False)
    mail = message("hieutruong.tanlong@gmail.com", "BC NQ121 trường liên cấp Tân Long", files=["BC.docx"])
    credited = _match(shipped, mail, [paper])
    assert _assigned(credited) == ["th-thcs-tan-long"]
    assert "«liên cấp Tân Long»" in credited.assignments[0].reasons[0]
    elsewhere = message("hieutruong.tanlong@gmail.com", "BC NQ121 trường liên cấp Mỹ An", files=["BC.docx"])
    assert _assigned(_match(shipped, elsewhere, [paper])) == []


def test_a_schools_paper_under_a_commune_letterhead_its_config_lacks_says_how_to_credit_it(
    shipped: Config,
) -> None:
    """Since the 2025 reorganisation Tiểu học Mỹ Phú heads its papers «UBND XÃ MỸ AN», the commune it is now
    in, while the shipped config gives it no commune: its own report waits, rightly (Mỹ An's primary school is
    that commune's by the list), but the reason never said that the list may be what is out of date. It
    says to write the commune in the config; a school whose commune the config gives is not told so."""
    paper = report("Trường Tiểu học Mỹ Phú", "BC.docx", named=False)
    paper = dataclasses.replace(
        paper, header=dataclasses.replace(paper.header, parent_body="UBND XÃ MỸ AN", issuer="TRƯỜNG TIỂU HỌC")
    )
    mail = message("c1myphu.thuthua@example.edu.vn", "Báo cáo NQ121", files=["BC.docx"])
    result = _match(shipped, mail, [paper])
    assert _assigned(result) == [] and result.candidates[:2] == ("th-my-phu", "th-my-an")
    assert result.review_reason is not None and 'ghi commune = "Mỹ An"' in result.review_reason
    placed = [dataclasses.replace(s, commune="Mỹ Lạc") if s.id == "th-my-phu" else s for s in shipped.schools]
    configured = match(mail, [paper], Registry.build(placed, {}, shipped.office_names))
    assert configured.review_reason is not None and "commune" not in configured.review_reason


@pytest.mark.parametrize(
    ("sender", "issuer"),
    [("c2myan.thuthua@example.edu.vn", "TIỂU HỌC"), ("c1myan.thuthua@example.edu.vn", "THCS")],
)
def test_a_level_alone_without_truong_is_read_as_a_level_header_too(
    shipped: Config, sender: str, issuer: str
) -> None:
    """A header line of a level alone, «TIỂU HỌC» or «THCS» without «Trường» (the school word and the name
    lost to the layout), named no unit at all: THCS Mỹ An's address had a primary school's paper credited
    to it, and from a gmail under «UBND XÃ MỸ AN» it waited with nothing for staff to choose from."""
    paper = report("Trường Tiểu học Mỹ An", "BC.docx", named=False)
    lone = dataclasses.replace(paper, header=dataclasses.replace(paper.header, issuer=issuer))
    result = _match(shipped, message(sender, "Báo cáo NQ121", files=["BC.docx"]), [lone])
    assert _assigned(result) == [] and result.review_reason is not None
    assert f"chỉ ghi «{issuer}», không ghi tên trường" in result.review_reason
    headed = dataclasses.replace(lone, header=dataclasses.replace(lone.header, parent_body="UBND XÃ MỸ AN"))
    unknown = _match(shipped, message("gv.an1985@gmail.com", "Báo cáo NQ121", files=["BC.docx"]), [headed])
    level = "th-my-an" if issuer == "TIỂU HỌC" else "thcs-my-an"
    assert _assigned(unknown) == [] and unknown.candidates == (level,)
    own = "c1myan.thuthua@example.edu.vn" if issuer == "TIỂU HỌC" else "c2myan.thuthua@example.edu.vn"
    assert _assigned(_match(shipped, message(own, "Báo cáo NQ121", files=["BC.docx"]), [headed])) == [level]


def test_a_mailed_combined_report_waits_for_staff_with_its_members(rt: Runtime) -> None:
    combined = docx.Document()
    for line in ("BÁO CÁO CỦA CỤM", _TITLE, "Cụm gồm: Mỹ Phú, Mỹ Lạc", "I. Công tác chỉ đạo, triển khai"):
        combined.add_paragraph(line)
    combined.add_paragraph("Các trường trong cụm đã tổ chức 20 buổi tuyên truyền cho 700 lượt học sinh.")
    for line in ("II. Kết quả thực hiện", "Không xảy ra vụ xâm hại trẻ em nào.", *_CLOSING, "TM. CỤM TRƯỞNG"):
        combined.add_paragraph(line)
    data = io.BytesIO()
    combined.save(data)
    msg = EmailMessage()
    msg["From"] = "c1myphu.thuthua@example.edu.vn"
    msg["To"] = "pgdthuthua@example.edu.vn"
    msg["Subject"] = "Báo cáo NQ121 cụm 3"
    msg["Message-ID"] = "<cum3@example.edu.vn>"
    msg["Date"] = "Wed, 20 Oct 2021 09:15:00 +0700"
    msg.set_content("Kính gửi Phòng GD&ĐT, cụm 3 gửi báo cáo.")
    msg.add_attachment(
        data.getvalue(), maintype="application", subtype="octet-stream", filename="BC cum 3.docx"
    )
    received = dt.datetime(2021, 10, 20, 2, 16, tzinfo=dt.UTC)
    outcome = pipeline.process(rt, msg.as_bytes(), received_at=received, source="test")
    assert outcome.state == MessageState.REVIEW and rt.store.submissions() == []
    assert "báo cáo chung của cụm trường («Cụm gồm: Mỹ Phú, Mỹ Lạc»)" in (outcome.reason or "")
    [review] = outcome.reviews
    assert {"th-my-phu", "th-my-lac"} <= set(review.candidates)


def _in_folders(*folders: str, place: str | None = None) -> list[Document]:
    """Papers naming no school, each in its folder of a cluster's archive, dated at place when given."""
    papers = []
    for seed, folder in enumerate(folders):
        paper = report("Trường Tiểu học Mỹ An", f"Cum.zip/{folder}", seed=seed, named=False, header=False)
        papers.append(dataclasses.replace(paper, header=Header(place=place)))
    return papers


@pytest.mark.parametrize("sender", [LEAD, "cummyan2021@gmail.com"], ids=["lead", "personal"])
def test_a_clusters_archive_with_a_folder_per_school_credits_each_folders_paper(
    shipped: Config, sender: str
) -> None:
    """A cluster's zip with one folder per school («TH Mỹ An/BC.docx», «TH Mỹ Phú/BC.docx») and papers
    whose headers name no school waited as one mail, the folders' schools given as clues that disagree."""
    mail = message(sender, "Báo cáo NQ121 cụm Mỹ An", files=["Cum.zip"])
    result = _match(shipped, mail, _in_folders("TH Mỹ An/BC.docx", "TH Mỹ Phú/BC NQ121.docx"))
    assert result.review_reason is None
    assert [(a.school_id, a.files) for a in result.assignments] == [
        ("th-my-an", ("Cum.zip/TH Mỹ An/BC.docx",)),
        ("th-my-phu", ("Cum.zip/TH Mỹ Phú/BC NQ121.docx",)),
    ]
    assert "Thư mục «TH Mỹ Phú» trong tệp nén Cum.zip ghi «TH Mỹ Phú»" in result.assignments[1].reasons[0]


def test_a_folder_whose_name_fits_several_schools_waits_with_them_as_candidates(shipped: Config) -> None:
    mail = message("cummyan2021@gmail.com", "Báo cáo NQ121 cụm trường", files=["Cum.zip"])
    result = _match(shipped, mail, _in_folders("Mỹ An/BC.docx", "TH Mỹ Phú/BC.docx"))
    assert [(a.school_id, a.files) for a in result.assignments] == [
        ("th-my-phu", ("Cum.zip/TH Mỹ Phú/BC.docx",))
    ]
    assert (
        result.review_reason is not None
        and "Thư mục «Mỹ An» (chứa Cum.zip/Mỹ An/BC.docx)" in result.review_reason
    )
    assert set(result.candidates) == {"mg-my-an", "th-my-an", "thcs-my-an"}


@pytest.mark.parametrize(
    ("folders", "place", "other"),
    [
        (("TH Mỹ An/BC TH Mỹ Lạc.docx", "TH Mỹ Phú/BC.docx"), None, "Tên tệp BC TH Mỹ Lạc.docx"),
        (("TH Mỹ An/BC.docx", "TH Mỹ Phú/BC.docx"), "Mỹ Lạc", "nơi ban hành «Mỹ Lạc»"),
    ],
    ids=["file-name", "dated"],
)
def test_a_folders_paper_that_says_otherwise_waits(
    shipped: Config, folders: tuple[str, ...], place: str | None, other: str
) -> None:
    """Nothing of the paper may name another school than its folder: its own file name, or the place
    it is dated at."""
    mail = message("cummyan2021@gmail.com", "Báo cáo NQ121 cụm trường", files=["Cum.zip"])
    result = _match(shipped, mail, _in_folders(*folders, place=place))
    assert "th-my-an" not in _assigned(result)
    assert result.review_reason is not None and other in result.review_reason
    assert result.candidates[:1] == ("th-my-an",) and "th-my-lac" in result.candidates


def test_one_schools_archive_with_folders_is_matched_as_before(shipped: Config) -> None:
    """A school's own archive with a folder of its name and one of photos is no cluster's bundle."""
    mail = message(LEAD, "Báo cáo NQ121", files=["BC.zip"])
    papers = [
        dataclasses.replace(p, name=p.name.replace("Cum.zip", "BC.zip"))
        for p in _in_folders("TH Mỹ An/BC.docx", "Ảnh/PL.docx")
    ]
    result = _match(shipped, mail, papers)
    assert result.review_reason is None and _assigned(result) == ["th-my-an"]


def test_a_loose_paper_naming_no_school_waits_with_the_folders_and_senders_schools(shipped: Config) -> None:
    """A cluster's zip with a folder per school and, at its top, a paper naming no school: it waited for
    staff with no candidate at all, so they had to look the school up in the whole registry."""
    mail = message("c1mylac.thuthua@example.edu.vn", "Báo cáo NQ121 cụm trường", files=["Cum.zip"])
    loose = report("Trường Tiểu học Mỹ An", "Cum.zip/BC NQ121.docx", seed=9, named=False, header=False)
    result = _match(shipped, mail, [*_in_folders("TH Mỹ An/BC.docx", "TH Mỹ Phú/BC.docx"), loose])
    assert [a.school_id for a in result.assignments] == ["th-my-an", "th-my-phu"]
    assert result.review_reason is not None and "Cum.zip/BC NQ121.docx" in result.review_reason
    assert set(result.candidates) == {"th-my-an", "th-my-phu", "th-my-lac"}
    assert "trường gửi thư" in result.review_reason


@pytest.mark.parametrize("cluster", ["Cụm trường", "Cụm Tiểu học", "Cụm 3"])
def test_a_headed_report_listing_its_clusters_members_in_a_sentence_is_the_schools_own(
    rt: Runtime, cluster: str
) -> None:
    """Tiểu học Mỹ An typed its headed report into the mail from its own address and wrote in part II «Cụm
    Tiểu học gồm TH Mỹ An, TH Mỹ Phú, TH Mỹ Lạc tổ chức chuyên đề chung…»: the line was taken for a
    cluster's title and the report waited as the cluster's combined one. A sentence listing the members is
    no title."""
    body = "\n".join(
        (
            "UBND XÃ MỸ AN",
            "TRƯỜNG TIỂU HỌC MỸ AN",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "BÁO CÁO",
            _TITLE,
            "I. Công tác chỉ đạo, triển khai",
            "Quán triệt.",
            "II. Kết quả thực hiện",
            f"{cluster} gồm TH Mỹ An, TH Mỹ Phú, TH Mỹ Lạc tổ chức chuyên đề chung tại trường; riêng trường "
            "tổ chức 5 buổi tuyên truyền, 630 học sinh tham gia.",
            *_CLOSING,
        )
    )
    msg = EmailMessage()
    msg["From"] = LEAD
    msg["To"] = "pgdthuthua@example.edu.vn"
    msg["Subject"] = "Báo cáo NQ121"
    msg["Message-ID"] = "<bc@example.edu.vn>"
    msg["Date"] = "Wed, 20 Oct 2021 09:15:00 +0700"
    msg.set_content(body)
    received = dt.datetime(2021, 10, 20, 2, 16, tzinfo=dt.UTC)
    outcome = pipeline.process(rt, msg.as_bytes(), received_at=received, source="test")
    assert outcome.state == MessageState.REPORT, outcome.reason
    assert [s.school_id for s in outcome.submissions] == ["th-my-an"]


@pytest.mark.parametrize(
    ("sender", "subject"),
    [
        (LEAD, "Báo cáo NQ121 cụm 1"),
        (LEAD, "Báo cáo NQ121"),
        ("hieutruong.myan@gmail.com", "Báo cáo NQ121 các trường cụm 1"),
    ],
)
def test_a_leads_mail_signed_as_lead_credits_every_school_whose_header_a_report_carries(
    rt: Runtime, sender: str, subject: str
) -> None:
    """The lead school mailed its cluster's reports, each headed by its own school, «Em gửi báo cáo của các
    trường trong cụm ạ», signed «Hiệu trưởng Trường TH Mỹ An (cụm trưởng cụm 1)»: the address and the
    signature agreed on Mỹ An, so Mỹ An alone was credited and its members' reports waited for staff as
    files Mỹ An might have attached by mistake. Words saying the mail is sent for the cluster explain the
    members' papers."""
    names = ("Trường Tiểu học Mỹ An", "Trường Tiểu học Mỹ Phú", "Trường Tiểu học Mỹ Lạc")
    body = (
        "Kính gửi Phòng GD&ĐT,\nEm gửi báo cáo của các trường trong cụm ạ.\nTrân trọng.\n\n"
        "Nguyễn Thị Hạnh - Hiệu trưởng Trường TH Mỹ An (cụm trưởng cụm 1)"
    )
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = sender, "pgdthuthua@example.edu.vn", subject
    msg["Message-ID"], msg["Date"] = "<cum1@example.edu.vn>", "Wed, 20 Oct 2021 09:15:00 +0700"
    msg.set_content(body)
    for seed, name in enumerate(names):
        data = render_docx(make_paper(name, year=2021, rng=random.Random(seed)))
        msg.add_attachment(data, maintype="application", subtype="octet-stream", filename=f"BC {seed}.docx")
    received = dt.datetime(2021, 10, 20, 2, 16, tzinfo=dt.UTC)
    outcome = pipeline.process(rt, msg.as_bytes(), received_at=received, source="test")
    assert outcome.state == MessageState.REPORT and rt.store.reviews() == []
    assert {s.school_id: s.files for s in rt.store.submissions()} == {
        "th-my-an": ("BC 0.docx",),
        "th-my-phu": ("BC 1.docx",),
        "th-my-lac": ("BC 2.docx",),
    }
