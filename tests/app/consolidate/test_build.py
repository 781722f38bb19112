"""The consolidated data from a status table and the schools' texts (pure: no store, no files)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
from zoneinfo import ZoneInfo

import docx
import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.consolidate.build import consolidate, peer_values
from app.consolidate.model import EXEMPT, Consolidated, SubmissionText
from app.consolidate.render_docx import render_docx
from app.consolidate.render_json import as_json
from app.consolidate.render_xlsx import as_xlsx
from app.consolidate.wording import short_name, split_office, subject
from kernel.config import ReportConfig, SchoolConfig
from kernel.decisions import Decision, DecisionKind, SeasonDecisions
from kernel.numbers import percent
from kernel.status import report_status
from kernel.store import ReviewRow, SubmissionKind, SubmissionRow
from parsers.document import Document, FigureSpec, SectionSpec
from tests.app.consolidate.docxtext import table_text

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
LATER = dt.datetime(2030, 1, 1, tzinfo=HCM)  # after every submission of these tests
REPORT = ReportConfig(
    "nq121",
    "Báo cáo kết quả thực hiện Nghị quyết 121/2020/QH14",
    ("121/2020/QH14",),
    10,
    25,
    (7,),
    (SectionSpec("kho_khan", "Khó khăn, vướng mắc", ()), SectionSpec("de_xuat", "Đề xuất, kiến nghị", ())),
    (
        FigureSpec("buoi", "Số buổi tuyên truyền", ("buổi tuyên truyền",)),
        FigureSpec("luot", "Số lượt học sinh", ("lượt",)),
    ),
    headcount_figures=("luot",),
)
SCHOOLS = tuple(SchoolConfig(f"s{n}", f"Trường Tiểu học Số {n}", ()) for n in range(1, 8)) + (
    SchoolConfig("small", "Trường Mẫu giáo Nhỏ", (), pupils=90, staff=10),
    SchoolConfig("gone", "Trường Tiểu học Đã Sáp Nhập", ()),
    SchoolConfig("silent", "Trường THCS Im Lặng", ()),
)
OFFICE = "Phòng Giáo dục và Đào tạo huyện Thủ Thừa"


def _sub(school: str, day: int, figures: dict[str, int], *, key: str = "") -> SubmissionRow:
    stated = {
        f: {"value": v, "sentence": f"Tổ chức {v} {'buổi tuyên truyền' if f == 'buoi' else 'lượt học sinh'}."}
        for f, v in figures.items()
    }
    return SubmissionRow(
        key or f"key-{school}-{day}",
        f"{school}-{day}@example.edu.vn",
        "nq121",
        2021,
        school,
        dt.datetime(2021, 10, day, 9, 0, tzinfo=HCM),
        f"{school}@example.edu.vn",
        ("bao-cao.docx", "(nội dung thư)"),
        ("kho_khan", "de_xuat"),
        (),
        stated,
        (),
    )


def _text(sub: SubmissionRow, remarks: str = "") -> SubmissionText:
    sentences = "\n".join(v["sentence"] for v in sub.figures.values())
    body = (
        f"I. Kết quả\n{sentences}\nII. Khó khăn, vướng mắc\n{remarks}\nIII. Đề xuất, kiến nghị\nKhông có.\n"
    )
    return SubmissionText(
        (Document("(nội dung thư)", "text", "Kính gửi Phòng."), Document("bao-cao.docx", "docx", body))
    )


SUBS = [
    *(_sub(f"s{n}", 10 + n, {"buoi": 10 + n, "luot": 300 + 10 * n}) for n in range(1, 6)),
    _sub("s6", 20, {"buoi": 400, "luot": 350}),  # 400 sessions: far above the others
    _sub("s7", 28, {"buoi": 12}),  # late, and says nothing of pupils
    _sub("small", 21, {"buoi": 9, "luot": 320}),  # 320 pupils reached in a school of 100 people
]


def _consolidated(texts: dict[tuple[str, str], SubmissionText] | None = None) -> Consolidated:
    status = report_status(REPORT, 2021, SCHOOLS, SUBS, [], HCM, LATER)
    exempt = tuple(
        dataclasses.replace(s, status=EXEMPT) if s.school_id == "gone" else s for s in status.schools
    )
    status = dataclasses.replace(status, schools=exempt)
    if texts is None:
        texts = {(s.message_key, s.school_id): _text(s, "- Thiếu phòng tư vấn.") for s in SUBS}
    return consolidate(status, texts, office=OFFICE, schools=SCHOOLS)


def test_counts_and_lists_of_who_reported() -> None:
    data = _consolidated()
    assert len(data.required) == 9 and [s.school_id for s in data.exempt] == ["gone"]
    assert [s.school_id for s in data.late] == ["s7"]
    assert [s.school_id for s in data.missing] == ["silent"]
    assert data.school("s7").days_late == 3


def test_totals_leave_out_what_is_doubtful_and_say_so() -> None:
    data = _consolidated()
    buoi, luot = data.totals
    assert (buoi.total, buoi.counted) == (sum(10 + n for n in range(1, 6)) + 12 + 9, 7)
    assert [(f.school_id, f.value, f.doubts[0].kind) for f in buoi.left_out] == [("s6", 400, "outlier")]
    assert (luot.total, luot.counted) == (sum(300 + 10 * n for n in range(1, 6)) + 350, 6)
    assert [(f.school_id, f.value, f.doubts[0].kind) for f in luot.left_out] == [
        ("s7", None, "not_found"),
        ("small", 320, "headcount"),
    ]
    assert {(f.school_id, f.figure_id) for f in data.checks} == {
        ("s6", "buoi"),
        ("s7", "luot"),
        ("small", "luot"),
    }


def test_every_number_names_its_school_message_file_and_sentence() -> None:
    data = _consolidated()
    value = data.school("s3").figures[1]
    assert value.source.message_id == "s3-13@example.edu.vn"
    assert (value.source.file, value.source.sentence) == ("bao-cao.docx", "Tổ chức 330 lượt học sinh.")
    missing = data.school("s7").figures[1]
    assert missing.value is None and missing.source.sentence == ""


def test_a_figure_read_from_the_mail_of_a_scanned_report_names_the_mail() -> None:
    """A school scanned its report and wrote «12 buổi tuyên truyền» in its mail: the figure, read from the
    mail's text, was said to come from the scan, where staff looked for it in vain."""
    scanned = dataclasses.replace(
        _sub("s1", 11, {"buoi": 12}),
        files=("scan0001.pdf",),
        figures={
            "buoi": {
                "value": 12,
                "sentence": "Trường tổ chức 12 buổi tuyên truyền.",
                "file": "(nội dung thư)",
            }
        },
    )
    status = report_status(REPORT, 2021, SCHOOLS, [scanned], [], HCM, LATER)
    texts = {(scanned.message_key, "s1"): SubmissionText((Document("scan0001.pdf", "pdf", "I. Kết quả\n"),))}
    data = consolidate(status, texts, office=OFFICE, schools=SCHOOLS)
    value = data.school("s1").figures[0]
    assert (value.value, value.source.file) == (12, "(nội dung thư)")
    assert json.loads(as_json(data))["schools"][0]["figures"]["buoi"]["source"]["file"] == "(nội dung thư)"


def test_a_figure_summed_from_a_table_of_grades_is_shown_to_staff_as_summed() -> None:
    """A school gave its sessions in a row per grade and no total, which was "not found": the sum of its
    rows is shown, said to be a sum, and left out of the total until staff have checked it."""
    summed = dataclasses.replace(
        _sub("s1", 11, {"buoi": 10}),
        figures={"buoi": {"value": 10, "sentence": "Khối | Số buổi tuyên truyền", "parts": [3, 3, 4]}},
    )
    status = report_status(REPORT, 2021, SCHOOLS, [summed], [], HCM, LATER)
    reason = (
        "báo cáo không ghi tổng, số này do hệ thống cộng từ các số chi tiết (từng khối, cơ sở, điểm trường, "
        "đối tượng, hình thức): 3 + 3 + 4 = 10"
    )
    assert status.schools[0].figures_to_check == {"buoi": reason}
    data = consolidate(status, {(summed.message_key, "s1"): _text(summed)}, office=OFFICE, schools=SCHOOLS)
    value = data.school("s1").figures[0]
    assert (value.value, value.counted, [d.reason for d in value.doubts]) == (10, False, [reason])


