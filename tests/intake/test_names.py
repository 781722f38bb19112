"""School names: levels and numbers parsed, places compared respecting tones only when both have them."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from intake.names import (
    EXACT_PLACE,
    TONE_PLACE,
    TYPO_PLACE,
    Mention,
    bare_province,
    compact_mentions,
    find_mentions,
    find_place_mentions,
    fit,
    fitting_places,
    issuer_mention,
    keyed_tones,
    parse_name,
    school_code,
    split_words,
    symbol_code,
)
from parsers.text import fold

PLACES = ["Bình Thạnh", "Long Thạnh", "Long Thành", "Mỹ An", "Thủ Thừa", "Tân Long", "Hoa Sen"]


@pytest.mark.parametrize(
    ("name", "level", "place", "suffix"),
    [
        ("Trường Tiểu học Bình Thạnh 1", "TH", "Bình Thạnh", "1"),
        ("Trường Tiểu học Mỹ Thạnh A", "TH", "Mỹ Thạnh", "A"),
        ("Trường Mầm non Thị trấn Thủ Thừa", "MN", "Thủ Thừa", ""),
        ("Trường Mầm non tư thục Hoa Sen", "MN", "Hoa Sen", ""),
        ("Trường Mẫu giáo Long Thành", "MG", "Long Thành", ""),
        ("Trường THCS Mỹ An", "THCS", "Mỹ An", ""),
        ("Trường Trung học cơ sở Mỹ An", "THCS", "Mỹ An", ""),
        ("Trường TH&THCS Tân Long", "TH&THCS", "Tân Long", ""),
        ("Trường Tiểu học và THCS Tân Long", "TH&THCS", "Tân Long", ""),
        ("TH Thủ Thừa", "TH", "Thủ Thừa", ""),
        ("Trường Bình An", None, "Bình An", ""),
    ],
)
def test_configured_names_parse_into_level_place_and_number(
    name: str, level: str | None, place: str, suffix: str
) -> None:
    parsed = parse_name(name)
    assert (parsed.level, parsed.place, parsed.suffix) == (level, place, suffix)


@pytest.mark.parametrize(
    ("written", "school", "place"),
    [
        ("TRƯỜNG MẪU GIÁO LONG THẠNH", "Trường Mẫu giáo Long Thạnh", EXACT_PLACE),
        ("TRƯỜNG MẪU GIÁO LONG THÀNH", "Trường Mẫu giáo Long Thạnh", TONE_PLACE),
        ("TRUONG MAU GIAO LONG THANH", "Trường Mẫu giáo Long Thạnh", EXACT_PLACE),
        ("TRUONG MAU GIAO LONG THANH", "Trường Mẫu giáo Long Thành", EXACT_PLACE),
        ("TRƯỜNG TIỂU HỌC NHỊ THÀHN", "Trường Tiểu học Nhị Thành", TYPO_PLACE),
        ("TRƯỜNG MG TÂN LONG", "Trường Mẫu giáo Tân Long", EXACT_PLACE),
        # «i» for «y» after a syllable's consonants is the same name; «uy», «ay» are other vowels.
        ("TRƯỜNG TIỂU HỌC MĨ AN", "Trường Tiểu học Mỹ An", EXACT_PLACE),
        ("TRƯỜNG TIỂU HỌC MI AN", "Trường Tiểu học Mỹ An", EXACT_PLACE),
        ("TRƯỜNG TIỂU HỌC MÌ AN", "Trường Tiểu học Mỹ An", TONE_PLACE),
        ("TRƯỜNG THCS KÌ SƠN", "Trường THCS Kỳ Sơn", EXACT_PLACE),
        ("TRƯỜNG THCS LÝ THƯỜNG KIỆT", "Trường THCS Lí Thường Kiệt", EXACT_PLACE),
        # A place's syllables written joined or split otherwise, as Ê Đê and other names are spelt.
        ("TRƯỜNG TIỂU HỌC ĐAKAO", "Trường Tiểu học Đa Kao", EXACT_PLACE),
        ("TRƯỜNG THCS CƯ MGAR", "Trường THCS Cư M'gar", EXACT_PLACE),
        ("TRƯỜNG MẦM NON EAKAO", "Trường Mầm non Ea Kao", EXACT_PLACE),
        ("TRƯỜNG TIỂU HỌC BÌNHTHÀNH 1", "Trường Tiểu học Bình Thạnh 1", TONE_PLACE),
        # A syllable's «ơ» written as an apostrophe after its consonant, or the other way round.
        ("TRƯỜNG TIỂU HỌC NƠ TRANG LƠNG", "Trường Tiểu học N'Trang Lơng", EXACT_PLACE),
        ("TRUONG TIEU HOC NO TRANG LONG", "Trường Tiểu học N’Trang Lơng", EXACT_PLACE),
        ("TRƯỜNG TIỂU HỌC N'TRANG LƠNG", "Trường Tiểu học Nơ Trang Lơng", EXACT_PLACE),
        ("TRƯỜNG MẦM NON HƠ BIA", "Trường Mầm non H'Bia", EXACT_PLACE),
        # A syllable ending in «k» is written with its acute or without, both standard.
        ("TRƯỜNG TIỂU HỌC ĐĂK LAO", "Trường Tiểu học Đắk Lao", EXACT_PLACE),
        ("TRƯỜNG TIỂU HỌC ĐẮK LAO", "Trường Tiểu học Đăk Lao", EXACT_PLACE),
        ("TRƯỜNG TIỂU HỌC ĐẶK LAO", "Trường Tiểu học Đắk Lao", TONE_PLACE),
    ],
)
def test_places_compare_by_tones_only_when_both_sides_have_them(
    written: str, school: str, place: int
) -> None:
    found = fit(issuer_mention(written), parse_name(school))  # type: ignore[arg-type]
    assert found is not None and found.place == place


@pytest.mark.parametrize(
    ("written", "school"),
    [
        ("TRƯỜNG TIỂU HỌC BÌNH THẠNH 2", "Trường Tiểu học Bình Thạnh 1"),
        ("TRƯỜNG TIỂU HỌC MỸ THẠNH B", "Trường Tiểu học Mỹ Thạnh A"),
        ("TRƯỜNG MẪU GIÁO MỸ AN", "Trường Tiểu học Mỹ An"),
        ("TRƯỜNG THCS MỸ AN", "Trường Tiểu học Mỹ An"),
        ("TRƯỜNG MG TÂN LONG", "Trường TH&THCS Tân Long"),
        ("TRƯỜNG MẪU GIÁO BÌNH THẠNH 1", "Trường Mẫu giáo Bình Thạnh"),
        ("TRƯỜNG THCS TÂN THÀNH", "Trường THCS Nhị Thành"),
    ],
)
def test_another_level_or_number_is_a_contradiction(written: str, school: str) -> None:
    assert fit(issuer_mention(written), parse_name(school)) is None  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("written", "lead", "words"),
    [
        ("BC NQ121 MG X.Mỹ An", "MG X.", ("Mỹ", "An")),
        ("BC NQ121 MN P. An Lạc", "MN P.", ("An", "Lạc")),
        ("BC NQ121 MN phường An Lạc", "MN phường", ("An", "Lạc")),
        ("BC NQ121 TH T.T Thủ Thừa", "TH T.T", ("Thủ", "Thừa")),
        ("BC NQ121 TH Phường 10", "TH", ("Phường", "10")),
    ],
)
def test_the_kind_of_place_abbreviated_after_a_level_is_no_part_of_the_name(
    written: str, lead: str, words: tuple[str, ...]
) -> None:
    """«MG X.Mỹ An» is the kindergarten of xã Mỹ An as «MG xã Mỹ An» is; it was read as a school named «X
    Mỹ An», which none is, and the level was lost. A numbered ward's «Phường» is its school's name."""
    [mention] = find_mentions(written)
    assert (mention.lead, mention.words[: len(words)]) == (lead, words)


@pytest.mark.parametrize(
    ("written", "school"),
    [
        ("BC NQ121 TH P.10", "Trường Tiểu học Phường 10"),
        ("BC NQ121 MN P10", "Trường Mầm non Phường 10"),
        ("bc nq121 thcs p 2", "Trường THCS Phường 2"),
        ("BC NQ121 TH P.01", "Trường Tiểu học Phường 1"),
        ("BC NQ121 TH Phuong 10", "Trường Tiểu học Phường 10"),
    ],
)
def test_a_numbered_ward_abbreviated_as_mail_writes_it_is_its_schools_name_in_full(
    written: str, school: str
) -> None:
    """«TH P.10» is Tiểu học Phường 10 as a subject writes it; it waited for staff, where «TH Phường 10»
    was credited."""
    [mention] = find_mentions(written)
    found = fit(mention, parse_name(school))
    assert found is not None and found.full


@pytest.mark.parametrize(
    ("written", "school"),
    [
        ("BC NQ121 THCS 02/09", "Trường THCS 2/9"),
        ("BC NQ121 MN 01/6", "Trường Mầm non 1/6"),
        ("BC NQ121 MN 01/06", "Trường Mầm non 1/6"),
        ("BC NQ121 MN 30/04", "Trường Mầm non 30/4"),
    ],
)
def test_a_school_named_after_a_date_written_with_its_day_zero_padded_is_that_school(
    written: str, school: str
) -> None:
    """«THCS 02/09» is Trường THCS 2/9 as a subject writes it; it named no school."""
    [mention] = find_mentions(written)
    found = fit(mention, parse_name(school))
    assert found is not None and found.full


@pytest.mark.parametrize(
    ("written", "school", "expected"),
    [
        ("BC NQ121 TH Ng.V.Trỗi", "Trường Tiểu học Nguyễn Văn Trỗi", EXACT_PLACE),
        ("BC NQ121 THCS LTKiệt", "Trường THCS Lý Thường Kiệt", EXACT_PLACE),
        ("BC NQ121 MG L. Thạnh", "Trường Mẫu giáo Long Thạnh", EXACT_PLACE),
        ("BC NQ121 MG L. Thạnh", "Trường Mẫu giáo Long Thành", TONE_PLACE),
        ("BC NQ121 TH An Văn Trỗi", "Trường Tiểu học Nguyễn Văn Trỗi", None),
        ("BC NQ121 TH Ng Trỗi", "Trường Tiểu học Nguyễn Văn Trỗi", None),
    ],
)
def test_a_name_shortened_to_initials_fits_as_its_last_word_does(
    written: str, school: str, expected: int | None
) -> None:
    """Initials stand for a name's first words, the last written whole and compared by its tones as any
    place is («L. Thạnh» is Long Thạnh, Long Thành only by other tones); a syllable is no initial, and each
    word of the name is written or shortened. Not in OCR'd text, whose stray letters would read as initials."""
    [mention] = find_mentions(written)
    found = fit(mention, parse_name(school))
    assert (found.place if found else None) == expected
    assert (
        fit(mention, parse_name(school), tones_reliable=False) is None
    )  # OCR's stray letters are no initials


