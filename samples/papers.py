"""A school's NQ121 report as data (Nghị định 30/2020/NĐ-CP layout), with the facts it states."""

from __future__ import annotations

import datetime as dt
import random
import re
from dataclasses import dataclass

from kernel.schoolnames import place_initials
from parsers.text import fold

SECTION_IDS = ("chi_dao", "ket_qua", "kho_khan", "de_xuat")
STYLES = ("roman", "phan", "roman_dash", "arabic", "plain")

# Communes of Thủ Thừa before July 2025 (docs/vietnamese.md); a school outside them writes the district.
COMMUNES = (
    "Bình An", "Bình Thạnh", "Long Thạnh", "Long Thuận", "Mỹ An", "Mỹ Lạc", "Mỹ Phú",
    "Mỹ Thạnh", "Nhị Thành", "Tân Long", "Tân Thành",
)  # fmt: skip
# Long Thành was merged into Tân Long in 2020; its school keeps the old name but sits in Tân Long.
_MERGED = {"Long Thành": ("Tân Long", 2020)}

_HEADINGS = {
    "chi_dao": (
        "Công tác chỉ đạo, triển khai",
        "Công tác triển khai, quán triệt",
        "Công tác chỉ đạo, hướng dẫn thực hiện",
    ),
    "ket_qua": ("Kết quả thực hiện", "Kết quả đạt được", "Kết quả triển khai"),
    "kho_khan": (
        "Khó khăn, vướng mắc",
        "Tồn tại, hạn chế",
        "Thuận lợi, khó khăn",
        "Tồn tại, hạn chế và nguyên nhân",
    ),
    "de_xuat": ("Đề xuất, kiến nghị", "Kiến nghị, đề xuất"),
}
_MERGED_HEADINGS = ("Khó khăn và đề xuất", "Khó khăn, vướng mắc và kiến nghị")
_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII")

# (prefix in the configured name, level code, full capital form, short capital form, preschool?)
_LEVELS = (
    ("Trường Mầm non tư thục", "MN", "TRƯỜNG MẦM NON TƯ THỤC", "TRƯỜNG MN TƯ THỤC", True),
    ("Trường Mầm non", "MN", "TRƯỜNG MẦM NON", "TRƯỜNG MN", True),
    ("Trường Mẫu giáo", "MG", "TRƯỜNG MẪU GIÁO", "TRƯỜNG MG", True),
    ("Trường Tiểu học và THCS", "THTHCS", "TRƯỜNG TIỂU HỌC VÀ THCS", "TRƯỜNG TH&THCS", False),
    ("Trường TH&THCS", "THTHCS", "TRƯỜNG TIỂU HỌC VÀ THCS", "TRƯỜNG TH&THCS", False),
    ("Trường Tiểu học", "TH", "TRƯỜNG TIỂU HỌC", "TRƯỜNG TH", False),
    ("Trường THCS", "THCS", "TRƯỜNG TRUNG HỌC CƠ SỞ", "TRƯỜNG THCS", False),
    ("Trường THPT", "THPT", "TRƯỜNG TRUNG HỌC PHỔ THÔNG", "TRƯỜNG THPT", False),
)

_SURNAMES = (
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Huỳnh",
    "Võ",
    "Phan",
    "Trương",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
)
_FEMALE = (
    ("Thị", "Ngọc", "Thanh", "Kim", "Thị Mỹ", "Thị Ngọc"),
    ("Hồng", "Lan", "Hà", "Mai", "Tuyết", "Phượng", "Diễm", "Hạnh", "Loan", "Thảo", "Nhung", "Trang", "Yến"),
)
_MALE = (
    ("Văn", "Minh", "Hoàng", "Quốc", "Thành", "Hữu", "Công"),
    ("Hùng", "Dũng", "Tâm", "Phước", "Lộc", "Hải", "Tuấn", "Nghĩa", "Khoa", "Trung", "Sơn"),
)


@dataclass(frozen=True)
class Expected:
    """What a careful reader finds in the paper: the checks for parser tests."""

    year: int
    section_ids: tuple[str, ...]  # of SECTION_IDS, in order; a merged heading counts for both ids
    headings: tuple[tuple[str, str], ...]  # (section id, heading as printed)
    figures: tuple[tuple[str, int], ...]  # (figure id, value stated in a sentence)
    school_named: bool  # False when neither header nor text names the school

    def figure(self, figure_id: str) -> int | None:
        return dict(self.figures).get(figure_id)

    def heading(self, section_id: str) -> str | None:
        return dict(self.headings).get(section_id)