def test_a_stated_total_its_grades_do_not_add_up_to_is_shown_to_staff_with_their_sum() -> None:
    """A school wrote «Tổng cộng: 260 học sinh» under grades of 120 and 130: the total was counted as
    sure. It is shown with the grades' sum beside it and left out of the total until staff have checked."""
    stated = dataclasses.replace(
        _sub("s1", 11, {"buoi": 12}),
        figures={
            "buoi": {
                "value": 12,
                "sentence": "Khối 1: 5 buổi; Khối 2: 6 buổi; Tổng: 12 buổi.",
                "parts": [5, 6],
            }
        },
    )
    status = report_status(REPORT, 2021, SCHOOLS, [stated], [], HCM, LATER)
    reason = (
        "báo cáo ghi tổng 12 nhưng cộng các số chi tiết (từng khối, học kỳ, hình thức, cơ sở) được 5 + 6 = 11, "
        "không khớp"
    )
    assert status.schools[0].figures_to_check == {"buoi": reason}
    data = consolidate(status, {(stated.message_key, "s1"): _text(stated)}, office=OFFICE, schools=SCHOOLS)
    value = data.school("s1").figures[0]
    assert (value.value, value.counted, [d.reason for d in value.doubts]) == (12, False, [reason])


def test_remarks_name_their_schools_and_nothing_is_said_of_nil_proposals() -> None:
    data = _consolidated()
    (remark,) = data.difficulties
    assert remark.text == "Thiếu phòng tư vấn." and len(remark.school_ids) == 8
    assert data.proposals == () and data.unread == ()


def test_a_text_that_could_not_be_read_again_is_reported_not_hidden() -> None:
    texts = {(s.message_key, s.school_id): _text(s) for s in SUBS if s.school_id != "s2"}
    texts[("key-s2-12", "s2")] = SubmissionText(problem="không có thư key-s2 trong kho lưu trữ")
    data = _consolidated(texts)
    assert [(u.school_id, u.reason) for u in data.unread] == [("s2", "không có thư key-s2 trong kho lưu trữ")]
    value = data.school("s2").figures[0]
    assert value.counted and value.source.file == "bao-cao.docx, (nội dung thư)"


@given(st.lists(st.one_of(st.none(), st.integers(0, 5000)), min_size=1, max_size=12))
def test_a_total_is_the_sum_of_the_counted_values_and_every_school_is_accounted_for(
    values: list[int | None],
) -> None:
    subs = [_sub(f"s{n}", 1 + n, {} if v is None else {"buoi": v}) for n, v in enumerate(values, 1)]
    schools = tuple(SchoolConfig(f"s{n}", f"Trường {n}", ()) for n in range(1, len(values) + 1))
    status = report_status(REPORT, 2021, schools, subs, [], HCM, LATER)
    data = consolidate(status, {}, office=OFFICE, schools=schools)
    buoi = data.totals[0]
    counted = [f.value for s in data.reporting for f in s.figures if f.figure_id == "buoi" and f.counted]
    assert buoi.total == sum(v for v in counted if v is not None)
    assert buoi.counted + len(buoi.left_out) == len(values)
    assert all(v is not None for v in counted)


@pytest.mark.parametrize(
    ("office", "parent", "issuer"),
    [
        (OFFICE, "UBND HUYỆN THỦ THỪA", "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO"),
        ("Phòng Văn hóa - Xã hội xã Thủ Thừa", "UBND XÃ THỦ THỪA", "PHÒNG VĂN HÓA - XÃ HỘI"),
        ("Sở Giáo dục và Đào tạo tỉnh Tây Ninh", "UBND TỈNH TÂY NINH", "SỞ GIÁO DỤC VÀ ĐÀO TẠO"),
        ("Phòng GD&ĐT", "", "PHÒNG GD&ĐT"),
        ("UBND xã Mỹ An", "", "UBND XÃ MỸ AN"),  # a collecting unit that issues in its own name
        ("Ủy ban nhân dân xã Mỹ An", "", "ỦY BAN NHÂN DÂN XÃ MỸ AN"),
    ],
)
def test_the_header_names_the_parent_body_and_the_office(office: str, parent: str, issuer: str) -> None:
    assert split_office(office) == (parent, issuer)


@pytest.mark.parametrize(
    ("office", "lines"),
    [
        (OFFICE, ["TRƯỞNG PHÒNG"]),
        ("UBND xã Mỹ An", ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]),
        ("Ủy ban nhân dân xã Mỹ An", ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]),
        ("Sở Giáo dục và Đào tạo tỉnh Tây Ninh", ["GIÁM ĐỐC"]),
    ],
)
def test_the_signature_block_names_the_issuers_signer(office: str, lines: list[str]) -> None:
    """A commune's People's Committee drafting its report (`consolidate --unit`) was given the office's
    "TRƯỞNG PHÒNG" to sign above: a Committee signs "TM. ỦY BAN NHÂN DÂN" / "CHỦ TỊCH" (Decree 30)."""
    status = report_status(REPORT, 2021, SCHOOLS[:1], [_sub("s1", 11, {"buoi": 11})], [], HCM, LATER)
    doc = docx.Document(io.BytesIO(render_docx(consolidate(status, {}, office=office, schools=SCHOOLS))))
    block = [p.text for t in doc.tables for row in t.rows for c in row.cells for p in c.paragraphs]
    assert "\n".join(lines) in block
    assert ("TRƯỞNG PHÒNG" in block) == (lines == ["TRƯỞNG PHÒNG"])


def test_wording_of_the_summary_and_school_names() -> None:
    assert subject(REPORT.title, 2021) == "Kết quả thực hiện Nghị quyết 121/2020/QH14 năm 2021"
    assert subject("Báo cáo sơ kết năm 2021", 2021) == "Sơ kết năm 2021"
    assert [
        short_name(n) for n in ("Trường Tiểu học Bình Thạnh 1", "Trường TH&THCS Tân Long", "Phòng X")
    ] == [
        "TH Bình Thạnh 1",
        "TH&THCS Tân Long",
        "Phòng X",
    ]


def test_a_supplement_leaving_a_figure_out_keeps_the_earlier_value_with_its_source() -> None:
    """A school's report, then a supplement ("bổ sung số liệu") stating only the sessions: the pupils
    reached were taken from the supplement alone, so they were "not found" and left out of the total,
    though the school had stated them. The supplement's own value still replaces the earlier one."""
    report = _sub("s1", 11, {"buoi": 11, "luot": 310})
    # A supplement holds no whole report: the sections of the report are not in it.
    supplement = dataclasses.replace(
        _sub("s1", 20, {"buoi": 14}), sections_found=(), sections_missing=("kho_khan", "de_xuat")
    )
    status = report_status(REPORT, 2021, SCHOOLS[:1], [report, supplement], [], HCM, LATER)
    texts = {(s.message_key, s.school_id): _text(s) for s in (report, supplement)}
    data = consolidate(status, texts, office=OFFICE, schools=SCHOOLS)
    buoi, luot = data.school("s1").figures
    assert (buoi.value, buoi.source.message_id) == (14, "s1-20@example.edu.vn")
    assert (luot.value, luot.source.message_id, luot.source.file) == (
        310,
        "s1-11@example.edu.vn",
        "bao-cao.docx",
    )
    assert [(t.total, t.counted) for t in data.totals] == [(14, 1), (310, 1)]


def test_a_whole_new_version_leaving_a_figure_out_sets_the_old_value_aside() -> None:
    """A school's report (21 sessions, 480 pupils), then its whole corrected version («bản trước ghi nhầm
    21 buổi»), whose sessions stood in a table not read: the total summed the 21 the school had called
    wrong, with nothing to check. The old value is shown to be checked and kept out of the total."""
    report = _sub("s1", 11, {"buoi": 21, "luot": 480})
    corrected = _sub("s1", 20, {"luot": 480})
    status = report_status(REPORT, 2021, SCHOOLS[:1], [report, corrected], [], HCM, LATER)
    texts = {(s.message_key, s.school_id): _text(s) for s in (report, corrected)}
    data = consolidate(status, texts, office=OFFICE, schools=SCHOOLS)
    buoi, luot = data.school("s1").figures
    assert (buoi.value, buoi.counted) == (21, False) and "không ghi số này" in buoi.doubts[0].reason
    assert (luot.value, luot.counted) == (480, True)
    assert [(t.total, t.counted) for t in data.totals] == [(0, 0), (480, 1)]


