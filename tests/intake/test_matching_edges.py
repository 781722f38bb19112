"""Reports at the edges of matching, read through the parsers from real Word files: a paper's own title
naming a level, a numbered name no school has, a second report beside a lead school's. When the mail's
words disagree on the school the report waits for staff; it is never credited to the wrong school."""

from __future__ import annotations

import dataclasses
import io
import random
import zipfile
from pathlib import Path
from typing import Any

import pytest

from intake.matching import MatchResult, match
from intake.registry import Registry, of_config
from kernel import config as config_mod
from kernel.config import Config
from parsers.document import Document
from parsers.read import read_attachment
from samples.documents import render_docx
from samples.papers import make_paper
from tests.intake.conftest import registry_of
from tests.intake.mails import message, report

ROOT = Path(__file__).resolve().parents[2]
_NQ121 = "Kết quả thực hiện Nghị quyết 121/2020/QH14 về phòng, chống xâm hại trẻ em"


@pytest.fixture(scope="module")
def registry() -> Registry:
    shipped: Config = config_mod.load(ROOT / "config.toml")
    return of_config(shipped, {}, {})  # as intake builds it: with the units, whose communes are homes


def _paper(school: str, name: str = "BC NQ121.docx", *, seed: int = 1, **changed: Any) -> Document:
    """school's report of 2025 typed in Word, read by the parsers; changed replaces parts of the paper
    (named=False leaves out its header and every mention of the school; district is the office's)."""
    named = changed.pop("named", True)
    district = changed.pop("district", "Thủ Thừa")
    paper = make_paper(school, year=2025, rng=random.Random(seed), named=named, district=district)
    [document] = read_attachment(name, render_docx(dataclasses.replace(paper, **changed))).documents
    return document


def _match(
    registry: Registry, sender: str, subject: str, documents: list[Document], body: str | None = None
) -> MatchResult:
    fields = {"body": body} if body is not None else {}
    return match(message(sender, subject, files=[d.name for d in documents], **fields), documents, registry)


def _assigned(result: MatchResult) -> list[str]:
    return [a.school_id for a in result.assignments]


@pytest.mark.parametrize(
    "summary",
    [
        (f"{_NQ121} của Trường Tiểu học",),
        (_NQ121, "TRƯỜNG TIỂU HỌC NĂM 2025"),
        (f"{_NQ121} trường Tiểu học năm học 2025 - 2026",),
    ],
)
def test_a_headerless_paper_titled_for_another_level_than_the_sender_waits(
    registry: Registry, summary: tuple[str, ...]
) -> None:
    """Mẫu giáo Mỹ An's address sent a paper without a header whose own title says it is a primary
    school's («… của Trường Tiểu học», «… TRƯỜNG TIỂU HỌC NĂM 2025»): it was credited to the
    kindergarten by its address, though it is a sister school's report sent from the same computer."""
    paper = _paper("Trường Mẫu giáo Mỹ An", named=False, summary=summary)
    result = _match(registry, "c0myan.thuthua@example.edu.vn", "Báo cáo NQ121", [paper])
    assert _assigned(result) == [] and {"mg-my-an", "th-my-an"} <= set(result.candidates)
    assert result.review_reason is not None
    assert "Tên gọi (dòng dưới «BÁO CÁO») của văn bản BC NQ121.docx ghi «" in result.review_reason
    assert "Trường Tiểu học Mỹ An" in result.review_reason


@pytest.mark.parametrize(
    "summary",
    [
        (f"{_NQ121} của Trường Mẫu giáo",),
        (f"{_NQ121} năm 2025",),
        (f"{_NQ121} trong các trường tiểu học và mầm non",),
    ],
)
def test_a_headerless_paper_titled_for_its_own_level_or_many_schools_stays_the_senders(
    registry: Registry, summary: tuple[str, ...]
) -> None:
    paper = _paper("Trường Mẫu giáo Mỹ An", named=False, summary=summary)
    result = _match(registry, "c0myan.thuthua@example.edu.vn", "Báo cáo NQ121", [paper])
    assert _assigned(result) == ["mg-my-an"] and result.review_reason is None


def test_a_level_mentioned_in_passing_in_the_body_leaves_the_report_the_senders(registry: Registry) -> None:
    paper = _paper("Trường Mẫu giáo Mỹ An", named=False)
    said = (
        "Nhà trường phối hợp với trường Tiểu học tổ chức cho trẻ 5 tuổi tham quan, làm quen trường Tiểu học."
    )
    paper = dataclasses.replace(
        paper, text=paper.text.replace("Đơn vị báo cáo", f"{said}\nĐơn vị báo cáo", 1)
    )
    result = _match(registry, "c0myan.thuthua@example.edu.vn", "Báo cáo NQ121", [paper])
    assert _assigned(result) == ["mg-my-an"] and result.review_reason is None


@pytest.mark.parametrize(
    ("subject", "file"),
    [
        ("BC NQ121 TH số 2 Mỹ An", "BC NQ121.docx"),
        ("Báo cáo NQ121 trường Tiểu học Mỹ An 2", "BC NQ121.docx"),
        ("Báo cáo NQ121", "BC NQ121 TH so 2 My An.docx"),
    ],
)
def test_a_clear_header_against_a_numbered_name_no_school_has_waits_naming_both(
    registry: Registry, subject: str, file: str
) -> None:
    """A gmail's subject said «TH số 2 Mỹ An», a name no school of ours has, over a paper headed
    «TRƯỜNG TIỂU HỌC MỸ PHÚ»: the header's school was credited without a word, though the mail says the
    report is another school's (a renamed school on its old template, or a template borrowed)."""
    paper = _paper("Trường Tiểu học Mỹ Phú", file, issuer="TRƯỜNG TIỂU HỌC MỸ PHÚ")
    result = _match(registry, "thaytam1980@gmail.com", subject, [paper])
    assert _assigned(result) == [] and result.candidates[:2] == ("th-my-phu", "th-my-an")
    assert result.review_reason is not None
    assert "Tiêu đề văn bản ghi Trường Tiểu học Mỹ Phú, nhưng" in result.review_reason
    assert "gần nhất là Trường Tiểu học Mỹ An" in result.review_reason


@pytest.mark.parametrize(
    ("sender", "subject"),
    [
        ("thaytam1980@gmail.com", "BC NQ121 TH số 2 Mỹ Phú"),
        ("thaytam1980@gmail.com", "BC NQ121 TH Mỹ Phú"),
        ("c1myphu.thuthua@example.edu.vn", "BC NQ121 TH số 2 Mỹ An"),
    ],
)
def test_a_clear_header_the_subject_or_its_own_address_agrees_with_is_still_credited(
    registry: Registry, sender: str, subject: str
) -> None:
    """The subject numbering the header's own name, or the header's school's own address (the school
    renamed «số 2 Mỹ An» with its commune, its new name not yet in the list) leave it credited."""
    paper = _paper("Trường Tiểu học Mỹ Phú", issuer="TRƯỜNG TIỂU HỌC MỸ PHÚ")
    result = _match(registry, sender, subject, [paper])
    assert _assigned(result) == ["th-my-phu"] and result.review_reason is None


_LEAD = "c1myan.thuthua@example.edu.vn"  # Tiểu học Mỹ An, its cluster's lead school


def _second(school: str, name: str = "BC NQ121 (2).docx", **changed: Any) -> Document:
    """A report without a header, undated («…, ngày 23 tháng 10 năm 2025», no place), naming no school in
    its text."""
    return _paper(school, name, seed=3, named=False, place="", **changed)


@pytest.mark.parametrize(
    ("school", "changed", "other"),
    [
        ("Trường Mẫu giáo Mỹ An", {"summary": (f"{_NQ121} của Trường Mầm non Mỹ An",)}, "mg-my-an"),
        ("Trường Mẫu giáo Mỹ An", {"summary": (f"{_NQ121} của Trường Mẫu giáo",)}, "mg-my-an"),
        ("Trường Tiểu học Mỹ Phú", {"summary": (f"{_NQ121} của trường Mỹ Phú",)}, "th-my-phu"),
        ("Trường Mẫu giáo Mỹ An", {"signer_role": "HIỆU TRƯỞNG\nTrường Mầm non Mỹ An"}, "mg-my-an"),
        ("Trường Mẫu giáo Mỹ An", {"signer_role": "KT. HIỆU TRƯỞNG\nPHÓ HIỆU TRƯỞNG\nMN Mỹ An"}, "mg-my-an"),
    ],
)
def test_a_second_report_whose_title_or_signer_names_another_school_waits_beside_the_leads(
    registry: Registry, school: str, changed: dict[str, Any], other: str
) -> None:
    """Tiểu học Mỹ An sent its headed report and, beside it, an undated paper without a header whose own
    title or signing block named another school of ours («… của Trường Mầm non Mỹ An», «… của Trường Mẫu
    giáo», «Trường Mầm non Mỹ An» under «HIỆU TRƯỞNG»): both were credited to Mỹ An. The lead keeps its own
    report; the other waits for staff with the school it names."""
    lead = _paper("Trường Tiểu học Mỹ An", "BC NQ121 TH My An.docx")
    second = _second(school, **changed)
    result = _match(registry, _LEAD, "Báo cáo NQ121", [lead, second])
    [credit] = result.assignments
    assert credit.school_id == "th-my-an" and credit.files == ("BC NQ121 TH My An.docx",)
    assert result.review_reason is not None and "BC NQ121 (2).docx" in result.review_reason
    assert other in result.candidates


@pytest.mark.parametrize("place", ["", "Mỹ An"])
def test_a_headerless_paper_beside_a_members_report_waits_when_the_subject_names_another_member(
    registry: Registry, place: str
) -> None:
    """Tiểu học Mỹ An, its cluster's lead, sent «Báo cáo NQ121 TH Mỹ Phú, TH Mỹ Lạc» with Mỹ Phú's headed
    report and Mỹ Lạc's without its header, undated or dated at the commune they share since 2025: both
    were credited to Mỹ Phú. The headed report keeps its credit; the other waits naming Mỹ Lạc."""
    member = _paper("Trường Tiểu học Mỹ Phú", "BC NQ121 TH My Phu.docx")
    second = _paper("Trường Tiểu học Mỹ Lạc", "BC NQ121 (2).docx", seed=3, named=False, place=place)
    result = _match(registry, _LEAD, "Báo cáo NQ121 TH Mỹ Phú, TH Mỹ Lạc", [member, second])
    [credit] = result.assignments
    assert credit.school_id == "th-my-phu" and credit.files == ("BC NQ121 TH My Phu.docx",)
    assert result.candidates[:2] == ("th-my-phu", "th-my-lac") and result.review_reason is not None
    assert (
        "Văn bản BC NQ121 (2).docx không có tiêu đề ghi tên trường, mà tiêu đề thư còn ghi Trường Tiểu học "
        "Mỹ Lạc, không chỉ Trường Tiểu học Mỹ Phú"
    ) in result.review_reason


@pytest.mark.parametrize(
    "body",
    [
        None,
        "Trường gửi báo cáo và phụ lục.\nĐồng gửi: Trường THCS Mỹ An.",
        "Dạ trường nộp theo danh sách chưa nộp:\n1. Trường Tiểu học Mỹ Phú\n2. Trường Tiểu học Mỹ Lạc",
    ],
)
def test_a_schools_annex_beside_its_headed_report_stays_its_own_whatever_its_mail_says(
    registry: Registry, body: str | None
) -> None:
    """An annex without a header beside Mỹ An's headed report, the mail naming other schools in its text
    (a copy sent to one, the office's list of late schools pasted in): the annex is Mỹ An's."""
    own = _paper("Trường Tiểu học Mỹ An", "BC NQ121.docx")
    annex = _paper("Trường Tiểu học Mỹ An", "Phu luc.docx", seed=3, named=False, place="")
    result = _match(registry, _LEAD, "Báo cáo NQ121 TH Mỹ An", [own, annex], body)
    [credit] = result.assignments
    assert credit.school_id == "th-my-an" and credit.files == ("BC NQ121.docx", "Phu luc.docx")
    assert result.review_reason is None


@pytest.mark.parametrize(
    "changed",
    [
        {},
        {"summary": (f"{_NQ121} của Trường Tiểu học Mỹ An",)},
        {"summary": (f"{_NQ121} của Trường Tiểu học",)},
        {"kind": "PHỤ LỤC", "summary": ("Số liệu kết quả thực hiện Nghị quyết 121 năm 2025",)},
        {"signer_role": "KT. HIỆU TRƯỞNG\nPHÓ HIỆU TRƯỞNG"},
    ],
)
def test_an_annex_or_a_copy_of_the_leads_own_report_stays_the_leads(
    registry: Registry, changed: dict[str, Any]
) -> None:
    lead = _paper("Trường Tiểu học Mỹ An", "BC NQ121 TH My An.docx")
    second = _second("Trường Tiểu học Mỹ An", **changed)
    result = _match(registry, _LEAD, "Báo cáo NQ121", [lead, second])
    assert _assigned(result) == ["th-my-an"] and result.review_reason is None
    assert result.assignments[0].files == ("BC NQ121 TH My An.docx", "BC NQ121 (2).docx")


def test_a_titled_second_report_beside_two_headed_reports_waits_alone(registry: Registry) -> None:
    lead = _paper("Trường Tiểu học Mỹ An", "BC TH My An.docx")
    member = _paper("Trường Tiểu học Mỹ Lạc", "BC TH My Lac.docx", seed=2)
    second = _second("Trường Mẫu giáo Mỹ An", summary=(f"{_NQ121} của Trường Mầm non Mỹ An",))
    result = _match(registry, _LEAD, "Báo cáo NQ121 cụm", [lead, member, second])
    assert [(a.school_id, a.files) for a in result.assignments] == [
        ("th-my-an", ("BC TH My An.docx",)),
        ("th-my-lac", ("BC TH My Lac.docx",)),
    ]
    assert result.candidates == ("mg-my-an",) and result.review_reason is not None
    assert "Tên gọi (dòng dưới «BÁO CÁO») của văn bản BC NQ121 (2).docx ghi «Mầm non Mỹ An»" in (
        result.review_reason
    )


@pytest.mark.parametrize(
    ("subject", "body", "file", "changed"),
    [
        ("bc nq121 truong mn my an", None, "BC NQ121.docx", {}),
        ("Báo cáo NQ121", "Dạ em gửi báo cáo NQ121 của trường MN Mỹ An ạ.", "BC NQ121.docx", {}),
        ("Báo cáo NQ121", None, "BC NQ121 MN My An.docx", {}),
        ("Báo cáo NQ121", None, "BC NQ121.docx", {"summary": (f"{_NQ121} của Trường Mầm non Mỹ An",)}),
        ("Báo cáo NQ121", None, "BC NQ121.docx", {"signer_role": "HIỆU TRƯỞNG\nTrường Mầm non Mỹ An"}),
    ],
)
def test_a_kindergarten_named_by_its_near_level_in_a_primarys_mail_waits(
    registry: Registry, subject: str, body: str | None, file: str, changed: dict[str, Any]
) -> None:
    """Tiểu học Mỹ An's address sent a paper naming no school, while the subject, the note, the file
    name, or the paper's own title or signing block said «MN Mỹ An» (Mẫu giáo Mỹ An as people call it):
    the report was credited to Tiểu học Mỹ An by its address, the kindergarten's name read too loosely
    to count against it. A name at another level says the report is not the sender's."""
    paper = _paper("Trường Mẫu giáo Mỹ An", file, named=False, **changed)
    result = _match(registry, _LEAD, subject, [paper], body=body)
    assert _assigned(result) == [] and {"th-my-an", "mg-my-an"} <= set(result.candidates)
    assert result.review_reason is not None and "Mầm non" in result.review_reason


@pytest.mark.parametrize(
    ("sender", "subject"),
    [
        ("c0myan.thuthua@example.edu.vn", "BC NQ121 MN Mỹ An"),
        ("c0myan.thuthua@example.edu.vn", "bc nq121 truong mam non my an"),
        (_LEAD, "Báo cáo NQ121 (trường TH Mỹ An phối hợp với trường MN Mỹ An)"),
    ],
)
def test_a_kindergarten_called_mam_non_from_its_own_address_is_still_credited(
    registry: Registry, sender: str, subject: str
) -> None:
    school = "Trường Mẫu giáo Mỹ An" if sender.startswith("c0") else "Trường Tiểu học Mỹ An"
    paper = _paper(school, named=False)
    result = _match(registry, sender, subject, [paper])
    assert _assigned(result) == ["mg-my-an" if sender.startswith("c0") else "th-my-an"]


@pytest.mark.parametrize(
    ("sender", "subject", "file", "other"),
    [
        ("hieutruong.ba@gmail.com", "BC NQ121 MG Bình An gửi giúp MN Long Thạnh", "BC.docx", "mg-long-thanh"),
        ("hieutruong.ba@gmail.com", "MG Bình An gửi hộ báo cáo của MN Mỹ Phú", "BC.docx", "mg-my-phu"),
        ("hieutruong.ba@gmail.com", "BC NQ121 MG Bình An", "BC NQ121 MN My Phu.docx", "mg-my-phu"),
        ("c0binhan.thuthua@example.edu.vn", "BC NQ121 MN Long Thạnh", "BC.docx", "mg-long-thanh"),
    ],
)
def test_a_kindergarten_the_label_calls_mam_non_beside_another_school_waits(
    registry: Registry, sender: str, subject: str, file: str, other: str
) -> None:
    """A cluster's lead sends a member's report whose scan lost its header, the subject saying «MG Bình An
    gửi giúp MN Long Thạnh»: it was credited to Mẫu giáo Bình An, the member named only as people call
    every kindergarten, «Mầm non», and that name was too loose to count against the lead. The label naming
    another school loosely now makes the mail wait with both."""
    paper = _paper("Trường Mẫu giáo Long Thạnh", file, named=False)
    result = _match(registry, sender, subject, [paper])
    assert _assigned(result) == [] and {"mg-binh-an", other} <= set(result.candidates)