def test_a_ward_written_without_its_number_fits_each_numbered_wards_school_partly() -> None:
    """«TH Phường», the number cut off, is any numbered ward's school, as «TH Bình Thạnh» is Bình Thạnh 1's
    or 2's; a registry tries those schools for it."""
    [mention] = find_mentions("BC NQ121 TH Phường")
    for school in ("Trường Tiểu học Phường 1", "Trường Tiểu học Phường 10"):
        found = fit(mention, parse_name(school))
        assert found is not None and not found.full and found.suffix == 1
    assert fitting_places(mention, 2, ("phuong 10", "binh thanh")) == {"phuong 10"}


@pytest.mark.parametrize(
    ("written", "school"),
    [
        ("BC NQ121 TH P.10", "Trường Tiểu học Phường 1"),
        ("BC NQ121 TH Phường 12", "Trường Tiểu học Phường 11"),
        ("BC NQ121 TH Phường 1", "Trường Tiểu học Phường 11"),
        ("BC NQ121 TH P.12", "Trường Tiểu học Phường 10"),
    ],
)
def test_another_wards_number_is_no_typo_and_never_fits_in_full(written: str, school: str) -> None:
    """«Phường 12» and «Phường 11» are as alike as a typo, but another number is another ward: it named
    the other ward's school as one the subject may have mistyped."""
    [mention] = find_mentions(written)
    found = fit(mention, parse_name(school))
    assert found is None or (found.place == EXACT_PLACE and found.suffix == 1)


