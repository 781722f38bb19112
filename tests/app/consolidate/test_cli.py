"""baocao consolidate over a sample season run through the real pipeline: the draft, its sums, its doubts."""

from __future__ import annotations

import datetime as dt
import io
import json
import random
import re
import shutil
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner
from docx import Document
from docx.document import Document as DocumentObject

from app.cli import main
from intake import pipeline
from kernel import config as config_mod
from kernel.config import SchoolConfig
from kernel.runtime import Runtime
from samples.documents import render_docx
from samples.papers import make_paper
from samples.season import TZ, make_season
from tests.app.consolidate.docxtext import docx_text, highlighted, table_text
from tests.intake.conftest import _shipped_tables
from tests.parsers.test_read import topics_table_pdf

ROOT = Path(__file__).resolve().parents[3]
CHECK = "(cần kiểm tra)"


@dataclass(frozen=True)
class Season:
    config: Path
    work: Path
    odd: dict[str, str]  # what is wrong -> the school whose report has it


def _report_mail(
    school: SchoolConfig, when: dt.datetime, results: str, closing: str = "", title: str = ""
) -> bytes:
    """A report pasted into the body of a mail from the school's official address, closing lines after,
    its title lines before."""
    msg = EmailMessage()
    msg["From"] = school.emails[0]
    msg["To"] = "pgdthuthua@example.edu.vn"
    msg["Subject"] = f"Báo cáo NQ121 năm 2021 - {school.name}"
    msg["Date"] = format_datetime(when)
    msg["Message-ID"] = f"<bc.{school.id}@example.edu.vn>"
    msg.set_content(
        f"""{title}Kính gửi: Phòng Giáo dục và Đào tạo huyện Thủ Thừa

{school.name.upper()} báo cáo kết quả triển khai thực hiện Nghị quyết 121/2020/QH14 năm 2021 như sau:
I. Công tác chỉ đạo, triển khai: nhà trường đã quán triệt đến toàn thể cán bộ, giáo viên.
II. Kết quả thực hiện: {results}
III. Khó khăn, vướng mắc: Kinh phí dành cho công tác tuyên truyền còn hạn chế.
IV. Đề xuất, kiến nghị: không có.
{closing}"""
    )
    return msg.as_bytes()


@pytest.fixture(scope="module")
def season(tmp_path_factory: pytest.TempPathFactory) -> Season:
    """The small 2021 season, plus three schools whose figures a person must check."""
    work = tmp_path_factory.mktemp("consolidate")
    schools = config_mod.load(ROOT / "config.toml").schools
    messages = make_season(schools, year=2021, seed=0, size="small", scanned=False)
    reported = {s for m in messages for s in m.truth.school_ids}
    small, big, vague = [s for s in schools if s.id not in reported][:3]
    text = (ROOT / "config.toml").read_text(encoding="utf-8")
    text = text.replace('id = "nguoi_tham_gia"', 'id = "nguoi_tham_gia"\n  headcount = true', 1)
    text = text.replace(f'id = "{small.id}"', f'id = "{small.id}"\npupils = 100\nstaff = 10', 1)
    config_path = work / "config.toml"
    config_path.write_text(text, encoding="utf-8")
    config = config_mod.load(config_path)
    extra = [
        (small, 20, "tổ chức 6 buổi tuyên truyền cho 320 lượt học sinh. Không xảy ra vụ xâm hại trẻ em nào."),
        (big, 21, "tổ chức 400 buổi tuyên truyền cho 500 lượt học sinh. Không xảy ra vụ xâm hại trẻ em nào."),
        (vague, 28, "tổ chức 9 buổi tuyên truyền cho 410 lượt học sinh và phụ huynh."),
    ]
    with Runtime.open(config) as rt:
        for message in messages:
            pipeline.process(rt, message.raw, received_at=message.received_at, source="test")
        for school, day, results in extra:
            when = dt.datetime(2021, 10, day, 9, 30, tzinfo=TZ)
            outcome = pipeline.process(
                rt, _report_mail(school, when, results), received_at=when, source="test"
            )
            assert [s.school_id for s in outcome.submissions] == [school.id], outcome.reason
    shutil.copy(ROOT / "app/consolidate/templates/bao-cao-tong-hop.docx", work / "mau.docx")
    return Season(config_path, work, {"headcount": small.id, "outlier": big.id, "not_found": vague.id})


def _run(season: Season, *args: str, ok: bool = True) -> str:
    result = CliRunner().invoke(main, ["--config", str(season.config), *args])
    if ok:
        assert result.exit_code == 0, result.output
    return result.output


def _json(season: Season, command: str, *args: str) -> Any:
    return json.loads(_run(season, command, "--year", "2021", "--format", "json", *args))


@pytest.fixture(scope="module")
def drafted(season: Season) -> tuple[DocumentObject, bytes]:
    out = season.work / "bao-cao.docx"
    said = _run(
        season,
        "consolidate",
        "--year",
        "2021",
        "--out",
        str(out),
        "--xlsx",
        str(season.work / "so-lieu.xlsx"),
    )
    assert f"Đã ghi bản dự thảo vào {out}" in said and "3 số liệu cần kiểm tra" in said
    data = out.read_bytes()
    return Document(io.BytesIO(data)), data