@pytest.mark.parametrize(
    ("member", "credited"),
    [("BC NQ121 MN Long Thạnh.docx", []), ("BC NQ121 MN Bình An.docx", ["mg-binh-an"])],
)
def test_a_member_of_a_zip_named_loosely_for_another_kindergarten_waits(
    registry: Registry, member: str, credited: list[str]
) -> None:
    """The same headerless report zipped as «BC NQ121 MN Long Thạnh.docx» under «BC NQ121 MG Bình An» was
    credited to Bình An: only the subject and the mail's own files' names were read for a loose name. A
    member named for the school itself at the near level leaves it credited."""
    paper = make_paper("Trường Mẫu giáo Long Thạnh", year=2025, rng=random.Random(1), named=False)
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr(member, render_docx(paper))
    documents = list(read_attachment("baocao.zip", archive.getvalue()).documents)
    mail = message("hieutruong.ba@gmail.com", "BC NQ121 MG Bình An", files=["baocao.zip"])
    result = match(mail, documents, registry)
    assert _assigned(result) == credited, result.review_reason
    if not credited:
        assert {"mg-binh-an", "mg-long-thanh"} <= set(result.candidates)


@pytest.mark.parametrize(
    "subject",
    [
        "BC NQ121 MN Bình An",
        "BC NQ121 MG Bình An (MN Bình An)",
        "BC NQ121 MG Bình An phối hợp với MN Long Thạnh",
    ],
)
def test_a_kindergartens_own_mam_non_or_a_partner_in_its_label_leaves_it_credited(
    registry: Registry, subject: str
) -> None:
    """Its own name at the near level, or a partner the subject names as such, says nothing against it."""
    paper = _paper("Trường Mẫu giáo Bình An", named=False)
    result = _match(registry, "c0binhan.thuthua@example.edu.vn", subject, [paper])
    assert _assigned(result) == ["mg-binh-an"], result.review_reason


def test_an_undated_paper_titled_for_another_commune_waits(registry: Registry) -> None:
    """Tiểu học Mỹ An's address sent a paper without a header or a place in its date line, titled «… của
    trường Mỹ Phú»: credited to Mỹ An by its address, as a dated «Mỹ Phú, ngày …» would not have been."""
    paper = _second("Trường Tiểu học Mỹ Phú", summary=(f"{_NQ121} của trường Mỹ Phú",))
    result = _match(registry, _LEAD, "Báo cáo NQ121", [paper])
    assert _assigned(result) == [] and {"th-my-an", "th-my-phu"} <= set(result.candidates)
    assert result.review_reason is not None and "«Mỹ Phú»" in result.review_reason


@pytest.mark.parametrize(
    "signer", ["HIỆU TRƯỞNG\nTrường Tiểu học", "KT. HIỆU TRƯỞNG\nPHÓ HIỆU TRƯỞNG\nTRƯỜNG TIỂU HỌC"]
)
def test_a_headerless_paper_signed_for_another_level_waits(registry: Registry, signer: str) -> None:
    """Mẫu giáo Mỹ An's address sent a paper naming no school whose signing block read «Trường Tiểu học»
    under the principal's title: credited to the kindergarten by its address."""
    paper = _paper("Trường Tiểu học Mỹ An", named=False, signer_role=signer)
    result = _match(registry, "c0myan.thuthua@example.edu.vn", "Báo cáo NQ121", [paper])
    assert _assigned(result) == [] and {"mg-my-an", "th-my-an"} <= set(result.candidates)
    assert result.review_reason is not None and "Phần ký tên của văn bản BC NQ121.docx ghi" in (
        result.review_reason
    )


def test_a_headerless_paper_signed_for_its_own_level_stays_the_senders(registry: Registry) -> None:
    paper = _paper("Trường Mẫu giáo Mỹ An", named=False, signer_role="HIỆU TRƯỞNG\nTrường Mẫu giáo")
    result = _match(registry, "c0myan.thuthua@example.edu.vn", "Báo cáo NQ121", [paper])
    assert _assigned(result) == ["mg-my-an"]


@pytest.mark.parametrize(
    "file", ["BC NQ121 Tieu hoc.docx", "BC_NQ121_truong_TH.docx", "Bao cao NQ121 - THCS.docx"]
)
def test_a_principal_of_two_schools_sending_the_others_unnamed_report_beside_the_own_waits(
    registry: Registry, file: str
) -> None:
    """A principal heading a kindergarten and another school (kiêm nhiệm) sent from the kindergarten's
    address its headed report and, beside it, the other school's report naming no school, in a file named
    for its level alone («BC NQ121 Tieu hoc.docx»): both were credited to the kindergarten."""
    own = _paper("Trường Mẫu giáo Mỹ An", "BC NQ121 MG.docx")
    other = _second("Trường Tiểu học Mỹ An", file)
    result = _match(registry, "c0myan.thuthua@example.edu.vn", "Báo cáo NQ121", [own, other])
    assert [(a.school_id, a.files) for a in result.assignments] == [("mg-my-an", ("BC NQ121 MG.docx",))]
    assert result.review_reason is not None and f"Tên tệp {file} ghi «" in result.review_reason
    alone = _match(registry, "c0myan.thuthua@example.edu.vn", "Báo cáo NQ121", [other])
    assert _assigned(alone) == [] and "mg-my-an" in alone.candidates


@pytest.mark.parametrize("file", ["BC NQ121 Mau giao.docx", "BC NQ121 MN.docx", "BC TH NQ121.docx"])
def test_a_file_named_for_the_senders_own_level_or_a_summary_stays_the_senders(
    registry: Registry, file: str
) -> None:
    """«BC TH» is as often «báo cáo tổng hợp» as a primary school: a level code alone is not read."""
    paper = _second("Trường Mẫu giáo Mỹ An", file)
    result = _match(registry, "c0myan.thuthua@example.edu.vn", "Báo cáo NQ121", [paper])
    assert _assigned(result) == ["mg-my-an"]


@pytest.mark.parametrize(
    "file", ["BC TH My Phu.docx", "BC NQ121 Tiểu học Mỹ Phú.docx", "BC_NQ121_THMyPhu.docx"]
)
def test_a_header_in_a_file_named_for_another_school_from_a_personal_address_waits(
    registry: Registry, file: str
) -> None:
    """A gmail sent a paper headed «TRƯỜNG TIỂU HỌC MỸ AN» in a file named «BC TH My Phu.docx»: credited
    to Mỹ An on its header, though a subject «Báo cáo NQ121 TH Mỹ Phú» would have made it wait. Whoever
    named the file called it Mỹ Phú's: Mỹ Phú's report on Mỹ An's file, or Mỹ An's attached by mistake."""
    paper = _paper("Trường Tiểu học Mỹ An", file, issuer="TRƯỜNG TIỂU HỌC MỸ AN")
    result = _match(registry, "gv.hoa1985@gmail.com", "Báo cáo NQ121", [paper])
    assert _assigned(result) == [] and set(result.candidates[:2]) == {"th-my-an", "th-my-phu"}
    assert result.review_reason is not None
    assert result.review_reason.startswith(
        "Tên tệp ghi Trường Tiểu học Mỹ Phú, nhưng tiêu đề văn bản ghi Trường Tiểu học Mỹ An"
    )


@pytest.mark.parametrize(
    ("sender", "subject", "file"),
    [
        ("gv.hoa1985@gmail.com", "Báo cáo NQ121", "BC TH My An.docx"),
        ("gv.hoa1985@gmail.com", "Báo cáo NQ121 TH Mỹ An", "BC TH My Phu.docx"),  # the subject names it
        (_LEAD, "Báo cáo NQ121", "BC TH My Phu.docx"),  # its own address backs the header
    ],
)
def test_a_header_whose_school_the_mail_names_or_sends_stays_credited_whatever_the_file_is_called(
    registry: Registry, sender: str, subject: str, file: str
) -> None:
    paper = _paper("Trường Tiểu học Mỹ An", file, issuer="TRƯỜNG TIỂU HỌC MỸ AN")
    result = _match(registry, sender, subject, [paper])
    assert _assigned(result) == ["th-my-an"] and result.review_reason is None


def _office(name: str, staff: str) -> str:
    """The head of a config.toml for an office of that name collecting the NQ121 report, its schools to follow."""
    return f"""
[district]
name = "{name}"
timezone = "Asia/Ho_Chi_Minh"
staff_emails = ["{staff}"]

[storage]
database = "sqlite:///var/baocao.db"
archive = "var/archive"

[[reports]]
id = "nq121"
title = "Báo cáo kết quả triển khai thực hiện Nghị quyết 121/2020/QH14"
keywords = ["NQ121"]
deadline = "10-25"
"""


def _schools(*schools: tuple[str, str, str]) -> str:
    """The [[schools]] of a config.toml, each given as (id, name, address)."""
    return "".join(
        f'\n[[schools]]\nid = "{school_id}"\nname = "{name}"\nemails = ["{address}"]\n'
        for school_id, name, address in schools
    )


_TWO_LEVELS = (
    _office("UBND xã Mỹ Lạc", "vhxh.mylac@example.gov.vn")
    + """
[[schools]]
id = "th-my-lac"
name = "Trường PTDTBT Tiểu học Mỹ Lạc"
emails = ["c1mylac@example.edu.vn"]

[[schools]]
id = "th-thcs-my-lac"
name = "Trường TH&THCS Mỹ Lạc"
emails = ["c2mylac@example.edu.vn"]
"""
)