@pytest.mark.parametrize(
    ("written", "school"),
    [
        ("TRƯỜNG TIỂU HỌC THỦI AN", "Trường Tiểu học Thủy An"),
        ("TRƯỜNG TIỂU HỌC HAI AN", "Trường Tiểu học Hay An"),
    ],
)
def test_an_i_for_the_y_of_uy_or_ay_is_another_place(written: str, school: str) -> None:
    found = fit(issuer_mention(written), parse_name(school))  # type: ignore[arg-type]
    assert found is None or found.place == TYPO_PLACE


def test_ocr_text_compares_places_by_letters_only() -> None:
    """OCR's errors are wrong tone marks: a scanned "LONG THẠNH" may be Long Thành."""
    mention = issuer_mention("TRƯỜNG MẪU GIÁO LONG THẠNH")
    assert mention is not None
    other = parse_name("Trường Mẫu giáo Long Thành")
    assert fit(mention, other).place == TONE_PLACE  # type: ignore[union-attr]
    assert fit(mention, other, tones_reliable=False).place == EXACT_PLACE  # type: ignore[union-attr]


def test_a_name_without_its_number_fits_each_numbered_school_partly() -> None:
    mention = issuer_mention("TRƯỜNG TIỂU HỌC BÌNH THẠNH")
    for school in ("Trường Tiểu học Bình Thạnh 1", "Trường Tiểu học Bình Thạnh 2"):
        found = fit(mention, parse_name(school))  # type: ignore[arg-type]
        assert found is not None and not found.full and found.suffix == 1


@pytest.mark.parametrize(
    ("issuer", "levels", "words"),
    [
        ("TRƯỜNG TIỂU HỌC BÌNH THẠNH I", {"TH"}, ("BÌNH", "THẠNH", "I")),
        ("TRƯỜNG TH&THCS TÂN LONG", {"TH&THCS"}, ("TÂN", "LONG")),
        ("TRƯỜNG BÌNH AN", set(), ("BÌNH", "AN")),
    ],
)
def test_issuer_lines(issuer: str, levels: set[str], words: tuple[str, ...]) -> None:
    mention = issuer_mention(issuer)
    assert mention is not None and set(mention.levels) == levels and mention.words == words


@pytest.mark.parametrize(
    ("issuer", "school"),
    [
        ("TRƯỜNG TH8THCS TÂN LONG", "Trường TH&THCS Tân Long"),
        ("TRƯỜNG TH 8 THC5 TÂN LONG", "Trường TH&THCS Tân Long"),
        ("TRƯỜNG THC5 MỸ THẠNH", "Trường THCS Mỹ Thạnh"),
    ],
)
def test_a_level_as_ocr_misreads_it_is_still_that_level(issuer: str, school: str) -> None:
    """A scanned "TRƯỜNG TH&THCS TÂN LONG" read by OCR as "TH8THCS" (and "THCS" as "THC5") named no
    school of the registry: the school's report from a personal address waited for staff, who were
    told the header matched no school."""
    mention = issuer_mention(issuer)
    assert mention is not None
    found = fit(mention, parse_name(school), tones_reliable=False)
    assert found is not None and found.full
    assert fit(mention, parse_name("Trường Mẫu giáo Tân Long")) is None