def test_a_supplement_of_one_section_adds_to_the_schools_remarks() -> None:
    """A school's report, then "bổ sung phần đề xuất, kiến nghị" with one more proposal: the draft took
    the school's proposals from the supplement alone, and the two its report had raised vanished from
    section IV. A corrected report sent whole still replaces the one before it."""
    report = _sub("s1", 11, {"buoi": 11})
    supplement = dataclasses.replace(_sub("s1", 20, {}), sections_found=("de_xuat",), sections_missing=())
    other, corrected = _sub("s2", 12, {"buoi": 9}), _sub("s2", 21, {"buoi": 10})

    def text(sub: SubmissionRow, proposals: str) -> SubmissionText:
        body = f"I. Kết quả\nII. Khó khăn, vướng mắc\nKhông có.\nIII. Đề xuất, kiến nghị\n{proposals}\n"
        return SubmissionText((Document("bao-cao.docx", "docx", body),))

    status = report_status(REPORT, 2021, SCHOOLS[:2], [report, supplement, other, corrected], [], HCM, LATER)
    texts = {
        ("key-s1-11", "s1"): text(report, "- Đề nghị cấp tài liệu tuyên truyền cho nhà trường."),
        ("key-s1-20", "s1"): SubmissionText(
            (
                Document(
                    "bo-sung.docx", "docx", "ĐỀ XUẤT, KIẾN NGHỊ\n- Đề nghị tập huấn kỹ năng tư vấn tâm lý.\n"
                ),
            )
        ),
        ("key-s2-12", "s2"): text(other, "- Đề nghị bố trí kinh phí cho phòng tư vấn."),
        ("key-s2-21", "s2"): text(corrected, "- Đề nghị tăng cường phối hợp với gia đình học sinh."),
    }
    data = consolidate(status, texts, office=OFFICE, schools=SCHOOLS)
    assert {(r.text, r.school_ids) for r in data.proposals} == {
        ("Đề nghị cấp tài liệu tuyên truyền cho nhà trường.", ("s1",)),
        ("Đề nghị tập huấn kỹ năng tư vấn tâm lý.", ("s1",)),
        ("Đề nghị tăng cường phối hợp với gia đình học sinh.", ("s2",)),
    }


@pytest.mark.parametrize(
    ("sentence", "said"),
    [
        ("Trong tháng 10, nhà trường tổ chức thêm 3 buổi tuyên truyền.", "thêm"),
        # «bổ sung» without «thêm»: the 3 replaced the 8 and was summed as the school's sessions.
        ("Báo cáo bổ sung số liệu: tổ chức 3 buổi tuyên truyền trong tháng 10.", "bổ sung"),
    ],
)
def test_a_supplement_stating_what_was_added_is_checked_not_summed(sentence: str, said: str) -> None:
    """A school reported 8 sessions, then wrote "nhà trường tổ chức thêm 3 buổi tuyên truyền" (3 more):
    the draft took 3 as the school's sessions, as from any correction, and summed it without a word,
    though the school had held 11. A supplement restating the whole figure still replaces it."""
    report = _sub("s1", 11, {"buoi": 8})
    more = _sub("s1", 20, {"buoi": 3})
    more.figures["buoi"]["sentence"] = sentence
    other, corrected = _sub("s2", 12, {"buoi": 9}), _sub("s2", 21, {"buoi": 10})
    status = report_status(REPORT, 2021, SCHOOLS[:2], [report, more, other, corrected], [], HCM, LATER)
    data = consolidate(status, {}, office=OFFICE, schools=SCHOOLS)
    buoi = data.totals[0]
    assert (buoi.total, buoi.counted) == (10, 1)
    [left] = buoi.left_out
    assert left.school_id == "s1" and [d.kind for d in left.doubts] == ["added"]
    assert (
        left.doubts[0].reason == f"bản gửi sau ghi «{said}» 3, bản trước ghi 8: có thể phải cộng lại thành 11"
    )


def test_a_units_few_schools_are_compared_with_the_whole_office() -> None:
    """A commune's draft with three schools summed a kindergarten's 150 sessions, while the office's
    schools report about 10: the outlier rule needs five values, so within a unit of three it never
    ran. A unit's values are now compared with all the office's schools that reported."""
    subs = [_sub("s1", 11, {"buoi": 15}), _sub("s2", 12, {"buoi": 10}), _sub("s3", 13, {"buoi": 150})]
    status = report_status(REPORT, 2021, SCHOOLS[:3], subs, [], HCM, LATER)
    office = report_status(REPORT, 2021, SCHOOLS[:7], [*subs, *SUBS[3:5]], [], HCM, LATER)
    assert peer_values(office)["buoi"] == {"s1": 15, "s2": 10, "s3": 150, "s4": 14, "s5": 15}
    data = consolidate(status, {}, office=OFFICE, schools=SCHOOLS, peers=peer_values(office))
    buoi = data.totals[0]
    assert (buoi.total, buoi.counted) == (25, 2)
    assert [(f.school_id, [d.kind for d in f.doubts]) for f in buoi.left_out] == [("s3", ["outlier"])]
    alone = consolidate(status, {}, office=OFFICE, schools=SCHOOLS)
    assert alone.totals[0].total == 175  # without the office's values, three schools are too few


def test_the_first_version_sent_again_after_its_correction_is_checked_not_summed() -> None:
    """A school sent 5 sessions, corrected it to 7, then forwarded its first file once more: the draft
    summed 5 from the old file without a word, though the school had corrected it, and the status showed 5
    as its figure. The resent old version is now set aside for staff to ask which one holds, in the draft
    and in the status; a correction sent once more changes nothing."""
    first = dataclasses.replace(_sub("s1", 11, {"buoi": 5, "luot": 300}), content="old")
    fixed = dataclasses.replace(_sub("s1", 14, {"buoi": 7, "luot": 300}), content="new")
    again = dataclasses.replace(_sub("s1", 18, {"buoi": 5, "luot": 300}), content="old")
    other = dataclasses.replace(_sub("s2", 12, {"buoi": 9}), content="a")
    other_fixed = dataclasses.replace(_sub("s2", 15, {"buoi": 10}), content="b")
    other_again = dataclasses.replace(_sub("s2", 19, {"buoi": 10}), content="b")
    subs = [first, fixed, again, other, other_fixed, other_again]
    status = report_status(REPORT, 2021, SCHOOLS[:2], subs, [], HCM, LATER)
    data = consolidate(status, {}, office=OFFICE, schools=SCHOOLS)
    buoi, luot = data.totals
    assert (buoi.total, buoi.counted) == (10, 1)
    [left] = buoi.left_out
    assert left.school_id == "s1" and [d.kind for d in left.doubts] == ["reverted"]
    assert left.doubts[0].reason == (
        "tệp gửi ngày 18/10/2021 giống hệt bản gửi ngày 11/10/2021, bản trường đã sửa thành 7 bằng bản gửi "
        "ngày 14/10/2021: có thể trường gửi nhầm bản cũ"
    )
    assert (luot.total, luot.counted) == (300, 1)  # the correction left this figure as it was
    # The status marks it too: its table showed the old 5 as the school's figure with nothing to check.
    [s1] = [s for s in status.schools if s.school_id == "s1"]
    assert s1.figures_to_check == {"buoi": left.doubts[0].reason}


def test_a_supplement_of_figures_alone_keeps_the_schools_difficulties() -> None:
    """A school's report, then a supplement stating one figure and nothing else: its difficulties and
    proposals were read from the supplement alone, so they vanished from sections III and IV of the
    draft, though the school had raised them. A later report holding the section replaces them."""
    report = _sub("s1", 11, {"buoi": 11, "luot": 310})
    supplement = dataclasses.replace(_sub("s1", 20, {"luot": 320}), sections_found=(), sections_missing=())
    other, corrected = _sub("s2", 12, {"buoi": 9}), _sub("s2", 21, {"buoi": 10})
    status = report_status(REPORT, 2021, SCHOOLS[:2], [report, supplement, other, corrected], [], HCM, LATER)
    texts = {
        ("key-s1-11", "s1"): _text(report, "- Thiếu phòng tư vấn tâm lý cho học sinh."),
        ("key-s1-20", "s1"): SubmissionText(
            (Document("(nội dung thư)", "text", "Trường bổ sung: có 320 lượt học sinh tham gia."),)
        ),
        ("key-s2-12", "s2"): _text(other, "- Giáo viên chưa được tập huấn kỹ năng."),
        ("key-s2-21", "s2"): _text(corrected, "- Phụ huynh đi làm xa, ít phối hợp với nhà trường."),
    }
    data = consolidate(status, texts, office=OFFICE, schools=SCHOOLS)
    said = {(r.text, r.school_ids, r.sources[0].message_id) for r in data.difficulties}
    assert said == {
        ("Thiếu phòng tư vấn tâm lý cho học sinh.", ("s1",), "s1-11@example.edu.vn"),
        ("Phụ huynh đi làm xa, ít phối hợp với nhà trường.", ("s2",), "s2-21@example.edu.vn"),
    }
    assert data.school("s1").figures[1].value == 320 and not data.unread