def _number(text: str) -> int:
    return int(text.replace(".", ""))


def test_the_draft_has_the_administrative_header_and_title(drafted: tuple[DocumentObject, bytes]) -> None:
    doc, data = drafted
    left, right = (cell.text for cell in doc.tables[0].rows[0].cells)
    assert left.splitlines()[:2] == ["UBND HUYỆN THỦ THỪA", "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO"]
    assert "Số:" in left and "/BC-" in left
    assert right.splitlines()[:2] == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    assert "ngày …… tháng …… năm" in right
    texts = [p.text for p in doc.paragraphs]
    title = texts.index("BÁO CÁO")
    assert texts[title + 1] == (
        "Kết quả triển khai thực hiện Nghị quyết 121/2020/QH14 về phòng, chống xâm hại trẻ em năm 2021"
    )
    whole = docx_text(data)
    assert "{{" not in whole and "Nơi nhận:" in whole and "TRƯỞNG PHÒNG" in whole
    for heading in ("I. TÌNH HÌNH NỘP BÁO CÁO", "II. KẾT QUẢ THỰC HIỆN", "III. KHÓ KHĂN", "IV. ĐỀ XUẤT"):
        assert any(t.startswith(heading) for t in texts), heading


def test_every_sum_is_the_sum_of_the_status_figures_but_those_to_check(
    season: Season, drafted: tuple[DocumentObject, bytes]
) -> None:
    status = _json(season, "status")
    consolidated = _json(season, "consolidate")
    to_check = {(c["school_id"], c["figure_id"]) for c in consolidated["checks"]}
    assert to_check == {
        (season.odd["headcount"], "nguoi_tham_gia"),
        (season.odd["outlier"], "buoi_tuyen_truyen"),
        (season.odd["not_found"], "vu_xam_hai"),
    }
    doc, _ = drafted
    totals = table_text(doc.tables[1])
    assert totals[0] == ["TT", "Nội dung", "Tổng số", "Số đơn vị có số liệu", "Ghi chú"]
    for row, total in zip(totals[1:], consolidated["totals"], strict=True):
        stated = [
            s["figures"][total["figure_id"]]
            for s in status["schools"]
            if total["figure_id"] in s["figures"] and (s["school_id"], total["figure_id"]) not in to_check
        ]
        assert _number(row[2]) == total["total"] == sum(stated), row
        assert int(row[3]) == total["schools"] == len(stated), row
        assert (CHECK in row[4]) == bool(total["left_out"]), row


def test_the_annex_has_one_row_per_reporting_school_and_names_the_missing(
    season: Season, drafted: tuple[DocumentObject, bytes]
) -> None:
    status = _json(season, "status")
    names = {s["school_id"]: s["name"] for s in status["schools"]}
    reporting = [s["school_id"] for s in status["schools"] if s["status"] in ("received", "late")]
    missing = [s["school_id"] for s in status["schools"] if s["status"] in ("missing", "unreadable")]
    assert len(reporting) >= 10 and missing
    doc, data = drafted
    annex = next(t for t in (table_text(t) for t in doc.tables) if t[0][:2] == ["TT", "Đơn vị"])
    body = annex[1:-1]
    assert annex[-1][1] == "Tổng cộng"
    short = {
        sid: re.sub(r"^Trường (Mầm non|Mẫu giáo|Tiểu học|THCS|TH&THCS) ", "", names[sid]) for sid in names
    }
    assert len(body) == len(reporting)
    for row, school_id in zip(body, reporting, strict=True):
        assert row[1].endswith(short[school_id]), (row, school_id)
    listed = next(p.text for p in doc.paragraphs if p.text.startswith("Đơn vị chưa nộp báo cáo"))
    assert f"({len(missing)})" in listed and all(short[s] in listed for s in missing)
    body_text = docx_text(data)
    assert f"Số đơn vị chưa nộp báo cáo: {len(missing)} (" in body_text