@pytest.mark.parametrize(
    "issuer",
    [
        "TRƯỜNG TIỂU HỌC - THCS TÂN LONG",
        "TRƯỜNG TIỂU HỌC-THCS TÂN LONG",
        "Trường Tiểu học – THCS Tân Long",
        "TRƯỜNG TIỂU HỌC - TRUNG HỌC CƠ SỞ TÂN LONG",
    ],
)
def test_two_levels_joined_by_a_dash_are_one_schools(issuer: str) -> None:
    """A TH&THCS school wrote its header "TRƯỜNG TIỂU HỌC - THCS TÂN LONG": read as a primary school
    named "THCS Tân Long", it matched no school, and its ordinary report from its own address waited
    for staff. The levels joined by a dash are the one school's; shown as written."""
    mention = issuer_mention(issuer)
    assert (
        mention is not None and mention.levels == {"TH&THCS"} and fold(" ".join(mention.words)) == "tan long"
    )
    assert mention.shown(2) == issuer.split(" ", 1)[1]
    found = fit(mention, parse_name("Trường TH&THCS Tân Long"))
    assert found is not None and found.full


def test_levels_listed_with_a_comma_stay_each_its_own() -> None:
    """Only a dash joins two levels into one school: a list ("các trường tiểu học, THCS Tân Long") names
    each level apart, as before."""
    mentions = find_mentions("Phối hợp với các trường Tiểu học, THCS Tân Long")
    assert [set(m.levels) for m in mentions] == [{"TH"}, {"THCS"}]


@pytest.mark.parametrize("issuer", ["PHÒNG GD&ĐT THỦ THỪA", "UBND HUYỆN THỦ THỪA", "CỘNG HÒA XÃ HỘI"])
def test_an_issuer_that_is_no_school_names_none(issuer: str) -> None:
    assert issuer_mention(issuer) is None


@pytest.mark.parametrize(
    "issuer", ["TRƯỜNG TIỂU HỌC SỐ 2 BÌNH THẠNH", "TRƯỜNG TH BÌNH THẠNH SỐ 2", "TRƯỜNG TIỂU HỌC BÌNH THẠNH 2"]
)
def test_a_schools_number_written_with_so_before_or_after_the_place(issuer: str) -> None:
    """ "TRƯỜNG TIỂU HỌC SỐ 1 BÌNH THẠNH" fitted no school (the place was read as "SỐ 1"), which sent
    Bình Thạnh 1's own report from its own address to staff; "BÌNH THẠNH SỐ 2" was read without its
    number, as either Bình Thạnh school."""
    mention = issuer_mention(issuer)
    assert mention is not None
    second = fit(mention, parse_name("Trường Tiểu học Bình Thạnh 2"))
    assert second is not None and second.full
    assert fit(mention, parse_name("Trường Tiểu học Bình Thạnh 1")) is None
    assert parse_name("Trường Tiểu học số 2 Bình Thạnh") == parse_name("Trường Tiểu học Bình Thạnh 2")


def test_roman_numbers_read_as_digits() -> None:
    mention = issuer_mention("TRƯỜNG TIỂU HỌC BÌNH THẠNH II")
    assert fit(mention, parse_name("Trường Tiểu học Bình Thạnh 2")).full  # type: ignore[arg-type, union-attr]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("BC_NQ121_THBinhThanh1", "BC_NQ 121_TH Binh Thanh 1"),
        ("MNHoaSen", "MN Hoa Sen"),
        ("bao cao", "bao cao"),
    ],
)
def test_split_words(text: str, expected: str) -> None:
    assert split_words(text) == expected


def test_mentions_in_free_text_keep_what_follows_the_level() -> None:
    found = find_mentions(
        "Fwd: BC NQ121 - Trường TH Bình Thạnh 1 năm 2021\nKính gửi, trường MG Long Thạnh gửi"
    )
    assert [(set(m.levels), m.words[:3]) for m in found] == [
        ({"TH"}, ("Bình", "Thạnh", "1")),
        ({"MG"}, ("Long", "Thạnh", "gửi")),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Số: 25/BC-TH | Mỹ An, ngày 16 tháng 10 năm 2026",  # a header table of one line per row
        "Số: 03/BC-MN\tThủ Thừa, ngày 16 tháng 10 năm 2026",  # two columns of a page read as one line
        "Số:  12/ BC - MG Bình An, ngày 8 tháng 10 năm 2026",
    ],
)
def test_a_document_numbers_code_beside_the_date_line_names_no_school(text: str) -> None:
    """A header laid out one line per table row reads "Số: 25/BC-TH | Mỹ An, ngày ...": the code "TH"
    of THCS Mỹ An's own number, followed by the place of its date line, was read as Trường Tiểu học
    Mỹ An, and the report mailed from THCS Mỹ An's registered address waited in review."""
    assert find_mentions(text) == ()
    assert [m.words[:2] for m in find_mentions(text + " - Trường TH Mỹ An")] == [("Mỹ", "An")]


def test_a_level_code_a_scan_left_of_the_number_beside_the_date_line_names_no_school() -> None:
    """A scan lost "Số: 34/BC-" and the rest of "THKĐ" of Kim Đồng's number and read "TH  Đức Hòa, ngày
    18 tháng 10 năm 2025": the code and the place of the date line were read as Trường Tiểu học Đức
    Hòa, named as a candidate (first) for a report the header's commune had told apart."""
    assert find_mentions("TH\tĐức Hòa, ngày 18 tháng 10 năm 2025") == ()
    assert find_mentions("-_ UBNDXÃ ĐỨC HÒA _\nTH  Đức Hòa, ngày 8 tháng 10 năm 2025\nBÁO CÁO") == ()
    kept = find_mentions("Trường TH Đức Hòa, ngày 18 tháng 10 năm 2025 tổ chức tuyên truyền")
    assert [m.words[:2] for m in kept] == [("Đức", "Hòa")]
    assert [m.words[:2] for m in find_mentions("BC NQ121 TH Đức Hòa ngày 18/10")] == [("Đức", "Hòa")]