@dataclass(frozen=True)
class Paper:
    """An official report as laid out on paper; blank strings mean the part is absent."""

    parent_body: str  # "PHÒNG GD&ĐT THỦ THỪA"
    issuer: str  # "TRƯỜNG TIỂU HỌC BÌNH THẠNH 1"
    number: str  # "45/BC-THBT1" or "   /BC-THBT1"
    place: str  # "Bình Thạnh"
    date: dt.date
    kind: str  # "BÁO CÁO"
    summary: tuple[str, ...]  # the trích yếu lines under the kind
    to: str  # "Kính gửi" addressee, or ""
    preamble: tuple[str, ...]  # paragraphs before the first heading
    sections: tuple[tuple[str, tuple[str, ...]], ...]  # (heading as printed, paragraphs)
    signer_role: str  # "HIỆU TRƯỞNG" or "KT. HIỆU TRƯỞNG\nPHÓ HIỆU TRƯỞNG"
    signer_name: str
    recipients: tuple[str, ...]  # "Nơi nhận:" items, "- ...;" ending "- Lưu: VT."
    expected: Expected

    @property
    def date_line(self) -> str:
        d = self.date
        return f"{self.place}, ngày {d.day} tháng {d.month} năm {d.year}"


@dataclass(frozen=True)
class _School:
    level: str  # "MN", "MG", "TH", "THCS", "THTHCS", "THPT" or ""
    full: str  # capital issuer forms
    short: str
    commune: str  # the place part of the name: "Bình Thạnh"
    suffix: str  # "1", "A" or ""
    preschool: bool


def person_name(rng: random.Random, *, female: bool | None = None) -> str:
    """A plausible Vietnamese full name such as "Nguyễn Thị Hồng"."""
    if female is None:
        female = rng.random() < 0.7  # most teachers and clerks are women
    middles, givens = _FEMALE if female else _MALE
    return f"{rng.choice(_SURNAMES)} {rng.choice(middles)} {rng.choice(givens)}"


def place_of(school_name: str, *, year: int, district: str = "Thủ Thừa") -> str:
    """Where the school dates its documents: its commune, or the district town."""
    commune = _school(school_name).commune
    if commune in _MERGED and year >= _MERGED[commune][1]:
        return _MERGED[commune][0]
    return commune if commune in COMMUNES or commune in _MERGED else district


def abbreviation(school_name: str) -> str:
    """The issuer part of a document symbol: "Trường Tiểu học Bình Thạnh 1" -> "THBT1", "Trường Tiểu học
    Phường 10" -> "THP10" (a ward's number kept whole)."""
    school = _school(school_name)
    initials = place_initials(" ".join(w for w in fold(school.commune).split() if w[0].isalnum())).upper()
    return f"{school.level}{initials}{school.suffix}"


def short_name(school_name: str) -> str:
    """How staff write a school in a subject line: "Trường Tiểu học Bình Thạnh 1" -> "TH Bình Thạnh 1"."""
    for prefix, _level, _full, short, _preschool in _LEVELS:
        if fold(school_name).startswith(fold(prefix) + " "):
            return f"{short.removeprefix('TRƯỜNG ').replace(' TƯ THỤC', '')} {school_name[len(prefix) :].strip()}"
    return school_name.removeprefix("Trường ").strip()