def test_a_figure_its_sentence_gives_several_values_is_checked_not_summed() -> None:
    """A school wrote "540 lượt học sinh, 120 lượt phụ huynh": intake read 540, and the draft summed
    it as the school's figure with nothing to check, though the school had reached 660 people."""
    mixed = _sub("s1", 11, {"buoi": 11, "luot": 540})
    mixed.figures["luot"]["others"] = [120]
    status = report_status(
        REPORT, 2021, SCHOOLS[:2], [mixed, _sub("s2", 12, {"buoi": 9, "luot": 300})], [], HCM, LATER
    )
    data = consolidate(status, {}, office=OFFICE, schools=SCHOOLS)
    luot = data.totals[1]
    assert (luot.total, luot.counted) == (300, 1)
    [left] = luot.left_out
    assert left.school_id == "s1" and [d.kind for d in left.doubts] == ["several"]
    assert "ghi cả 540 và 120 cho số liệu này" in left.doubts[0].reason
    assert data.totals[0].total == 20  # the school's other figures still count
    # The status listing and its CSV showed 540 as a plain number, which a spreadsheet sums.
    [school] = [s for s in status.schools if s.school_id == "s1"]
    assert school.figures_to_check == {"luot": left.doubts[0].reason}


def test_a_figure_given_as_a_range_is_checked_not_summed() -> None:
    """A school wrote "từ 10 đến 12 buổi tuyên truyền": the draft summed one end of it as though the
    school had stated that count. It is left out of the sum and staff read the range to ask which it is."""
    ranged = _sub("s1", 11, {"buoi": 10, "luot": 300})
    ranged.figures["buoi"] = {"value": 10, "upto": 12, "sentence": "Tổ chức từ 10 đến 12 buổi tuyên truyền."}
    status = report_status(
        REPORT, 2021, SCHOOLS[:2], [ranged, _sub("s2", 12, {"buoi": 9, "luot": 320})], [], HCM, LATER
    )
    data = consolidate(status, {}, office=OFFICE, schools=SCHOOLS)
    buoi = data.totals[0]
    assert (buoi.total, buoi.counted) == (9, 1)
    [left] = buoi.left_out
    assert (left.school_id, [(d.kind, d.reason) for d in left.doubts]) == (
        "s1",
        [("range", "báo cáo ghi khoảng từ 10 đến 12, chưa lấy số nào")],
    )
    assert data.totals[1].total == 620  # the school's other figures still count
    [school] = [s for s in status.schools if s.school_id == "s1"]
    assert school.figures_to_check == {"buoi": "báo cáo ghi khoảng từ 10 đến 12, chưa lấy số nào"}
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(render_docx(data))).paragraphs)
    assert "báo cáo ghi khoảng từ 10 đến 12, chưa lấy số nào" in text


def test_a_negative_figure_is_checked_not_summed_as_its_absolute_value() -> None:
    """A school's table said «Số buổi tuyên truyền | buổi | -5»: the draft summed 5 into the totals sent to
    the province. A negative count is a typo: it is left out of the sum, shown as written for staff to ask
    the school, and the other schools are still compared with each other."""
    negative = _sub("s1", 11, {"buoi": -5, "luot": 300})
    others = [_sub(f"s{n}", 10 + n, {"buoi": 10 + n, "luot": 300}) for n in range(2, 7)]
    status = report_status(REPORT, 2021, SCHOOLS[:6], [negative, *others], [], HCM, LATER)
    data = consolidate(status, {}, office=OFFICE, schools=SCHOOLS)
    buoi = data.totals[0]
    assert (buoi.total, buoi.counted) == (sum(10 + n for n in range(2, 7)), 5)
    reason = "báo cáo ghi số âm -5: số lượng không thể âm, có thể gõ nhầm, cần hỏi lại trường"
    [left] = buoi.left_out
    assert (left.school_id, left.value, [(d.kind, d.reason) for d in left.doubts]) == (
        "s1",
        -5,
        [("negative", reason)],
    )
    assert data.totals[1].total == 1800  # the school's other figures still count
    [school] = [s for s in status.schools if s.school_id == "s1"]
    assert school.figures_to_check == {"buoi": reason}
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(render_docx(data))).paragraphs)
    assert reason in text


def test_a_figure_given_as_approximate_is_checked_not_summed() -> None:
    """A school wrote "trên 500 lượt học sinh": the draft summed 500 as though the school had counted
    them. It is left out of the sum and staff read that the count is an estimate."""
    about = _sub("s1", 11, {"buoi": 10, "luot": 500})
    about.figures["luot"] = {"value": 500, "about": "trên", "sentence": "Có trên 500 lượt học sinh tham gia."}
    status = report_status(
        REPORT, 2021, SCHOOLS[:2], [about, _sub("s2", 12, {"buoi": 9, "luot": 320})], [], HCM, LATER
    )
    data = consolidate(status, {}, office=OFFICE, schools=SCHOOLS)
    luot = data.totals[1]
    assert (luot.total, luot.counted) == (320, 1)
    reason = "báo cáo ghi «trên 500», là số ước lượng, chưa lấy làm số chính xác"
    [left] = luot.left_out
    assert (left.school_id, [(d.kind, d.reason) for d in left.doubts]) == ("s1", [("estimate", reason)])
    assert data.totals[0].total == 19  # the school's other figures still count
    [school] = [s for s in status.schools if s.school_id == "s1"]
    assert school.figures_to_check == {"luot": reason}
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(render_docx(data))).paragraphs)
    assert reason in text


def _correction_waiting() -> tuple[ReviewRow, tuple[dt.datetime, dt.datetime], list[SubmissionRow]]:
    """A mail of s1's correcting its report, waiting for staff; the 2021 season; s1's and s2's reports."""
    note = ReviewRow(
        "dinh-chinh",
        "dinh-chinh@example.edu.vn",
        None,
        None,
        "s1@example.edu.vn",
        "Re: Báo cáo NQ121",
        dt.datetime(2021, 10, 15, 9, tzinfo=HCM),
        "Thư không kèm tệp, trường đính chính báo cáo đã gửi.",
        ("s1",),
        (),
    )
    season = (dt.datetime(2021, 8, 1, tzinfo=HCM), dt.datetime(2022, 8, 1, tzinfo=HCM))
    subs = [_sub("s1", 11, {"buoi": 21, "luot": 300}), _sub("s2", 12, {"buoi": 9, "luot": 320})]
    return note, season, subs


def test_a_correction_waiting_for_staff_marks_only_the_figure_it_names_until_a_report_follows() -> None:
    """A correction written in a mail ("đính chính: số buổi tuyên truyền là 12, không phải 21") waits for
    staff: the figure it names is checked, quoting it, while the report keeps counting; a report the school
    sent after the correction states the figure anew, and nothing is left to check."""
    said = {"dinh-chinh": "Đính chính: số buổi tuyên truyền là 12, không phải 21."}
    note, season, subs = _correction_waiting()
    status = report_status(REPORT, 2021, SCHOOLS[:2], subs, [note], HCM, LATER)
    data = consolidate(status, {}, office=OFFICE, schools=SCHOOLS, season=season, corrections=said)
    buoi, luot = data.totals
    assert (buoi.total, luot.total) == (9, 620)
    [left] = buoi.left_out
    assert (left.school_id, [(d.kind, d.reason) for d in left.doubts]) == (
        "s1",
        [
            (
                "correction",
                "thư ngày 15/10/2021 của đơn vị xin sửa số liệu này: «Đính chính: số buổi tuyên truyền là 12, "
                "không phải 21.»",
            )
        ],
    )
    fixed = [*subs, _sub("s1", 16, {"buoi": 12})]
    status = report_status(REPORT, 2021, SCHOOLS[:2], fixed, [note], HCM, LATER)
    data = consolidate(status, {}, office=OFFICE, schools=SCHOOLS, season=season, corrections=said)
    assert (data.totals[0].total, data.totals[0].counted) == (21, 2)