def test_places_without_a_level_but_not_communes_or_the_district() -> None:
    found = find_place_mentions("BC NQ121 Bình Thạnh 1 - xã Long Thạnh, huyện Thủ Thừa", PLACES)
    assert [m.words[:3] for m in found] == [("Bình", "Thạnh", "1")]


@pytest.mark.parametrize(
    "text",
    [
        "BC NQ121 Phân hiệu Tân Long",
        "BC NQ121 phân trường Tân Long",
        "Báo cáo điểm lẻ Tân Long",
        "BC NQ121 Điểm trường buôn Tân Long",
        "BC NQ121 buon Tan Long",
        "BC NQ121 bản Tân Long",
        "Báo cáo NQ121 gửi Tân Long",
        "BC NQ121 gửi VHXH Tân Long",
    ],
)
def test_a_schools_site_a_hamlet_or_the_addressee_is_no_school(text: str) -> None:
    """The report of «Phân hiệu Ea Nam», a site of Tiểu học số 2 Ea Tir, its subject and file name naming
    the site, was counted for Mẫu giáo Ea Nam, and so was a hamlet's («buôn Ea Nam»); a mail «gửi Ea Tir»,
    sent to the commune, was counted for THCS Ea Tir. A site, a hamlet or whom a mail is sent to is no
    school's name."""
    assert find_place_mentions(text, PLACES) == ()


def test_a_mail_sent_for_a_school_still_names_it() -> None:
    found = find_place_mentions("Báo cáo NQ121 gửi giúp Tân Long", PLACES, sent_for=True)
    assert [m.words[:2] for m in found] == [("Tân", "Long")]


@pytest.mark.parametrize(
    ("token", "levels", "words"),
    [
        ("c1binhthanh1", {"TH"}, ("binh", "thanh", "1")),
        ("c0longthanh", {"MN", "MG"}, ("long", "thanh")),
        ("thcsmyan", {"THCS"}, ("my", "an")),
        ("mnhoasen", {"MN"}, ("hoa", "sen")),
        # A gmail account's year after the name: the school's number, if any, comes before it.
        ("mnhoasen2015", {"MN"}, ("hoa", "sen")),
        ("thbinhthanh12010", {"TH"}, ("binh", "thanh", "1")),
    ],
)
def test_compact_names_in_addresses(token: str, levels: set[str], words: tuple[str, ...]) -> None:
    [mention] = compact_mentions(token, PLACES)
    assert set(mention.levels) == levels and mention.words == words and mention.compact


@pytest.mark.parametrize(
    "token", ["nguyenthihong1980", "myanh", "thuthua", "binhthanh", "myan1990", "thmyan123"]
)
def test_personal_words_are_no_compact_name(token: str) -> None:
    assert compact_mentions(token, PLACES) == ()


_NAMES = st.sampled_from(
    [
        "Trường Tiểu học Bình Thạnh 1",
        "Trường Mẫu giáo Long Thạnh",
        "Trường Mẫu giáo Long Thành",
        "Trường THCS Thị trấn Thủ Thừa",
        "Trường TH&THCS Tân Long",
        "Trường Tiểu học Mỹ Thạnh B",
        "Trường Mầm non tư thục Hoa Sen",
    ]
)


@given(_NAMES, st.booleans())
def test_a_name_fits_itself_in_full_in_any_case_with_or_without_tones(name: str, bare: bool) -> None:
    written = fold(name) if bare else name.upper()
    mention = find_mentions(written)[0]
    assert fit(mention, parse_name(name)).full  # type: ignore[union-attr]


@given(_NAMES, st.sampled_from(["1", "2", "A", "B"]))
def test_another_number_never_fits(name: str, number: str) -> None:
    school = parse_name(name)
    mention = Mention(frozenset({school.level or "TH"}), (*school.place.split(), number), "")
    found = fit(mention, school)
    assert (found is not None) == (number == school.suffix)


@pytest.mark.parametrize(
    ("number", "code"),
    [
        ("12/BC-THMTA", "THMTA"),
        ("15/BC-MG.MA", "MGMA"),
        ("21/BC-TH&THCSTL", "THTHCSTL"),
        ("Số: 08 /BC - THBT2", "THBT2"),
        ("45", None),
    ],
)
def test_the_issuer_code_of_a_document_number(number: str, code: str | None) -> None:
    assert symbol_code(number) == code


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Trường Tiểu học Mỹ Thạnh A", "THMTA"),
        ("Trường TH&THCS Tân Long", "THTHCSTL"),
        ("Trường Mầm non Thị trấn Thủ Thừa", "MNTT"),
        ("Trường Hoa Sen", None),
        # A numbered ward's number stays whole: Phường 1 and Phường 10 were both «THP1».
        ("Trường Tiểu học Phường 10", "THP10"),
        ("Trường Tiểu học Phường 1", "THP1"),
    ],
)
def test_how_a_school_abbreviates_itself(name: str, code: str | None) -> None:
    assert school_code(parse_name(name)) == code