def make_paper(
    school_name: str,
    *,
    year: int,
    rng: random.Random,
    style: str | None = None,
    sections: tuple[str, ...] | None = None,
    date: dt.date | None = None,
    named: bool = True,
    district: str = "Thủ Thừa",
) -> Paper:
    """A realistic NQ121 report of one school for one year.

    sections lists the section ids present (default all four); named=False makes a paper whose
    header and text never name the school (a cropped scan), as seen in ambiguous submissions.
    """
    style = style or rng.choice(STYLES)
    if style not in STYLES:
        raise ValueError(f'style must be one of {", ".join(STYLES)}, got "{style}"')
    wanted = SECTION_IDS if sections is None else sections
    unknown = [s for s in wanted if s not in SECTION_IDS]
    if unknown:
        raise ValueError(f"unknown section ids {unknown}; known: {', '.join(SECTION_IDS)}")
    school = _school(school_name)
    date = date or dt.date(year, 10, rng.randint(5, 24))
    words = _Words(school.preschool)
    figures: dict[str, int] = {}

    bodies = {
        "chi_dao": _chi_dao(rng, year, abbreviation(school_name) if named else "", words, figures),
        "ket_qua": _ket_qua(rng, year, words, figures, style),
        "kho_khan": _kho_khan(rng, words),
        "de_xuat": _de_xuat(rng, district),
    }
    merge = "kho_khan" in wanted and "de_xuat" in wanted and rng.random() < 0.2
    upper = style in ("phan", "plain") or rng.random() < 0.5
    printed: list[tuple[str, tuple[str, ...]]] = []
    headings: list[tuple[str, str]] = []
    for section_id in SECTION_IDS:
        if section_id not in wanted or (merge and section_id == "de_xuat"):
            continue
        if merge and section_id == "kho_khan":
            title = rng.choice(_MERGED_HEADINGS)
            paragraphs = bodies["kho_khan"] + bodies["de_xuat"]
        else:
            title = rng.choice(_HEADINGS[section_id])
            paragraphs = bodies[section_id]
        if section_id == "kho_khan" and rng.random() < 0.25:
            printed.append((_number(len(printed), style, "Đánh giá chung", upper), (_overall(rng, words),)))
        if section_id == "de_xuat" and rng.random() < 0.3:
            printed.append(
                (
                    _number(len(printed), style, "Phương hướng, nhiệm vụ thời gian tới", upper),
                    _plans(rng, words),
                )
            )
        heading = _number(len(printed), style, title, upper)
        printed.append((heading, paragraphs))
        headings.append((section_id, heading))
        if merge and section_id == "kho_khan":
            headings.append(("de_xuat", heading))
    # Figures stated in sections that were left out are not in the paper.
    figures = {k: v for k, v in figures.items() if _figure_section(k) in wanted}

    issuer = school.full if rng.random() < 0.6 else school.short
    abbr = abbreviation(school_name)
    number = f"   /BC-{abbr}" if rng.random() < 0.3 else f"{rng.randint(1, 60):02d}/BC-{abbr}"
    parent = rng.choice((f"PHÒNG GD&ĐT {district.upper()}", f"UBND HUYỆN {district.upper()}"))
    if school.level == "" and not school.commune:
        parent = ""
    if named:
        opener = f"{school_name} báo cáo kết quả thực hiện như sau:"
    else:
        opener = "Đơn vị báo cáo kết quả thực hiện như sau:"
        issuer, parent, number = "", "", ""
    deputy = rng.random() < 0.3
    return Paper(
        parent_body=parent,
        issuer=issuer,
        number=number,
        place=place_of(school_name, year=year, district=district),
        date=date,
        kind="BÁO CÁO",
        summary=_summary(rng, year),
        to=f"Phòng Giáo dục và Đào tạo huyện {district}." if rng.random() < 0.5 else "",
        preamble=(_basis(rng, year, district), opener),
        sections=tuple(printed),
        signer_role="KT. HIỆU TRƯỞNG\nPHÓ HIỆU TRƯỞNG" if deputy else "HIỆU TRƯỞNG",
        signer_name=person_name(rng),
        recipients=(
            f"- Phòng GD&ĐT {district} (b/c);",
            rng.choice(("- Ban Giám hiệu;", "- BGH, Công đoàn;", "- Tổ chủ nhiệm;")),
            "- Lưu: VT.",
        ),
        expected=Expected(
            year=year,
            section_ids=tuple(s for s in SECTION_IDS if s in wanted),
            headings=tuple(headings),
            figures=tuple(sorted(figures.items())),
            school_named=named,
        ),
    )


def _school(name: str) -> _School:
    for prefix, level, full, short, preschool in _LEVELS:
        if fold(name).startswith(fold(prefix) + " "):
            rest = name[len(prefix) :].strip()
            match = re.fullmatch(r"(.+?)\s+(\d|[A-D])", rest)
            commune, suffix = (match.group(1), match.group(2)) if match else (rest, "")
            if commune.lower().startswith("thị trấn "):
                commune = commune[len("thị trấn ") :]
            return _School(
                level, f"{full} {rest.upper()}", f"{short} {rest.upper()}", commune, suffix, preschool
            )
    return _School("", name.upper(), name.upper(), "", "", False)