def test_doubtful_figures_are_highlighted_listed_and_explained(
    season: Season, drafted: tuple[DocumentObject, bytes]
) -> None:
    doc, data = drafted
    annex = next(t for t in doc.tables if t.rows[0].cells[1].text == "Đơn vị")
    status = _json(season, "status")
    order = [s["school_id"] for s in status["schools"] if s["status"] in ("received", "late")]
    column = {"buoi_tuyen_truyen": 4, "nguoi_tham_gia": 5, "vu_xam_hai": 6}
    expected = {
        ("headcount", "nguoi_tham_gia"): f"320 {CHECK}",
        ("outlier", "buoi_tuyen_truyen"): f"400 {CHECK}",
        ("not_found", "vu_xam_hai"): f"không tìm thấy {CHECK}",
    }
    marked_cells = 0
    for row in annex.rows[1:-1]:
        for cell in row.cells[4:]:
            if highlighted(cell.paragraphs[0]):
                marked_cells += 1
    assert marked_cells == len(expected)
    for (kind, figure), text in expected.items():
        row = annex.rows[1 + order.index(season.odd[kind])]
        cell = row.cells[column[figure]]
        assert cell.text == text and highlighted(cell.paragraphs[0]) == text
    whole = docx_text(data)
    assert "V. SỐ LIỆU CẦN KIỂM TRA" in whole
    assert "lớn hơn tổng số 110 người của trường, gồm 100 học sinh và 10 cán bộ, giáo viên" in whole
    assert "lớn hơn nhiều so với các đơn vị khác" in whole
    assert "báo cáo của đơn vị không ghi số liệu này, hoặc ghi theo cách chưa đọc được" in whole
    note = next(p for p in doc.paragraphs if p.text.startswith("Lưu ý: tổng số chỉ cộng"))
    assert highlighted(note) == note.text and "chưa cộng 3 số liệu cần kiểm tra" in note.text


def test_json_traces_every_number_to_its_message_file_and_sentence(season: Season) -> None:
    status = {s["school_id"]: s for s in _json(season, "status")["schools"]}
    consolidated = _json(season, "consolidate")
    traced = 0
    for school in consolidated["schools"]:
        counted = [s for s in status[school["school_id"]]["submissions"] if s["counted"]]
        latest = counted[-1] if school["figures"] else None
        for figure_id, value in school["figures"].items():
            source = value["source"]
            assert latest is not None and source["message_id"] == latest["message_id"]
            assert source["school_id"] == school["school_id"]
            assert all(name in latest["files"] for name in source["file"].split(", ")), source["file"]
            if value["value"] is None:
                assert not value["counted"] and source["sentence"] == ""
                continue
            assert value["value"] == status[school["school_id"]]["figures"][figure_id]
            digits = re.sub(r"(?<=\d)[.,](?=\d{3})", "", source["sentence"])
            assert str(value["value"]) in digits or value["value"] == 0, source["sentence"]
            traced += 1
    assert traced >= 30
    remarks = consolidated["difficulties"] + consolidated["proposals"]
    assert remarks
    for remark in remarks:
        assert sorted(remark["schools"]) == sorted({s["school_id"] for s in remark["sources"]})
        for source in remark["sources"]:
            latest = [s for s in status[source["school_id"]]["submissions"] if s["counted"]][-1]
            assert source["message_id"] == latest["message_id"] and source["file"] in latest["files"]
            assert source["sentence"]


def test_the_workbook_holds_numbers_and_dates_not_text(
    season: Season, drafted: tuple[DocumentObject, bytes]
) -> None:
    book = openpyxl.load_workbook(season.work / "so-lieu.xlsx")
    assert book.sheetnames == [
        "Tổng hợp",
        "Từng đơn vị",
        "Cần kiểm tra",
        "Nguồn số liệu",
        "Khó khăn, đề xuất",
    ]
    rows = list(book["Từng đơn vị"].iter_rows(min_row=2, values_only=True))
    reported = [r for r in rows if r[3] in ("Đã nộp", "Nộp muộn")]
    assert reported and all(isinstance(r[4], dt.datetime) and isinstance(r[5], dt.datetime) for r in reported)
    values = [v for r in reported for v in r[7:10] if v is not None]
    assert values and all(isinstance(v, int) for v in values)
    summary = {r[0]: r[1] for r in book["Tổng hợp"].iter_rows(values_only=True) if r and r[0]}
    consolidated = _json(season, "consolidate")
    for total in consolidated["totals"]:
        assert summary[total["title"]] == total["total"] and isinstance(summary[total["title"]], int)
    assert book["Cần kiểm tra"].max_row == 1 + len(consolidated["checks"])


def test_the_annex_sheet_shows_every_header_whole(
    season: Season, drafted: tuple[DocumentObject, bytes]
) -> None:
    """The figure columns of «Từng đơn vị» were 14 characters wide whatever their title, so Excel cut
    «Số học sinh, phụ huynh tham gia» off at «Số học sinh, p», and «Số ngày muộn» at 8."""
    sheet = openpyxl.load_workbook(season.work / "so-lieu.xlsx")["Từng đơn vị"]
    for cell in sheet[1]:
        title = str(cell.value)
        assert sheet.column_dimensions[cell.column_letter].width >= min(len(title), 40), title


def test_as_of_counts_only_what_had_arrived_by_then(season: Season) -> None:
    full = _json(season, "consolidate")
    then = _json(season, "consolidate", "--as-of", "2021-10-25 23:59")
    assert full["late"] and then["late"] == []
    assert then["on_time"] == full["on_time"]
    assert set(then["missing"]) == set(full["missing"]) | set(full["late"])
    assert then["as_of"] == "2021-10-25T23:59:59+07:00"