@pytest.mark.parametrize(
    ("issuer", "school"),
    [
        ("TRƯỜNG T.H MỸ PHÚ", "Trường Tiểu học Mỹ Phú"),
        ("TRƯỜNG T.H.C.S MỸ PHÚ", "Trường THCS Mỹ Phú"),
        ("TRƯỜNG CẤP 1 MỸ LẠC", "Trường Tiểu học Mỹ Lạc"),
        ("Trường cấp 2 Mỹ Lạc", "Trường THCS Mỹ Lạc"),
        ("TRƯỜNG CẤP 1-2 TÂN LONG", "Trường TH&THCS Tân Long"),
        ("TRƯỜNG THCS & TH TÂN LONG", "Trường TH&THCS Tân Long"),
        ("TRƯỜNG THCS - TH TÂN LONG", "Trường TH&THCS Tân Long"),
        ("Trường THCS và Tiểu học Tân Long", "Trường TH&THCS Tân Long"),
        ("TRƯỜNG LIÊN CẤP TH-THCS TÂN LONG", "Trường TH&THCS Tân Long"),
    ],
)
def test_a_level_written_the_other_way_round_or_by_its_old_name_is_that_level(
    issuer: str, school: str
) -> None:
    """Headers written "TRƯỜNG T.H MỸ PHÚ", "TRƯỜNG CẤP 2 MỸ LẠC", "TRƯỜNG THCS & TH TÂN LONG" or "TRƯỜNG LIÊN
    CẤP TH-THCS TÂN LONG" matched no school ("không khớp trường nào trong danh sách"): even a report from
    the school's own address waited for staff. They are the same levels, and fit the school in full."""
    mention = issuer_mention(issuer)
    assert mention is not None
    found = fit(mention, parse_name(school))
    assert found is not None and found.full
    assert fit(mention, parse_name("Trường Mẫu giáo Mỹ Phú")) is None


@pytest.mark.parametrize("issuer", ["TRƯỜNG PTCS MỸ LẠC", "Trường Phổ thông cơ sở Mỹ Lạc"])
def test_the_old_nine_year_school_may_be_either_level(issuer: str) -> None:
    """ "TRƯỜNG PTCS MỸ LẠC" (phổ thông cơ sở, the old school of both levels) matched no school, so staff
    were offered no candidate: it fits the primary and the lower secondary school alike, neither alone."""
    mention = issuer_mention(issuer)
    assert mention is not None
    for school in ("Trường Tiểu học Mỹ Lạc", "Trường THCS Mỹ Lạc", "Trường TH&THCS Mỹ Lạc"):
        assert fit(mention, parse_name(school)) is not None
    assert fit(mention, parse_name("Trường Mẫu giáo Mỹ Lạc")) is None


def test_a_list_of_levels_upper_first_stays_each_its_own() -> None:
    """Only "&", "và" or a dash join "THCS" and "TH" into one school: a list keeps both levels apart."""
    mentions = find_mentions("Phối hợp với các trường THCS, TH Tân Long")
    assert [set(m.levels) for m in mentions] == [{"THCS"}, {"TH"}]


@pytest.mark.parametrize(
    ("written", "school", "other"),
    [
        ("TH Long Thanhf", "Trường Tiểu học Long Thành", "Trường Tiểu học Long Thạnh"),
        ("TH Long Thanhj", "Trường Tiểu học Long Thạnh", "Trường Tiểu học Long Thành"),
        ("TH Long Tha5nh", "Trường Tiểu học Long Thạnh", "Trường Tiểu học Long Thành"),
        ("THCS Mysx An", "Trường THCS Mỹ An", "Trường THCS Mỹ Lạc"),
        ("THCS My4 An", "Trường THCS Mỹ An", "Trường THCS Mỹ Lạc"),
    ],
)
def test_keys_a_typing_method_left_are_the_tone_they_type(written: str, school: str, other: str) -> None:
    """ "TH Long Thanhf" (Telex left its "f", the grave tone) fitted Long Thạnh, Long Thành and Long Thuận
    alike, and "Tha5nh" (VNI's dot below) was cut into "Tha 5 nh" and fitted none: the mail waited for staff.
    The keys are the tone they type: the name fits its school in full, and the other tone only partly."""
    [mention] = find_mentions(written)
    found = fit(mention, parse_name(school))
    assert found is not None and found.full
    near = fit(mention, parse_name(other))
    assert near is None or near < found


def test_a_digit_after_a_whole_place_stays_its_number() -> None:
    """A digit joined to the last word of a place ("TH Hoa2", "THCS Phu My2") is a school's number, never
    its tone: a school of that place without the number does not fit."""
    [mention] = find_mentions("THCS Phu My2")
    assert fit(mention, parse_name("Trường THCS Phú Mỹ")) is None
    found = fit(mention, parse_name("Trường THCS Phú Mỹ 2"))
    assert found is not None and found.full


@pytest.mark.parametrize("written", ["Long Thanh", "Bình Thạnh 1", "BinhThanh1", "Hoa Sen", "Lop5C"])
def test_words_without_typing_keys_are_read_as_before(written: str) -> None:
    """A school's number after its name, or plain words, are not typing keys."""
    assert keyed_tones(split_words(written)) is None


def test_a_place_written_joined_keeps_its_number() -> None:
    """«BÌNHTHẠNH 1» was read as a typo of «Bình Thạnh» with no number, fitting Bình Thạnh 2 as well."""
    mention = issuer_mention("TRƯỜNG TIỂU HỌC BÌNHTHẠNH 1")
    assert mention is not None
    assert fit(mention, parse_name("Trường Tiểu học Bình Thạnh 1")).full  # type: ignore[union-attr]
    other = fit(mention, parse_name("Trường Tiểu học Bình Thạnh 2"))
    assert other is None or not other.full