def _number(index: int, style: str, title: str, upper: bool) -> str:
    text = title.upper() if upper else title
    roman = _ROMAN[index]
    return {
        "roman": f"{roman}. {text}",
        "phan": f"PHẦN {roman}. {title.upper()}",
        "roman_dash": f"{roman}- {text}",
        "arabic": f"{index + 1}. {text}",
        "plain": title.upper(),
    }[style]


def _figure_section(figure_id: str) -> str:
    return "chi_dao" if figure_id in ("can_bo", "ban_chi_dao") else "ket_qua"


def _amount(value: int) -> str:
    """Vietnamese thousands separator: 1.250."""
    return f"{value:,}".replace(",", ".")


class _Words:
    """Wording that differs between preschools (trẻ) and schools (học sinh)."""

    def __init__(self, preschool: bool) -> None:
        self.pupils = "trẻ" if preschool else "học sinh"
        self.lessons = "hoạt động lồng ghép" if preschool else "tiết dạy lồng ghép"
        self.classes = "nhóm, lớp" if preschool else "lớp"


def _basis(rng: random.Random, year: int, district: str) -> str:
    number = rng.randint(300, 1900)
    day, month = rng.randint(1, 28), rng.choice((9, 10))
    return rng.choice(
        (
            f"Thực hiện Công văn số {number}/PGDĐT ngày {day}/{month}/{year} của Phòng Giáo dục và Đào tạo "
            f"huyện {district} về việc báo cáo kết quả thực hiện Nghị quyết số 121/2020/QH14 của Quốc hội;",
            f"Căn cứ Kế hoạch số {number}/KH-PGDĐT ngày {day}/{month}/{year} của Phòng GD&ĐT {district} về "
            "triển khai thực hiện Nghị quyết số 121/2020/QH14 ngày 19/6/2020 của Quốc hội về tiếp tục tăng "
            "cường hiệu lực, hiệu quả việc thực hiện chính sách, pháp luật về phòng, chống xâm hại trẻ em;",
        )
    )


def _summary(rng: random.Random, year: int) -> tuple[str, ...]:
    return rng.choice(
        (
            (
                "Kết quả thực hiện Nghị quyết số 121/2020/QH14 của Quốc hội về tiếp tục tăng cường",
                "hiệu lực, hiệu quả việc thực hiện chính sách, pháp luật về phòng, chống xâm hại trẻ em",
                f"năm {year}",
            ),
            (
                "Kết quả triển khai thực hiện Nghị quyết 121/2020/QH14",
                f"về phòng, chống xâm hại trẻ em năm {year}",
            ),
            (
                "Về việc thực hiện công tác phòng, chống xâm hại trẻ em",
                f"theo Nghị quyết số 121/2020/QH14 năm học {year}-{year + 1}",
            ),
            (
                "Sơ kết thực hiện Nghị quyết số 121/2020/QH14 ngày 19/6/2020 của Quốc hội",
                "về phòng, chống xâm hại trẻ em",
            ),
        )
    )


def _chi_dao(
    rng: random.Random, year: int, abbr: str, words: _Words, figures: dict[str, int]
) -> tuple[str, ...]:
    staff = rng.randint(18, 75)
    board = rng.randint(5, 11)
    figures["can_bo"] = staff
    figures["ban_chi_dao"] = board
    plan = f"Kế hoạch số {rng.randint(3, 40):02d}/KH-{abbr}" if abbr else "Kế hoạch"
    paragraphs = [
        f"Nhà trường xây dựng {plan} ngày {rng.randint(5, 28)}/9/{year} về thực hiện công tác phòng, chống xâm hại trẻ em; lồng ghép "
        "nội dung Nghị quyết số 121/2020/QH14 vào kế hoạch năm học.",
        f"Kiện toàn Ban chỉ đạo công tác phòng, chống xâm hại trẻ em gồm {board} thành viên do Hiệu trưởng "
        "làm Trưởng ban, phân công nhiệm vụ cụ thể cho từng thành viên.",
        f"Tổ chức quán triệt Nghị quyết đến 100% cán bộ, giáo viên, nhân viên ({staff} người) trong buổi họp "
        f"hội đồng sư phạm tháng {rng.choice((8, 9))}/{year}.",
    ]
    if rng.random() < 0.5:
        paragraphs.append(
            "Phân công giáo viên chủ nhiệm theo dõi, nắm bắt tình hình "
            f"{words.pupils} ở từng {words.classes}, kịp thời báo cáo những trường hợp có dấu hiệu bất thường."
        )
    return tuple(_bulleted(rng, paragraphs))