def test_the_office_template_is_used_even_where_word_split_a_placeholder(season: Season) -> None:
    """Word often stores "{{ten_don_vi}}" as several runs after an edit; the draft must still fill it."""
    template = Document(str(season.work / "mau.docx"))
    signer = next(p for p in template.tables[1].rows[0].cells[1].paragraphs if p.text == "TRƯỞNG PHÒNG")
    signer.runs[0].text = "KT. TRƯỞNG PHÒNG"
    closing = next(p for p in template.paragraphs if "Trên đây" in p.text)
    closing.runs[0].text = "Trên đây là báo cáo của {{ten_"
    closing.add_run("don_vi}}")
    closing.add_run(" năm {{nam}}./.")
    template.save(str(season.work / "mau-sua.docx"))
    out = season.work / "theo-mau.docx"
    _run(
        season,
        "consolidate",
        "--year",
        "2021",
        "--template",
        str(season.work / "mau-sua.docx"),
        "--out",
        str(out),
    )
    text = docx_text(out.read_bytes())
    assert "KT. TRƯỞNG PHÒNG" in text
    assert "Trên đây là báo cáo của Phòng Giáo dục và Đào tạo huyện Thủ Thừa năm 2021./." in text


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("{{trich_yeu}}", "{{trich_yeu}} {{so_van_ban}}"), "có chỗ điền không biết: {{so_van_ban}}"),
        (("{{phu_luc}}", "Phụ lục"), "thiếu đoạn {{phu_luc}}"),
    ],
)
def test_a_broken_template_is_named_in_vietnamese(
    season: Season, change: tuple[str, str], message: str
) -> None:
    template = Document(str(season.work / "mau.docx"))
    old, new = change
    for paragraph in template.paragraphs:
        for run in paragraph.runs:
            run.text = run.text.replace(old, new)
    broken = season.work / f"hong-{len(new)}.docx"
    template.save(str(broken))
    output = _run(
        season,
        "consolidate",
        "--year",
        "2021",
        "--template",
        str(broken),
        "--out",
        str(season.work / "x.docx"),
        ok=False,
    )
    assert output.startswith("Lỗi: mẫu ") and message in output


def test_an_unknown_report_is_an_error_in_vietnamese(season: Season) -> None:
    output = _run(season, "consolidate", "--report", "nq999", ok=False)
    assert output.startswith('Lỗi: không có báo cáo "nq999"')


def test_a_season_not_begun_is_told_not_drafted(season: Season) -> None:
    """A year typed one too far (2030), or an --as-of before the season: `consolidate` wrote a draft of
    «0/40 đơn vị đã nộp» without a word that the season had not begun."""
    out = season.work / "chua-bat-dau.docx"
    # 27/09/2030 is a Friday: the first mail of that season is the Monday's digest.
    for args, first in (
        (("--year", "2030"), "30/09/2030"),
        (("--year", "2021", "--as-of", "2021-09-01"), "27/09/2021"),
    ):
        output = _run(season, "consolidate", *args, "--out", str(out), ok=False)
        assert output.startswith("Lỗi: đợt báo cáo «") and f"chưa bắt đầu (thư nhắc gửi từ {first}" in output
        assert "kiểm tra lại --year" in output and not out.exists()


def test_a_unit_with_no_school_that_season_is_told_not_drafted(tmp_path: Path) -> None:
    """A commune whose only school had moved to another unit before the season: `consolidate --unit`
    wrote a draft saying "Số đơn vị phải báo cáo: 0" and "Tất cả các đơn vị đã nộp báo cáo", ready to
    be signed and sent up as if every school had reported."""
    text = f'{_shipped_tables()}\n[storage]\ndatabase = "sqlite:///var/baocao.db"\narchive = "var/archive"\n'
    first = text.index("\n[[schools]]\n")
    units = '\n[[units]]\nid = "xa-a"\nname = "UBND xã Mỹ An"\n\n[[units]]\nid = "xa-b"\nname = "UBND xã Nhị Thành"\n'
    text = text[:first] + units + text[first:]
    text = re.sub(r'(\[\[schools\]\]\nid = "[^"]+"\n)', r'\1unit = "xa-a"\n', text)
    config = tmp_path / "config.toml"
    config.write_text(text, encoding="utf-8")
    out = tmp_path / "xa-b.docx"
    result = CliRunner().invoke(
        main, ["--config", str(config), "consolidate", "--year", "2021", "--unit", "xa-b", "--out", str(out)]
    )
    assert result.exit_code != 0 and not out.exists()
    assert (
        result.output.startswith("Lỗi: UBND xã Nhị Thành không thu báo cáo") and "25/10/2021" in result.output
    )