@pytest.mark.parametrize(
    ("said", "checked"),
    [
        ("Đính chính: số buổi tuyên truyền ghi nhầm.", ["buoi"]),
        ("Đính chính: số buổi tuyên truyền và số lượt học sinh đều ghi nhầm.", ["buoi", "luot"]),
        ("Đính chính: tổ chức 12 buổi tuyên truyền cho các lượt học sinh, không phải 21.", ["buoi"]),
    ],
    ids=["named-no-value", "two-named", "value-given"],
)
def test_a_correction_marks_the_figures_it_names_or_gives_values_for(said: str, checked: list[str]) -> None:
    """A correction with no new value ("số buổi tuyên truyền ghi nhầm") marked nothing, and the draft
    summed the figure the school said was wrong. It marks the figures it names; one giving a value marks
    that figure only, not another it mentions in passing ("cho các lượt học sinh")."""
    note, season, subs = _correction_waiting()
    status = report_status(REPORT, 2021, SCHOOLS[:2], subs, [note], HCM, LATER)
    data = consolidate(
        status, {}, office=OFFICE, schools=SCHOOLS, season=season, corrections={"dinh-chinh": said}
    )
    marked = [f for f in data.school("s1").figures if f.doubts]
    assert [f.figure_id for f in marked] == checked
    assert all(
        d.kind == "correction" and d.reason == f"thư ngày 15/10/2021 của đơn vị xin sửa số liệu này: «{said}»"
        for f in marked
        for d in f.doubts
    )


def test_a_correction_naming_no_figure_marks_them_all_until_a_report_follows() -> None:
    """ "Số liệu trong báo cáo gửi hôm trước bị sai, trường sẽ gửi lại" named no figure and gave no value,
    so it marked nothing and the draft summed the figures the school had said were wrong. Every figure of
    the school is checked, quoting it, until the school's next report states them."""
    said = "Số liệu trong báo cáo gửi hôm trước bị sai, trường sẽ gửi lại."
    note, season, subs = _correction_waiting()
    status = report_status(REPORT, 2021, SCHOOLS[:2], subs, [note], HCM, LATER)
    data = consolidate(
        status, {}, office=OFFICE, schools=SCHOOLS, season=season, corrections={"dinh-chinh": said}
    )
    assert [(t.total, t.counted) for t in data.totals] == [(9, 1), (320, 1)]
    why = (
        f"thư ngày 15/10/2021 của đơn vị báo số liệu trong báo cáo bị sai, không nói rõ số liệu nào: «{said}»"
    )
    assert [[(d.kind, d.reason) for d in f.doubts] for f in data.school("s1").figures] == [
        [("correction", why)]
    ] * 2
    fixed = [*subs, _sub("s1", 16, {"buoi": 12, "luot": 310})]
    status = report_status(REPORT, 2021, SCHOOLS[:2], fixed, [note], HCM, LATER)
    data = consolidate(
        status, {}, office=OFFICE, schools=SCHOOLS, season=season, corrections={"dinh-chinh": said}
    )
    assert [(t.total, t.counted) for t in data.totals] == [(21, 2), (630, 2)]


def test_a_year_read_as_a_count_is_checked_even_in_a_small_unit() -> None:
    """Three schools of a commune: one wrote "tổ chức 2021 buổi tuyên truyền" (the year typed as the
    count), and with too few schools to compare the draft summed 2.032 sessions without a word."""
    subs = [_sub("s1", 11, {"buoi": 11}), _sub("s2", 12, {"buoi": 2021}), _sub("s3", 13, {"buoi": 9})]
    status = report_status(REPORT, 2021, SCHOOLS[:3], subs, [], HCM, LATER)
    data = consolidate(status, {}, office="UBND xã Mỹ An", schools=SCHOOLS)
    buoi = data.totals[0]
    assert (buoi.total, buoi.counted) == (20, 2)
    assert [(f.school_id, [d.kind for d in f.doubts]) for f in buoi.left_out] == [("s2", ["year"])]


def test_a_file_word_for_word_another_schools_is_not_summed_twice() -> None:
    """Two schools sent the same headerless file (one resent its neighbour's report, or both kept a
    shared template as it was): both were credited and the consolidated total added the same figures
    twice. The later school's values are now set aside, naming the school that sent the file first."""
    first = _sub("s1", 11, {"buoi": 11, "luot": 310})
    copy = dataclasses.replace(_sub("s2", 12, {"buoi": 11, "luot": 310}), figures=first.figures)
    own = _sub("s3", 13, {"buoi": 9, "luot": 200})
    status = report_status(REPORT, 2021, SCHOOLS[:3], [first, copy, own], [], HCM, LATER)
    shared = _text(first, "- Thiếu kinh phí tổ chức các buổi tuyên truyền cho phụ huynh. " * 8)
    texts = {
        ("key-s1-11", "s1"): shared,
        ("key-s2-12", "s2"): shared,
        ("key-s3-13", "s3"): _text(own, "- Thiếu kinh phí tổ chức các buổi tuyên truyền cho phụ huynh. " * 8),
    }
    data = consolidate(status, texts, office=OFFICE, schools=SCHOOLS)
    buoi, luot = data.totals
    assert (buoi.total, buoi.counted, luot.total, luot.counted) == (20, 2, 510, 2)
    assert [(f.school_id, [d.kind for d in f.doubts]) for f in buoi.left_out] == [("s2", ["copy"])]
    assert "giống hệt từng chữ với báo cáo TH Số 1 đã gửi trước" in buoi.left_out[0].doubts[0].reason
    assert all(f.counted for f in data.school("s1").figures)


def test_a_missing_school_whose_report_waits_in_review_is_named_for_the_drafter() -> None:
    """A school's report waited for staff in `baocao review` (its header named another school): the
    consolidated draft counted the school as not reporting and said nothing, so the office could send
    it upward before anyone looked at the waiting mail."""
    waiting = ReviewRow(
        "key-review",
        "review@example.edu.vn",
        "nq121",
        2021,
        "s2@example.edu.vn",
        "BC NQ121",
        dt.datetime(2021, 10, 20, 9, 0, tzinfo=HCM),
        "Địa chỉ gửi và tiêu đề văn bản ghi hai trường khác nhau.",
        ("s1", "s2"),
        ("bc.docx",),
    )
    status = report_status(REPORT, 2021, SCHOOLS[:3], [_sub("s1", 11, {"buoi": 11})], [waiting], HCM, LATER)
    data = consolidate(status, {}, office=OFFICE, schools=SCHOOLS)
    assert [s.school_id for s in data.missing] == ["s2", "s3"]
    assert data.in_review == ("s2",)  # s1 has reported; s3 has nothing waiting
    assert json.loads(as_json(data))["in_review"] == ["s2"]


def test_a_report_its_school_asked_to_cancel_is_named_held_for_the_drafter() -> None:
    """Số 2 sent its report, then asked the office to cancel it ("gửi nhầm file, Phòng hủy giúp em"),
    staff not having decided. Every list says its report is held, not counted, but the draft said the
    school had "thư chờ cán bộ xem xét có thể là báo cáo của đơn vị": the mail waiting is the note, and
    the drafter was not told a report of the school was set aside at its own request."""
    report = _sub("s2", 20, {"buoi": 12})
    note = ReviewRow(
        "key-note",
        "note@example.edu.vn",
        None,
        None,
        "s2@example.edu.vn",
        "Re: BC NQ121",
        dt.datetime(2021, 10, 20, 15, 0, tzinfo=HCM),
        "Trường đề nghị hủy hoặc thu hồi thư đã gửi.",
        ("s2",),
        (),
        withdraws=(report.message_key,),
    )
    status = report_status(
        REPORT,
        2021,
        SCHOOLS[:3],
        [_sub("s1", 11, {"buoi": 11}), report],
        [note],
        HCM,
        LATER,
        undecided={report.message_key},
    )
    data = consolidate(status, {}, office=OFFICE, schools=SCHOOLS)
    assert [s.school_id for s in data.missing] == ["s2", "s3"] and data.totals[0].total == 11
    assert data.in_review == ()
    assert [(h.school_id, h.message_id, h.note_id) for h in data.held] == [
        ("s2", "s2-20@example.edu.vn", "note@example.edu.vn")
    ]
    assert json.loads(as_json(data))["held"][0]["cancelled_by"] == "note@example.edu.vn"
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(render_docx(data))).paragraphs)
    assert (
        "TH Số 2: đang tính là chưa nộp; báo cáo nhận lúc 09:00 ngày 20/10/2021 (thư s2-20@example.edu.vn) "
        "đang tạm giữ, chưa tính: người gửi xin hủy thư ấy" in text
    )
    assert "có thể là báo cáo của đơn vị" not in text