def _ket_qua(
    rng: random.Random, year: int, words: _Words, figures: dict[str, int], style: str
) -> tuple[str, ...]:
    sessions = rng.randint(4, 24)
    reached = rng.randint(120, 1400)
    parents = rng.randint(80, 650)
    lessons = rng.randint(10, 60)
    counselling = rng.randint(0, 15)
    special = rng.randint(0, 8)
    checks = rng.randint(1, 4)
    incidents = 1 if rng.random() < 0.06 else 0
    figures.update(
        buoi_tuyen_truyen=sessions,
        nguoi_tham_gia=reached,
        phu_huynh=parents,
        tiet_ky_nang=lessons,
        tu_van=counselling,
        tre_hoan_canh=special,
        kiem_tra=checks,
        vu_xam_hai=incidents,
    )
    propaganda = [
        f"Tổ chức {sessions} buổi tuyên truyền cho {_amount(reached)} lượt {words.pupils} về kỹ năng nhận biết, "
        "phòng tránh nguy cơ bị xâm hại, kỹ năng tự bảo vệ bản thân.",
        f"Tuyên truyền đến {_amount(parents)} lượt phụ huynh thông qua các cuộc họp phụ huynh đầu năm và nhóm "
        "Zalo của lớp.",
        "Phổ biến số điện thoại Tổng đài quốc gia bảo vệ trẻ em 111 trên bảng tin, cổng trường và trang "
        "thông tin điện tử của nhà trường.",
    ]
    care = [
        f"Lồng ghép nội dung giáo dục kỹ năng sống, phòng chống xâm hại vào {lessons} {words.lessons}.",
        f"Tư vấn, hỗ trợ tâm lý cho {counselling} trường hợp {words.pupils} có biểu hiện bất thường."
        if counselling
        else f"Trong năm chưa có trường hợp {words.pupils} cần tư vấn tâm lý.",
        f"Nhà trường có {special} trẻ em có hoàn cảnh đặc biệt, đã được theo dõi, hỗ trợ kịp thời."
        if special
        else "Nhà trường không có trẻ em có hoàn cảnh đặc biệt.",
        f"Ban chỉ đạo tổ chức {checks} đợt kiểm tra việc thực hiện công tác phòng, chống xâm hại trẻ em tại "
        f"các {words.classes}.",
    ]
    outcome = (
        f"Trong năm {year}, nhà trường xảy ra 1 vụ xâm hại trẻ em; nhà trường đã phối hợp với Công an xã và gia "
        "đình xử lý kịp thời, hỗ trợ tâm lý cho em."
        if incidents
        else rng.choice(
            (
                f"Trong năm {year}, nhà trường không xảy ra vụ xâm hại trẻ em nào.",
                f"Không xảy ra vụ xâm hại trẻ em nào trong và ngoài nhà trường đối với {words.pupils} của trường.",
            )
        )
    )
    if style in ("roman", "phan") and rng.random() < 0.5:
        return (
            "1. Công tác tuyên truyền, giáo dục",
            *_bulleted(rng, propaganda),
            "2. Công tác phòng ngừa, hỗ trợ, can thiệp",
            *_bulleted(rng, care),
            "3. Tình hình xâm hại trẻ em",
            outcome,
        )
    if style == "arabic" and rng.random() < 0.5:
        return ("a) Công tác tuyên truyền", *_bulleted(rng, propaganda), "b) Công tác hỗ trợ", *care, outcome)
    return tuple(_bulleted(rng, propaganda + care)) + (outcome,)


def _kho_khan(rng: random.Random, words: _Words) -> tuple[str, ...]:
    pool = [
        f"Một số phụ huynh đi làm ăn xa, {words.pupils} ở với ông bà nên việc phối hợp giữa gia đình và nhà "
        "trường còn hạn chế.",
        "Nhà trường chưa có phòng tư vấn tâm lý riêng, giáo viên làm công tác tư vấn còn kiêm nhiệm.",
        "Giáo viên chưa được tập huấn chuyên sâu về kỹ năng nhận biết dấu hiệu trẻ bị xâm hại.",
        "Kinh phí dành cho công tác tuyên truyền còn hạn chế.",
    ]
    chosen = rng.sample(pool, rng.randint(1, 3))
    if rng.random() < 0.3:
        return (
            "Thuận lợi: Được sự quan tâm của lãnh đạo Phòng GD&ĐT, chính quyền địa phương và sự đồng thuận "
            "của phụ huynh.",
            "Khó khăn: " + " ".join(chosen),
        )
    return tuple(_bulleted(rng, chosen))