def test_last_years_report_sent_this_season_is_named_until_staff_decide_its_year(tmp_path: Path) -> None:
    """A school mailed in October 2021 its report dated 2020 (last year's file): it counted for 2020, and
    the 2021 draft counted the school as not reporting without a word. Once staff assign it to 2020
    (`baocao assign --year 2020`), the draft no longer asks."""
    config = tmp_path / "config.toml"
    config.write_text((ROOT / "config.toml").read_text(encoding="utf-8"), encoding="utf-8")
    school = config_mod.load(config).school("th-my-an")
    paper = make_paper(school.name, year=2020, rng=random.Random(3), date=dt.date(2020, 10, 19))
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = school.emails[0], "pgdthuthua@example.edu.vn", "Báo cáo NQ121"
    msg["Message-ID"] = "<cu.thmyan@example.edu.vn>"
    when = dt.datetime(2021, 10, 20, 9, 0, tzinfo=TZ)
    msg["Date"] = format_datetime(when)
    msg.set_content("Kính gửi Phòng, trường gửi báo cáo.")
    msg.add_attachment(render_docx(paper), maintype="application", subtype="octet-stream", filename="BC.docx")
    with Runtime.open(config_mod.load(config)) as rt:
        [sub] = pipeline.process(rt, msg.as_bytes(), received_at=when, source="test").submissions
    assert (sub.school_id, sub.year) == ("th-my-an", 2020)

    def drafted() -> Any:
        result = CliRunner().invoke(
            main, ["--config", str(config), "consolidate", "--year", "2021", "--format", "json"]
        )
        assert result.exit_code == 0, result.output
        return json.loads(result.output)

    assert [(o["school_id"], o["year"]) for o in drafted()["other_season"]] == [("th-my-an", 2020)]
    assign = ["--config", str(config), "assign", "cu.thmyan@example.edu.vn", "th-my-an", "--year", "2020"]
    assert CliRunner().invoke(main, assign).exit_code == 0
    assert drafted()["other_season"] == []