def test_a_missing_schools_note_waiting_in_review_is_named_for_the_drafter() -> None:
    """A school wrote that it had sent its report by Zalo, with nothing attached; another sent its
    report of the first term (sơ kết học kỳ I). Both waited for staff without naming the season's report,
    so the draft counted both schools as not reporting and said nothing: the office could send upward
    that a school had not reported while its note sat unread. The same note of last season is not
    this season's business."""

    def note(key: str, school: str, when: dt.datetime, subject: str) -> ReviewRow:
        return ReviewRow(
            key,
            f"{key}@example.edu.vn",
            None,
            None,
            f"{school}@example.edu.vn",
            subject,
            when,
            "Thư không kèm tệp, trường báo đã gửi báo cáo bằng cách khác.",
            (school,),
            (),
        )

    season = (dt.datetime(2021, 9, 20, tzinfo=HCM), dt.datetime(2021, 12, 25, tzinfo=HCM))
    notes = [
        note("zalo", "s2", dt.datetime(2021, 10, 24, 16, 0, tzinfo=HCM), "Báo cáo NQ121"),
        note("old", "s3", dt.datetime(2020, 10, 24, 16, 0, tzinfo=HCM), "Báo cáo NQ121 năm 2020"),
        note("done", "s1", dt.datetime(2021, 10, 26, 16, 0, tzinfo=HCM), "Trường đã gửi rồi ạ"),
    ]
    status = report_status(REPORT, 2021, SCHOOLS[:3], [_sub("s1", 11, {"buoi": 11})], notes, HCM, LATER)
    data = consolidate(status, {}, office=OFFICE, schools=SCHOOLS, season=season)
    assert [(a.school_id, a.subject) for a in data.awaiting] == [("s2", "Báo cáo NQ121")]
    assert json.loads(as_json(data))["awaiting"][0]["message_id"] == "zalo@example.edu.vn"
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(render_docx(data))).paragraphs)
    assert (
        "TH Số 2: đang tính là chưa nộp, nhưng thư ngày 24/10/2021 («Báo cáo NQ121», thư zalo@example.edu.vn) "
        "đang chờ cán bộ xem xét" in text
    )
    assert "TH Số 3: đang tính là chưa nộp, nhưng" not in text


def test_a_reporting_schools_later_mail_waiting_in_review_is_named_for_the_drafter() -> None:
    """A school reported on 11/10, then sent its corrected figures by Zalo; staff passed the file on from
    the office's mailbox, where it waited for them to say whose it was. The draft summed the figures of
    11/10 and said nothing of the correction waiting. Mail that came before the report counted (a draft
    sent for comment) is not the drafter's concern."""

    def waiting(key: str, when: dt.datetime) -> ReviewRow:
        return ReviewRow(
            key,
            f"{key}@example.edu.vn",
            "nq121",
            2021,
            "pgd@example.edu.vn",
            "BC NQ121 TH Số 1 (bản sửa)",
            when,
            "Thư của chính Phòng kèm báo cáo của Trường Tiểu học Số 1.",
            ("s1",),
            ("bc.docx",),
        )

    rows = [
        waiting("sua", dt.datetime(2021, 10, 20, 9, tzinfo=HCM)),
        waiting("nhap", dt.datetime(2021, 10, 5, tzinfo=HCM)),
    ]
    status = report_status(REPORT, 2021, SCHOOLS[:3], [_sub("s1", 11, {"buoi": 11})], rows, HCM, LATER)
    data = consolidate(status, {}, office=OFFICE, schools=SCHOOLS)
    assert [(a.school_id, a.message_id) for a in data.review_after] == [("s1", "sua@example.edu.vn")]
    assert json.loads(as_json(data))["review_after"][0]["message_id"] == "sua@example.edu.vn"
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(render_docx(data))).paragraphs)
    assert (
        "- TH Số 1: thư ngày 20/10/2021 («BC NQ121 TH Số 1 (bản sửa)», thư sua@example.edu.vn), gửi sau báo "
        "cáo, đang chờ cán bộ xem xét (có thể là bản sửa hoặc đề nghị hủy báo cáo); số liệu trong dự thảo lấy từ báo "
        "cáo ngày 11/10/2021" in text
    )


def test_a_school_whose_paper_copy_came_is_not_listed_as_silent() -> None:
    """The clerk recorded a school's paper copy (`baocao paper`): the draft listed the school among
    those that had not reported, word for word as one that sent nothing, and said nothing to the
    drafter, so the office told its superiors a school had not reported whose report lay on its desk."""
    paper = Decision(
        1,
        DecisionKind.PAPER,
        "nq121",
        2021,
        "s2",
        None,
        dt.date(2021, 10, 20),
        "Lê Thị Thu",
        "",
        "clerk",
        LATER,
    )
    status = report_status(
        REPORT,
        2021,
        SCHOOLS[:3],
        [_sub("s1", 11, {"buoi": 11})],
        [],
        HCM,
        LATER,
        decisions=SeasonDecisions(papers={"s2": paper}),
    )
    data = consolidate(status, {}, office=OFFICE, schools=SCHOOLS)
    assert [s.school_id for s in data.missing] == ["s2", "s3"]  # the paper does not replace the report
    assert [s.school_id for s in data.on_paper] == ["s2"]
    assert json.loads(as_json(data))["on_paper"] == ["s2"]
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(render_docx(data))).paragraphs)
    assert "Số đơn vị chưa nộp báo cáo: 2 (TH Số 2 — đã gửi bản giấy ngày 20/10/2021, TH Số 3)." in text
    assert "TH Số 2: đang tính là chưa nộp, nhưng đã nhận bản giấy ngày 20/10/2021 (Lê Thị Thu)" in text
    assert "TH Số 3: đang tính" not in text


def test_a_school_with_an_extension_is_not_listed_as_on_time_by_the_deadline() -> None:
    """Staff extended two schools' deadline (`baocao extend`). One reported on 3/11 within its
    extension: the draft counted it among those on time "đến ngày 25/10/2021" and its annex row read
    "03/11/2021 — Đúng hạn", which the superior reads as a mistake. The other reported on 2/11, three
    days after its extension ended on 30/10: the draft said "Muộn 8 ngày", counted from the deadline
    staff had moved. Its JSON then counted the first in on_time and again in on_time_by_extension."""

    def extension(n: int, school: str, until: dt.date) -> Decision:
        return Decision(
            n, DecisionKind.EXTENSION, "nq121", 2021, school, until, None, "", "Ngập lụt", "clerk", LATER
        )

    extensions = {
        "s2": extension(1, "s2", dt.date(2021, 11, 5)),
        "s3": extension(2, "s3", dt.date(2021, 10, 30)),
    }
    late = [
        dataclasses.replace(_sub(s, 1, {"buoi": 9}), received_at=dt.datetime(2021, 11, d, 9, tzinfo=HCM))
        for s, d in (("s2", 3), ("s3", 2))
    ]
    status = report_status(
        REPORT,
        2021,
        SCHOOLS[:3],
        [_sub("s1", 11, {"buoi": 11}), *late],
        [],
        HCM,
        LATER,
        decisions=SeasonDecisions(extensions=extensions),
    )
    data = consolidate(status, {}, office=OFFICE, schools=SCHOOLS)
    assert [s.school_id for s in data.on_time] == ["s1"] and data.school("s3").days_late == 3
    assert [s.school_id for s in data.on_time_extended] == ["s2"]
    assert json.loads(as_json(data))["schools"][1]["extended_to"] == "2021-11-05"
    counts = json.loads(as_json(data))["counts"]
    # the parts add up to those that reported: the one on time by its extension is counted once
    assert (counts["on_time"], counts["on_time_by_extension"], counts["late"]) == (1, 1, 1)
    assert counts["on_time"] + counts["on_time_by_extension"] + counts["late"] == counts["reported"]
    document = docx.Document(io.BytesIO(render_docx(data)))
    text = "\n".join(p.text for p in document.paragraphs)
    assert (
        "trong đó nộp đúng hạn (đến ngày 25/10/2021): 1; nộp trong thời hạn được gia hạn: 1 (TH Số 2 — gia hạn "
        "đến 05/11/2021); nộp muộn: 1 (TH Số 3 — gia hạn đến 30/10/2021)." in text
    )
    book = openpyxl.load_workbook(io.BytesIO(as_xlsx(data)))
    summary = {r[0]: r[1] for r in book["Tổng hợp"].iter_rows(values_only=True) if r and r[0]}
    assert summary["Trong đó nộp đúng hạn"] == 1 and summary["Trong đó nộp trong thời hạn được gia hạn"] == 1
    assert summary["Tỷ lệ đã nộp"] == 1.0
    annex = {row[1]: row[2:4] for row in table_text(document.tables[-1])}
    assert annex["TH Số 2"] == ["03/11/2021", "Đúng hạn\n(gia hạn đến 05/11/2021)"]
    assert annex["TH Số 3"] == ["02/11/2021", "Muộn 3 ngày\n(gia hạn đến 30/10/2021)"]
    assert annex["TH Số 1"] == ["11/10/2021", "Đúng hạn"]