def _de_xuat(rng: random.Random, district: str) -> tuple[str, ...]:
    if rng.random() < 0.15:
        return ("Không có.",)
    pool = [
        f"Đề nghị Phòng GD&ĐT {district} tổ chức tập huấn kỹ năng tư vấn tâm lý học đường cho giáo viên.",
        "Đề nghị cấp tài liệu tuyên truyền về phòng, chống xâm hại trẻ em cho các trường.",
        "Kiến nghị chính quyền địa phương tăng cường phối hợp quản lý trẻ em ngoài giờ học.",
    ]
    return tuple(_bulleted(rng, rng.sample(pool, rng.randint(1, 2))))


def _overall(rng: random.Random, words: _Words) -> str:
    return (
        "Nhìn chung, công tác phòng, chống xâm hại trẻ em được nhà trường quan tâm, triển khai đồng bộ; "
        f"{words.pupils} được trang bị kiến thức, kỹ năng tự bảo vệ bản thân."
    )


def _plans(rng: random.Random, words: _Words) -> tuple[str, ...]:
    return tuple(
        _bulleted(
            rng,
            [
                "Tiếp tục tuyên truyền, quán triệt Nghị quyết số 121/2020/QH14 đến cán bộ, giáo viên, phụ huynh.",
                f"Tăng cường giáo dục kỹ năng sống, kỹ năng tự bảo vệ cho {words.pupils}.",
            ],
        )
    )


def _bulleted(rng: random.Random, paragraphs: list[str]) -> list[str]:
    mark = rng.choice(("- ", "+ ", "", "- "))
    return [mark + p for p in paragraphs]


# Other papers schools send the same office in the same weeks: (kind, symbol, summary, section titles).
_OTHER_TOPICS = (
    ("BÁO CÁO", "BC", "Sơ kết học kỳ I năm học {y}-{y1}", ("Đặc điểm tình hình", "Kết quả thực hiện nhiệm vụ", "Phương hướng học kỳ II")),
    ("KẾ HOẠCH", "KH", "Tuyển sinh năm học {y1}-{y2}", ("Mục đích, yêu cầu", "Chỉ tiêu tuyển sinh", "Tổ chức thực hiện")),
    ("BÁO CÁO", "BC", "Thống kê số liệu đầu năm học {y}-{y1}", ("Số lớp, số học sinh", "Đội ngũ cán bộ, giáo viên", "Cơ sở vật chất")),
    ("BÁO CÁO", "BC", "Kết quả công tác phổ cập giáo dục, xóa mù chữ năm {y}", ("Kết quả thực hiện", "Khó khăn, vướng mắc", "Đề xuất, kiến nghị")),
    ("KẾ HOẠCH", "KH", "Tổ chức Hội thi giáo viên dạy giỏi cấp trường năm học {y}-{y1}", ("Mục đích, yêu cầu", "Nội dung, hình thức", "Tổ chức thực hiện")),
    ("BÁO CÁO", "BC", "Công tác y tế trường học đầu năm học {y}-{y1}", ("Công tác chỉ đạo", "Kết quả khám sức khỏe", "Đề xuất")),
)  # fmt: skip
OTHER_TOPICS = tuple(t[2] for t in _OTHER_TOPICS)