_NAMES = [
    parse_name(n)
    for n in (
        "Trường Tiểu học Đa Kao",
        "Trường Mầm non Cư M'gar",
        "Trường Tiểu học Mỹ An",
        "Trường Tiểu học Kỳ Sơn",
        "Trường Tiểu học Bình Thạnh 1",
        "Trường Tiểu học Long Thạnh",
        "Trường Mẫu giáo Long Thành",
        "Trường THCS Ea Kao",
        "Trường Mầm non Hoa Sen",
    )
]
_WRITTEN = [
    "ĐAKAO",
    "Đa Kao",
    "Đa kao",
    "CƯ MGAR",
    "CưM'gar",
    "Mĩ An",
    "MĨ AN",
    "My An",
    "Mysx An",
    "Kì Sơn",
    "KÌSƠN",
    "BÌNHTHẠNH 1",
    "Bình Thạnh 1",
    "Binh Thanh",
    "Long Thanh",
    "LONG THÀNH",
    "Long Thạnhh",
    "EAKAO",
    "Ea Kao",
    "Hoa Sem",
    "HoaSen",
    "Tha5nh Long",
    "Mỹ Ann",
]


@given(
    st.sampled_from(_WRITTEN),
    st.sampled_from(["Tiểu học", "TH", "Mầm non", "MG", "THCS", ""]),
    st.booleans(),
)
def test_a_place_fit_finds_is_among_those_a_registry_tries(written: str, level: str, tones: bool) -> None:
    """A registry tries only the schools whose place fitting_places says a mention may name: a fit() the
    shortlist misses would drop the right school from the candidates, and the one left could be credited.
    Whatever fit() accepts («ĐAKAO» for «Đa Kao», «Mĩ» for «Mỹ», a typo, typed tone keys), the shortlist
    holds its place."""
    for mention in find_mentions(f"Trường {level} {written}".replace("  ", " ")):
        for name in _NAMES:
            if fit(mention, name, tones_reliable=tones) is None:
                continue
            count = len(name.place.split())
            places = tuple(dict.fromkeys(fold(n.place) for n in _NAMES if len(n.place.split()) == count))
            assert fold(name.place) in fitting_places(mention, count, places, tones_reliable=tones), name


@pytest.mark.parametrize(
    ("written", "school", "fits"),
    [
        ("TRƯỜNG PTDTNT THCS EA H'LEO", "Trường PTDTBT THCS Ea H'leo", False),
        ("Trường Phổ thông Dân tộc bán trú THCS Ea H'leo", "Trường PTDTNT THCS Ea H'leo", False),
        ("TRƯỜNG PHỔ THÔNG DÂN TỘC NỘI TRÚ THCS EA H'LEO", "Trường PTDTNT THCS Ea H'leo", True),
        ("BC PTDT BT THCS Ea H'leo", "Trường PTDTBT THCS Ea H'leo", True),
        ("TRƯỜNG THCS EA H'LEO", "Trường PTDTNT THCS Ea H'leo", True),
        ("TRƯỜNG PTDTBT THCS EA SOL", "Trường THCS Ea Sol", False),
        ("TRƯỜNG PT DÂN TỘC BÁN TRÚ THCS EA H'LEO", "Trường PTDTBT THCS Ea H'leo", True),
        ("TRƯỜNG PTDT BÁN TRÚ THCS EA H'LEO", "Trường PTDTBT THCS Ea H'leo", True),
        ("TRƯỜNG PTDT NỘI TRÚ THCS EA H'LEO", "Trường PTDTNT THCS Ea H'leo", True),
    ],
)
def test_a_boarding_kind_written_is_never_the_other_one(written: str, school: str, fits: bool) -> None:
    """«PTDTNT THCS Ea H'leo» fitted the «PTDTBT THCS Ea H'leo» in full: the kind word was dropped, and a
    district with both could tell no paper of theirs apart. A kind left out of what is written still fits;
    a kind written never fits a school without one, a boarding school being no day school."""
    found = fit(find_mentions(written)[0], parse_name(school))
    assert (found is not None and found.full) == fits


@pytest.mark.parametrize(
    ("written", "name", "fits"),
    [
        ("NHÓM TRẺ ĐỘC LẬP BAN MAI", "Nhóm trẻ độc lập Ban Mai", True),
        ("Báo cáo NQ121 Nhóm trẻ độc lập Ban Mai", "Nhóm trẻ độc lập Ban Mai", True),
        ("NHÓM TRẺ TƯ THỤC BAN MAI", "Nhóm trẻ độc lập Ban Mai", True),
        ("LỚP MẦM NON ĐỘC LẬP BAN MAI", "Lớp mầm non độc lập Ban Mai", True),
        ("NHÓM TRẺ ĐỘC LẬP BAN MAI", "Trường Mầm non Ban Mai", False),
        ("TRƯỜNG MẦM NON BAN MAI", "Nhóm trẻ độc lập Ban Mai", False),
    ],
)
def test_an_independent_group_is_named_like_a_school_and_is_no_school(
    written: str, name: str, fits: bool
) -> None:
    """A «Nhóm trẻ độc lập Ban Mai» of the list was never credited from its own paper headed «NHÓM TRẺ ĐỘC
    LẬP BAN MAI»: its kind was no level the names reader knew. A group and a school of one name are still
    two institutions."""
    [mention] = find_mentions(written)
    found = fit(mention, parse_name(name))
    assert (found is not None and found.full) == fits