def test_a_paper_copy_that_came_after_the_moment_drafted_is_not_mentioned() -> None:
    """A draft `--as-of 15/10/2021` named a school "— đã gửi bản giấy ngày 20/10/2021" and asked the
    drafter to check a paper copy that had not come yet at the moment the draft describes."""
    paper = Decision(
        1,
        DecisionKind.PAPER,
        "nq121",
        2021,
        "s2",
        None,
        dt.date(2021, 10, 20),
        "Lê Thị Thu",
        "",
        "clerk",
        LATER,
    )
    decided = SeasonDecisions(papers={"s2": paper})

    def drafted(as_of: dt.datetime) -> Consolidated:
        status = report_status(REPORT, 2021, SCHOOLS[:3], [], [], HCM, as_of, decisions=decided)
        return consolidate(status, {}, office=OFFICE, schools=SCHOOLS, as_of=as_of)

    before = drafted(dt.datetime(2021, 10, 15, 17, 0, tzinfo=HCM))
    assert before.on_paper == () and before.school("s2").paper_on is None
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(render_docx(before))).paragraphs)
    assert "bản giấy" not in text
    on_the_day = drafted(dt.datetime(2021, 10, 20, 8, 0, tzinfo=HCM))
    assert [s.school_id for s in on_the_day.on_paper] == ["s2"]


def test_an_exempted_school_that_reported_all_the_same_is_named_for_the_drafter() -> None:
    """Staff exempted a school that had sent its report on 11/10 (or the report came after): the
    draft listed it as exempt and left its figures out of every total without a word, so nobody
    checked whether the exemption or the report was the mistake."""
    exemption = Decision(
        1, DecisionKind.EXEMPTION, "nq121", 2021, "s2", None, None, "", "Sáp nhập", "clerk", LATER
    )
    status = report_status(
        REPORT,
        2021,
        SCHOOLS[:3],
        [_sub("s1", 11, {"buoi": 11}), _sub("s2", 12, {"buoi": 7})],
        [],
        HCM,
        LATER,
        decisions=SeasonDecisions(exemptions={"s2": exemption}),
    )
    data = consolidate(status, {}, office=OFFICE, schools=SCHOOLS)
    assert data.totals[0].total == 11 and [s.school_id for s in data.exempt_reporting] == ["s2"]
    assert json.loads(as_json(data))["schools"][1]["exempt_sent"] == "2021-10-12T09:00:00+07:00"
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(render_docx(data))).paragraphs)
    assert (
        "- TH Số 2: được miễn nộp nhưng đã gửi báo cáo ngày 12/10/2021; số liệu, khó khăn và đề xuất của "
        "đơn vị không được tổng hợp (nếu cần tính, bỏ miễn nộp: baocao exempt s2 --report nq121 --year 2021 "
        "--undo)." in text
    )


@pytest.mark.parametrize(
    ("part", "whole", "written"),
    [
        (29, 37, "78,4 %"),
        (1, 8, "12,5 %"),
        (1, 2, "50 %"),
        (37, 37, "100 %"),
        (1999, 2000, "99,9 %"),
        (0, 3, "0 %"),
    ],
)
def test_the_share_of_schools_that_reported_is_written_as_a_superior_reads_it(
    part: int, whole: int, written: str
) -> None:
    """The draft said "Số đơn vị đã nộp báo cáo: 29/37" and left the office to work out the share its
    superior's form asks for ("tỷ lệ"). It is written the Vietnamese way, a comma before the decimal,
    and never rounds to "100 %" while a school is missing."""
    assert percent(part, whole) == written


def test_the_draft_gives_the_share_of_schools_that_reported() -> None:
    subs = [_sub(f"s{n}", 11, {"buoi": 5}) for n in range(1, 8)]
    status = report_status(REPORT, 2021, SCHOOLS[:8], subs, [], HCM, LATER)
    text = "\n".join(
        p.text
        for p in docx.Document(
            io.BytesIO(render_docx(consolidate(status, {}, office=OFFICE, schools=SCHOOLS)))
        ).paragraphs
    )
    assert "- Số đơn vị đã nộp báo cáo: 7/8 (87,5 %); trong đó nộp đúng hạn (đến ngày 25/10/2021): 7;" in text


def test_last_years_report_sent_this_season_is_named_for_the_drafter() -> None:
    """A school mailed in October its report dated last year (last year's file, forwarded again): it
    was rightly counted for last year, and the draft of this year counted the school as not reporting
    without a word, though the school believed it had reported and the office could ask it at once."""
    old = dataclasses.replace(_sub("s2", 15, {"buoi": 4}), year=2020, message_id="cu@example.edu.vn")
    status = report_status(REPORT, 2021, SCHOOLS[:3], [_sub("s1", 11, {"buoi": 11})], [], HCM, LATER)
    data = consolidate(dataclasses.replace(status, earlier=(old,)), {}, office=OFFICE, schools=SCHOOLS)
    assert [(o.school_id, o.year) for o in data.other_season] == [("s2", 2020)]
    assert json.loads(as_json(data))["other_season"][0]["message_id"] == "cu@example.edu.vn"
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(render_docx(data))).paragraphs)
    assert (
        "- TH Số 2: đang tính là chưa nộp, nhưng thư ngày 15/10/2021 (thư cu@example.edu.vn) được tính là báo "
        "cáo năm 2020 vì văn bản ghi năm 2020" in text
    )
    assert "baocao assign cu@example.edu.vn s2 --year 2021" in text


def test_a_school_whose_mail_could_not_be_read_is_named_for_the_drafter() -> None:
    """A school mailed its report as a broken file: the draft listed it among the schools that had not
    reported, like one that sent nothing, and told the drafter nothing, who then signed a report saying
    the school had not reported without anyone asking it for a readable copy."""
    broken = dataclasses.replace(
        _sub("s2", 12, {}), files=(), kind=SubmissionKind.UNREADABLE, problems=("Tệp bc.docx bị hỏng.",)
    )
    status = report_status(REPORT, 2021, SCHOOLS[:3], [_sub("s1", 11, {"buoi": 11}), broken], [], HCM, LATER)
    data = consolidate(status, {}, office=OFFICE, schools=SCHOOLS)
    assert [s.school_id for s in data.missing] == ["s2", "s3"]
    assert [s.school_id for s in data.sent_unreadable] == ["s2"]
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(render_docx(data))).paragraphs)
    assert "TH Số 2: đang tính là chưa nộp vì thư của đơn vị không đọc được (Tệp bc.docx bị hỏng)" in text
    assert "TH Số 3: đang tính" not in text
    assert json.loads(as_json(data))["schools"][1]["unreadable"] == "Tệp bc.docx bị hỏng."


def test_a_later_mail_that_could_not_be_read_is_named_for_the_drafter() -> None:
    """A school reported, then resent its report (perhaps corrected) as a broken file: the draft took the
    figures of the first report and said nothing, so the office could send up figures the school had
    meant to correct."""
    report = _sub("s1", 11, {"buoi": 11, "luot": 310})
    broken = dataclasses.replace(
        _sub("s1", 20, {}), files=(), kind=SubmissionKind.UNREADABLE, problems=("Tệp bc.docx bị hỏng.",)
    )
    status = report_status(REPORT, 2021, SCHOOLS[:2], [report, broken], [], HCM, LATER)
    data = consolidate(status, {("key-s1-11", "s1"): _text(report)}, office=OFFICE, schools=SCHOOLS)
    assert [s.school_id for s in data.resent_unreadable] == ["s1"]
    assert data.totals[0].total == 11  # the report read still counts
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(render_docx(data))).paragraphs)
    assert (
        "TH Số 1: thư gửi lại ngày 20/10/2021 không đọc được (Tệp bc.docx bị hỏng); số liệu trong dự thảo "
        "lấy từ báo cáo ngày 11/10/2021"
    ) in text
    assert json.loads(as_json(data))["schools"][0]["resent_unreadable"]["reason"] == "Tệp bc.docx bị hỏng."