def test_a_reports_closing_and_signer_are_not_drafted_as_proposals(tmp_path: Path) -> None:
    """Two reports pasted into mails proposed nothing, then closed «Trân trọng.» / «Hiệu trưởng Trần Văn
    Bình» and «Trân trọng!» / «Người lập báo cáo» / «Lê Thị Hồng»: the draft listed «Trân trọng!.» and
    the principal's name among the schools' proposals."""
    config = tmp_path / "config.toml"
    config.write_text((ROOT / "config.toml").read_text(encoding="utf-8"), encoding="utf-8")
    loaded = config_mod.load(config)
    results = "tổ chức 10 buổi tuyên truyền cho 560 lượt học sinh. Không xảy ra vụ xâm hại trẻ em nào."
    closings = {
        "th-my-an": "Trân trọng.\nHiệu trưởng Trần Văn Bình\n",
        "th-long-thanh": "Trân trọng!\nNgười lập báo cáo\nLê Thị Hồng\n",
    }
    with Runtime.open(loaded) as rt:
        for day, (school_id, closing) in enumerate(closings.items(), start=20):
            when = dt.datetime(2021, 10, day, 9, 0, tzinfo=TZ)
            mail = _report_mail(loaded.school(school_id), when, results, closing)
            pipeline.process(rt, mail, received_at=when, source="test")
    result = CliRunner().invoke(
        main, ["--config", str(config), "consolidate", "--year", "2021", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    drafted = json.loads(result.output)
    assert drafted["proposals"] == []
    assert [(r["text"], sorted(r["schools"])) for r in drafted["difficulties"]] == [
        ("Kinh phí dành cho công tác tuyên truyền còn hạn chế.", sorted(closings))
    ]


def _drafted_after_a_note(tmp_path: Path, said: str) -> Any:
    """Mỹ An's entry in the 2021 draft after its report of 21 sessions for 450 pupils on 20/10 and, the next
    day, a mail with nothing attached writing said."""
    config = tmp_path / "config.toml"
    config.write_text((ROOT / "config.toml").read_text(encoding="utf-8"), encoding="utf-8")
    school = config_mod.load(config).school("th-my-an")
    when = dt.datetime(2021, 10, 20, 9, 0, tzinfo=TZ)
    report = _report_mail(
        school,
        when,
        "tổ chức 21 buổi tuyên truyền cho 450 lượt học sinh. Không xảy ra vụ xâm hại trẻ em nào.",
    )
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = (
        school.emails[0],
        "pgdthuthua@example.edu.vn",
        "Re: Báo cáo NQ121",
    )
    msg["Message-ID"] = "<dinhchinh.thmyan@example.edu.vn>"
    later = when + dt.timedelta(days=1)
    msg["Date"] = format_datetime(later)
    msg.set_content(f"Kính gửi Phòng,\n{said}\nTrân trọng.")
    with Runtime.open(config_mod.load(config)) as rt:
        pipeline.process(rt, report, received_at=when, source="test")
        pipeline.process(rt, msg.as_bytes(), received_at=later, source="test")
    result = CliRunner().invoke(
        main, ["--config", str(config), "consolidate", "--year", "2021", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    [mine] = [s for s in json.loads(result.output)["schools"] if s["school_id"] == "th-my-an"]
    return mine


@pytest.mark.parametrize(
    ("said", "quoted"),
    [
        ("Đính chính: số buổi tuyên truyền là 12, không phải 21.",) * 2,
        ("Đính chính: số buổi tuyên truyền ghi nhầm.",) * 2,
        (
            "Trường xin đính chính báo cáo NQ121 đã gửi.\nSố buổi tuyên truyền đúng là 12 buổi.",
            "Trường xin đính chính báo cáo NQ121 đã gửi. Số buổi tuyên truyền đúng là 12 buổi.",
        ),
    ],
    ids=["new-value", "no-value", "value-in-next-sentence"],
)
def test_a_correction_written_in_a_later_mail_marks_the_figure_it_corrects(
    tmp_path: Path, said: str, quoted: str
) -> None:
    """A school reported 21 sessions, then wrote with nothing attached "Đính chính: số buổi tuyên truyền
    là 12, không phải 21": the mail waited for staff and the draft summed 21 with nothing to check. The
    report still counts; the figure the mail corrects is left out of the sum, quoting the correction, and
    the school's other figures are summed as before. A correction naming the figure without a new value
    ("số buổi tuyên truyền ghi nhầm") was not taken for one, and 21 was summed; nor was one announced in
    a sentence and stated in the next."""
    mine = _drafted_after_a_note(tmp_path, said)
    buoi, luot = mine["figures"]["buoi_tuyen_truyen"], mine["figures"]["nguoi_tham_gia"]
    assert (buoi["value"], buoi["counted"]) == (21, False)
    assert buoi["doubts"] == [
        {
            "kind": "correction",
            "reason": f"thư ngày 21/10/2021 của đơn vị xin sửa số liệu này: «{quoted}»",
        }
    ]
    assert (luot["value"], luot["counted"]) == (450, True)


@pytest.mark.parametrize(
    "said",
    [
        "Đính chính báo cáo NQ121 năm 2019: số buổi tuyên truyền là 12, không phải 21.",
        "Đính chính báo cáo NQ121 năm học 2019-2020: số buổi tuyên truyền là 12, không phải 21.",
    ],
    ids=["year", "school-year"],
)
def test_a_correction_of_another_seasons_report_marks_nothing_in_this_one(tmp_path: Path, said: str) -> None:
    """A school corrected its report of 2019 in October 2021: the note was recorded with no season, taken
    for a correction of the 2021 report, and the draft left the school's 21 sessions of 2021 out of the
    sum. The note stands in the season it names; this season's figure counts."""
    mine = _drafted_after_a_note(tmp_path, said)
    buoi = mine["figures"]["buoi_tuyen_truyen"]
    assert (buoi["value"], buoi["counted"], buoi["doubts"]) == (21, True, [])


def test_a_mail_saying_the_figures_sent_are_wrong_marks_them_all(tmp_path: Path) -> None:
    """ "Số liệu trong báo cáo gửi hôm trước bị sai, trường sẽ gửi lại" was taken for a mail naming the
    report without its file: nobody saw it and the draft summed the figures the school said were wrong.
    It waits for staff, and every figure of the school's report is checked, quoting it."""
    said = "Số liệu trong báo cáo NQ121 gửi hôm trước bị sai, trường sẽ gửi lại."
    mine = _drafted_after_a_note(tmp_path, said)
    why = (
        f"thư ngày 21/10/2021 của đơn vị báo số liệu trong báo cáo bị sai, không nói rõ số liệu nào: «{said}»"
    )
    assert {k: (f["value"], f["counted"], f["doubts"]) for k, f in mine["figures"].items()} == {
        "buoi_tuyen_truyen": (21, False, [{"kind": "correction", "reason": why}]),
        "nguoi_tham_gia": (450, False, [{"kind": "correction", "reason": why}]),
        "vu_xam_hai": (0, False, [{"kind": "correction", "reason": why}]),
    }


def test_a_report_whose_original_left_the_archive_is_drafted_and_named(tmp_path: Path) -> None:
    """The archived original of a counted report was deleted (or [storage].archive moved): consolidate
    stopped with «không có thư … trong kho lưu trữ» and no draft at all. The draft is made, the school's
    figures recorded when its mail was read are summed, and the drafter is told in Vietnamese which
    school's report could not be read again, why, and that its difficulties and proposals are missing."""
    config = tmp_path / "config.toml"
    config.write_text((ROOT / "config.toml").read_text(encoding="utf-8"), encoding="utf-8")
    loaded = config_mod.load(config)
    when = dt.datetime(2021, 10, 20, 9, 0, tzinfo=TZ)
    results = "tổ chức 21 buổi tuyên truyền cho 450 lượt học sinh. Không xảy ra vụ xâm hại trẻ em nào."
    with Runtime.open(loaded) as rt:
        gone, kept = (
            pipeline.process(
                rt, _report_mail(loaded.school(s), when, results), received_at=when, source="test"
            )
            for s in ("th-my-an", "th-my-phu")
        )
        assert [s.school_id for s in (*gone.submissions, *kept.submissions)] == ["th-my-an", "th-my-phu"]
        rt.archive.path(gone.key).unlink()
    out = tmp_path / "bao-cao.docx"
    result = CliRunner().invoke(
        main, ["--config", str(config), "consolidate", "--year", "2021", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "Chưa đọc lại được nội dung báo cáo của TH Mỹ An (xem mục V)." in result.output
    text = docx_text(out.read_bytes())
    [line] = [line for line in text.splitlines() if line.startswith("- TH Mỹ An: chưa đọc lại được")]
    assert "bc.th-my-an@example.edu.vn" in line and "không còn bản gốc" in line
    assert "Errno" not in line and "No such file" not in line
    assert "khó khăn, đề xuất của đơn vị chưa có trong dự thảo" in line
    assert "TH Mỹ Phú" in text.split("III. KHÓ KHĂN, VƯỚNG MẮC")[1].split("IV.")[0]
    result = CliRunner().invoke(
        main, ["--config", str(config), "consolidate", "--year", "2021", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    [unread] = data["unread"]
    assert unread["school_id"] == "th-my-an" and "không còn bản gốc" in unread["reason"]
    [mine] = [s for s in data["schools"] if s["school_id"] == "th-my-an"]
    buoi = mine["figures"]["buoi_tuyen_truyen"]
    assert (buoi["value"], buoi["counted"]) == (21, True)


_ANNEX_ROWS = [
    ["STT", "Nội dung", "Đơn vị tính", "Số lượng"],
    [1, "Số buổi tuyên truyền", "buổi", 25],
    [2, "Số vụ xâm hại trẻ em", "vụ", 0],
]


def _annex_workbook() -> bytes:
    """An annex of figures as an XLSX: «1 | Số buổi tuyên truyền | buổi | 25»."""
    book = openpyxl.Workbook()
    for row in _ANNEX_ROWS:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _report_with_a_table_first(paper_docx: bytes) -> bytes:
    """paper_docx, whose text says «Tổ chức 23 buổi tuyên truyền», with a table of figures saying 25 right
    after «Kính gửi», before the text."""
    document = Document(io.BytesIO(paper_docx))
    table = document.add_table(rows=len(_ANNEX_ROWS), cols=len(_ANNEX_ROWS[0]))
    for row, values in zip(table.rows, _ANNEX_ROWS, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = str(value)
    [to] = [p for p in document.paragraphs if p.text.startswith("Kính gửi")]
    to._p.addnext(table._tbl)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("layout", "values"),
    [("annex-after-text", (23, 25)), ("annex-before-text", (25, 23)), ("table-before-text", (25, 23))],
)
def test_a_figure_one_report_states_twice_otherwise_is_checked_in_either_order(
    tmp_path: Path, layout: str, values: tuple[int, int]
) -> None:
    """Mỹ An's report says «Tổ chức 23 buổi tuyên truyền…» and its annex «Số buổi tuyên truyền | buổi | 25».
    With the annex workbook attached after the report both values were kept and the figure checked; with
    the workbook attached first, or the table early in the report and its text after, the draft summed 25
    and nobody asked the school which is right. Both are kept and the figure left out of the sums, whichever
    is read first; the figures both agree on still count."""
    config = tmp_path / "config.toml"
    config.write_text((ROOT / "config.toml").read_text(encoding="utf-8"), encoding="utf-8")
    school = config_mod.load(config).school("th-my-an")
    paper = render_docx(make_paper(school.name, year=2021, rng=random.Random(3)))
    files = {
        "annex-after-text": {"BC NQ121.docx": paper, "Phu luc so lieu.xlsx": _annex_workbook()},
        "annex-before-text": {"Phu luc so lieu.xlsx": _annex_workbook(), "BC NQ121.docx": paper},
        "table-before-text": {"BC NQ121.docx": _report_with_a_table_first(paper)},
    }[layout]
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = school.emails[0], "pgdthuthua@example.edu.vn", "Báo cáo NQ121"
    msg["Message-ID"] = "<hailan.thmyan@example.edu.vn>"
    when = dt.datetime(2021, 10, 20, 9, 0, tzinfo=TZ)
    msg["Date"] = format_datetime(when)
    msg.set_content("Kính gửi Phòng, trường gửi báo cáo và phụ lục số liệu.")
    for name, data in files.items():
        msg.add_attachment(data, maintype="application", subtype="octet-stream", filename=name)
    with Runtime.open(config_mod.load(config)) as rt:
        [sub] = pipeline.process(rt, msg.as_bytes(), received_at=when, source="test").submissions
    assert sub.files == tuple(files)
    result = CliRunner().invoke(
        main, ["--config", str(config), "consolidate", "--year", "2021", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    [mine] = [s for s in json.loads(result.output)["schools"] if s["school_id"] == "th-my-an"]
    buoi = mine["figures"]["buoi_tuyen_truyen"]
    assert (buoi["value"], buoi["counted"]) == (values[0], False)
    assert [d["kind"] for d in buoi["doubts"]] == ["several"]
    assert f"ghi cả {values[0]} và {values[1]} cho số liệu này" in buoi["doubts"][0]["reason"]
    luot = mine["figures"]["nguoi_tham_gia"]
    assert (luot["value"], luot["counted"]) == (146, True)


def test_last_years_count_beside_this_years_is_not_consolidated(tmp_path: Path) -> None:
    """«Số buổi tuyên truyền: năm 2020: 4 buổi; năm 2021: 6 buổi» in a report of 2021 was consolidated as 4
    sessions, and «Số vụ xâm hại trẻ em: năm 2020: 1 vụ; năm 2021: không có» as a case of abuse, neither
    marked for checking: last year's counts were taken as this year's."""
    config = tmp_path / "config.toml"
    config.write_text((ROOT / "config.toml").read_text(encoding="utf-8"), encoding="utf-8")
    loaded = config_mod.load(config)
    title = "BÁO CÁO\nKết quả thực hiện Nghị quyết 121/2020/QH14 năm 2021\n"
    results = {
        "th-my-an": "\nSố buổi tuyên truyền: năm 2020: 4 buổi; năm 2021: 6 buổi. Có 300 lượt học sinh tham gia."
        " Không xảy ra vụ xâm hại trẻ em nào.",
        "th-long-thanh": "tổ chức 8 buổi tuyên truyền cho 400 lượt học sinh.\nSố vụ xâm hại trẻ em: năm 2020: 1"
        " vụ; năm 2021: không có.",
    }
    with Runtime.open(loaded) as rt:
        for day, (school_id, said) in enumerate(results.items(), start=20):
            when = dt.datetime(2021, 10, day, 9, 0, tzinfo=TZ)
            mail = _report_mail(loaded.school(school_id), when, said, title=title)
            pipeline.process(rt, mail, received_at=when, source="test")
    result = CliRunner().invoke(
        main, ["--config", str(config), "consolidate", "--year", "2021", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    drafted = json.loads(result.output)
    figures = {s["school_id"]: s["figures"] for s in drafted["schools"]}
    assert (
        figures["th-my-an"]["buoi_tuyen_truyen"]["value"],
        figures["th-my-an"]["buoi_tuyen_truyen"]["counted"],
    ) == (6, True)
    assert (
        figures["th-long-thanh"]["vu_xam_hai"]["value"],
        figures["th-long-thanh"]["vu_xam_hai"]["counted"],
    ) == (0, True)
    totals = {t["figure_id"]: t["total"] for t in drafted["totals"]}
    assert (totals["buoi_tuyen_truyen"], totals["vu_xam_hai"]) == (14, 0)


def test_a_pdf_table_whose_labels_wrapped_is_consolidated_by_its_total_row(tmp_path: Path) -> None:
    """A school's PDF table of sessions, its labels wrapped above and below each row's number and counts
    («1 1 95» between «Tuyên truyền chuyên đề 1 về phòng, chống xâm hại» and «trẻ em»), had the first row's
    95 pupils summed into the office's totals as the school's, unmarked. Its «Tổng cộng» row is consolidated."""
    config = tmp_path / "config.toml"
    config.write_text((ROOT / "config.toml").read_text(encoding="utf-8"), encoding="utf-8")
    school = config_mod.load(config).school("th-my-an")
    title = (
        f"{school.name.upper()}\nBÁO CÁO\nKết quả triển khai thực hiện Nghị quyết 121/2020/QH14 về phòng, chống"
        " xâm hại trẻ em năm 2021\nI. Công tác chỉ đạo, triển khai\nNhà trường quán triệt đến toàn thể cán bộ,"
        " giáo viên.\nII. Kết quả thực hiện"
    )
    paper, pupils = topics_table_pdf(5, "Tuyên truyền chuyên đề {} về phòng, chống xâm hại trẻ em", title)
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = school.emails[0], "pgdthuthua@example.edu.vn", "Báo cáo NQ121"
    msg["Message-ID"] = "<bang.thmyan@example.edu.vn>"
    when = dt.datetime(2021, 10, 20, 9, 0, tzinfo=TZ)
    msg["Date"] = format_datetime(when)
    msg.set_content("Kính gửi Phòng, trường gửi báo cáo kết quả thực hiện Nghị quyết 121.")
    msg.add_attachment(paper, maintype="application", subtype="pdf", filename="BC NQ121.pdf")
    with Runtime.open(config_mod.load(config)) as rt:
        outcome = pipeline.process(rt, msg.as_bytes(), received_at=when, source="test")
    assert [s.school_id for s in outcome.submissions] == ["th-my-an"], outcome.reason
    result = CliRunner().invoke(
        main, ["--config", str(config), "consolidate", "--year", "2021", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    drafted = json.loads(result.output)
    [mine] = [s for s in drafted["schools"] if s["school_id"] == "th-my-an"]
    figures = {k: (f["value"], f["counted"]) for k, f in mine["figures"].items()}
    assert figures == {
        "buoi_tuyen_truyen": (5, True),
        "nguoi_tham_gia": (pupils, True),
        "vu_xam_hai": (0, True),
    }
    totals = {t["figure_id"]: t["total"] for t in drafted["totals"]}
    assert (totals["buoi_tuyen_truyen"], totals["nguoi_tham_gia"]) == (5, pupils)