def test_a_primary_named_beside_a_two_level_school_says_why_both_are_offered(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """«TH Mỹ Lạc» from a gmail, where Mỹ Lạc has a primary and a TH&THCS school, waited for staff with
    the reason «người ta gọi lẫn cấp học mầm non và mẫu giáo», which says nothing of these two schools."""
    registry = registry_of(_TWO_LEVELS, tmp_path_factory.mktemp("two-levels"))
    paper = _paper("Trường TH&THCS Mỹ Lạc", named=False)
    result = _match(registry, "gv.hoa1985@gmail.com", "BC NQ121 TH Mỹ Lạc", [paper])
    assert _assigned(result) == [] and set(result.candidates) == {"th-my-lac", "th-thcs-my-lac"}
    assert result.review_reason is not None and "mầm non và mẫu giáo" not in result.review_reason
    assert "người ta gọi lẫn trường liên cấp và trường một cấp học cùng tên" in result.review_reason


_RENAMED = (
    _office("UBND xã Mỹ An", "vhxh.myan@example.gov.vn")
    + """
[[schools]]
id = "th-my-an-1"
name = "Trường Tiểu học Mỹ An 1"
emails = ["c1myan1@example.edu.vn"]
aliases = ["Trường Tiểu học Mỹ An"]

[[schools]]
id = "th-my-an-2"
name = "Trường Tiểu học Mỹ An 2"
emails = ["c1myan2@example.edu.vn"]
aliases = ["Trường Tiểu học Mỹ Phú"]
"""
)


@pytest.fixture(scope="module")
def renamed(tmp_path_factory: pytest.TempPathFactory) -> Registry:
    return registry_of(_RENAMED, tmp_path_factory.mktemp("renamed"))


@pytest.mark.parametrize("subject", ["bc nq121 th my an", "Báo cáo NQ121 - Trường Tiểu học Mỹ An"])
def test_a_subject_naming_a_former_name_that_starts_anothers_waits(renamed: Registry, subject: str) -> None:
    """After the 2025 renaming Tiểu học Mỹ An became Mỹ An 1 (its former name kept as an alias) beside Mỹ An
    2: a gmail's subject «bc nq121 th my an» over Mỹ An 2's paper naming no school was credited to Mỹ An 1,
    though «TH Mỹ An» is as much Mỹ An 2's name written without its number, as a header would wait."""
    paper = _paper("Trường Tiểu học Mỹ An 2", named=False)
    result = _match(renamed, "gv.hoa1985@gmail.com", subject, [paper])
    assert _assigned(result) == [] and set(result.candidates) == {"th-my-an-1", "th-my-an-2"}
    assert result.review_reason is not None
    assert "Trường Tiểu học Mỹ An 1, hoặc Trường Tiểu học Mỹ An 2 ghi thiếu số" in result.review_reason


@pytest.mark.parametrize(
    ("sender", "school"), [("c1myan1@example.edu.vn", "th-my-an-1"), ("c1myan2@example.edu.vn", "th-my-an-2")]
)
def test_a_former_name_in_the_subject_from_either_schools_address_is_that_schools(
    renamed: Registry, sender: str, school: str
) -> None:
    paper = _paper("Trường Tiểu học Mỹ An 2", named=False)
    assert _assigned(_match(renamed, sender, "BC NQ121 TH Mỹ An", [paper])) == [school]


def test_a_subject_naming_a_former_name_alone_is_still_that_schools(renamed: Registry) -> None:
    paper = _paper("Trường Tiểu học Mỹ An 2", named=False)
    assert _assigned(_match(renamed, "gv.hoa1985@gmail.com", "BC NQ121 TH Mỹ Phú", [paper])) == ["th-my-an-2"]


_RENUMBERED = (
    _office("UBND xã Mỹ An", "vhxh.myan@example.gov.vn")
    + """
[[schools]]
id = "th-so1-my-an"
name = "Trường Tiểu học số 1 Mỹ An"
emails = ["c1so2myphu@example.edu.vn"]
aliases = ["Trường Tiểu học số 2 Mỹ Phú"]

[[schools]]
id = "th-so2-my-an"
name = "Trường Tiểu học số 2 Mỹ An"
emails = ["c1so1myphu@example.edu.vn"]
aliases = ["Trường Tiểu học số 1 Mỹ Phú"]
"""
)


def test_a_renumbered_schools_old_number_in_its_subject_and_header_waits(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """Số 1 Mỹ Phú became số 2 Mỹ An when the communes merged, beside the new số 1 Mỹ An. From its own
    registered address it sent «BC NQ121 - TH số 1 Mỹ An» over a paper headed «TRƯỜNG TIỂU HỌC SỐ 1 MỸ AN»:
    credited to số 1 Mỹ An with no review, as if the subject explained another school's report; số 2 was
    told it sent số 1's report and reminded it owed its own. Its clerk may still write its old number."""
    registry = registry_of(_RENUMBERED, tmp_path_factory.mktemp("renumbered"))
    paper = _paper("Trường Tiểu học số 1 Mỹ An")
    result = _match(registry, "c1so1myphu@example.edu.vn", "BC NQ121 - TH số 1 Mỹ An", [paper])
    assert _assigned(result) == [] and set(result.candidates) == {"th-so1-my-an", "th-so2-my-an"}
    assert result.review_reason is not None
    said = "Trường Tiểu học số 2 Mỹ An trước đây là Trường Tiểu học số 1 Mỹ Phú: có thể trường vẫn ghi số cũ"
    assert said in result.review_reason
    assert _assigned(_match(registry, "c1so2myphu@example.edu.vn", "BC NQ121", [paper])) == ["th-so1-my-an"]


def test_a_header_cut_short_that_starts_a_former_name_says_it_is_the_former_name(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """A paper headed «UBND XÃ MỸ AN» / «TRƯỜNG TIỂU HỌC SỐ 2» from a teacher's gmail waited, rightly, but
    the reason said it matched the start of the name of Trường Tiểu học số 1 Mỹ An: it does not; it
    matches the start of that school's former name, số 2 Mỹ Phú, which staff could not see."""
    registry = registry_of(_RENUMBERED, tmp_path_factory.mktemp("renumbered-cut"))
    paper = _paper(
        "Trường Tiểu học số 2 Mỹ An", named=False, issuer="TRƯỜNG TIỂU HỌC SỐ 2", parent_body="UBND XÃ MỸ AN"
    )
    result = _match(registry, "gv.hoa1985@gmail.com", "BC NQ121", [paper])
    assert _assigned(result) == [] and set(result.candidates) == {"th-so1-my-an", "th-so2-my-an"}
    assert result.review_reason is not None
    said = (
        "chỉ khớp phần đầu tên cũ của Trường Tiểu học số 1 Mỹ An (trước là Trường Tiểu học số 2 Mỹ Phú) "
        "hoặc tên của Trường Tiểu học số 2 Mỹ An"
    )
    assert said in result.review_reason


@pytest.mark.parametrize(
    "signer", ["KT. HIỆU TRƯỞNG\nPHÓ HIỆU TRƯỞNG TRƯỜNG MN MỸ AN", "TM. TRƯỜNG MẦM NON MỸ AN\nHIỆU TRƯỞNG"]
)
def test_a_primarys_header_signed_for_a_kindergarten_called_mam_non_waits(
    registry: Registry, signer: str
) -> None:
    """A paper headed «TRƯỜNG TIỂU HỌC MỸ AN» and signed «TM. TRƯỜNG MẦM NON MỸ AN» (Mẫu giáo Mỹ An, called
    by its near level) was credited to the primary school: a signing line counted only when it named a
    school exactly, though whoever signs speaks for the school, and the kindergarten is no primary."""
    paper = _paper("Trường Tiểu học Mỹ An", issuer="TRƯỜNG TIỂU HỌC MỸ AN", signer_role=signer)
    result = _match(registry, "gv.hoa1985@gmail.com", "Báo cáo NQ121", [paper])
    assert _assigned(result) == [] and set(result.candidates) == {"th-my-an", "mg-my-an"}
    assert result.review_reason is not None and "ký tên «" in result.review_reason


def test_a_kindergartens_header_signed_with_its_near_level_stays_its_own(registry: Registry) -> None:
    paper = _paper(
        "Trường Mẫu giáo Mỹ An",
        issuer="TRƯỜNG MẪU GIÁO MỸ AN",
        signer_role="TM. TRƯỜNG MẦM NON MỸ AN\nHIỆU TRƯỞNG",
    )
    result = _match(registry, "gv.hoa1985@gmail.com", "Báo cáo NQ121", [paper])
    assert _assigned(result) == ["mg-my-an"]


@pytest.mark.parametrize(
    ("opener", "closing"),
    [
        ("Trường Mầm non Mỹ An báo cáo kết quả thực hiện như sau:", ""),
        ("", "Trên đây là báo cáo kết quả thực hiện Nghị quyết 121 của trường MN Mỹ An năm 2025."),
    ],
)
def test_a_paper_whose_own_lines_name_a_kindergarten_by_its_near_level_waits(
    registry: Registry, opener: str, closing: str
) -> None:
    """From Tiểu học Mỹ An's address, a paper without a header opening «Trường Mầm non Mỹ An báo cáo …» or
    closing «Trên đây là báo cáo … của trường MN Mỹ An»: credited to the primary school, as «Trường Mẫu giáo
    Mỹ An báo cáo …» would not have been."""
    paper = _paper("Trường Mẫu giáo Mỹ An", named=False)
    text = (
        f"{opener}\n{paper.text}"
        if opener
        else paper.text.replace("\nNơi nhận:", f"\n{closing}\nNơi nhận:", 1)
    )
    result = _match(registry, _LEAD, "Báo cáo NQ121", [dataclasses.replace(paper, text=text)])
    assert _assigned(result) == [] and set(result.candidates) >= {"th-my-an", "mg-my-an"}


@pytest.mark.parametrize(
    "summary", [(_NQ121, "TRƯỜNG TIỂU HỌC NĂM 2025"), (f"{_NQ121} của Trường Tiểu học",)]
)
def test_a_kindergartens_header_over_a_title_for_a_primary_waits_naming_both(
    registry: Registry, summary: tuple[str, ...]
) -> None:
    """A gmail sent a paper headed «TRƯỜNG MẪU GIÁO MỸ AN» whose own title ends «… TRƯỜNG TIỂU HỌC NĂM
    2025»: credited to the kindergarten on the header, though the title says it is a primary school's
    report (one school's report made on its sister school's file, the header or the title left)."""
    paper = _paper("Trường Mẫu giáo Mỹ An", issuer="TRƯỜNG MẪU GIÁO MỸ AN", summary=summary)
    result = _match(registry, "gv.x@gmail.com", "Báo cáo NQ121", [paper])
    assert _assigned(result) == [] and result.candidates[:2] == ("mg-my-an", "th-my-an")
    assert result.review_reason is not None
    assert "Tiêu đề văn bản ghi Trường Mẫu giáo Mỹ An, nhưng tên gọi (dòng dưới «BÁO CÁO»)" in (
        result.review_reason
    )
    assert "Trường Tiểu học Mỹ An" in result.review_reason


@pytest.mark.parametrize("summary", [(_NQ121, "TRƯỜNG MẪU GIÁO NĂM 2025"), (f"{_NQ121} của Trường Mầm non",)])
def test_a_kindergartens_header_over_a_title_for_its_own_level_is_still_credited(
    registry: Registry, summary: tuple[str, ...]
) -> None:
    paper = _paper("Trường Mẫu giáo Mỹ An", issuer="TRƯỜNG MẪU GIÁO MỸ AN", summary=summary)
    result = _match(registry, "gv.x@gmail.com", "Báo cáo NQ121", [paper])
    assert _assigned(result) == ["mg-my-an"] and result.review_reason is None


@pytest.mark.parametrize(
    ("subject", "file"),
    [("BC NQ121 Mỹ An 2", "BC NQ121.docx"), ("Báo cáo NQ121", "BC NQ121 My An 2.docx")],
)
def test_a_numbered_name_with_no_level_no_school_has_waits_from_a_schools_address(
    registry: Registry, subject: str, file: str
) -> None:
    """Mẫu giáo Mỹ An's address sent a paper naming no school under the subject «BC NQ121 Mỹ An 2», a name
    no school of ours has: credited to the kindergarten by its address, though «Mỹ An 2» may be any Mỹ An
    school's (or another district's) and says nothing of which."""
    paper = _paper("Trường Mẫu giáo Mỹ An", file, named=False)
    result = _match(registry, "c0myan.thuthua@example.edu.vn", subject, [paper])
    assert _assigned(result) == [] and {"mg-my-an", "th-my-an", "thcs-my-an"} <= set(result.candidates)
    assert result.review_reason is not None
    assert " An 2», không khớp đúng tên trường nào trong danh sách" in result.review_reason
    assert "gần nhất là Trường Mẫu giáo Mỹ An, Trường Tiểu học Mỹ An hoặc Trường THCS Mỹ An" in (
        result.review_reason
    )


@pytest.mark.parametrize(
    ("subject", "file"),
    [
        ("BC NQ121 Mỹ An", "BC NQ121.docx"),
        ("BC NQ121 MG Mỹ An", "BC NQ121.docx"),
        ("Báo cáo NQ121 năm 2025", "BC NQ121.docx"),
        ("BC NQ121 Mỹ An lần 2", "BC NQ121.docx"),
        ("Báo cáo NQ121", "BC NQ121 My An (2).docx"),
    ],
)
def test_a_place_without_a_schools_number_from_the_schools_address_stays_the_senders(
    registry: Registry, subject: str, file: str
) -> None:
    """A second sending («lần 2») or a browser's copy of a file («(2)») numbers the mail, not the school."""
    paper = _paper("Trường Mẫu giáo Mỹ An", file, named=False)
    result = _match(registry, "c0myan.thuthua@example.edu.vn", subject, [paper])
    assert _assigned(result) == ["mg-my-an"] and result.review_reason is None


@pytest.mark.parametrize(
    "sender", ["gv.x@gmail.com", "c1myphu.thuthua@example.edu.vn", "c0myphu.thuthua@example.edu.vn"]
)
def test_a_headed_report_beside_a_paper_titled_for_another_school_is_credited_alone(
    registry: Registry, sender: str
) -> None:
    """Tiểu học Mỹ Phú's headed report went with a paper without a header titled «… của Trường Mẫu giáo Mỹ
    Phú»: the whole mail waited, though only the second paper is in doubt."""
    headed = _paper("Trường Tiểu học Mỹ Phú", "BC NQ121 TH My Phu.docx", issuer="TRƯỜNG TIỂU HỌC MỸ PHÚ")
    second = _second("Trường Mẫu giáo Mỹ Phú", summary=(f"{_NQ121} của Trường Mẫu giáo Mỹ Phú",))
    result = _match(registry, sender, "Báo cáo NQ121", [headed, second])
    assert [(a.school_id, a.files) for a in result.assignments] == [
        ("th-my-phu", ("BC NQ121 TH My Phu.docx",))
    ]
    assert result.review_reason is not None and "Văn bản BC NQ121 (2).docx không có tiêu đề" in (
        result.review_reason
    )
    assert "Trường Mẫu giáo Mỹ Phú" in result.review_reason and "mg-my-phu" in result.candidates


_MY_AN_OPENER = "Trường Tiểu học Mỹ An báo cáo"


@pytest.mark.parametrize(
    "opener", ["Trường Tiểu học Mỹ Phú báo cáo", "Trường TH Mỹ Phú báo cáo", "TRƯỜNG TIỂU HỌC MỸ PHÚ báo cáo"]
)
def test_a_header_over_anothers_code_and_opening_from_its_own_address_waits_naming_both(
    registry: Registry, opener: str
) -> None:
    """From Tiểu học Mỹ An's address, a paper headed «TRƯỜNG TIỂU HỌC MỸ AN» whose number is «Số:
    12/BC-THMP» (Tiểu học Mỹ Phú's code) and whose opening reads «Trường Tiểu học Mỹ Phú báo cáo …»: it was
    credited to Mỹ An, though the paper's own number and words say it is Mỹ Phú's report with Mỹ An's
    header (a lead school sending a member's report on its own template, or a header left unchanged)."""
    paper = _paper("Trường Tiểu học Mỹ An", issuer="TRƯỜNG TIỂU HỌC MỸ AN", number="12/BC-THMP")
    assert _MY_AN_OPENER in paper.text
    paper = dataclasses.replace(paper, text=paper.text.replace(_MY_AN_OPENER, opener, 1))
    result = _match(registry, _LEAD, "Báo cáo NQ121", [paper])
    assert _assigned(result) == [] and set(result.candidates[:2]) == {"th-my-an", "th-my-phu"}
    assert result.review_reason is not None
    assert "«12/BC-THMP» là ký hiệu của Trường Tiểu học Mỹ Phú" in result.review_reason
    assert "mà số ký hiệu và nội dung văn bản là của Trường Tiểu học Mỹ Phú" in result.review_reason


def test_a_header_from_its_own_address_over_another_schools_code_alone_is_still_credited(
    registry: Registry,
) -> None:
    """Another school's code with the header school's own opening: a template's number left unchanged."""
    paper = _paper("Trường Tiểu học Mỹ An", issuer="TRƯỜNG TIỂU HỌC MỸ AN", number="12/BC-THMP")
    assert _MY_AN_OPENER in paper.text
    result = _match(registry, _LEAD, "Báo cáo NQ121", [paper])
    assert _assigned(result) == ["th-my-an"] and result.review_reason is None


_NUMBERED_COMMUNE = (
    _office("UBND xã Mỹ An", "vhxh.myan@example.gov.vn")
    + """
[[schools]]
id = "mg-my-an"
name = "Trường Mẫu giáo Mỹ An"
emails = ["c0myan@example.edu.vn"]

[[schools]]
id = "th-my-an-1"
name = "Trường Tiểu học Mỹ An 1"
emails = ["c1myan1@example.edu.vn"]

[[schools]]
id = "th-my-an-2"
name = "Trường Tiểu học Mỹ An 2"
emails = ["c1myan2@example.edu.vn"]
"""
)


@pytest.fixture(scope="module")
def numbered(tmp_path_factory: pytest.TempPathFactory) -> Registry:
    return registry_of(_NUMBERED_COMMUNE, tmp_path_factory.mktemp("numbered"))


@pytest.mark.parametrize(
    ("subject", "file", "school"),
    [
        ("BC NQ121 MG Mỹ An 2", "BC NQ121.docx", "Trường Mẫu giáo Mỹ An"),
        ("bc nq121 mg my an 2", "BC NQ121.docx", "Trường Mẫu giáo Mỹ An"),
        ("Báo cáo NQ121", "BC NQ121 MG My An 2.docx", "Trường Mẫu giáo Mỹ An"),
        ("BC NQ121 MG Mỹ An 2", "BC NQ121.docx", "Trường Tiểu học Mỹ An 2"),
    ],
)
def test_a_kindergartens_name_with_a_primarys_number_from_its_address_waits_naming_both(
    numbered: Registry, subject: str, file: str, school: str
) -> None:
    """Mẫu giáo Mỹ An's address sent a paper naming no school under «BC NQ121 MG Mỹ An 2»: there is no
    Mẫu giáo Mỹ An 2, but there is a Tiểu học Mỹ An 2. It was credited to the kindergarten by its address,
    though the number is the primary school's (a teacher of both, or the primary's report sent from the
    kindergarten's computer with «MG» typed by habit)."""
    paper = _paper(school, file, named=False)
    result = _match(numbered, "c0myan@example.edu.vn", subject, [paper])
    assert _assigned(result) == [] and set(result.candidates[:2]) == {"mg-my-an", "th-my-an-2"}
    assert result.review_reason is not None
    assert "số 2 ấy là của Trường Tiểu học Mỹ An 2" in result.review_reason


@pytest.mark.parametrize("sender", ["c0myan@example.edu.vn", "gv.x@gmail.com"])
def test_a_kindergartens_header_under_its_name_with_a_primarys_number_is_still_credited(
    numbered: Registry, sender: str
) -> None:
    """The paper's own header says «TRƯỜNG MẪU GIÁO MỸ AN», as the subject's level does: the «2» is a slip."""
    paper = _paper("Trường Mẫu giáo Mỹ An", issuer="TRƯỜNG MẪU GIÁO MỸ AN")
    result = _match(numbered, sender, "BC NQ121 MG Mỹ An 2", [paper])
    assert _assigned(result) == ["mg-my-an"] and result.review_reason is None


def test_a_primarys_header_under_a_kindergartens_name_with_its_number_waits(numbered: Registry) -> None:
    paper = _paper("Trường Tiểu học Mỹ An 2", issuer="TRƯỜNG TIỂU HỌC MỸ AN 2")
    result = _match(numbered, "c0myan@example.edu.vn", "BC NQ121 MG Mỹ An 2", [paper])
    assert _assigned(result) == [] and set(result.candidates[:2]) == {"mg-my-an", "th-my-an-2"}


@pytest.mark.parametrize("sender", [_LEAD, "gv.x@gmail.com"])
@pytest.mark.parametrize(
    ("role", "other"),
    [
        ("KT. HIỆU TRƯỞNG\nPHÓ HIỆU TRƯỞNG\nTHCS Mỹ An", "thcs-my-an"),
        ("HIỆU TRƯỞNG\nTHCS MỸ AN", "thcs-my-an"),
        ("KT. HIỆU TRƯỞNG\nPHÓ HIỆU TRƯỞNG\nMG Mỹ An", "mg-my-an"),
        ("KT. HIỆU TRƯỞNG\nPHÓ HIỆU TRƯỞNG\nTiểu học Mỹ Phú", "th-my-phu"),
    ],
)
def test_a_header_signed_under_the_role_by_anothers_short_name_waits(
    registry: Registry, sender: str, role: str, other: str
) -> None:
    """A paper headed «TRƯỜNG TIỂU HỌC MỸ AN» whose signing block reads «KT. HIỆU TRƯỞNG / PHÓ HIỆU TRƯỞNG /
    THCS Mỹ An»: credited to the primary school, as only a line starting «Trường …» counted, though a vice-
    principal signing for the lower-secondary school says the report is that school's."""
    paper = _paper("Trường Tiểu học Mỹ An", issuer="TRƯỜNG TIỂU HỌC MỸ AN", signer_role=role)
    result = _match(registry, sender, "Báo cáo NQ121", [paper])
    assert _assigned(result) == [] and set(result.candidates[:2]) == {"th-my-an", other}
    assert result.review_reason is not None and "Văn bản BC NQ121.docx ký tên «" in result.review_reason


@pytest.mark.parametrize(
    "role", ["KT. HIỆU TRƯỞNG\nPHÓ HIỆU TRƯỞNG\nTH Mỹ An", "HIỆU TRƯỞNG\nTIỂU HỌC MỸ AN", "HIỆU TRƯỞNG\nTH"]
)
def test_a_header_signed_under_the_role_by_its_own_short_name_is_still_credited(
    registry: Registry, role: str
) -> None:
    paper = _paper("Trường Tiểu học Mỹ An", issuer="TRƯỜNG TIỂU HỌC MỸ AN", signer_role=role)
    result = _match(registry, "gv.x@gmail.com", "Báo cáo NQ121", [paper])
    assert _assigned(result) == ["th-my-an"] and result.review_reason is None


@pytest.mark.parametrize(
    "subject",
    ["BC NQ121 TH&THCS Mỹ An", "BC NQ121 TH và THCS Mỹ An", "Báo cáo NQ121 trường Tiểu học và THCS Mỹ An"],
)
def test_a_two_level_name_no_school_has_from_one_of_its_schools_address_waits(
    registry: Registry, subject: str
) -> None:
    """Tiểu học Mỹ An's address sent a paper naming no school under «BC NQ121 TH&THCS Mỹ An»: there is no
    such school, but Tiểu học Mỹ An and THCS Mỹ An may have been merged into one (as many were in 2025)
    before the list was updated, or the report may be the THCS's. It was credited to the primary school by
    its address."""
    paper = _paper("Trường THCS Mỹ An", named=False)
    result = _match(registry, _LEAD, subject, [paper])
    assert _assigned(result) == [] and set(result.candidates[:2]) == {"th-my-an", "thcs-my-an"}
    assert result.review_reason is not None
    assert "không khớp đúng tên trường nào trong danh sách (không có trường liên cấp ấy)" in (
        result.review_reason
    )


def test_a_two_level_school_named_as_it_is_listed_is_still_credited(registry: Registry) -> None:
    paper = _paper("Trường TH&THCS Tân Long", named=False)
    result = _match(registry, "gv.x@gmail.com", "BC NQ121 TH&THCS Tân Long", [paper])
    assert _assigned(result) == ["th-thcs-tan-long"]


@pytest.mark.parametrize("sender", [_LEAD, "gv.x@gmail.com"])
@pytest.mark.parametrize(
    ("summary", "other"),
    [
        ((f"{_NQ121} của Trường THCS Mỹ An",), "thcs-my-an"),
        ((_NQ121, "TRƯỜNG THCS MỸ AN NĂM 2025"), "thcs-my-an"),
        ((f"{_NQ121} của Trường Mầm non Mỹ An",), "mg-my-an"),
        ((f"{_NQ121} của Trường Tiểu học Mỹ Phú năm 2025",), "th-my-phu"),
    ],
)
def test_a_header_over_a_title_naming_another_school_waits_naming_both(
    registry: Registry, sender: str, summary: tuple[str, ...], other: str
) -> None:
    """A paper headed «TRƯỜNG TIỂU HỌC MỸ AN» whose own title read «… của Trường THCS Mỹ An»: credited to
    the primary school, though a title naming a level alone («… của Trường Mẫu giáo») already made such a
    paper wait. One school's report made on another's file, the header or the title left unchanged."""
    paper = _paper("Trường Tiểu học Mỹ An", issuer="TRƯỜNG TIỂU HỌC MỸ AN", summary=summary)
    result = _match(registry, sender, "Báo cáo NQ121", [paper])
    assert _assigned(result) == [] and set(result.candidates[:2]) == {"th-my-an", other}
    assert result.review_reason is not None
    assert "Tên gọi (dòng dưới «BÁO CÁO») của văn bản BC NQ121.docx ghi «" in result.review_reason
    assert "nhưng tiêu đề văn bản ghi Trường Tiểu học Mỹ An" in result.review_reason


@pytest.mark.parametrize(
    "summary",
    [
        (f"{_NQ121} của Trường Tiểu học Mỹ An",),
        (f"{_NQ121} năm 2025, phối hợp với Trường THCS Mỹ An",),
        (f"Kết quả phối hợp giữa Trường Tiểu học Mỹ An và Trường THCS Mỹ An thực hiện {_NQ121}",),
    ],
)
def test_a_header_over_a_title_naming_its_own_school_or_a_partner_is_still_credited(
    registry: Registry, summary: tuple[str, ...]
) -> None:
    paper = _paper("Trường Tiểu học Mỹ An", issuer="TRƯỜNG TIỂU HỌC MỸ AN", summary=summary)
    result = _match(registry, _LEAD, "Báo cáo NQ121", [paper])
    assert _assigned(result) == ["th-my-an"] and result.review_reason is None


def test_a_header_over_a_kindergartens_code_and_near_level_opening_from_its_own_address_waits(
    registry: Registry,
) -> None:
    """As above with Mẫu giáo Mỹ An's code «05/BC-MGMA» and an opening «Trường Mầm non Mỹ An báo cáo …» (the
    kindergarten by its near level): credited to the primary school, the near-level name read too loosely
    to agree with the code."""
    paper = _paper("Trường Tiểu học Mỹ An", issuer="TRƯỜNG TIỂU HỌC MỸ AN", number="05/BC-MGMA")
    paper = dataclasses.replace(
        paper, text=paper.text.replace(_MY_AN_OPENER, "Trường Mầm non Mỹ An báo cáo", 1)
    )
    result = _match(registry, _LEAD, "Báo cáo NQ121", [paper])
    assert _assigned(result) == [] and set(result.candidates[:2]) == {"th-my-an", "mg-my-an"}
    assert result.review_reason is not None
    assert "mà số ký hiệu và nội dung văn bản là của Trường Mẫu giáo Mỹ An" in result.review_reason


@pytest.mark.parametrize("number", ["   /BC-TH", ""])
def test_a_header_over_an_opening_naming_another_school_from_an_unknown_address_waits(
    registry: Registry, number: str
) -> None:
    """A gmail sent a paper headed «TRƯỜNG TIỂU HỌC MỸ AN», its number blank or missing, opening «Trường Tiểu
    học Mỹ Phú báo cáo kết quả thực hiện như sau:»: credited to Mỹ An, though the paper names two schools as
    its own and nothing else in the mail says which."""
    paper = _paper("Trường Tiểu học Mỹ An", issuer="TRƯỜNG TIỂU HỌC MỸ AN", number=number)
    paper = dataclasses.replace(
        paper, text=paper.text.replace(_MY_AN_OPENER, "Trường Tiểu học Mỹ Phú báo cáo", 1)
    )
    result = _match(registry, "gv.x@gmail.com", "Báo cáo NQ121", [paper])
    assert _assigned(result) == [] and set(result.candidates[:2]) == {"th-my-an", "th-my-phu"}
    assert result.review_reason is not None
    assert "Văn bản BC NQ121.docx mở đầu «Trường Tiểu học Mỹ Phú báo cáo" in result.review_reason


@pytest.mark.parametrize(
    ("sender", "number"),
    [
        (_LEAD, "15/BC-THMA"),
        (_LEAD, "   /BC-TH"),
        (_LEAD, "12/BC-THXY"),  # a code no school of ours uses
        ("gv.x@gmail.com", "12/BC-THMA"),
    ],
)
def test_an_opening_naming_another_school_under_a_header_its_address_or_code_backs_waits_naming_both(
    registry: Registry, sender: str, number: str
) -> None:
    """From Tiểu học Mỹ An's own address, a paper headed «TRƯỜNG TIỂU HỌC MỸ AN» over its own «Số:
    15/BC-THMA» opening «Trường Tiểu học Mỹ Phú báo cáo kết quả …»: credited to Mỹ An, as the address or
    the code was taken to settle it. A school copying its neighbour's report changes the header and the
    number and leaves the opening, and a lead school sends a member's report on its own letterhead:
    whose report it is, staff tell."""
    paper = _paper("Trường Tiểu học Mỹ An", issuer="TRƯỜNG TIỂU HỌC MỸ AN", number=number)
    assert _MY_AN_OPENER in paper.text
    paper = dataclasses.replace(
        paper, text=paper.text.replace(_MY_AN_OPENER, "Trường Tiểu học Mỹ Phú báo cáo", 1)
    )
    result = _match(registry, sender, "Báo cáo NQ121", [paper])
    assert _assigned(result) == [] and set(result.candidates[:2]) == {"th-my-an", "th-my-phu"}
    assert result.review_reason is not None
    assert "Văn bản BC NQ121.docx mở đầu «Trường Tiểu học Mỹ Phú báo cáo" in result.review_reason
    assert "tiêu đề văn bản ghi Trường Tiểu học Mỹ An" in result.review_reason


@pytest.mark.parametrize(
    ("school", "issuer", "opener", "expected"),
    [
        ("Trường Tiểu học Mỹ An", "TRƯỜNG TIỂU HỌC MỸ AN", "Trường TH Mỹ An", "th-my-an"),
        ("Trường Tiểu học Mỹ An", "TRƯỜNG TIỂU HỌC MỸ AN", "Trường Tiểu học Mỹ An, xã Mỹ An", "th-my-an"),
        (
            "Trường TH&THCS Tân Long",
            "TRƯỜNG TH&THCS TÂN LONG",
            "Trường Tiểu học và THCS Tân Long",
            "th-thcs-tan-long",
        ),
        (
            "Trường TH&THCS Tân Long",
            "TRƯỜNG TH&THCS TÂN LONG",
            "Trường TH và THCS Tân Long",
            "th-thcs-tan-long",
        ),
        ("Trường Mẫu giáo Mỹ An", "TRƯỜNG MẪU GIÁO MỸ AN", "Trường Mầm non Mỹ An", "mg-my-an"),
    ],
)
def test_an_opening_naming_the_headers_school_another_way_is_still_credited(
    registry: Registry, school: str, issuer: str, opener: str, expected: str
) -> None:
    """The opening writes the header's school by a shorter name, an alias or a near level: the same school."""
    paper = _paper(school, issuer=issuer)
    said = next(line for line in paper.text.splitlines() if line.startswith(f"{school.split(' ')[0]} "))
    name = said[: said.index(" báo cáo")]
    paper = dataclasses.replace(paper, text=paper.text.replace(f"{name} báo cáo", f"{opener} báo cáo", 1))
    assert f"{opener} báo cáo" in paper.text
    result = _match(registry, "gv.hoa1985@gmail.com", "Báo cáo NQ121", [paper])
    assert _assigned(result) == [expected] and result.review_reason is None


@pytest.mark.parametrize(("school", "expected"), [("Mỹ Phú", []), ("Mỹ An", ["th-my-an"])])
def test_an_opening_after_what_the_report_answers_is_read_as_the_papers_own(
    registry: Registry, school: str, expected: list[str]
) -> None:
    """Tiểu học Mỹ An's address sent its headed and numbered paper whose first sentence read «Thực hiện Công
    văn số 893/PGDĐT …, Trường Tiểu học Mỹ Phú báo cáo kết quả thực hiện như sau:»: credited to Mỹ An, as
    only an opening at the start of its line was read."""
    paper = _paper("Trường Tiểu học Mỹ An", issuer="TRƯỜNG TIỂU HỌC MỸ AN", number="15/BC-THMA")
    lines = paper.text.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith(_MY_AN_OPENER))
    assert lines[at - 1].startswith("Thực hiện Công văn")
    sentence = f"{lines[at - 1].rstrip(';')}, Trường Tiểu học {school} báo cáo kết quả thực hiện như sau:"
    paper = dataclasses.replace(paper, text="\n".join([*lines[: at - 1], sentence, *lines[at + 1 :]]))
    result = _match(registry, _LEAD, "Báo cáo NQ121", [paper])
    assert _assigned(result) == expected
    if not expected:
        assert set(result.candidates[:2]) == {"th-my-an", "th-my-phu"} and result.review_reason is not None
        assert "mở đầu «… Trường Tiểu học Mỹ Phú báo cáo …»" in result.review_reason


@pytest.mark.parametrize(
    ("sender", "place"),
    [
        ("gv.hoa1985@gmail.com", "Mỹ Phú"),
        (_LEAD, "Mỹ Phú"),
        ("gv.hoa1985@gmail.com", "Mỹ Lạc"),
        ("gv.hoa1985@gmail.com", "Xã Mỹ Lạc"),
    ],
)
def test_a_header_dated_in_another_schools_commune_waits_naming_both(
    registry: Registry, sender: str, place: str
) -> None:
    """A paper headed «TRƯỜNG TIỂU HỌC MỸ AN» dated «Mỹ Phú, ngày 20 tháng 10 năm 2025», Mỹ Phú being the
    commune of Tiểu học Mỹ Phú: credited to Mỹ An on its header. A school dates from its own commune or
    the office's town, so the header or the date line is a neighbour's: staff choose between the two."""
    paper = _paper("Trường Tiểu học Mỹ An", issuer="TRƯỜNG TIỂU HỌC MỸ AN", place=place)
    result = _match(registry, sender, "Báo cáo NQ121", [paper])
    other = "th-my-phu" if place == "Mỹ Phú" else "th-my-lac"
    assert _assigned(result) == [] and result.candidates[:2] == ("th-my-an", other)
    assert result.review_reason is not None
    assert (
        "Tiêu đề văn bản BC NQ121.docx ghi Trường Tiểu học Mỹ An, nhưng dòng ngày tháng ghi nơi ban hành "
        f"«{place}», nơi của {registry.name(other)}"
    ) in result.review_reason


def test_a_kindergartens_header_by_its_near_level_dated_in_another_schools_commune_waits(
    registry: Registry,
) -> None:
    """A gmail sent a paper headed «TRƯỜNG MẦM NON MỸ AN» (Mẫu giáo Mỹ An by its near level) dated «Mỹ Lạc,
    ngày …», where Mẫu giáo Mỹ Lạc sits: credited to Mẫu giáo Mỹ An, the date line read only under a
    header naming its school exactly."""
    paper = _paper("Trường Mẫu giáo Mỹ An", issuer="TRƯỜNG MẦM NON MỸ AN", place="Mỹ Lạc")
    result = _match(registry, "gv.hoa1985@gmail.com", "Báo cáo NQ121", [paper])
    assert _assigned(result) == [] and result.candidates[:2] == ("mg-my-an", "mg-my-lac")
    assert result.review_reason is not None
    assert "dòng ngày tháng ghi nơi ban hành «Mỹ Lạc», nơi của Trường Mẫu giáo Mỹ Lạc" in result.review_reason
    own = _paper("Trường Mẫu giáo Mỹ An", issuer="TRƯỜNG MẦM NON MỸ AN", place="Mỹ An")
    assert _assigned(_match(registry, "gv.hoa1985@gmail.com", "Báo cáo NQ121", [own])) == ["mg-my-an"]


@pytest.mark.parametrize(
    ("school", "place", "expected"),
    [
        ("Trường Tiểu học Mỹ An", "Mỹ An", "th-my-an"),
        ("Trường Tiểu học Mỹ An", "Thủ Thừa", "th-my-an"),  # the district town
        ("Trường Tiểu học Mỹ Phú", "Mỹ An", "th-my-phu"),  # the commune that took Mỹ Phú over in 2025
        ("Trường Tiểu học Long Thành", "Tân Long", "th-long-thanh-tl"),  # its commune since 2020
        ("Trường Tiểu học Mỹ An", "Tây Ninh", "th-my-an"),  # the province
        ("Trường Tiểu học Mỹ Phú", "Thị trấn Thủ Thừa", "th-my-phu"),  # the district town by its kind
        ("Trường Tiểu học Mỹ Phú", "Xã Mỹ An", "th-my-phu"),  # its commune since 2025 by its kind
        ("Trường Tiểu học Mỹ Phú", "Xã Mỹ Phú", "th-my-phu"),  # its former commune by its kind
        ("Trường Tiểu học Mỹ Phú", "Ấp Mỹ Lạc", "th-my-phu"),  # a hamlet is no commune, whatever its name
        ("Trường Tiểu học Mỹ Phú", "Tỉnh Long An", "th-my-phu"),  # the province merged in 2025
    ],
)
def test_a_header_dated_in_its_own_commune_or_the_offices_town_is_still_credited(
    registry: Registry, school: str, place: str, expected: str
) -> None:
    paper = _paper(school, issuer=school.replace("Trường", "TRƯỜNG").upper(), place=place)
    result = _match(registry, "gv.hoa1985@gmail.com", "Báo cáo NQ121", [paper])
    assert _assigned(result) == [expected] and result.review_reason is None


_TOWN = _office("Phòng Giáo dục và Đào tạo huyện Bình Trà", "pgdbinhtra@example.edu.vn") + "".join(
    f'\n[[schools]]\nid = "{school_id}"\nname = "{name}"\nemails = ["{address}"]\ncommune = "{commune}"\n'
    for school_id, name, address, commune in (
        ("mn-tan-an", "Trường Mầm non Tân An", "c0tanan.binhtra@example.edu.vn", "Thị trấn Tân An"),
        ("mn-hoa-mai", "Trường Mầm non Hoa Mai", "mnhoamai.tanan@gmail.com", "Thị trấn Tân An"),
        ("th-tan-an", "Trường Tiểu học Tân An", "c1tanan.binhtra@example.edu.vn", "Thị trấn Tân An"),
        ("th-le-loi", "Trường Tiểu học Lê Lợi", "c1leloi.binhtra@example.edu.vn", "Thị trấn Tân An"),
    )
)


@pytest.mark.parametrize(
    ("school_id", "sender", "place"),
    [
        ("mn-hoa-mai", "mnhoamai.tanan@gmail.com", "Tân An"),
        ("mn-hoa-mai", "mnhoamai.tanan@gmail.com", "TT. Tân An"),
        ("mn-hoa-mai", "mnhoamai.tanan@gmail.com", "TT Tân An"),
        ("mn-hoa-mai", "mnhoamai.tanan@gmail.com", "Thị trấn Tân An"),
        ("th-le-loi", "c1leloi.binhtra@example.edu.vn", "Tân An"),
    ],
)
def test_a_town_schools_paper_dated_in_its_town_by_the_towns_name_alone_is_its_own(
    tmp_path_factory: pytest.TempPathFactory, school_id: str, sender: str, place: str
) -> None:
    """Mầm non Hoa Mai, configured in «Thị trấn Tân An», sent its own report from its registered address,
    dated «Tân An, ngày …» as every school of the town dates its papers: it waited for staff as dated at
    the place of Mầm non Tân An, its town's commune being compared with its kind word and the date line
    without it. Papers headed or not, the town is the school's own however the date line writes it."""
    registry = registry_of(_TOWN, tmp_path_factory.mktemp("town"))
    name = registry.name(school_id)
    issuer = name.replace("Trường", "TRƯỜNG").upper()
    headed = _paper(name, district="Bình Trà", issuer=issuer, place=place)
    headerless = _paper(name, district="Bình Trà", named=False, place=place)
    for paper in (headed, headerless):
        result = _match(registry, sender, "Báo cáo NQ121", [paper])
        assert _assigned(result) == [school_id] and result.review_reason is None, result.review_reason


@pytest.mark.parametrize(
    ("sender", "subject", "school"),
    [
        ("c1myan.thuthua@example.edu.vn", "Report NQ121 - Secondary school My An", "Trường THCS Mỹ An"),
        ("c1myan.thuthua@example.edu.vn", "NQ121 report - Lower Secondary School My An", "Trường THCS Mỹ An"),
        ("c1myan.thuthua@example.edu.vn", "Report NQ121 - Kindergarten My An", "Trường Mẫu giáo Mỹ An"),
        ("c0myan.thuthua@example.edu.vn", "Report NQ121 - Primary school My An", "Trường Tiểu học Mỹ An"),
        ("c2myan.thuthua@example.edu.vn", "Report NQ121 - Preschool My An", "Trường Mẫu giáo Mỹ An"),
        ("c1myan.thuthua@example.edu.vn", "Report NQ121 - My An Secondary School", "Trường THCS Mỹ An"),
        ("c1myan.thuthua@example.edu.vn", "Report NQ121 - Secondary School", "Trường THCS Mỹ An"),
    ],
)
def test_a_subject_naming_another_level_in_english_than_the_sender_waits(
    registry: Registry, sender: str, subject: str, school: str
) -> None:
    """Tiểu học Mỹ An's address sent «Report NQ121 - Secondary school My An» with a paper without a
    header, THCS Mỹ An's report sent from the sister school's computer: the English level words were not
    read as a level, so the subject named no other school and the report was credited to Tiểu học Mỹ An."""
    paper = _paper(school, named=False)
    result = _match(registry, sender, subject, [paper])
    assert _assigned(result) == [] and len(result.candidates) >= 2, result.review_reason


@pytest.mark.parametrize(
    ("sender", "subject", "school_id"),
    [
        ("c2myan.thuthua@example.edu.vn", "Report NQ121 - Secondary school My An", "thcs-my-an"),
        ("c1myan.thuthua@example.edu.vn", "Report NQ121 - My An Primary School", "th-my-an"),
        ("c0myan.thuthua@example.edu.vn", "NQ121 Report - Kindergarten My An", "mg-my-an"),
        ("c1myan.thuthua@example.edu.vn", "Report NQ121 for the school year 2025-2026", "th-my-an"),
    ],
)
def test_a_subject_naming_the_senders_own_level_in_english_stays_the_senders(
    registry: Registry, sender: str, subject: str, school_id: str
) -> None:
    paper = _paper(next(s.name for s in registry.schools if s.id == school_id), named=False)
    result = _match(registry, sender, subject, [paper])
    assert _assigned(result) == [school_id], result.review_reason


def _photo_of_a_screen(header: str, number: str) -> Document:
    """Trường THCS Mỹ Thạnh's report photographed off a screen, read by OCR with its header as header and
    its number as number; no other line names the school."""
    paper = report("Trường THCS Mỹ Thạnh", "IMG_2041.jpg", issuer=header, method="ocr", named=False)
    written = paper.header.number or ""
    return dataclasses.replace(
        paper,
        text=paper.text.replace(written, number),
        header=dataclasses.replace(paper.header, number=number),
    )


@pytest.mark.parametrize(
    ("sender", "candidates"),
    [
        ("nguyenvanan1980@gmail.com", {"thcs-nhi-thanh"}),
        ("c2mythanh.thuthua@example.edu.vn", {"thcs-my-thanh", "thcs-nhi-thanh"}),
    ],
)
def test_a_number_misread_on_a_photo_of_a_screen_credits_no_other_school(
    registry: Registry, sender: str, candidates: set[str]
) -> None:
    """A photo of a screen, its moiré read into the header as garbage («ĐÚ ẤYLNG») and into the number as
    another school's code («60/BC-THCSNT», Nhị Thành's, for Mỹ Thạnh's «THCSMT»): the number alone, read
    by OCR, credits no school; staff choose, told whose code it is."""
    paper = _photo_of_a_screen("ĐÚ ẤYLNG", "60/BC-THCSNT")
    result = _match(registry, sender, "Báo cáo NQ121", [paper])
    assert _assigned(result) == [] and set(result.candidates) == candidates
    assert result.review_reason is not None
    assert "«60/BC-THCSNT» là ký hiệu của Trường THCS Nhị Thành" in result.review_reason


@pytest.mark.parametrize(
    "subject",
    [
        "BC NQ121 TH Bình Thạnh 2/10",
        "BC NQ121 TH Bình Thạnh 2.10.2021",
        "BC NQ121 TH Binh Thanh 2-10-2021",
        "BC NQ121 TH Bình Thạnh số 2/BC-THBT",
        "BC NQ121 TH Bình Thạnh II/2021",
    ],
)
def test_a_date_after_a_numbered_schools_name_is_not_its_number(registry: Registry, subject: str) -> None:
    """«BC NQ121 TH Bình Thạnh 2/10», sent on 2 October over Bình Thạnh 1's headerless report, was credited
    to Tiểu học Bình Thạnh 2: the day was read as the school's number; so was a document's number (2/BC) or
    a part of the year (II/2021). Without a number the name fits both schools, and the mail waits."""
    paper = _paper("Trường Tiểu học Bình Thạnh 1", named=False)
    result = _match(registry, "giaovien.lan@gmail.com", subject, [paper])
    assert _assigned(result) == [] and {"th-binh-thanh-1", "th-binh-thanh-2"} <= set(result.candidates)


@pytest.mark.parametrize("file", ["THBinhThanh_2_10_2021.docx", "BC TH Binh Thanh 2-10.docx"])
def test_a_date_after_a_numbered_schools_name_in_a_file_name_is_not_its_number(
    registry: Registry, file: str
) -> None:
    paper = _paper("Trường Tiểu học Bình Thạnh 1", file, named=False)
    result = _match(registry, "giaovien.lan@gmail.com", "Báo cáo NQ121", [paper])
    assert _assigned(result) == [] and {"th-binh-thanh-1", "th-binh-thanh-2"} <= set(result.candidates)


@pytest.mark.parametrize(
    "subject", ["BC NQ121 TH Bình Thạnh 2 20/10/2021", "BC NQ121 TH Bình Thạnh 2 - 2/10"]
)
def test_a_numbered_schools_name_followed_by_a_date_keeps_its_number(
    registry: Registry, subject: str
) -> None:
    paper = _paper("Trường Tiểu học Bình Thạnh 2", named=False)
    result = _match(registry, "giaovien.lan@gmail.com", subject, [paper])
    assert _assigned(result) == ["th-binh-thanh-2"], result.review_reason


@pytest.mark.parametrize(
    ("subject", "school", "expected"),
    [
        ("BC NQ121 Mỹ An (THCS)", "Trường THCS Mỹ An", "thcs-my-an"),
        ("Báo cáo NQ121 - Mỹ An ( Mẫu giáo )", "Trường Mẫu giáo Mỹ An", "mg-my-an"),
        ("BC NQ121 My Phu (cap 1)", "Trường Tiểu học Mỹ Phú", "th-my-phu"),
        ("BC NQ121 Mỹ An - THCS", "Trường THCS Mỹ An", "thcs-my-an"),
        ("Báo cáo NQ121 Mỹ Phú – Tiểu học", "Trường Tiểu học Mỹ Phú", "th-my-phu"),
        ("BC NQ121 MyAn_MG", "Trường Mẫu giáo Mỹ An", "mg-my-an"),
        ("BC NQ121 Mỹ An THCS", "Trường THCS Mỹ An", "thcs-my-an"),
        ("BC NQ121 MY PHU, TIEU HOC", "Trường Tiểu học Mỹ Phú", "th-my-phu"),
    ],
)
def test_a_level_in_brackets_after_the_place_names_the_school(
    registry: Registry, subject: str, school: str, expected: str
) -> None:
    """«BC NQ121 Mỹ An (THCS)» from a principal's gmail over a headerless report waited for staff as a place
    without a level, which fits every Mỹ An school; the level in brackets says which, and so does one after
    it that ends the subject («Mỹ An - THCS», «Mỹ An THCS»)."""
    paper = _paper(school, named=False)
    result = _match(registry, "hieutruong.lan@gmail.com", subject, [paper])
    assert _assigned(result) == [expected], result.review_reason


@pytest.mark.parametrize(
    ("subject", "school", "both"),
    [
        (
            "BC NQ121 TH Bình Thạnh 1 và 2",
            "Trường Tiểu học Bình Thạnh 2",
            {"th-binh-thanh-1", "th-binh-thanh-2"},
        ),
        (
            "BC NQ121 TH Bình Thạnh 1, 2",
            "Trường Tiểu học Bình Thạnh 2",
            {"th-binh-thanh-1", "th-binh-thanh-2"},
        ),
        (
            "BC NQ121 TH Bình Thạnh 1+2",
            "Trường Tiểu học Bình Thạnh 2",
            {"th-binh-thanh-1", "th-binh-thanh-2"},
        ),
        ("BC NQ121 TH Mỹ Thạnh A, B", "Trường Tiểu học Mỹ Thạnh B", {"th-my-thanh-a", "th-my-thanh-b"}),
    ],
)
def test_a_subject_naming_a_places_two_numbered_schools_credits_neither(
    registry: Registry, subject: str, school: str, both: set[str]
) -> None:
    """«BC NQ121 TH Bình Thạnh 1 và 2» over Bình Thạnh 2's headerless report was credited to Bình Thạnh 1:
    the first number was read as the school's and the second left out. The subject names both schools, and
    the mail waits with both."""
    paper = _paper(school, named=False)
    result = _match(registry, "giaovien.lan@gmail.com", subject, [paper])
    assert _assigned(result) == [] and both <= set(result.candidates)


# Places of which one begins another's name, as a city or a province has many.
_PREFIXED = (
    _NUMBERED_COMMUNE.split("[[schools]]", 1)[0]
    + """[[schools]]
id = "th-an-phu"
name = "Trường Tiểu học An Phú"
emails = ["c1anphu@example.edu.vn"]

[[schools]]
id = "th-an-phu-dong"
name = "Trường Tiểu học An Phú Đông"
emails = ["c1anphudong@example.edu.vn"]

[[schools]]
id = "mn-binh-hung"
name = "Trường Mầm non Bình Hưng"
emails = ["c0binhhung@example.edu.vn"]

[[schools]]
id = "th-binh-hung"
name = "Trường Tiểu học Bình Hưng"
emails = ["c1binhhung@example.edu.vn"]

[[schools]]
id = "mg-binh-hung-hoa"
name = "Trường Mẫu giáo Bình Hưng Hòa"
emails = ["c0binhhunghoa@example.edu.vn"]
"""
)


@pytest.fixture(scope="module")
def prefixed(tmp_path_factory: pytest.TempPathFactory) -> Registry:
    return registry_of(_PREFIXED, tmp_path_factory.mktemp("prefixed"))


@pytest.mark.parametrize(
    ("subject", "school", "expected"),
    [
        ("BC NQ121 TH An Phú Đông", "Trường Tiểu học An Phú Đông", "th-an-phu-dong"),
        (
            "Báo cáo NQ121 trường Tiểu học An Phú Đông năm 2025",
            "Trường Tiểu học An Phú Đông",
            "th-an-phu-dong",
        ),
        ("BC_NQ121_TH_AnPhuDong", "Trường Tiểu học An Phú Đông", "th-an-phu-dong"),
        ("BC NQ121 MG Bình Hưng Hòa", "Trường Mẫu giáo Bình Hưng Hòa", "mg-binh-hung-hoa"),
        ("BC NQ121 TH An Phú", "Trường Tiểu học An Phú", "th-an-phu"),
        ("BC NQ121 MN Bình Hưng năm 2025", "Trường Mầm non Bình Hưng", "mn-binh-hung"),
    ],
)
def test_a_name_that_begins_another_schools_name_does_not_stop_it_being_read(
    prefixed: Registry, subject: str, school: str, expected: str
) -> None:
    """Where one school's place begins another's (An Phú and An Phú Đông, Bình Hưng and Bình Hưng Hòa, as a
    city or a province has many), «BC NQ121 TH An Phú Đông» from a gmail over An Phú Đông's headerless
    report waited for staff between the two: the shorter name fitted the first words too. The school whose
    place takes more of the words written is the one named: «MG Bình Hưng Hòa» is not also Mầm non Bình Hưng
    by a near level."""
    paper = _paper(school, named=False)
    result = _match(prefixed, "hieutruong.lan@gmail.com", subject, [paper])
    assert _assigned(result) == [expected], result.review_reason


def test_a_longer_place_of_another_level_is_not_the_shorter_places_school(prefixed: Registry) -> None:
    """«BC NQ121 TH Bình Hưng Hòa» over a headerless report: Bình Hưng Hòa has a kindergarten only, and the
    subject names a primary school of Bình Hưng Hòa that is not on the list. It is not Tiểu học Bình Hưng."""
    paper = _paper("Trường Tiểu học Bình Hưng", named=False)
    result = _match(prefixed, "hieutruong.lan@gmail.com", "BC NQ121 TH Bình Hưng Hòa", [paper])
    assert _assigned(result) == [] and result.review_reason is not None
    assert "«TH Bình Hưng Hòa»" in result.review_reason


@pytest.mark.parametrize(
    "subject",
    [
        "BC NQ121 TH Mỹ An Đông",
        "BC NQ121 TH MỸ AN TÂY năm 2025",
        "bc nq121 th my an dong",
        "BC_NQ121_THMyAnBac",
    ],
)
def test_a_direction_after_a_place_names_another_commune_not_that_school(
    registry: Registry, subject: str
) -> None:
    """«BC NQ121 TH Mỹ An Đông» from a gmail over a headerless report was credited to Tiểu học Mỹ An, as its
    name's first words. Mỹ An Đông, like An Phú Tây or Tân Phú Trung, is another commune's name: the
    school may be one of another district that wrote here by mistake, and the mail waits for staff."""
    paper = _paper("Trường Tiểu học Mỹ An", named=False)
    result = _match(registry, "hieutruong.lan@gmail.com", subject, [paper])
    assert _assigned(result) == [] and result.review_reason is not None


@pytest.mark.parametrize("issuer", ["TRƯỜNG TIỂU HỌC MỸ AN ĐÔNG", "TRƯỜNG TH MỸ AN TÂY"])
def test_a_header_naming_a_place_with_a_direction_is_not_the_schools_without_it(
    registry: Registry, issuer: str
) -> None:
    """A paper headed «TRƯỜNG TIỂU HỌC MỸ AN ĐÔNG» sent from a gmail was credited to Tiểu học Mỹ An."""
    paper = _paper("Trường Tiểu học Mỹ An", issuer=issuer)
    result = _match(registry, "hieutruong.lan@gmail.com", "BC NQ121", [paper])
    assert _assigned(result) == [] and result.review_reason is not None
    assert f"«{issuer}»" in result.review_reason


@pytest.mark.parametrize(
    "subject",
    [
        "BC NQ121 TH Mỹ An Nam 2025",
        "bc nq121 th my an nam hoc 2025-2026",
        "BC NQ121 TH Mỹ An Trung học",
        "BC NQ121 TH Mỹ An đông đủ",
        "BC NQ121 TH Mỹ An Tây Ninh",
    ],
)
def test_words_that_only_look_like_a_direction_leave_the_name_alone(registry: Registry, subject: str) -> None:
    """«Nam 2025» and «nam hoc» are năm written without its mark, «Trung học» a level, a word in lower case
    after a capitalised name no part of it, «Tây Ninh» the province: the subject still names Tiểu học Mỹ An."""
    paper = _paper("Trường Tiểu học Mỹ An", named=False)
    result = _match(registry, "hieutruong.lan@gmail.com", subject, [paper])
    assert _assigned(result) == ["th-my-an"], result.review_reason


@pytest.mark.parametrize(
    ("subject", "shown"),
    [
        ("BC NQ121 TH Mỹ An Hưng", "«TH Mỹ An Hưng»"),
        ("bao cao NQ121 TH My An Hung nam 2025", "«TH My An Hung»"),
        ("BÁO CÁO NQ121 TRƯỜNG TIỂU HỌC MỸ AN HƯNG", "«TIỂU HỌC MỸ AN HƯNG»"),
    ],
)
def test_a_subject_naming_a_longer_name_than_a_schools_waits(
    registry: Registry, subject: str, shown: str
) -> None:
    """«BC NQ121 TH Mỹ An Hưng» from a gmail over a headerless report was credited to Tiểu học Mỹ An, as its
    name's first words. Mỹ An Hưng is another commune's name, as Mỹ An Đông is: the school may be one of
    another district, or one not on the roster yet. The mail waits, Mỹ An offered to staff."""
    paper = _paper("Trường Tiểu học Mỹ An", named=False)
    result = _match(registry, "hieutruong.lan@gmail.com", subject, [paper])
    assert _assigned(result) == [] and result.review_reason is not None
    assert shown in result.review_reason and "tên dài hơn tên Trường Tiểu học Mỹ An" in result.review_reason
    assert "th-my-an" in result.candidates


def test_a_header_naming_a_longer_name_than_a_schools_waits(registry: Registry) -> None:
    """A Word report headed «TRƯỜNG TIỂU HỌC MỸ AN HƯNG», sent from a gmail, was credited to Tiểu học Mỹ An."""
    paper = _paper("Trường Tiểu học Mỹ An", issuer="TRƯỜNG TIỂU HỌC MỸ AN HƯNG")
    result = _match(registry, "hieutruong.lan@gmail.com", "BC NQ121", [paper])
    assert _assigned(result) == [] and result.review_reason is not None
    assert "«TRƯỜNG TIỂU HỌC MỸ AN HƯNG»" in result.review_reason and "th-my-an" in result.candidates


@pytest.mark.parametrize(
    "subject",
    [
        "BC NQ121 TH Mỹ An Thủ Thừa",
        "BC NQ121 TH Mỹ An Long An",
        "BC NQ121 TH Mỹ An Năm học 2025-2026",
        "BÁO CÁO NQ121 TRƯỜNG TH MỸ AN NĂM HỌC 2025",
        "Báo Cáo Nghị Quyết 121 TH Mỹ An Gửi Phòng",
        "BC NQ121 TH Mỹ An Huyện Thủ Thừa",
        "BC NQ121 TH Mỹ An Phòng chống xâm hại",
        "BC NQ121 TH Mỹ An PGD",
        "BC NQ121 TH Mỹ An Nguyễn Văn Bảy",
        "BC NQ121 TH Mỹ An, Lâm Thị Hoa",
    ],
)
def test_what_a_subject_goes_on_with_after_a_name_leaves_it_alone(registry: Registry, subject: str) -> None:
    """A place of ours, the province, «Năm học», a verb or a place's kind after the name, initials, the
    sender's name, or words set apart by a comma, are no more of it: the subject still names Tiểu học Mỹ An."""
    paper = _paper("Trường Tiểu học Mỹ An", named=False)
    result = _match(registry, "hieutruong.lan@gmail.com", subject, [paper])
    assert _assigned(result) == ["th-my-an"], result.review_reason


@pytest.mark.parametrize(
    ("subject", "body"),
    [
        ("BC NQ121 TH Mỹ An và TH Hòa Khánh", None),
        ("BC NQ121 TH Mỹ An", "Em gửi báo cáo của trường TH Mỹ An và trường MN Sao Mai ạ."),
    ],
)
def test_words_naming_a_school_beside_one_not_on_the_roster_wait(
    registry: Registry, subject: str, body: str | None
) -> None:
    """A gmail whose subject named Tiểu học Mỹ An and Tiểu học Hòa Khánh, a school the office has not listed,
    over one report naming no school, was credited to Mỹ An: nothing said the report was not Hòa Khánh's."""
    paper = _paper("Trường Tiểu học Mỹ An", named=False)
    result = _match(registry, "hieutruong.lan@gmail.com", subject, [paper], body)
    assert _assigned(result) == [] and result.review_reason is not None
    assert (
        "không khớp tên trường nào trong danh sách" in result.review_reason
        and "th-my-an" in result.candidates
    )


@pytest.mark.parametrize(
    ("sender", "named"),
    [("c1myan.thuthua@example.edu.vn", False), ("hieutruong.lan@gmail.com", True)],
)
def test_a_school_not_on_the_roster_beside_one_said_by_its_address_or_header_is_left_alone(
    registry: Registry, sender: str, named: bool
) -> None:
    """From Mỹ An's own address, or over a paper headed Mỹ An, the mail says whose report it is."""
    paper = _paper("Trường Tiểu học Mỹ An", named=named)
    result = _match(registry, sender, "BC NQ121 TH Mỹ An và TH Hòa Khánh", [paper])
    assert _assigned(result) == ["th-my-an"], result.review_reason


@pytest.mark.parametrize(
    "subject", ["BC NQ121 TH Bình Thạnh 02", "BC NQ121 TH Bình Thạnh số 02", "BC_NQ121_THBinhThanh02"]
)
def test_a_schools_number_written_with_a_leading_zero_is_that_number(
    registry: Registry, subject: str
) -> None:
    """«TH Bình Thạnh 02», as schools number their papers («số 02»), waited for staff as a name without a
    number, which fits both Bình Thạnh schools."""
    paper = _paper("Trường Tiểu học Bình Thạnh 2", named=False)
    result = _match(registry, "giaovien.lan@gmail.com", subject, [paper])
    assert _assigned(result) == ["th-binh-thanh-2"], result.review_reason


@pytest.mark.parametrize(
    "subject", ["BC NQ121 Long Thành Đông trường Mỹ Phú 2", "Tân Long Nam Trường Mỹ Phú 2"]
)
def test_a_number_far_after_a_place_that_names_no_school_is_read_without_failing(
    registry: Registry, subject: str
) -> None:
    """A place naming no school of ours («Long Thành Đông») with a school's number five words after it
    failed the whole mail with an IndexError: the number was looked for beyond the words read as the
    place. The mail waits for staff, quoting the numbered name no school has."""
    paper = _paper("Trường Tiểu học Mỹ Phú", named=False)
    result = _match(registry, "giaovien.lan@gmail.com", subject, [paper])
    assert _assigned(result) == [] and result.review_reason is not None
    assert "«Mỹ Phú 2»" in result.review_reason


@pytest.mark.parametrize(
    ("subject", "body"),
    [
        ("BC NQ121 TH Mỹ Thạnh A", None),
        (
            "BC_NQ121_THMyThanhA",
            "Trường TH Mỹ Thạnh A gửi báo cáo NQ121.\n\nHiệu trưởng\nTrường Tiểu học Mỹ Thạnh A",
        ),
    ],
)
def test_mail_naming_a_school_over_a_paper_dated_in_another_schools_commune_waits(
    registry: Registry, subject: str, body: str | None
) -> None:
    """A gmail whose subject (and text) says «TH Mỹ Thạnh A», over a paper naming no school dated «Bình
    Thạnh, ngày …»: credited to Tiểu học Mỹ Thạnh A, though the paper was written in Bình Thạnh, where
    Mỹ Thạnh A is not. Such a paper is another school's: staff choose, as they do when only the
    sender's address names the school."""
    paper = _paper("Trường Mẫu giáo Bình Thạnh", named=False, place="Bình Thạnh")
    result = _match(registry, "gv.hoa1985@gmail.com", subject, [paper], body=body)
    assert _assigned(result) == [] and result.candidates[0] == "th-my-thanh-a"
    assert result.review_reason is not None
    assert "dòng ngày tháng ghi nơi ban hành «Bình Thạnh», nơi của" in result.review_reason
    assert "không phải của Trường Tiểu học Mỹ Thạnh A" in result.review_reason
    own = _paper("Trường Tiểu học Mỹ Thạnh A", named=False, place="Mỹ Thạnh")
    assert _assigned(_match(registry, "gv.hoa1985@gmail.com", subject, [own], body=body)) == ["th-my-thanh-a"]


@pytest.mark.parametrize(
    ("place", "credited"),
    [("Mỹ An", False), ("Tân Long", True), ("Thủ Thừa", True), ("Long Thành", True)],
)
def test_a_commune_that_collects_other_schools_is_no_neutral_date_line(
    registry: Registry, place: str, credited: bool
) -> None:
    """«BC NQ121 TH Long Thành» from a gmail over a paper naming no school dated «Mỹ An, ngày …»: credited
    to Tiểu học Long Thành (in Tân Long), as Mỹ An has been one of the communes that collect reports since
    2025 and every such commune passed for the office's own town. Only the district's town does; Mỹ An
    is where other schools stand."""
    paper = _paper("Trường Tiểu học Mỹ An", named=False, place=place)
    result = _match(registry, "gv.hoa1985@gmail.com", "BC NQ121 TH Long Thành", [paper])
    assert _assigned(result) == (["th-long-thanh-tl"] if credited else [])
    if not credited:
        assert result.review_reason is not None and "nơi ban hành «Mỹ An»" in result.review_reason


@pytest.mark.parametrize(
    ("sender", "subject"),
    [
        ("gv.hoa1985@gmail.com", "BC NQ121 TH Tân Thành"),
        ("c1tanthanh.thuthua@example.edu.vn", "Báo cáo NQ121"),
        ("gv.hoa1985@gmail.com", "BC NQ121 THCS Tân Thành"),
    ],
)
def test_a_kindergartens_paper_under_another_schools_name_waits(
    registry: Registry, sender: str, subject: str
) -> None:
    """Mẫu giáo Tân Thành's report, its header cut off (it writes of «lượt trẻ», «các nhóm, lớp», never of
    «học sinh»), sent from a gmail under «BC NQ121 TH Tân Thành», or from Tiểu học Tân Thành's address,
    by someone who sends both schools' mail: credited to the primary or lower-secondary school, and the
    kindergarten was left missing. It waits for staff naming both."""
    paper = _paper("Trường Mẫu giáo Tân Thành", named=False, place="Tân Thành")
    result = _match(registry, sender, subject, [paper])
    assert _assigned(result) == [] and "mg-tan-thanh" in result.candidates
    assert result.review_reason is not None
    assert "như báo cáo của trường mầm non, mẫu giáo, không có chữ «học sinh» nào" in result.review_reason
    assert "có thể là báo cáo của Trường Mẫu giáo Tân Thành" in result.review_reason


@pytest.mark.parametrize(
    ("sender", "subject"),
    [("gv.hoa1985@gmail.com", "BC NQ121 TH Mỹ An"), ("c1myan.thuthua@example.edu.vn", "Báo cáo NQ121")],
)
def test_a_headerless_paper_written_to_another_districts_office_waits(
    registry: Registry, sender: str, subject: str
) -> None:
    """A report naming no school, written «Kính gửi: Phòng Giáo dục và Đào tạo huyện Tháp Mười» in answer to
    that office's letter, under «BC NQ121 TH Mỹ An» (or from Mỹ An's address) was credited to our Tiểu học Mỹ
    An. Tháp Mười has a Mỹ An too: its school's report reached the wrong mailbox. It waits."""
    paper = _paper("Trường Tiểu học Mỹ An", named=False, place="Mỹ An")
    paper = dataclasses.replace(paper, text=paper.text.replace("Thủ Thừa", "Tháp Mười"))
    result = _match(registry, sender, subject, [paper])
    assert _assigned(result) == [] and "th-my-an" in result.candidates
    assert result.review_reason is not None and "huyện Tháp Mười»" in result.review_reason


def test_a_headerless_paper_written_to_our_office_is_still_credited(registry: Registry) -> None:
    paper = _paper("Trường Tiểu học Mỹ An", named=False, place="Mỹ An")
    paper = dataclasses.replace(
        paper, text=paper.text.replace("huyện Thủ Thừa", "huyện Thủ Thừa, tỉnh Long An")
    )
    assert "huyện Thủ Thừa, tỉnh Long An" in paper.text
    result = _match(registry, "gv.hoa1985@gmail.com", "BC NQ121 TH Mỹ An", [paper])
    assert _assigned(result) == ["th-my-an"], result.review_reason


_SECONDARY_GRADES = (
    "Nhà trường tổ chức cho học sinh khối 6, 7 tìm hiểu Luật Trẻ em; học sinh lớp 8, 9 được tư vấn."
)
_PRIMARY_GRADES = (
    "Nhà trường tổ chức cho học sinh khối 1, 2, 3 nghe nói chuyện; học sinh lớp 4 đến lớp 5 được tư vấn."
)


@pytest.mark.parametrize(
    ("school", "grades", "sender", "subject", "whose", "said"),
    [
        (
            "Trường THCS Tân Thành",
            _SECONDARY_GRADES,
            "gv.hoa1985@gmail.com",
            "BC NQ121 TH Tân Thành",
            "thcs-tan-thanh",
            "học sinh các lớp 6 đến 9 như báo cáo của trường THCS",
        ),
        (
            "Trường THCS Tân Thành",
            _SECONDARY_GRADES,
            "c1tanthanh.thuthua@example.edu.vn",
            "Báo cáo NQ121",
            "thcs-tan-thanh",
            "học sinh các lớp 6 đến 9 như báo cáo của trường THCS",
        ),
        (
            "Trường Tiểu học Tân Thành",
            _PRIMARY_GRADES,
            "gv.hoa1985@gmail.com",
            "BC NQ121 THCS Tân Thành",
            "th-tan-thanh",
            "học sinh các lớp 1 đến 5 như báo cáo của trường tiểu học",
        ),
        (
            "Trường Tiểu học Tân Thành",
            _PRIMARY_GRADES,
            "gv.hoa1985@gmail.com",
            "BC NQ121 MG Tân Thành",
            "th-tan-thanh",
            "học sinh các lớp 1 đến 5 như báo cáo của trường tiểu học",
        ),
    ],
)
def test_a_schools_paper_naming_the_grades_of_another_level_waits(
    registry: Registry, school: str, grades: str, sender: str, subject: str, whose: str, said: str
) -> None:
    """THCS Tân Thành's report, its header cut off, sent under «BC NQ121 TH Tân Thành» or from Tiểu học Tân
    Thành's address by someone who sends both schools' mail: both levels write «học sinh», so it was credited
    to the primary school. Its pupils are in grades 6 to 9, a lower-secondary school's: it waits, offering
    the sister school (and the other way round)."""
    paper = _paper(school, named=False, place="Tân Thành")
    paper = dataclasses.replace(paper, text=f"{paper.text}\n{grades}")
    result = _match(registry, sender, subject, [paper])
    assert _assigned(result) == [] and whose in result.candidates
    assert result.review_reason is not None and said in result.review_reason


@pytest.mark.parametrize(
    ("grades", "subject", "expected"),
    [
        (_SECONDARY_GRADES, "BC NQ121 THCS Tân Thành", "thcs-tan-thanh"),
        (_PRIMARY_GRADES, "BC NQ121 TH Tân Thành", "th-tan-thanh"),
        (
            "Học sinh lớp 5 chuẩn bị lên lớp 6 được tư vấn tâm lý; lớp 5 nào cũng có.",
            "BC NQ121 TH Tân Thành",
            "th-tan-thanh",
        ),
    ],
)
def test_a_schools_paper_naming_its_own_grades_or_both_is_still_credited(
    registry: Registry, grades: str, subject: str, expected: str
) -> None:
    school = {"thcs-tan-thanh": "Trường THCS Tân Thành", "th-tan-thanh": "Trường Tiểu học Tân Thành"}[
        expected
    ]
    paper = _paper(school, named=False, place="Tân Thành")
    paper = dataclasses.replace(paper, text=f"{paper.text}\n{grades}")
    result = _match(registry, "gv.hoa1985@gmail.com", subject, [paper])
    assert _assigned(result) == [expected], result.review_reason


@pytest.mark.parametrize(
    ("school", "subject", "expected"),
    [
        ("Trường Tiểu học Tân Thành", "BC NQ121 TH Tân Thành", "th-tan-thanh"),
        ("Trường THCS Tân Thành", "BC NQ121 THCS Tân Thành", "thcs-tan-thanh"),
        ("Trường Mẫu giáo Tân Thành", "BC NQ121 MG Tân Thành", "mg-tan-thanh"),
    ],
)
def test_a_schools_own_paper_without_its_name_is_still_credited_by_its_subject(
    registry: Registry, school: str, subject: str, expected: str
) -> None:
    paper = _paper(school, named=False, place="Tân Thành")
    result = _match(registry, "gv.hoa1985@gmail.com", subject, [paper])
    assert _assigned(result) == [expected], result.review_reason


@pytest.mark.parametrize(
    ("sender", "subject"),
    [
        ("gv.hoa1985@gmail.com", "BC NQ121 MG Tân Thành"),
        ("c0tanthanh.thuthua@example.edu.vn", "Báo cáo NQ121"),
    ],
)
def test_a_primary_schools_paper_under_a_kindergartens_name_waits(
    registry: Registry, sender: str, subject: str
) -> None:
    """Tiểu học Tân Thành's report, its header cut off (it writes of «học sinh» throughout, never of «trẻ»
    alone nor of «nhóm, lớp»), sent under «BC NQ121 MG Tân Thành» or from Mẫu giáo Tân Thành's address:
    credited to the kindergarten, and the primary school was left missing."""
    paper = _paper("Trường Tiểu học Tân Thành", named=False, place="Tân Thành")
    result = _match(registry, sender, subject, [paper])
    assert _assigned(result) == [] and result.candidates[:2] == ("mg-tan-thanh", "th-tan-thanh")
    assert result.review_reason is not None
    assert "viết về «học sinh» như báo cáo của trường tiểu học, THCS" in result.review_reason
    assert (
        "có thể là báo cáo của Trường Tiểu học Tân Thành hoặc Trường THCS Tân Thành" in result.review_reason
    )


_WARDS = _office("Phòng Giáo dục và Đào tạo huyện Thủ Thừa", "pgd.thuthua@example.gov.vn") + _schools(
    *((f"th-p{n}", f"Trường Tiểu học Phường {n}", f"c1phuong{n}@example.edu.vn") for n in (1, 2, 10, 11))
)


@pytest.fixture(scope="module")
def wards(tmp_path_factory: pytest.TempPathFactory) -> Registry:
    return registry_of(_WARDS, tmp_path_factory.mktemp("wards"))


@pytest.mark.parametrize(
    ("subject", "school"),
    [
        ("BC NQ121 TH P.10", "th-p10"),
        ("Báo cáo NQ121 - Tiểu học P10", "th-p10"),
        ("BC NQ121 TH P.1", "th-p1"),
        ("bc nq121 th p 11", "th-p11"),
    ],
)
def test_a_numbered_wards_school_abbreviated_in_the_subject_is_credited(
    wards: Registry, subject: str, school: str
) -> None:
    """A gmail's «BC NQ121 TH P.10» over a paper naming no school waited for staff as «TH P», an
    abbreviation short of its number, where «TH Phường 10» was credited to Tiểu học Phường 10. Its reason
    says the subject names the school, and no longer offers «TH P» as an abbreviation short of its number."""
    paper = _paper("Trường Tiểu học Phường 10", named=False)
    result = _match(wards, "gv.hoa1985@gmail.com", subject, [paper])
    assert _assigned(result) == [school], result.review_reason
    reasons = result.assignments[0].reasons
    assert reasons[0].startswith("Tiêu đề thư ghi «") and not any("thiếu số" in r for r in reasons)


@pytest.mark.parametrize(
    ("subject", "school", "name"),
    [
        ("BCNQ121_THP10", "th-p10", "Trường Tiểu học Phường 10"),
        ("BC NQ121 THP1", "th-p1", "Trường Tiểu học Phường 1"),
    ],
)
def test_a_numbered_wards_school_written_as_its_code_is_credited(
    wards: Registry, subject: str, school: str, name: str
) -> None:
    """«THP10», the code Tiểu học Phường 10 numbers its papers with, was «THP1» as Phường 1's is: the
    ward's number was cut to its initial, and the code was offered to staff as shared by both."""
    paper = _paper("Trường Tiểu học Phường 10", named=False)
    result = _match(wards, "gv.hoa1985@gmail.com", subject, [paper])
    assert _assigned(result) == [school], result.review_reason
    assert f"chữ viết tắt tên {name}." in result.assignments[0].reasons[0]


def test_a_ward_written_without_its_number_waits_offering_every_wards_school(wards: Registry) -> None:
    """«BC NQ121 TH Phường», the number left out, waited saying the mail names no school at all."""
    paper = _paper("Trường Tiểu học Phường 10", named=False)
    result = _match(wards, "gv.hoa1985@gmail.com", "BC NQ121 TH Phường", [paper])
    assert _assigned(result) == [] and set(result.candidates) == {"th-p1", "th-p2", "th-p10", "th-p11"}
    assert result.review_reason is not None and "«TH Phường»: không ghi số" in result.review_reason


@pytest.mark.parametrize("subject", ["BC NQ121 TH Phường 12", "BC NQ121 TH P.12"])
def test_a_ward_the_roster_lacks_waits_without_offering_a_neighbouring_number(
    wards: Registry, subject: str
) -> None:
    """«TH Phường 12», which the roster lacks, was offered to staff as «TH Phường» written without its
    number, Phường 1 or Phường 2 (or as Phường 11 mistyped where that was the only ward), though it names
    a school the roster does not have."""
    paper = _paper("Trường Tiểu học Phường 10", named=False)
    result = _match(wards, "gv.hoa1985@gmail.com", subject, [paper])
    assert _assigned(result) == [] and result.candidates == ()
    assert result.review_reason is not None
    written = subject.removeprefix("BC NQ121 ")  # quoted as the subject writes it
    assert f"«{written}», không khớp tên trường nào trong danh sách" in result.review_reason


def test_a_paper_headed_by_another_numbered_wards_committee_waits_naming_the_ward(wards: Registry) -> None:
    """Phường 10's address sent a paper headed only «UBND PHƯỜNG 11», naming no school: it was credited to
    Phường 10, the committee read as one of a place «11» that no school stands in, where a xã's committee
    holds such a paper for staff. The reason calls the place a «phường», not a «xã», and «Phường 11», not
    «xã Phường 11», where it tells staff how to record a school that now stands there."""
    paper = _paper("Trường Tiểu học Phường 10", named=False, parent_body="UBND PHƯỜNG 11")
    result = _match(wards, "c1phuong10@example.edu.vn", "Báo cáo NQ121", [paper])
    assert _assigned(result) == [] and set(result.candidates) == {"th-p10", "th-p11"}
    assert result.review_reason is not None
    assert "Trường Tiểu học Phường 10 không thuộc phường này theo danh sách" in result.review_reason
    assert (
        'Nếu Trường Tiểu học Phường 10 nay thuộc Phường 11 (sau khi sáp nhập), ghi commune = "Phường 11"'
        in (result.review_reason)
    )
    unnamed = _match(wards, "gv.hoa1985@gmail.com", "Báo cáo NQ121", [paper])
    assert unnamed.review_reason is not None and unnamed.candidates == ("th-p11",)
    assert "nếu là báo cáo của một trường trong phường thì có thể là Trường Tiểu học Phường 11" in (
        unnamed.review_reason
    )


_PEOPLE = _office("Phòng Giáo dục và Đào tạo huyện Thủ Thừa", "pgd.thuthua@example.gov.vn") + _schools(
    ("th-nvt", "Trường Tiểu học Nguyễn Văn Trỗi", "th-nvt@example.edu.vn"),
    ("thcs-ltk", "Trường THCS Lý Thường Kiệt", "thcs-ltk@example.edu.vn"),
    ("thcs-ngo-quyen", "Trường THCS Ngô Quyền", "thcs-ngo-quyen@example.edu.vn"),
    ("thcs-nguyen-quyen", "Trường THCS Nguyễn Quyền", "thcs-nguyen-quyen@example.edu.vn"),
    ("th-pbc", "Trường Tiểu học Phan Bội Châu", "th-pbc@example.edu.vn"),
)


@pytest.fixture(scope="module")
def people(tmp_path_factory: pytest.TempPathFactory) -> Registry:
    return registry_of(_PEOPLE, tmp_path_factory.mktemp("people"))


@pytest.mark.parametrize(
    ("subject", "school", "quoted"),
    [
        ("BC NQ121 TH Ng. Văn Trỗi", "th-nvt", "TH Ng. Văn Trỗi"),
        ("BC NQ121 TH N.V.Trỗi", "th-nvt", "TH N.V.Trỗi"),
        ("BC NQ121 TH NVTrỗi năm 2025", "th-nvt", "TH NVTrỗi"),
        ("Báo cáo NQ121 trường TH Nguyễn V. Trỗi", "th-nvt", "TH Nguyễn V. Trỗi"),
        ("BC NQ121 - THCS L.T.Kiệt", "thcs-ltk", "THCS L.T.Kiệt"),
        ("V/v BC NQ121 cua THCS LTKiet", "thcs-ltk", "THCS LTKiet"),
        ("BC NQ121 THCS Lý T. Kiệt", "thcs-ltk", "THCS Lý T. Kiệt"),
        ("BC NQ121 TH P. Bội Châu", "th-pbc", "TH P. Bội Châu"),
        ("BC NQ121 TH P Bội Châu năm 2025", "th-pbc", "TH P Bội Châu"),
    ],
)
def test_a_persons_name_shortened_in_the_subject_names_its_school(
    people: Registry, subject: str, school: str, quoted: str
) -> None:
    """Schools named after people are written with the person's first names shortened: «TH Ng. Văn Trỗi»,
    «THCS LTKiệt». A gmail's subject so written, over a paper naming no school, waited for staff saying the
    mail named no school, where the school's code («TH NVT») was credited. «TH P. Bội Châu» waited as a
    school of a «phường Bội Châu» the roster lacks."""
    paper = _paper("Trường Tiểu học Nguyễn Văn Trỗi", named=False)
    result = _match(people, "gv.hoa1985@gmail.com", subject, [paper])
    assert _assigned(result) == [school], result.review_reason
    assert result.assignments[0].reasons[0].startswith(f"Tiêu đề thư ghi «{quoted}»: ")


@pytest.mark.parametrize("subject", ["BC NQ121 THCS Ng. Quyền", "BC NQ121 THCS N.Quyền"])
def test_a_shortened_name_two_schools_fit_waits_offering_both(people: Registry, subject: str) -> None:
    """«Ng.» shortens Ngô as well as Nguyễn: the subject names THCS Ngô Quyền or THCS Nguyễn Quyền, and staff
    choose."""
    paper = _paper("Trường THCS Ngô Quyền", named=False)
    result = _match(people, "gv.hoa1985@gmail.com", subject, [paper])
    assert _assigned(result) == [] and set(result.candidates) == {"thcs-ngo-quyen", "thcs-nguyen-quyen"}


@pytest.mark.parametrize(
    "subject", ["BC NQ121 TH Ng. Văn T.", "BC NQ121 TH Ng.V.Trỗi 2", "BC NQ121 TH Văn Trỗi"]
)
def test_a_shortened_name_is_read_only_with_its_last_word_whole_and_its_number(
    people: Registry, subject: str
) -> None:
    """The last word of a person's name is never shortened, and a number the school's name lacks is
    another school: none of these names Tiểu học Nguyễn Văn Trỗi."""
    paper = _paper("Trường Tiểu học Nguyễn Văn Trỗi", named=False)
    result = _match(people, "gv.hoa1985@gmail.com", subject, [paper])
    assert _assigned(result) == []


@pytest.mark.parametrize(
    ("subject", "school", "quoted"),
    [
        ("BC NQ121 TH N.V.T", "th-nvt", "TH NVT"),
        ("BC NQ121 T.H N.V.T.", "th-nvt", "TH NVT"),
        ("BC NQ121 THCS L.T.K năm 2025", "thcs-ltk", "THCS LTK"),
    ],
)
def test_a_schools_code_written_with_dotted_letters_is_its_code(
    people: Registry, subject: str, school: str, quoted: str
) -> None:
    """«TH N.V.T» is the code «TH NVT» written letter by letter; it waited saying the mail named no school."""
    paper = _paper("Trường Tiểu học Nguyễn Văn Trỗi", named=False)
    result = _match(people, "gv.hoa1985@gmail.com", subject, [paper])
    assert _assigned(result) == [school], result.review_reason
    assert result.assignments[0].reasons[0].startswith(f"Tiêu đề thư ghi «{quoted}»: chữ viết tắt tên ")


def test_dotted_letters_before_a_name_are_its_kind_of_place_not_a_code(tmp_path: Path) -> None:
    """«T.P Tân An» is thành phố Tân An: read as the code «TH TP» it offered Tiểu học Tân Phú to staff beside
    the school the subject names."""
    roster = _office("Phòng Giáo dục và Đào tạo thành phố Tân An", "pgd.tanan@example.gov.vn") + _schools(
        ("th-tan-phu", "Trường Tiểu học Tân Phú", "th-tan-phu@example.edu.vn"),
        ("th-tan-an", "Trường Tiểu học Tân An", "th-tan-an@example.edu.vn"),
    )
    paper = _paper("Trường Tiểu học Tân An", named=False)
    result = _match(registry_of(roster, tmp_path), "gv.hoa1985@gmail.com", "BC NQ121 TH T.P Tân An", [paper])
    assert "th-tan-phu" not in result.candidates and "th-tan-phu" not in _assigned(result)


def test_a_headerless_paper_whose_file_name_names_other_schools_without_tones_waits(
    registry: Registry,
) -> None:
    """A commune's gmail sent «BC TH Long Thanh.docx», Tiểu học Long Thạnh's report whose letterhead was a
    picture, beside Mẫu giáo Long Thạnh's headed report: its name, without tones, is Long Thạnh's or Long
    Thành's, so it named no one school, and the pupils' school's report and figures were credited to the
    kindergarten. The kindergarten keeps its own; the other waits with the schools its name may be."""
    kindergarten = _paper("Trường Mẫu giáo Long Thạnh", "BC MG Long Thanh.docx")
    primary = _paper("Trường Tiểu học Long Thạnh", "BC TH Long Thanh.docx", seed=3, named=False, place="")
    result = _match(registry, "ubndxatanlong@gmail.com", "BC NQ121", [primary, kindergarten])
    [credit] = result.assignments
    assert credit.school_id == "mg-long-thanh" and credit.files == ("BC MG Long Thanh.docx",)
    assert result.review_reason is not None and "BC TH Long Thanh.docx" in result.review_reason
    assert {"th-long-thanh", "th-long-thanh-tl"} <= set(result.candidates)


def test_a_headerless_paper_beside_a_headed_report_waits_when_the_mail_forwards_another_schools_mail(
    registry: Registry,
) -> None:
    """A commune passed on two schools' mails: Tiểu học Mỹ Lạc's, from its registered address, with its
    report without a header, and Mẫu giáo Mỹ Lạc's headed one. Tiểu học Mỹ Lạc's report and figures were
    credited to the kindergarten («Không theo các căn cứ khác vì tiêu đề văn bản ghi rõ …»). The
    kindergarten keeps its own; the other waits naming the school whose mail was forwarded."""
    kindergarten = _paper("Trường Mẫu giáo Mỹ Lạc", "BC MG.docx")
    primary = _paper("Trường Tiểu học Mỹ Lạc", "BC.docx", seed=3, named=False, place="")
    body = (
        "Chuyển Phòng báo cáo của các trường.\n\n---------- Forwarded message ---------\n"
        "From: c1mylac.thuthua@example.edu.vn\nDate: Tue, Oct 20, 2026 at 3:12 PM\nSubject: BC NQ121\n\n"
        "---------- Forwarded message ---------\nFrom: c0mylac.thuthua@example.edu.vn\n"
        "Date: Tue, Oct 20, 2026 at 4:12 PM\nSubject: BC NQ121\n"
    )
    result = _match(registry, "ubndxamyan@gmail.com", "Fwd: BC NQ121", [primary, kindergarten], body)
    [credit] = result.assignments
    assert credit.school_id == "mg-my-lac" and credit.files == ("BC MG.docx",)
    assert result.review_reason is not None and "thư còn chuyển tiếp thư của Trường Tiểu học Mỹ Lạc" in (
        result.review_reason
    )
    assert "th-my-lac" in result.candidates


_EA_HLEO_SCHOOLS = _schools(
    ("th-ea-ral-a", "Trường Tiểu học Ea Ral A", "c1earala.eahleo@daklak.edu.vn"),
    ("th-eahleo-1", "Trường Tiểu học Ea H'leo 1", "c1eahleo1@daklak.edu.vn"),
    ("th-eahleo-2", "Trường Tiểu học Ea H’leo 2", "c1eahleo2@daklak.edu.vn"),
)
_EA_HLEO = _office("Phòng Giáo dục và Đào tạo huyện Ea H'leo", "pgd@eahleo.edu.vn") + _EA_HLEO_SCHOOLS


@pytest.mark.parametrize(
    ("place", "parent"),
    [
        ("Ea H'leo", "PHÒNG GD&ĐT EA H'LEO"),
        ("Ea H'leo", "PHÒNG GD&ĐT EA H’LEO"),
        ("Ea H'leo", "UBND HUYỆN EA HLEO"),
        ("Ea H leo", "PHÒNG GD&ĐT EA H'LEO"),
    ],
)
def test_an_office_named_after_a_place_with_an_apostrophe_knows_its_own_heading(
    tmp_path_factory: pytest.TempPathFactory, place: str, parent: str
) -> None:
    """An office «Phòng Giáo dục và Đào tạo huyện Ea H'leo»: every paper headed «PHÒNG GD&ĐT EA H'LEO»,
    even from the school's own address, waited for staff as possibly another district's namesake («ghi
    cơ quan chủ quản … không phải Phòng Giáo dục và Đào tạo huyện Ea H'leo»): the heading's words were
    split at the apostrophe, the office's place was not. The apostrophe is one letter of the name, typed
    straight, curly or left out, and an office may write it as a space."""
    config = _office(f"Phòng Giáo dục và Đào tạo huyện {place}", "pgd@eahleo.edu.vn") + _EA_HLEO_SCHOOLS
    registry = registry_of(config, tmp_path_factory.mktemp("ea-hleo"))
    paper = _paper("Trường Tiểu học Ea Ral A", parent_body=parent, issuer="TRƯỜNG TIỂU HỌC EA RAL A")
    result = _match(registry, "c1earala.eahleo@daklak.edu.vn", "BC NQ121", [paper])
    assert _assigned(result) == ["th-ea-ral-a"] and result.review_reason is None


def test_a_school_name_typed_with_a_curly_apostrophe_is_the_place_its_paper_is_dated_from(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """«Trường Tiểu học Ea H’leo 2» pasted into config.toml from Word: its own paper, dated «Ea H'leo,
    ngày …», waited for staff as dated at the place of «Ea H'leo 1» (the straight apostrophe), its sister
    school, as if it reused that school's template."""
    registry = registry_of(_EA_HLEO, tmp_path_factory.mktemp("ea-hleo-curly"))
    paper = _paper(
        "Trường Tiểu học Ea H'leo 2",
        parent_body="PHÒNG GD&ĐT EA H'LEO",
        issuer="TRƯỜNG TIỂU HỌC EA H'LEO 2",
        place="Ea H'leo",
    )
    result = _match(registry, "hieutruong.eahleo2@gmail.com", "BC NQ121 TH Ea H'leo 2", [paper])
    assert _assigned(result) == ["th-eahleo-2"] and result.review_reason is None


@pytest.mark.parametrize(
    ("office", "written"),
    [
        ("Ea H'leo", "Ea H'leo"),
        ("Ea H'leo", "Ea H’leo"),
        ("Ea Hleo", "Ea H'leo"),
        ("Krông Pắc", "Krông-Pắc"),
    ],
)
def test_a_headerless_paper_written_to_our_office_with_an_apostrophe_or_hyphen_is_credited(
    tmp_path_factory: pytest.TempPathFactory, office: str, written: str
) -> None:
    """A school's report without a header, from its gmail under «BC NQ121 TH Ea Ral A», answering «Công văn
    … của Phòng GD&ĐT huyện Ea H'leo» (the office's own): it waited as sent «cho Phòng GD&ĐT huyện Ea H»,
    another district's, the place cut at the apostrophe (at the hyphen of «Krông-Pắc»)."""
    config = _office(f"Phòng Giáo dục và Đào tạo huyện {office}", "pgd@eahleo.edu.vn") + _EA_HLEO_SCHOOLS
    registry = registry_of(config, tmp_path_factory.mktemp("ea-hleo-office"))
    paper = _paper("Trường Tiểu học Ea Ral A", named=False, district=written, place="")
    assert f"Phòng Giáo dục và Đào tạo huyện {written} về việc" in paper.text
    result = _match(registry, "vanthu.tieuhoc@gmail.com", "BC NQ121 TH Ea Ral A", [paper])
    assert _assigned(result) == ["th-ea-ral-a"] and result.review_reason is None


@pytest.mark.parametrize("district", ["Ea H'leo", "Ea H’leo"])
def test_a_signature_placing_the_school_in_our_district_with_an_apostrophe_names_it(
    tmp_path_factory: pytest.TempPathFactory, district: str
) -> None:
    """A gmail's note signed «Trường TH Ea Ral A / xã Ea Ral, huyện Ea H'leo, tỉnh Đắk Lắk», its paper without a
    header: the school was told to staff as «trường ở huyện Ea H, không thuộc Phòng … Ea H'leo», another
    district's, and offered no candidate. The name was read up to its eighth word, «H» of «H'leo»."""
    registry = registry_of(_EA_HLEO, tmp_path_factory.mktemp("ea-hleo-signed"))
    paper = _paper("Trường Tiểu học Ea Ral A", named=False, district="Ea Hleo", place="")
    body = f"Em gửi báo cáo NQ121 ạ.\n--\nTrường TH Ea Ral A\nxã Ea Ral, huyện {district}, tỉnh Đắk Lắk"
    result = _match(registry, "vanthu.tieuhoc@gmail.com", "Gửi báo cáo NQ121", [paper], body)
    assert "th-ea-ral-a" in [*_assigned(result), *result.candidates]
    assert "không thuộc" not in (result.review_reason or "")


@pytest.mark.parametrize(
    ("configured", "secondary", "issuer"),
    [
        ("Trường Tiểu học N'Trang Lơng", "Trường THCS Nơ Trang Lơng", "TRƯỜNG TIỂU HỌC NƠ TRANG LƠNG"),
        ("Trường Tiểu học Nơ Trang Lơng", "Trường THCS N'Trang Lơng", "TRƯỜNG TIỂU HỌC N'TRANG LƠNG"),
    ],
)
def test_a_name_written_with_its_syllable_or_its_apostrophe_is_the_schools_own(
    tmp_path_factory: pytest.TempPathFactory, configured: str, secondary: str, issuer: str
) -> None:
    """Tiểu học N'Trang Lơng, listed so beside a THCS Nơ Trang Lơng, sent from its registered address its paper
    headed «TRƯỜNG TIỂU HỌC NƠ TRANG LƠNG», the other way the hero's name is written: it waited, the header
    «không khớp trường nào», read as a typo of a name the list writes exactly."""
    config = _office("Phòng Giáo dục và Đào tạo huyện Ea H'leo", "pgd@eahleo.edu.vn") + _schools(
        ("th-ntrang-long", configured, "c1ntranglong.eahleo@daklak.edu.vn"),
        ("thcs-ntrang-long", secondary, "c2ntranglong.eahleo@daklak.edu.vn"),
        ("th-ama-trang-long", "Trường Tiểu học Ama Trang Lơng", "c1amatranglong.eahleo@daklak.edu.vn"),
    )
    registry = registry_of(config, tmp_path_factory.mktemp("ntrang-long"))
    paper = _paper(configured, issuer=issuer, parent_body="PHÒNG GD&ĐT EA H'LEO", district="Ea H'leo")
    result = _match(registry, "c1ntranglong.eahleo@daklak.edu.vn", "Gửi báo cáo NQ121", [paper])
    assert _assigned(result) == ["th-ntrang-long"] and result.review_reason is None


_BOARDING = _office("Phòng Giáo dục và Đào tạo huyện Thủ Thừa", "pgdthuthua@example.edu.vn") + _schools(
    ("ptdtbt-ea-hleo", "Trường PTDTBT THCS Ea H'leo", "c2eahleo@example.edu.vn"),
    ("ptdtnt-ea-hleo", "Trường PTDTNT THCS Ea H'leo", "ptdtnt.eahleo@example.edu.vn"),
)


@pytest.mark.parametrize(
    ("issuer", "expected"),
    [
        ("TRƯỜNG PTDTBT THCS EA H'LEO", "ptdtbt-ea-hleo"),
        ("TRƯỜNG PHỔ THÔNG DÂN TỘC BÁN TRÚ THCS EA H'LEO", "ptdtbt-ea-hleo"),
        ("TRƯỜNG PTDTNT THCS EA H'LEO", "ptdtnt-ea-hleo"),
        ("TRƯỜNG PHỔ THÔNG DÂN TỘC NỘI TRÚ THCS EA H'LEO", "ptdtnt-ea-hleo"),
        ("TRƯỜNG PHỔ THÔNG DTNT THCS EA H'LEO", "ptdtnt-ea-hleo"),
        ("TRƯỜNG THCS DTNT EA H'LEO", "ptdtnt-ea-hleo"),
        ("TRƯỜNG THCS DÂN TỘC NỘI TRÚ EA H'LEO", "ptdtnt-ea-hleo"),
        ("TRƯỜNG DTBT THCS EA H'LEO", "ptdtbt-ea-hleo"),
        ("TRƯỜNG THCS BÁN TRÚ EA H'LEO", "ptdtbt-ea-hleo"),
    ],
)
def test_the_boarding_kind_of_a_header_tells_a_semi_boarding_school_from_a_boarding_one(
    tmp_path_factory: pytest.TempPathFactory, issuer: str, expected: str
) -> None:
    """A district with a Trường PTDTBT and a Trường PTDTNT THCS Ea H'leo: every paper headed with either,
    even written out in full, waited for staff with both schools, the kind word dropped, and the reason said
    «không dấu» of a header with its diacritics. The kind written tells them apart, however it is spelt and
    before or after the level: «PHỔ THÔNG DTNT THCS», «THCS DTNT», «THCS BÁN TRÚ» matched no school."""
    registry = registry_of(_BOARDING, tmp_path_factory.mktemp("boarding"))
    paper = _paper(registry.name(expected), issuer=issuer)
    result = _match(registry, "vanthu.thcs@gmail.com", "Báo cáo NQ121", [paper])
    assert _assigned(result) == [expected] and result.review_reason is None


def test_a_header_without_the_boarding_kind_waits_saying_the_kind_is_missing(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """«TRƯỜNG THCS EA H'LEO» names either boarding school of Ea H'leo: it waits with both, and the reason
    said «không dấu» of a name that has no tone mark to leave out; what it leaves out is the kind."""
    registry = registry_of(_BOARDING, tmp_path_factory.mktemp("boarding"))
    paper = _paper("Trường THCS Ea H'leo", issuer="TRƯỜNG THCS EA H'LEO")
    result = _match(registry, "vanthu.thcs@gmail.com", "Báo cáo NQ121", [paper])
    assert _assigned(result) == [] and set(result.candidates) == {"ptdtbt-ea-hleo", "ptdtnt-ea-hleo"}
    assert result.review_reason is not None and "không dấu" not in result.review_reason
    assert "không ghi loại trường (PTDTBT hay PTDTNT), có thể là" in result.review_reason


@pytest.mark.parametrize(
    ("subject", "school", "issuer"),
    [
        ("Báo cáo NQ121 PTDTBT THCS Ea H'leo", "Trường PTDTBT THCS Ea H'leo", ""),
        ("Báo cáo NQ121", "Trường THCS Ea H'leo", "TRƯỜNG THCS EA H'LEO"),
        ("Báo cáo NQ121", "Trường PTDTBT THCS Ea H'leo", "TRƯỜNG PTDTBT THCS EA H'LEO"),
    ],
)
def test_a_district_with_one_boarding_school_credits_it_with_or_without_its_kind(
    tmp_path_factory: pytest.TempPathFactory, subject: str, school: str, issuer: str
) -> None:
    """Where the list has only the PTDTBT school, its papers are credited whether they write its kind or not."""
    one = _office("Phòng Giáo dục và Đào tạo huyện Thủ Thừa", "pgdthuthua@example.edu.vn") + _schools(
        ("ptdtbt-ea-hleo", "Trường PTDTBT THCS Ea H'leo", "c2eahleo@example.edu.vn"),
        ("thcs-ea-sol", "Trường THCS Ea Sol", "c2easol@example.edu.vn"),
    )
    registry = registry_of(one, tmp_path_factory.mktemp("one-boarding"))
    paper = _paper(school, issuer=issuer) if issuer else _paper(school, named=False)
    result = _match(registry, "vanthu.thcs@gmail.com", subject, [paper])
    assert _assigned(result) == ["ptdtbt-ea-hleo"] and result.review_reason is None


_KIND_NAMES = _office("Phòng Giáo dục và Đào tạo huyện Ea H'leo", "pgd@eahleo.edu.vn") + _schools(
    ("ptdtbt-th-ea-sol", "Trường PTDTBT Tiểu học Ea Sol", "c1ptdtbteasol@example.edu.vn"),
    ("th-ea-sol", "Trường Tiểu học Ea Sol", "c1easol@example.edu.vn"),
    ("ptdtnt-thcs-ea-hleo", "Trường PTDTNT THCS Ea H'leo", "dtntthcs.eahleo@example.edu.vn"),
    ("mg-ea-hleo", "Trường Mẫu giáo Ea H'leo", "c0eahleo@example.edu.vn"),
    ("th-ea-hleo", "Trường Tiểu học Ea H'leo", "c1eahleo@example.edu.vn"),
)


@pytest.mark.parametrize(
    ("subject", "expected"),
    [
        ("BC NQ121 PTDTBT Ea Sol", "ptdtbt-th-ea-sol"),
        ("BC NQ121 trường bán trú Ea Sol", "ptdtbt-th-ea-sol"),
        ("BC NQ121 PTDTNT Ea H'leo", "ptdtnt-thcs-ea-hleo"),
        ("BC NQ121 Dân tộc nội trú Ea H’leo", "ptdtnt-thcs-ea-hleo"),
        ("BC NQ121 DTNT Ea Hleo", "ptdtnt-thcs-ea-hleo"),
    ],
)
def test_a_boarding_kind_written_without_the_level_names_the_school(
    tmp_path_factory: pytest.TempPathFactory, subject: str, expected: str
) -> None:
    """«BC NQ121 PTDTBT Ea Sol» from a gmail, its paper without a header: the kind was dropped and the mail
    waited «không ghi cấp học», offering the ordinary Tiểu học Ea Sol too (a Mẫu giáo for «PTDTNT Ea H'leo»);
    «DTNT Ea Hleo» offered no school at all. The district has one school of that kind and name: the kind
    names it as a level would."""
    registry = registry_of(_KIND_NAMES, tmp_path_factory.mktemp("kind-names"))
    paper = _paper(registry.name(expected), named=False, district="Ea H'leo", place="")
    result = _match(registry, "vanthu.truong@gmail.com", subject, [paper])
    assert _assigned(result) == [expected] and result.review_reason is None


def test_a_boarding_kind_without_the_level_of_two_such_schools_waits(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """Where a PTDTBT Tiểu học and a PTDTBT THCS share the name, «PTDTBT Ea Sol» names neither for sure."""
    config = _KIND_NAMES + _schools(
        ("ptdtbt-thcs-ea-sol", "Trường PTDTBT THCS Ea Sol", "c2easol@example.edu.vn")
    )
    registry = registry_of(config, tmp_path_factory.mktemp("two-kinds"))
    paper = _paper("Trường PTDTBT THCS Ea Sol", named=False, district="Ea H'leo", place="")
    result = _match(registry, "vanthu.truong@gmail.com", "BC NQ121 PTDTBT Ea Sol", [paper])
    assert _assigned(result) == [] and {"ptdtbt-th-ea-sol", "ptdtbt-thcs-ea-sol"} <= set(result.candidates)


_GROUP = _office("Phòng Giáo dục và Đào tạo huyện Thủ Thừa", "pgdthuthua@example.edu.vn") + _schools(
    ("nt-ban-mai", "Nhóm trẻ độc lập Ban Mai", "nhomtrebanmai@gmail.com"),
    ("mn-ban-mai", "Trường Mầm non Ban Mai", "c0banmai@example.edu.vn"),
    ("mg-ea-sol", "Trường Mẫu giáo Ea Sol", "c0easol@example.edu.vn"),
)


@pytest.mark.parametrize(
    ("subject", "issuer", "expected"),
    [
        ("Báo cáo NQ121", "NHÓM TRẺ ĐỘC LẬP BAN MAI", "nt-ban-mai"),
        ("Báo cáo NQ121 Nhóm trẻ độc lập Ban Mai", "", "nt-ban-mai"),
        ("Báo cáo NQ121", "TRƯỜNG MẦM NON BAN MAI", "mn-ban-mai"),
    ],
)
def test_an_independent_group_of_the_list_is_credited_from_its_own_paper(
    tmp_path_factory: pytest.TempPathFactory, subject: str, issuer: str, expected: str
) -> None:
    """A «Nhóm trẻ độc lập Ban Mai» of the list was never credited from its own paper headed «NHÓM TRẺ ĐỘC
    LẬP BAN MAI» or a subject naming it, sent from another address, where «MG Ea Sol» with the same evidence
    is; the reason said its name matched no school of the list. The school of its name stays another one."""
    registry = registry_of(_GROUP, tmp_path_factory.mktemp("group"))
    # a paper without the header is about «trẻ», as a preschool's is
    paper = (
        _paper(registry.name(expected), issuer=issuer)
        if issuer
        else _paper("Trường Mầm non Hoa Hồng", named=False)
    )
    result = _match(registry, "lethibanmai88@gmail.com", subject, [paper])
    assert _assigned(result) == [expected] and result.review_reason is None


def test_a_subject_naming_a_group_by_its_alias_is_quoted_whole(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """«BC NQ121 nhom tre Ban Mai», the alias «Nhóm trẻ Ban Mai» of the «Nhóm trẻ độc lập Ban Mai», was
    quoted to staff as «nhom tre»: the words quoted were counted by the group's name, whose place is «Ban Mai»."""
    config = _GROUP.replace(
        'name = "Nhóm trẻ độc lập Ban Mai"\n',
        'name = "Nhóm trẻ độc lập Ban Mai"\naliases = ["Nhóm trẻ Ban Mai"]\n',
    )
    registry = registry_of(config, tmp_path_factory.mktemp("group-alias"))
    paper = _paper("Nhóm trẻ độc lập Ban Mai", issuer="NHÓM TRẺ ĐỘC LẬP BAN MAI")
    result = _match(registry, "lethibanmai88@gmail.com", "BC NQ121 nhom tre Ban Mai", [paper])
    [assignment] = result.assignments
    assert assignment.school_id == "nt-ban-mai"
    assert "Tiêu đề thư ghi «nhom tre Ban Mai»: Nhóm trẻ độc lập Ban Mai." in assignment.reasons


_PRIVATE = _office("UBND phường Bàn Cờ", "vhxh.banco@example.gov.vn") + _schools(
    ("nt-hoa-mai", "Nhóm trẻ độc lập Hoa Mai", "nhomtrehoamai2019@gmail.com"),
    ("mn-tt-hoa-mai", "Trường Mầm non Tư thục Hoa Mai", "mnhoamai.q3@gmail.com"),
    ("lmg-tho-ngoc", "Lớp mẫu giáo độc lập Thỏ Ngọc", "lopmgthongoc@yahoo.com"),
    ("nt-bup-be", "Nhóm trẻ độc lập Búp Bê", "nhomtrebupbe@example.com"),
)


def test_a_bare_name_shared_by_a_group_and_a_school_names_either(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """«Báo cáo NQ121 - Hoa Mai» from a personal gmail, the paper naming nothing, was credited to the Trường
    Mầm non Tư thục Hoa Mai and acknowledged to it, though the Nhóm trẻ độc lập Hoa Mai of the list bears the
    same name: a name written bare was never read as a group's. Both are candidates, and staff choose."""
    registry = registry_of(_PRIVATE, tmp_path_factory.mktemp("private"))
    paper = _paper("Trường Mầm non Hoa Hồng", named=False)
    result = _match(registry, "tranthimai1980@gmail.com", "Báo cáo NQ121 - Hoa Mai", [paper])
    assert _assigned(result) == [] and {"nt-hoa-mai", "mn-tt-hoa-mai"} <= set(result.candidates)


@pytest.mark.parametrize(
    ("sender", "subject", "issuer", "expected"),
    [
        ("tranthimai1980@gmail.com", "Báo cáo NQ121 - Hoa Mai", "NHÓM TRẺ HOA MAI", "nt-hoa-mai"),
        ("nhomtrehoamai2019@gmail.com", "Báo cáo NQ121 - Hoa Mai", "NHÓM TRẺ HOA MAI", "nt-hoa-mai"),
        ("tranthimai1980@gmail.com", "Báo cáo NQ121 - Hoa Mai", "NHÓM TRẺ ĐỘC LẬP HOA MAI", "nt-hoa-mai"),
        ("cothongoc@gmail.com", "Báo cáo NQ121 - Thỏ Ngọc", "LỚP MẪU GIÁO THỎ NGỌC", "lmg-tho-ngoc"),
        ("cothongoc@gmail.com", "Báo cáo NQ121", "LỚP MẪU GIÁO (ĐỘC LẬP) THỎ NGỌC", "lmg-tho-ngoc"),
        ("tranthimai1980@gmail.com", "Báo cáo NQ121 - Hoa Mai", "TRƯỜNG MẦM NON HOA MAI", "mn-tt-hoa-mai"),
    ],
)
def test_a_paper_headed_by_a_group_is_the_groups_beside_a_school_of_its_name(
    tmp_path_factory: pytest.TempPathFactory, sender: str, subject: str, issuer: str, expected: str
) -> None:
    """A paper headed «NHÓM TRẺ HOA MAI» under «Báo cáo NQ121 - Hoa Mai» was credited to the Trường Mầm non
    Tư thục Hoa Mai, the header unread, or from the group's own address waited as contradicting it; a header
    «LỚP MẪU GIÁO THỎ NGỌC» matched no school of the list. A header opening with «Nhóm trẻ» or «Lớp mẫu giáo»
    names an independent group, which a school's class never heads a paper as."""
    registry = registry_of(_PRIVATE, tmp_path_factory.mktemp("private-header"))
    result = _match(registry, sender, subject, [_paper(registry.name(expected), issuer=issuer)])
    assert _assigned(result) == [expected] and result.review_reason is None


def test_a_groups_bare_name_alone_offers_the_group(tmp_path_factory: pytest.TempPathFactory) -> None:
    """«Báo cáo NQ121 Búp Bê», the Nhóm trẻ độc lập Búp Bê the only Búp Bê of the list, waited with no
    candidate, staff told the mail named no school."""
    registry = registry_of(_PRIVATE, tmp_path_factory.mktemp("private-bare"))
    paper = _paper("Trường Mầm non Hoa Hồng", named=False)
    result = _match(registry, "bupbe.nhomtre@gmail.com", "Báo cáo NQ121 Búp Bê", [paper])
    assert "nt-bup-be" in [*_assigned(result), *result.candidates]
    assert "không ghi tên trường nào" not in (result.review_reason or "")


_CAMPUSES = _office("UBND phường Bàn Cờ", "vhxh.banco@example.gov.vn") + _schools(
    ("mn-tt-ngoi-sao-nho-1", "Trường Mầm non Tư thục Ngôi Sao Nhỏ", "cs1@ngoisaonho.edu.vn"),
    ("mn-tt-ngoi-sao-nho-2", "Trường Mầm non Tư thục Ngôi Sao Nhỏ 2", "cs2@ngoisaonho.edu.vn"),
    ("mn-tt-ngoi-sao-nho-3", "Trường Mầm non Tư thục Ngôi Sao Nhỏ 3", "cs3@ngoisaonho.edu.vn"),
)


@pytest.mark.parametrize(
    ("subject", "name", "issuer", "credited"),
    [
        ("Báo cáo NQ121 - MN Ngôi Sao Nhỏ cơ sở 2", "BC NQ121.docx", "", True),
        ("Báo cáo NQ121 - MN Ngôi Sao Nhỏ CS2", "BC NQ121.docx", "", True),
        ("Báo cáo NQ121 - MN Ngôi Sao Nhỏ CS 2", "BC NQ121.docx", "", True),
        ("Báo cáo NQ121", "BC NQ121.docx", "TRƯỜNG MẦM NON TƯ THỤC NGÔI SAO NHỎ - CƠ SỞ 2", True),
        ("Báo cáo NQ121", "BC_MN_NgoiSaoNho_CS2.docx", "", False),  # a file's name alone decides nothing
    ],
)
def test_a_campus_written_after_the_name_is_the_school_of_that_number(
    tmp_path_factory: pytest.TempPathFactory, subject: str, name: str, issuer: str, credited: bool
) -> None:
    """«Báo cáo NQ121 - MN Ngôi Sao Nhỏ cơ sở 2» (or «… CS2») from a gmail was credited to the Trường Mầm non
    Tư thục Ngôi Sao Nhỏ, campus 1, and acknowledged to it, though the list has Ngôi Sao Nhỏ 2: the campus
    words were dropped and the bare name fitted the first campus in full. So in a header or a file's name."""
    registry = registry_of(_CAMPUSES, tmp_path_factory.mktemp("campuses"))
    paper = (
        _paper("Trường Mầm non Tư thục Ngôi Sao Nhỏ 2", name, issuer=issuer)
        if issuer
        else _paper("Trường Mầm non Hoa Hồng", name, named=False)
    )
    result = _match(registry, "cs.nsn@gmail.com", subject, [paper])
    if credited:
        assert _assigned(result) == ["mn-tt-ngoi-sao-nho-2"] and result.review_reason is None
    else:
        assert _assigned(result) == [] and result.candidates == ("mn-tt-ngoi-sao-nho-2",)


def test_a_campus_the_list_has_no_school_for_is_never_the_first_campus(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """«… Ngôi Sao Nhỏ cơ sở 4», no Ngôi Sao Nhỏ 4 on the list: not credited to campus 1 by its bare name."""
    registry = registry_of(_CAMPUSES, tmp_path_factory.mktemp("campuses-4"))
    paper = _paper("Trường Mầm non Hoa Hồng", named=False)
    result = _match(registry, "cs.nsn@gmail.com", "Báo cáo NQ121 - MN Ngôi Sao Nhỏ cơ sở 4", [paper])
    assert _assigned(result) == [] and result.review_reason is not None
    assert "ghi cơ sở 4, danh sách không có trường riêng của cơ sở ấy" in result.review_reason


@pytest.mark.parametrize(
    "subject",
    [
        "Báo cáo NQ121 - Hệ thống MN Ngôi Sao Nhỏ",
        "Báo cáo NQ121 - Hệ thống trường Ngôi Sao Nhỏ",
        "Báo cáo NQ121 - Hệ thống giáo dục Ngôi Sao Nhỏ",
    ],
)
def test_a_chain_in_the_subject_names_none_of_its_campuses(
    tmp_path_factory: pytest.TempPathFactory, subject: str
) -> None:
    """The company owning three campuses sent their papers, each headed by its campus, under «Báo cáo NQ121 -
    Hệ thống MN Ngôi Sao Nhỏ»: the chain was read as campus 1's name, so only campus 1 was credited and the
    other two waited as papers perhaps sent by mistake. Each paper is its own campus's."""
    registry = registry_of(_CAMPUSES, tmp_path_factory.mktemp("chain"))
    ids = ("mn-tt-ngoi-sao-nho-1", "mn-tt-ngoi-sao-nho-2", "mn-tt-ngoi-sao-nho-3")
    papers = [
        _paper(
            registry.name(school),
            f"NQ121_NgoiSaoNho_CoSo{n}.docx",
            seed=n,
            issuer=registry.name(school).upper(),
        )
        for n, school in enumerate(ids, 1)
    ]
    result = _match(registry, "ketoan@ngoisaonho.vn", subject, papers)
    assert sorted(_assigned(result)) == list(ids) and result.review_reason is None
