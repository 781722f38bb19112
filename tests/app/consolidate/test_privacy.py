"""No child's name in what the draft quotes: a report on child abuse never names a child upward."""

from __future__ import annotations

import pytest

from app.consolidate.privacy import hide_children


@pytest.mark.parametrize(
    ("said", "quoted"),
    [
        (
            "Kiến nghị UBND xã chỉ đạo Công an xã phối hợp xử lý trường hợp học sinh Nguyễn Văn A bị bạo hành.",
            "Kiến nghị UBND xã chỉ đạo Công an xã phối hợp xử lý trường hợp học sinh (đã ẩn tên) bị bạo hành.",
        ),
        ("Em Trần Thị Bích Ngọc lớp 5A bị bạn bắt nạt.", "Em (đã ẩn tên) lớp 5A bị bạn bắt nạt."),
        ("Học sinh lớp 3A Võ Thị Mai bị bạo hành.", "Học sinh lớp 3A (đã ẩn tên) bị bạo hành."),
        (
            "Theo dõi cháu Phạm Minh Khôi, nữ sinh Lê Thị Hoa.",
            "Theo dõi cháu (đã ẩn tên), nữ sinh (đã ẩn tên).",
        ),
        (
            "Xử lý vụ việc hoc sinh Nguyen Van An bi bao hanh.",
            "Xử lý vụ việc hoc sinh (đã ẩn tên) bi bao hanh.",
        ),
        # standing alone in a sentence about an incident
        (
            "Nguyễn Văn A (lớp 3A) bị cha dượng bạo hành, nhà trường đã báo Công an xã Mỹ An.",
            "(đã ẩn tên) (lớp 3A) bị cha dượng bạo hành, nhà trường đã báo Công an xã Mỹ An.",
        ),
        # a parent's name tells whose child it is
        (
            "Ông Phạm Văn Dũng (cha của em) đã trình báo Công an xã.",
            "Ông (đã ẩn tên) (cha của em) đã trình báo Công an xã.",
        ),
    ],
)
def test_a_childs_name_is_hidden(said: str, quoted: str) -> None:
    """A school's remark «…học sinh Nguyễn Văn A bị bạo hành» went verbatim into the report sent
    upward: in a report about child abuse, the victim's name must never be passed on."""
    assert hide_children(said) == quoted


@pytest.mark.parametrize(
    "said",
    [
        "Trường Tiểu học Mỹ An phối hợp với UBND xã Mỹ An và Phòng GD&ĐT Thủ Thừa.",
        "Đề nghị tổ chức tập huấn cho học sinh Trường Tiểu học Mỹ Thạnh A.",
        "Trường THCS Nguyễn Văn Trỗi tổ chức ngoại khóa tại đường Lê Văn Tám, TP. Hồ Chí Minh.",
        "Phối hợp với cô Nguyễn Thị B, giáo viên chủ nhiệm, và Hiệu trưởng Trần Văn Hùng.",
        "Liên đội phối hợp với Đội Thiếu niên Tiền phong Hồ Chí Minh tuyên truyền quyền trẻ em Việt Nam.",
        "Học sinh huyện Châu Thành A tham gia Hội thi.",
    ],
)
def test_schools_places_and_officials_keep_their_names(said: str) -> None:
    assert hide_children(said) == said