def make_other_paper(school_name: str, *, year: int, rng: random.Random, topic: int | None = None) -> Paper:
    """A paper of another kind (semester report, enrolment plan...) that must not be taken for NQ121."""
    kind, symbol, summary, titles = _OTHER_TOPICS[
        rng.randrange(len(_OTHER_TOPICS)) if topic is None else topic
    ]
    school = _school(school_name)
    words = _Words(school.preschool)
    abbr = abbreviation(school_name)
    filler = (
        f"Toàn trường có {rng.randint(8, 36)} {words.classes} với {_amount(rng.randint(150, 1300))} {words.pupils}; "
        f"{rng.randint(15, 70)} cán bộ, giáo viên, nhân viên.",
        "Nhà trường triển khai đầy đủ các văn bản chỉ đạo của cấp trên, phân công nhiệm vụ cụ thể cho các tổ.",
        f"Tỷ lệ huy động {words.pupils} đạt {rng.randint(95, 100)}% so với kế hoạch.",
        "Cơ sở vật chất cơ bản đáp ứng yêu cầu; một số phòng học xuống cấp cần sửa chữa.",
    )
    sections = tuple(
        (_number(i, "roman", title, False), tuple(_bulleted(rng, rng.sample(list(filler), 2))))
        for i, title in enumerate(titles)
    )
    return Paper(
        parent_body="PHÒNG GD&ĐT THỦ THỪA",
        issuer=school.full,
        number=f"{rng.randint(1, 90):02d}/{symbol}-{abbr}",
        place=place_of(school_name, year=year),
        date=dt.date(year, rng.choice((9, 10, 11)), rng.randint(1, 28)),
        kind=kind,
        summary=(summary.format(y=year, y1=year + 1, y2=year + 2),),
        to="",
        preamble=(f"{school_name} {'báo cáo' if symbol == 'BC' else 'xây dựng kế hoạch'} như sau:",),
        sections=sections,
        signer_role="HIỆU TRƯỞNG",
        signer_name=person_name(rng),
        recipients=("- Phòng GD&ĐT (b/c);", "- Lưu: VT."),
        expected=Expected(year=year, section_ids=(), headings=(), figures=(), school_named=True),
    )


def make_plan(school_name: str, *, year: int, rng: random.Random, district: str = "Thủ Thừa") -> Paper:
    """The school's plan (KẾ HOẠCH) for carrying out NQ121 in a school year.

    It names the resolution as often as the report does and promises a report, but it is the plan that
    comes before the report and must never be taken for it.
    """
    school = _school(school_name)
    words = _Words(school.preschool)
    style = rng.choice(("roman", "arabic"))
    aims = (
        "Quán triệt Nghị quyết số 121/2020/QH14 của Quốc hội đến toàn thể cán bộ, giáo viên, nhân viên.",
        f"Nâng cao nhận thức của cha mẹ và {words.pupils} về phòng, chống xâm hại trẻ em.",
    )
    means = (
        f"Tuyên truyền về phòng, chống xâm hại trẻ em trong các buổi chào cờ và họp cha mẹ {words.pupils}.",
        f"Lồng ghép giáo dục kỹ năng tự bảo vệ cho {words.pupils} trong các {words.lessons}.",
        "Phổ biến Tổng đài quốc gia bảo vệ trẻ em 111 đến cha mẹ và giáo viên.",
    )
    tasks = (
        "Hiệu trưởng chỉ đạo chung; các tổ chuyên môn xây dựng nội dung lồng ghép.",
        f"Báo cáo kết quả thực hiện về Phòng GD&ĐT {district} chậm nhất ngày 25/10/{year}.",
    )
    titles = ("Mục đích, yêu cầu", "Nội dung, biện pháp thực hiện", "Tổ chức thực hiện")
    sections = tuple(
        (_number(i, style, title, False), tuple(_bulleted(rng, list(paragraphs))))
        for i, (title, paragraphs) in enumerate(zip(titles, (aims, means, tasks), strict=True))
    )
    return Paper(
        parent_body=f"PHÒNG GD&ĐT {district.upper()}",
        issuer=school.full,
        number=f"{rng.randint(1, 40):02d}/KH-{abbreviation(school_name)}",
        place=place_of(school_name, year=year, district=district),
        date=dt.date(year, 9, rng.randint(8, 28)),
        kind="KẾ HOẠCH",
        summary=(
            "Triển khai thực hiện Nghị quyết số 121/2020/QH14 của Quốc hội",
            f"về phòng, chống xâm hại trẻ em năm học {year}-{year + 1}",
        ),
        to="",
        preamble=(_basis(rng, year, district), f"{school_name} xây dựng kế hoạch thực hiện như sau:"),
        sections=sections,
        signer_role="HIỆU TRƯỞNG",
        signer_name=person_name(rng),
        recipients=(f"- Phòng GD&ĐT {district} (b/c);", "- Các tổ chuyên môn;", "- Lưu: VT."),
        expected=Expected(year=year, section_ids=(), headings=(), figures=(), school_named=True),
    )