@pytest.mark.parametrize(
    "text",
    ["gửi báo cáo nhóm lớp Mầm non Họa Mi", "lớp Mẫu giáo Sơn Ca", "nhóm trẻ Họa Mi", "Nhóm trẻ 24-36 tháng"],
)
def test_a_kindergartens_own_class_or_group_is_still_no_school(text: str) -> None:
    assert find_mentions(text) == ()


@pytest.mark.parametrize(
    ("written", "bare"),
    [
        ("TP. Hồ Chí Minh", "Hồ Chí Minh"),
        ("Thành phố Hồ Chí Minh", "Hồ Chí Minh"),
        ("TP Hồ Chí Minh", "Hồ Chí Minh"),
        ("Tp.Hồ Chí Minh", "Hồ Chí Minh"),
        ("T.P Hồ Chí Minh", "Hồ Chí Minh"),
        ("THÀNH PHỐ HÀ NỘI", "HÀ NỘI"),
        ("Tỉnh Long An", "Long An"),
        ("Bà Rịa - Vũng Tàu", "Bà Rịa Vũng Tàu"),
        ("Tây Ninh", "Tây Ninh"),
    ],
)
def test_a_province_is_compared_without_the_word_for_its_kind(written: str, bare: str) -> None:
    """[district].provinces = ["TP. Hồ Chí Minh"] was compared as written with a certificate's «Thành phố
    Hồ Chí Minh» read without its kind word: one city, two names, and the city's schools' signed reports
    waited in review as a namesake's elsewhere."""
    assert bare_province(written) == bare


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Hiệu trưởng (nguyên Hiệu trưởng Trường Mầm non Hoa Sen)", 0),
        ("nguyên giáo viên Trường Mầm non Hoa Sen", 0),
        ("trước đây công tác tại Trường Mầm non Hoa Sen", 0),
        ("Nguyễn Trường Mầm non Hoa Sen", 1),  # a name: «Nguyễn» folds as «nguyên» does
        ("Hiệu trưởng Trường Mầm non Hoa Sen", 1),
    ],
)
def test_a_school_the_writer_worked_at_before_is_no_mention(text: str, found: int) -> None:
    """«nguyên Hiệu trưởng Trường …» names the writer's former school, never the one she writes for."""
    assert len(find_mentions(text)) == found


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("tổ chức tại Trường THCS Lê Quý Đôn; 7 buổi tuyên truyền", ("Lê", "Quý", "Đôn")),
        ("chuyên đề ở Trường TH Mỹ An, 2 buổi", ("Mỹ", "An")),
        ("Trường TH Bình Thạnh 2 tổ chức", ("Bình", "Thạnh", "2", "tổ", "chức")),
    ],
)
def test_a_figure_opening_the_next_clause_is_no_schools_number(text: str, words: tuple[str, ...]) -> None:
    """«… tại Trường THCS Lê Quý Đôn; 7 buổi tuyên truyền» was read as «THCS Lê Quý Đôn 7», a school number
    no school has, which held the report for staff. A number after «;» or «,» starts a new clause."""
    [mention] = find_mentions(text)
    assert mention.words == words


@pytest.mark.parametrize(
    ("name", "place", "suffix"),
    [
        ("Trường Tiểu học Số 10 Ea Kly", "Ea Kly", "10"),
        ("Trường Mầm non Hoa Hồng 10", "Hoa Hồng", "10"),
        ("Trường Tiểu học Ea Kly số 12", "Ea Kly", "12"),
        ("Trường Tiểu học Phường 10", "Phường 10", ""),
    ],
)
def test_a_school_numbered_past_nine_is_read_with_its_number(name: str, place: str, suffix: str) -> None:
    """«Số 10 Ea Kly» and «Hoa Hồng 10» were read as places with no number, so «TH Ea Kly số 10» named
    Tiểu học Ea Kly and «MN Hoa Hồng» left Hoa Hồng 10 out. A numbered ward's number is its place's."""
    parsed = parse_name(name)
    assert (parsed.place, parsed.suffix) == (place, suffix)


@pytest.mark.parametrize(
    ("written", "school", "full"),
    [
        ("BC NQ121 TH Ea Kly số 10", "Trường Tiểu học Số 10 Ea Kly", True),
        ("BC NQ121 TH số 10 Ea Kly", "Trường Tiểu học Số 10 Ea Kly", True),
        ("BC NQ121 TH Ea Kly số 10", "Trường Tiểu học Ea Kly", None),
        ("BC NQ121 TH Ea Kly số 10", "Trường Tiểu học Số 1 Ea Kly", None),
        ("BC NQ121 TH Ea Kly 10/2026", "Trường Tiểu học Ea Kly", True),
        ("BC NQ121 TH Ea Kly 09/2026", "Trường Tiểu học Ea Kly", True),
        ("BC NQ121 TH Ea Kly tháng 10-2026", "Trường Tiểu học Ea Kly", True),
        ("BC NQ121 MN Hoa Hồng", "Trường Mầm non Hoa Hồng 10", False),
        ("BC NQ121 THCS 20-11", "Trường THCS 20/11", True),
    ],
)
def test_a_two_digit_number_tells_the_school_and_a_month_is_none(
    written: str, school: str, full: bool | None
) -> None:
    """A school's number 10 to 99 tells it apart as 1 to 9 do (fits fully, contradicts the others); a month
    and year after a name («10/2026») is no school's number, nor is a school named after a date."""
    [mention] = find_mentions(written)
    found = fit(mention, parse_name(school))
    assert (found.full if found is not None else None) == full