def test_the_annex_says_resent_only_when_a_later_readable_report_came() -> None:
    """The annex wrote «(gửi lại 20/10/2021)» under the very day the report came whenever a school had
    sent more than one message, counting a broken file it had sent first (or after) as a resend."""
    broken = dataclasses.replace(
        _sub("s1", 5, {}, key="broken"), files=(), kind=SubmissionKind.UNREADABLE, problems=("Tệp hỏng.",)
    )
    report, after = _sub("s1", 20, {"buoi": 11, "luot": 310}), _sub("s2", 12, {"buoi": 9, "luot": 200})
    broken_after = dataclasses.replace(broken, school_id="s2", message_key="broken2", received_at=LATER)
    first, resent = _sub("s3", 11, {"buoi": 8, "luot": 150}), _sub("s3", 21, {"buoi": 10})
    subs = [broken, report, after, broken_after, first, resent]
    status = report_status(REPORT, 2021, SCHOOLS[:3], subs, [], HCM, LATER)
    texts = {(s.message_key, s.school_id): _text(s) for s in subs if s.readable}
    doc = docx.Document(io.BytesIO(render_docx(consolidate(status, texts, office=OFFICE, schools=SCHOOLS))))
    rows = {row[1]: row[2] for table in doc.tables for row in table_text(table) if row[1].startswith("TH Số")}
    assert rows == {
        "TH Số 1": "20/10/2021",
        "TH Số 2": "12/10/2021",
        "TH Số 3": "11/10/2021\n(gửi lại 21/10/2021)",
    }


def _paragraphs(data: Consolidated) -> str:
    return "\n".join(p.text for p in docx.Document(io.BytesIO(render_docx(data))).paragraphs)


def test_a_pupils_name_in_a_schools_remark_never_reaches_the_draft() -> None:
    """A school wrote «học sinh Nguyễn Văn A bị bạo hành» and the draft sent upward quoted it whole:
    in a report on child abuse, the child's name must not be passed on, nor in the table of remarks."""
    sub = _sub("s1", 11, {"buoi": 11})
    said = "- Phối hợp xử lý trường hợp học sinh Nguyễn Văn A bị bạo hành còn khó khăn."
    status = report_status(REPORT, 2021, SCHOOLS[:1], [sub], [], HCM, LATER)
    data = consolidate(status, {(sub.message_key, "s1"): _text(sub, said)}, office=OFFICE, schools=SCHOOLS)
    text = _paragraphs(data)
    assert "- Phối hợp xử lý trường hợp học sinh (đã ẩn tên) bị bạo hành còn khó khăn (TH Số 1)." in text
    book = openpyxl.load_workbook(io.BytesIO(as_xlsx(data)))
    cells = [str(c) for row in book["Khó khăn, đề xuất"].iter_rows(values_only=True) for c in row]
    assert "Nguyễn Văn A" not in text and not any("Nguyễn Văn A" in c for c in cells)


def test_a_draft_nobody_reported_to_says_so_without_empty_tables() -> None:
    """`consolidate --year 2024` for a season without mail read «từ báo cáo của 0 đơn vị đã nộp», «Tổng số
    cộng số liệu của tất cả 0 đơn vị», «Các đơn vị không nêu khó khăn» though nobody had reported, with an
    empty table of totals and an annex holding only a row «Tổng cộng» of zeros."""
    status = report_status(REPORT, 2021, SCHOOLS[:3], [], [], HCM, LATER)
    data = consolidate(status, {}, office=OFFICE, schools=SCHOOLS)
    document = docx.Document(io.BytesIO(render_docx(data)))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Chưa đơn vị nào nộp báo cáo nên chưa có số liệu để tổng hợp." in text
    assert text.count("Chưa đơn vị nào nộp báo cáo.") == 2  # sections III and IV
    assert "0 đơn vị" not in text and "Các đơn vị không" not in text
    assert "Đơn vị chưa nộp báo cáo (3): TH Số 1, TH Số 2, TH Số 3." in text
    cells = {cell for table in document.tables for row in table_text(table) for cell in row}
    assert "Tổng cộng" not in cells and "Số đơn vị có số liệu" not in cells


@pytest.mark.parametrize(
    ("reported", "said"),
    [
        (1, "Tổng số là số liệu của đơn vị duy nhất đã nộp báo cáo."),
        (2, "Tổng số cộng số liệu của cả 2 đơn vị đã nộp báo cáo."),
    ],
)
def test_the_totals_say_how_many_units_they_add_up(reported: int, said: str) -> None:
    """One school had reported and the draft said «Tổng số cộng số liệu của tất cả 1 đơn vị»."""
    subs = [_sub("s1", 11, {"buoi": 10, "luot": 300}), _sub("s2", 12, {"buoi": 11, "luot": 310})][:reported]
    status = report_status(REPORT, 2021, SCHOOLS[:2], subs, [], HCM, LATER)
    document = docx.Document(io.BytesIO(render_docx(consolidate(status, {}, office=OFFICE, schools=SCHOOLS))))
    assert said in [p.text for p in document.paragraphs]


def test_a_report_without_figures_has_no_empty_table_of_totals() -> None:
    """A report configured with no key figures (sections only) drafted an empty table in section II,
    «Tổng số cộng số liệu của tất cả 2 đơn vị» and an empty «Tổng cộng» row in the annex."""
    report = dataclasses.replace(REPORT, figures=(), headcount_figures=())
    subs = [_sub("s1", 11, {}), _sub("s2", 12, {})]
    status = report_status(report, 2021, SCHOOLS[:2], subs, [], HCM, LATER)
    document = docx.Document(io.BytesIO(render_docx(consolidate(status, {}, office=OFFICE, schools=SCHOOLS))))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "II. KẾT QUẢ THỰC HIỆN\nBáo cáo này không có số liệu chính cần tổng hợp.\nIII." in text
    assert "Tổng số cộng" not in text
    assert table_text(document.tables[-1]) == [
        ["TT", "Đơn vị", "Ngày nhận", "Đúng hạn / muộn"],
        ["1", "TH Số 1", "11/10/2021", "Đúng hạn"],
        ["2", "TH Số 2", "12/10/2021", "Đúng hạn"],
    ]


def test_a_deadline_moved_for_every_school_is_said_once() -> None:
    """`baocao extend --all --until 26/10` (the deadline fell on a Sunday) wrote «— gia hạn đến 26/10/2026»
    beside every one of 34 schools not reporting, in section I and again in the annex. The move is said
    once, with the deadline; a school's own later extension is still said beside it."""

    def extension(n: int, school: str, until: dt.date) -> Decision:
        return Decision(n, DecisionKind.EXTENSION, "nq121", 2021, school, until, None, "", "", "clerk", LATER)

    moved = dt.date(2021, 10, 26)
    extensions = {s.id: extension(n, s.id, moved) for n, s in enumerate(SCHOOLS[:4], 1)}
    extensions["s3"] = extension(9, "s3", dt.date(2021, 10, 31))
    subs = [_sub("s1", 11, {"buoi": 9}), _sub("s2", 26, {"buoi": 8}), _sub("s3", 28, {"buoi": 7})]
    decided = SeasonDecisions(extensions=extensions)
    status = report_status(REPORT, 2021, SCHOOLS[:4], subs, [], HCM, LATER, decisions=decided)
    data = consolidate(status, {}, office=OFFICE, schools=SCHOOLS)
    document = docx.Document(io.BytesIO(render_docx(data)))
    text = "\n".join(p.text for p in document.paragraphs)
    assert (
        "trong đó nộp đúng hạn (đến ngày 25/10/2021): 1; nộp trong thời hạn được gia hạn (hạn nộp được lùi "
        "chung đến ngày 26/10/2021): 2 (TH Số 2, TH Số 3 — gia hạn đến 31/10/2021); nộp muộn: 0." in text
    )
    assert "- Số đơn vị chưa nộp báo cáo: 1 (TH Số 4)." in text
    assert "Đơn vị chưa nộp báo cáo (1): TH Số 4." in text
    annex = {row[1]: row[3] for row in table_text(document.tables[-1])}
    assert annex["TH Số 2"] == "Đúng hạn" and annex["TH Số 3"] == "Đúng hạn\n(gia hạn đến 31/10/2021)"


def test_a_report_without_sections_does_not_say_no_school_stated_difficulties() -> None:
    """A report configured without [[reports.sections]] drafted «Các đơn vị không nêu khó khăn, vướng mắc»
    though the schools' reports each had a part «KHÓ KHĂN, VƯỚNG MẮC»: none was read, so none was found.
    The draft now says those parts were not summarised."""
    report = dataclasses.replace(REPORT, sections=())
    status = report_status(report, 2021, SCHOOLS[:2], [_sub("s1", 11, {"buoi": 10})], [], HCM, LATER)
    document = docx.Document(io.BytesIO(render_docx(consolidate(status, {}, office=OFFICE, schools=SCHOOLS))))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Các đơn vị không" not in text
    assert (
        text.count("Chưa tổng hợp được: báo cáo chưa khai báo các phần nội dung") == 2
    )  # sections III and IV
