"""Vietnamese persons' names as documents write them: surnames, a name's words, a name alone on its line."""

from __future__ import annotations

from parsers.text import fold

_LONGEST_LINE = 1000  # of a line, what is looked at: a longer one is body text, no name

SURNAMES = frozenset(
    fold(s)
    for s in (
        "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đinh Đoàn Lâm Mai "
        "Trương Đào Cao Lương Hà Tạ Châu Quách Tô Thái Lưu Trịnh Kiều La Diệp Từ Tăng Hứa Lữ Triệu "
        "Mạc Giang Tiêu Nông Phùng Khúc Tôn Thân Chu Lục Ông Vương Doãn Âu Quan Nghiêm Lại Kha Viên "
        "Bạch Sơn Thạch Kim Danh Văn Khổng Đàm Ninh Hàn Phó Vi Trình Lò Lã Mã Cù Ma"
    ).split()
)
_NOT_NAMES = frozenset(
    "phong truong uy ban so bo noi nhan luu nhu tren kinh gui tran trong tm kt tl hieu cong hoa xa "
    "doc lap huyen tinh thi tran giao duc dao tao mam non tieu hoc trung".split()
)

# Two words no person's name holds, with their marks (the marks tell "Lê Chí Đạo" from "chỉ đạo", "Nguyễn"
# from "nguyên"): the headings of a report's sections and its common words. A one-page photo read by OCR
# ends on such a heading ("NGUYÊN NHÂN", "Đánh Giá Chung"), whose first word folds to a surname.
_REPORT_PHRASES = frozenset(
    (
        "nguyên nhân",
        "đánh giá",
        "kết quả",
        "khó khăn",
        "thuận lợi",
        "hạn chế",
        "tồn tại",
        "ưu điểm",
        "phương hướng",
        "nhiệm vụ",
        "giải pháp",
        "đề xuất",
        "kiến nghị",
        "vướng mắc",
        "báo cáo",
        "kết luận",
        "tổng kết",
        "công tác",
        "thực hiện",
        "triển khai",
        "chỉ đạo",
        "quán triệt",
        "nội dung",
        "mục tiêu",
        "yêu cầu",
        "tuyên truyền",
        "hoạt động",
        "tình hình",
        "đặc điểm",
        "số liệu",
        "biện pháp",
        "kế hoạch",
        "hướng dẫn",
        "tổ chức",
        "chủ nghĩa",
        "việt nam",
    )
)


def name_words(words: list[str]) -> str | None:
    """The person's name the words make, in its ordinary spelling ("LÊ THỊ HỒNG" as "Lê Thị Hồng"): two to
    six capitalised words, a surname first or three words none of which a heading or an office holds; None
    for anything else."""
    if not 2 <= len(words) <= 6:
        return None
    for word in words:
        if not word.isalpha() or not word[0].isupper():
            return None
        if not (word[1:].islower() or word.isupper() or len(word) == 1):
            return None
    lower = [w.lower() for w in words]
    if any(" ".join(pair) in _REPORT_PHRASES for pair in zip(lower, lower[1:], strict=False)):
        return None
    folded = [fold(w) for w in words]
    if folded[0] in SURNAMES or (len(words) >= 3 and not _NOT_NAMES.intersection(folded)):
        name = " ".join(words)
        return name.title() if name.isupper() else name
    return None


def name_alone(line: str) -> bool:
    """Whether a line is a person's name alone in its ordinary spelling, a surname first ("Lê Thị Hồng"):
    the signer's under the closing, or a member's of a list typed one a line ("Ban chỉ đạo gồm:", "Nguyễn
    Văn An", "Lê Thị Hồng"); only the lines around it tell which."""
    words = " ".join(line.split())[:_LONGEST_LINE].strip(" .,").split()
    # Alone, a name in capitals is as likely a sub-heading («ĐÀO TẠO BỒI DƯỠNG»): only "Lê Thị Hồng".
    ordinary = all(w[1:].islower() or len(w) == 1 for w in words)
    return bool(words) and ordinary and name_words(words) is not None and fold(words[0]) in SURNAMES
