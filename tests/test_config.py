"""config.toml errors name the key and the bad value; the shipped file loads."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from app.cli import main
from kernel import config as config_mod
from kernel.errors import ConfigError
from tests import pki

ROOT = Path(__file__).resolve().parent.parent


def test_the_shipped_config_describes_thu_thua_and_nq121() -> None:
    cfg = config_mod.load(ROOT / "config.toml")
    assert cfg.district.timezone.key == "Asia/Ho_Chi_Minh"
    report = cfg.report("nq121")
    assert (report.deadline_month, report.deadline_day) == (10, 25)
    assert [s.id for s in report.sections] == ["chi_dao", "ket_qua", "kho_khan", "de_xuat"]
    assert len(cfg.schools) >= 30
    assert all(e.endswith("@example.edu.vn") for s in cfg.schools for e in s.emails)


def test_the_shipped_config_hands_its_schools_from_the_district_to_the_communes() -> None:
    """The shipped config knew only the district office of before 1/7/2025, which no longer exists: its
    schools are collected by the district office until 30/6/2025 and by the communes Thủ Thừa, Mỹ An,
    Mỹ Thạnh and Tân Long from 1/7/2025."""
    after = config_mod.load(ROOT / "config.toml")
    schools = after.schools
    communes = ["xa-thu-thua", "xa-my-an", "xa-my-thanh", "xa-tan-long"]
    assert [u.id for u in after.units] == ["phong-thu-thua", *communes]
    assert len(after.roster(dt.date(2021, 10, 25), "phong-thu-thua")) == len(schools)
    assert after.roster(dt.date(2025, 10, 25), "phong-thu-thua") == ()
    by_commune = [after.roster(dt.date(2025, 10, 25), unit) for unit in communes]
    assert all(by_commune) and sum(len(schools) for schools in by_commune) == len(schools)
    assert [s.id for s in after.roster(dt.date(2025, 10, 25), "xa-my-an")] == [
        "mg-my-an",
        "mg-my-lac",
        "mg-my-phu",
        "th-my-an",
        "th-my-lac",
        "th-my-phu",
        "thcs-my-an",
        "thcs-my-lac",
        "thcs-my-phu",
    ]


def test_paths_are_relative_to_the_config_file(config_file: Path) -> None:
    cfg = config_mod.load(config_file)
    assert cfg.storage.database == f"sqlite:///{config_file.parent}/var/baocao.db"
    assert cfg.storage.archive == config_file.parent / "var/archive"


def test_secrets_come_from_the_named_environment_variable(
    config_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BAOCAO_IMAP_PASSWORD", "bí mật")
    assert config_mod.load(config_file).imap.secret() == "bí mật"
    monkeypatch.delenv("BAOCAO_IMAP_PASSWORD")
    with pytest.raises(ConfigError, match="BAOCAO_IMAP_PASSWORD"):
        config_mod.load(config_file).imap.secret()


def test_a_missing_password_says_to_set_its_variable_not_to_write_it_in_the_file(
    config_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The fix read «hoặc ghi [smtp].password trong tệp cấu hình», though the README and config.toml keep
    passwords out of the file (it is copied and read by more people than the password)."""
    monkeypatch.delenv("BAOCAO_IMAP_PASSWORD", raising=False)
    monkeypatch.delenv("BAOCAO_SMTP_PASSWORD", raising=False)
    config = config_mod.load(config_file)
    assert config.smtp is not None
    for secret, variable in (
        (config.imap.secret, "BAOCAO_IMAP_PASSWORD"),
        (config.smtp.secret, "BAOCAO_SMTP_PASSWORD"),
    ):
        with pytest.raises(ConfigError) as raised:
            secret()
        assert f"{variable}=… vào /etc/baocao/secrets.env" in str(raised.value)
        assert "trong tệp cấu hình" not in str(raised.value)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("port = 993", 'port = "abc"', r'\[imap\].port phải là một số, nhưng đang là "abc"'),
        ('deadline = "10-25"', 'deadline = "25/10"', r'\[reports\[1\]\].deadline phải có dạng "MM-DD"'),
        ('security = "ssl"', 'security = "tls"', r"\[imap\].security phải là một trong ssl, starttls, none"),
        ("port = 993", "port = 993\nmax_message_mb = 0", r"\[imap\].max_message_mb phải từ 1 trở lên"),
        ('timezone = "Asia/Ho_Chi_Minh"', 'timezone = "Saigon"', r"\[district\].timezone"),
        # «GMT+7» written as the IANA name a clerk finds, which is UTC−7: every receipt fourteen hours off.
        (
            'timezone = "Asia/Ho_Chi_Minh"',
            'timezone = "Etc/GMT+7"',
            r'"Etc/GMT\+7" là giờ UTC−07:00, không phải giờ Việt Nam \(UTC\+07:00\).*"Asia/Ho_Chi_Minh"',
        ),
        (
            'timezone = "Asia/Ho_Chi_Minh"',
            'timezone = "UTC"',
            r'"UTC" là giờ UTC\+00:00, không phải giờ Việt Nam',
        ),
        ('id = "th-my-lac"', 'id = "th-my-an"', r'mã "th-my-an" bị dùng hai lần'),
        ("[district]", "[districts]", r"thiếu mục \[district\]"),
        (
            'id = "th-my-lac"',
            'id = "th-my-lac"\npupils = "nhiều"',
            r"\[schools\[23\]\].pupils phải là một số",
        ),
        ('id = "th-my-lac"', 'id = "th-my-lac"\nstaff = -3', r"\[schools\[\d+\]\].staff phải là số không âm"),
        (
            'id = "vu_xam_hai"',
            'id = "vu_xam_hai"\nheadcount = "có"',
            r"\[reports\[1\].figures\[3\]\].headcount",
        ),
    ],
)
def test_a_bad_value_is_named_with_its_key(config_file: Path, old: str, new: str, message: str) -> None:
    text = config_file.read_text(encoding="utf-8")
    assert old in text
    config_file.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        config_mod.load(config_file)


def test_another_name_of_vietnams_time_is_taken(config_file: Path) -> None:
    text = config_file.read_text(encoding="utf-8")
    config_file.write_text(text.replace('"Asia/Ho_Chi_Minh"', '"Asia/Bangkok"', 1), encoding="utf-8")
    assert config_mod.load(config_file).district.timezone.key == "Asia/Bangkok"


def test_a_missing_file_says_how_to_point_at_one(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="--config"):
        config_mod.load(tmp_path / "nope.toml")


def test_broken_toml_is_reported_not_raised_raw(tmp_path: Path) -> None:
    bad = tmp_path / "c.toml"
    bad.write_text("[district\nname=", encoding="utf-8")
    with pytest.raises(ConfigError, match="không đúng cú pháp TOML"):
        config_mod.load(bad)


@pytest.mark.parametrize(
    "encode",
    [
        lambda text: b"\xef\xbb\xbf" + text.encode("utf-8"),  # Notepad's "UTF-8 with BOM"
        lambda text: text.encode("utf-16"),  # Notepad's "Unicode"
        lambda text: b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"),
    ],
)
def test_a_config_saved_by_notepad_is_read(config_file: Path, encode: Callable[[str], bytes]) -> None:
    """config.toml saved by Windows Notepad with a BOM was refused with "Invalid statement (at line 1,
    column 1)", and saved as "Unicode" (UTF-16) with "'utf-8' codec can't decode byte 0xff", though
    nothing in it was wrong."""
    text = config_file.read_text(encoding="utf-8")
    config_file.write_bytes(encode(text))
    config = config_mod.load(config_file)
    assert config.school("mg-binh-an").name == "Trường Mẫu giáo Bình An"


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('name = "Trường Mẫu giáo Bình An"', "name = “Trường Mẫu giáo Bình An”", 'dấu ngoặc kép thẳng "..."'),
        ('archive = "var/archive"', 'archive = "D:\\baocao\\var"', "dấu /"),
        ('id = "mg-binh-an"', 'id = "mg-binh-an"\nid = "mg-binh-an2"', "đã được ghi một lần ở trên"),
        ('name = "Trường Mẫu giáo Bình An"', 'name = "Trường Mẫu giáo Bình An', 'thiếu dấu " đóng'),
        (
            'name = "Trường Mẫu giáo Bình An"',
            'name = "Trường Mẫu giáo" "Bình An"',
            "sau giá trị còn chữ thừa",
        ),
        ('id = "mg-binh-an"', 'id = "mg-binh-an"\nx = {a = 1', "thiếu dấu } đóng"),
        ('id = "mg-binh-an"', 'id = "mg-binh-an"\nx = {a = 1, a = 2}', "ghi hai lần trong cùng bảng"),
        ('[[schools]]\nid = "mg-binh-an"', '[[schools]\nid = "mg-binh-an"', "thiếu dấu ]] đóng"),
        ('name = "Trường Mẫu giáo Bình An"', 'name = "Trường Mẫu giáo\x01 Bình An"', "ký tự điều khiển"),
    ],
)
def test_a_toml_mistake_is_said_in_vietnamese_with_its_line(
    config_file: Path, old: str, new: str, message: str
) -> None:
    """A TOML mistake came out as tomllib's English ("Invalid value (at line 134, column 8)"): the
    clerk who typed Word's curly quotes or a Windows path was not told what to change."""
    _edit(config_file, old, new)
    with pytest.raises(ConfigError) as raised:
        config_mod.load(config_file)
    assert message in str(raised.value) and "ở dòng" in str(raised.value), raised.value
    english = r"Invalid|Unescaped|Cannot|Illegal|Expected|Unclosed|Duplicate|at line"
    assert not re.search(english, str(raised.value)), raised.value


def test_a_config_that_stops_mid_value_says_so(config_file: Path) -> None:
    """A file cut off after «emails = [» (saved while typing, or half copied) was said to need straight
    quotes: nothing in it was quoted wrongly."""
    text = config_file.read_text(encoding="utf-8")
    config_file.write_text(text + '\nextra = [\n  "a",\n', encoding="utf-8")
    with pytest.raises(ConfigError) as raised:
        config_mod.load(config_file)
    said = "ở cuối tệp: tệp hết khi còn thiếu giá trị sau dấu =, hoặc thiếu dấu ] đóng danh sách"
    assert said in str(raised.value), raised.value


@pytest.mark.parametrize(
    "typed",
    [
        "c0hoasen.thuthua@example,edu.vn",  # a comma for a dot
        "c0hoasen.thuthua@@example.edu.vn",
        "c0hoasen.thuthua@example.edu.vn.",
        "c0hoasen.thuthua@example..edu.vn",
        "trườnghoasen@example.edu.vn",
    ],
)
def test_an_address_no_server_delivers_to_is_refused(config_file: Path, typed: str) -> None:
    """An address with a comma for a dot (example,edu.vn) or a doubled @ was accepted: the school's
    mail was never recognised by its address and every reminder to it bounced."""
    _edit(config_file, "c0hoasen.thuthua@example.edu.vn", typed)
    with pytest.raises(ConfigError, match=r"\[schools\[2\]\].emails có .* không phải một địa chỉ thư"):
        config_mod.load(config_file)


def test_a_mistake_in_a_school_names_the_school_not_only_its_position(config_file: Path) -> None:
    """«[schools[23]].pupils phải là một số» sent the clerk counting [[schools]] entries in a file of
    hundreds to find which school was meant."""
    _edit(config_file, 'id = "th-my-lac"', 'id = "th-my-lac"\npupils = "nhiều"')
    with pytest.raises(ConfigError) as raised:
        config_mod.load(config_file)
    said = str(raised.value)
    assert "trường th-my-lac (Trường Tiểu học Mỹ Lạc, mục [[schools]] thứ 23): " in said, said
    assert "[schools[23]].pupils phải là một số" in said


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('name = "Trường Mẫu giáo Bình An"', 'name = ""', r"\[schools\[3\]\].name để trống"),
        ('name = "Trường Mẫu giáo Bình An"', 'name = "  "', r"\[schools\[3\]\].name để trống"),
        ('aliases = ["MN Hoa Sen"]', 'aliases = ["MN Hoa Sen", ""]', r"\[schools\[2\]\].aliases để trống"),
        (
            'emails = ["c0binhan.thuthua@example.edu.vn"]',
            'emails = ["pgdthuthua@example.edu.vn"]',
            r'"pgdthuthua@example.edu.vn" vừa là địa chỉ của Phòng \(\[district\].staff_emails\) vừa là của '
            r'trường "mg-binh-an"',
        ),
    ],
)
def test_a_school_that_would_match_wrongly_is_refused(
    config_file: Path, old: str, new: str, message: str
) -> None:
    """A school with name = "" (or an empty alias) loaded, and an empty name is found in every text:
    review offered it, as "mg-binh-an ()", for a report headed only «TRƯỜNG TIỂU HỌC». A school given
    the office's own address loaded, though mail from that address is the office's, never a report."""
    _edit(config_file, old, new)
    with pytest.raises(ConfigError, match=message):
        config_mod.load(config_file)


@pytest.mark.parametrize(
    ("new", "message"),
    [
        ("keywords = []", r"\[reports\[1\]\].keywords để trống"),
        ('keywords = ["121/2020/QH14", ""]', r"\[reports\[1\]\].keywords có một từ khóa để trống"),
    ],
)
def test_a_report_nothing_or_everything_would_match_is_refused(
    config_file: Path, new: str, message: str
) -> None:
    """A report written with keywords = [] loaded, and then every school's report was filed as "không
    phải báo cáo" without a word; an empty keyword is found in every text."""
    _edit(
        config_file, 'keywords = ["121/2020/QH14", "NQ121", "Nghị quyết 121", "xâm hại trẻ em", "XHTE"]', new
    )
    with pytest.raises(ConfigError, match=message):
        config_mod.load(config_file)


def test_a_report_some_levels_owe_names_known_levels(config_file: Path) -> None:
    """A traffic safety report owed by lower-secondary schools only could not be configured: every
    school was counted, reminded and listed as missing for it. levels names the levels that owe it, and a
    level no school has ("THSC") is refused rather than leaving the report owed by nobody."""
    _edit(config_file, 'deadline = "10-25"', 'deadline = "10-25"\nlevels = ["thcs", "TH&THCS"]')
    report = config_mod.load(config_file).reports[0]
    assert report.levels == ("THCS", "TH&THCS")
    _edit(config_file, 'levels = ["thcs", "TH&THCS"]', 'levels = ["THSC"]')
    with pytest.raises(ConfigError, match=r'\[reports\[1\]\].levels có cấp học không biết "THSC"'):
        config_mod.load(config_file)


def test_a_school_level_is_a_known_level_written_as_a_code_or_its_name(config_file: Path) -> None:
    """«level = "Mầm non"» for a childcare group whose name carries no level loaded without a word, and the
    group left every report that names its levels: not in status, never reminded. A level's name reads as
    its code, and «Nhóm trẻ …» is a preschool («MN»); a level that is no level is refused, naming the levels."""
    _edit(
        config_file,
        'deadline = "10-25"',
        'deadline = "10-25"\nlevels = ["MN", "MG", "TH", "THCS", "TH&THCS"]',
    )
    _edit(config_file, 'id = "mn-hoa-sen"', 'id = "mn-hoa-sen"\nlevel = "Mầm non"')
    config = config_mod.load(config_file)
    assert config.school("mn-hoa-sen").level == "MN" and config.reports[0].owed_by(
        config.school("mn-hoa-sen")
    )
    _edit(config_file, 'name = "Trường Mầm non tư thục Hoa Sen"', 'name = "Nhóm trẻ độc lập Hoa Sen"')
    _edit(config_file, 'level = "Mầm non"\n', "")
    group = config_mod.load(config_file).school("mn-hoa-sen")  # a group's name says its level
    assert group.level == "MN" and config_mod.load(config_file).reports[0].owed_by(group)
    _edit(config_file, 'id = "mn-hoa-sen"', 'id = "mn-hoa-sen"\nlevel = "GDTX"')
    with pytest.raises(
        ConfigError, match=r'\[schools\[\d+\]\].level có cấp học không biết "GDTX"; .*MN \(Mầm non\)'
    ):
        config_mod.load(config_file)


def test_a_school_of_three_levels_is_owed_what_its_primary_and_lower_secondary_parts_are(
    config_file: Path,
) -> None:
    """«Trường Tiểu học, THCS và THPT Quốc tế Việt Úc» read as THCS&THPT, its primary part dropped: a
    commune's report on its TH and THCS schools was not owed by it. A commune collects the primary and
    lower-secondary parts of a school of all three levels, as of a TH&THCS school."""
    _edit(
        config_file,
        'deadline = "10-25"',
        'deadline = "10-25"\nlevels = ["MN", "MG", "TH", "THCS", "TH&THCS"]',
    )
    _edit(
        config_file,
        'name = "Trường Mầm non tư thục Hoa Sen"',
        'name = "Trường Tiểu học, THCS và THPT Quốc tế Việt Úc"',
    )
    config = config_mod.load(config_file)
    school = config.school("mn-hoa-sen")
    assert school.level == "TH&THCS" and config.reports[0].owed_by(school)


def test_a_config_in_a_legacy_code_page_says_to_save_it_as_utf8(config_file: Path) -> None:
    """A config saved as Windows-1258 was refused with Python's "'utf-8' codec can't decode byte 0xe1
    in position 211: invalid continuation byte"."""
    text = config_file.read_text(encoding="utf-8")
    config_file.write_bytes(text.encode("cp1258", errors="replace"))
    with pytest.raises(ConfigError, match="lưu lại tệp với bảng mã UTF-8") as raised:
        config_mod.load(config_file)
    assert "codec" not in str(raised.value)


def _edit(config_file: Path, old: str, new: str) -> None:
    text = config_file.read_text(encoding="utf-8")
    assert old in text, old
    config_file.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        pytest.param('deadline = "10-25"', 'deadline = "06-31"', r"không có ngày 31 tháng 6", id="june-31st"),
        pytest.param(
            'deadline = "10-25"', 'deadline = "02-30"', r"không có ngày 30 tháng 2", id="february-30th"
        ),
        pytest.param('deadline = "10-25"', 'deadline = "02-29"', r"chỉ có trong năm nhuận", id="leap-day"),
        pytest.param(
            'deadline = "10-25"',
            'deadline = "10-20"\ndeadlines = { 2025 = "25/10" }',
            r'\[reports\[1\]\].deadlines.2025 phải có dạng "MM-DD" \(ví dụ "10-25"\), nhưng đang là "25/10"',
            id="season-deadline-day-first",
        ),
        pytest.param(
            'deadline = "10-25"',
            'deadline = "10-20"\ndeadlines = { 2025 = "02-29" }',
            r"\[reports\[1\]\].deadlines.2025 là \"02-29\" \(29/2\) chỉ có trong năm nhuận",
            id="season-deadline-leap-day",
        ),
        pytest.param(
            'deadline = "10-25"',
            'deadline = "10-20"\ndeadlines = { 25 = "10-25" }',
            r"\[reports\[1\]\].deadlines có năm 25 nằm ngoài các năm báo cáo 2000–2099.*\(có phải 2025\?\)",
            id="season-deadline-two-digit-year",
        ),
        pytest.param(
            'deadline = "10-25"',
            'deadline = "10-20"\ndeadlines = { "năm 2025" = "10-25" }',
            r'\[reports\[1\]\].deadlines có khóa "năm 2025" không phải là năm',
            id="season-deadline-word-key",
        ),
        pytest.param(
            'deadline = "10-25"',
            'deadline = "10-20"\ndeadlines = { 2025 = 1025 }',
            r'\[reports\[1\]\].deadlines.2025 phải là chuỗi "MM-DD" \(ví dụ "10-25"\), nhưng đang là 1025',
            id="season-deadline-number",
        ),
        pytest.param(
            'deadline = "10-25"',
            'deadline = "10-20"\ndeadlines = "10-25"',
            r'\[reports\[1\]\].deadlines phải là một bảng năm = "MM-DD", ví dụ deadlines = \{ 2025 = "10-25" \}',
            id="season-deadlines-not-a-table",
        ),
        pytest.param(
            'reminder_time = "07:30"',
            'reminder_tme = "07:30"',
            r'\[scheduler\] có khóa không dùng đến "reminder_tme"; có phải ý bạn là "reminder_time"\?',
            id="misspelt-key",
        ),
        pytest.param(
            'deadline = "10-25"',
            'dealine = "10-25"',
            r'thiếu khóa \[reports\[1\]\].deadline; có khóa "dealine": có phải ý bạn là "deadline"\?',
            id="misspelt-required-key",
        ),
        pytest.param(
            'name = "Trường Mầm non tư thục Hoa Sen"',
            'nam = "Trường Mầm non tư thục Hoa Sen"',
            r'thiếu khóa \[schools\[2\]\].name; có khóa "nam": có phải ý bạn là "name"\?',
            id="misspelt-school-name-key",
        ),
        pytest.param(
            'id = "mn-hoa-sen"',
            'id = "mn hoa sen"',
            r"trường mn hoa sen \(Trường Mầm non tư thục Hoa Sen, mục \[\[schools\]\] thứ 2\): \[schools\[2\]\].id "
            r'"mn hoa sen" có dấu cách .* ví dụ "mn-hoa-sen"',
            id="school-code-with-spaces",
        ),
        pytest.param(
            "[scheduler]",
            "[schedular]",
            r"mục không dùng đến \[schedular\]; có phải ý bạn là \[scheduler\]\?",
            id="misspelt-section",
        ),
        pytest.param(
            'folder = "INBOX"',
            'foldr = "INBOX"',
            r'\[imap\] có khóa không dùng đến "foldr"; có phải ý bạn là "folder"\?',
            id="misspelt-imap-key",
        ),
        pytest.param(
            'emails = ["c0hoasen.thuthua@example.edu.vn"]',
            'emails = ["c0thitran.thuthua@example.edu.vn"]',
            r'"c0thitran.thuthua@example.edu.vn" được ghi cho cả hai trường "mn-thi-tran" và "mn-hoa-sen"',
            id="address-of-two-schools",
        ),
        pytest.param(
            'emails = ["c0hoasen.thuthua@example.edu.vn"]',
            'emails = ["c0hoasen.thuthua.example.edu.vn"]',
            r"\[schools\[2\]\].emails có .* không phải một địa chỉ thư",
            id="address-without-at",
        ),
        pytest.param(
            'database = "sqlite:///var/baocao.db"',
            'database = "mysql://baocao@localhost/baocao"',
            r'\[storage\].database phải bắt đầu bằng sqlite:/// hoặc postgresql\+psycopg://, nhưng đang là "mysql://"',
            id="unsupported-database",
        ),
        pytest.param(
            'database = "sqlite:///var/baocao.db"',
            'database = "postgres://u:secret@db/baocao"',
            r'\(PostgreSQL: postgresql\+psycopg://\.\.\.\), nhưng đang là "postgres://"',
            id="postgres-without-driver",
        ),
        pytest.param(
            "max_per_recipient_per_day = 3",
            "max_per_recipient_per_day = 0",
            r"\[scheduler\].max_per_recipient_per_day phải từ 1 trở lên, nhưng đang là 0",
            id="zero-cap",
        ),
        pytest.param(
            "season_close_days = 60",
            "season_close_days = -5",
            r"\[scheduler\].season_close_days phải từ 0 trở lên, nhưng đang là -5",
            id="negative-days",
        ),
        pytest.param(
            "reminder_days = [14, 7, 3, 1]",
            "reminder_days = [14, -7]",
            r"reminder_days phải là danh sách số dương",
            id="negative-reminder-day",
        ),
        pytest.param(
            "port = 993",
            "port = 70000",
            r"\[imap\].port phải là số cổng từ 1 đến 65535, nhưng đang là 70000",
            id="port-too-high",
        ),
        pytest.param(
            "port = 587", "port = 0", r"\[smtp\].port phải là số cổng từ 1 đến 65535", id="port-zero"
        ),
        pytest.param(
            'reminder_time = "07:30"',
            'reminder_time = "25:00"',
            r'\[scheduler\].reminder_time phải là giờ dạng "HH:MM"',
            id="impossible-time",
        ),
        pytest.param(
            'password_env = "BAOCAO_IMAP_PASSWORD"\nfolder = "INBOX"',
            'auth = "oauth2"\nfolder = "INBOX"',
            r'\[imap\].auth = "oauth2" cần mục \[oauth2\]',
            id="oauth2-without-client",
        ),
    ],
)
def test_a_config_that_would_fail_later_is_refused_at_load(
    config_file: Path, old: str, new: str, message: str
) -> None:
    """Such configs used to load and then end every command in a traceback, or be silently ignored."""
    _edit(config_file, old, new)
    with pytest.raises(ConfigError, match=message):
        config_mod.load(config_file)


def _set(config_file: Path, **values: str) -> None:
    """Give keys of the shipped [trust] and [origin] sections new values (TOML text)."""
    text = config_file.read_text(encoding="utf-8")
    for key, value in values.items():
        text, count = re.subn(rf"(?m)^{key} = .*$", f"{key} = {value}", text)
        assert count == 1, key
    config_file.write_text(text, encoding="utf-8")


def test_trust_roots_are_read_at_load_relative_to_the_config_file(config_file: Path) -> None:
    ca = pki.Authority.create()
    (config_file.parent / "certs").mkdir()
    (config_file.parent / "certs/goc.pem").write_bytes(ca.root.pem)
    (config_file.parent / "certs/trung-gian.cer").write_bytes(ca.intermediate.der)
    _set(
        config_file,
        roots='["certs/goc.pem"]',
        intermediates='["certs/trung-gian.cer"]',
        authserv_id='"MX.Example.vn"',
        verify_dkim="true",
    )
    cfg = config_mod.load(config_file)
    assert cfg.trust.roots == (ca.root.der,) and cfg.trust.intermediates == (ca.intermediate.der,)
    assert (cfg.origin.authserv_id, cfg.origin.verify_dkim) == ("mx.example.vn", True)


def test_the_shipped_trust_and_origin_sections_trust_and_check_nothing(config_file: Path) -> None:
    cfg = config_mod.load(config_file)
    assert cfg.trust.roots == () and cfg.origin.authserv_id is None and not cfg.origin.verify_dkim


def test_without_trust_and_origin_sections_nothing_is_trusted_or_checked(config_file: Path) -> None:
    text = config_file.read_text(encoding="utf-8")
    config_file.write_text(re.sub(r"(?ms)^\[(trust|origin)\]\n.*?\n\n", "", text), encoding="utf-8")
    assert "authserv_id" not in config_file.read_text(encoding="utf-8")
    cfg = config_mod.load(config_file)
    assert cfg.trust.roots == () and cfg.origin.authserv_id is None and not cfg.origin.verify_dkim


@pytest.mark.parametrize(
    ("files", "values", "message"),
    [
        (
            {},
            {"roots": '["certs/khong-co.pem"]'},
            r'\[trust\].roots: không đọc được tệp ".*certs/khong-co.pem"',
        ),
        (
            {"certs/sai.pem": b"day khong phai chung thu"},
            {"intermediates": '["certs/sai.pem"]'},
            r'\[trust\].intermediates: tệp ".*certs/sai.pem" không phải chứng thư số X.509',
        ),
        ({}, {"roots": '"certs/goc.pem"'}, r"\[trust\].roots phải là danh sách chuỗi chữ"),
        ({}, {"verify_dkim": '"có"'}, r'\[origin\].verify_dkim phải là true hoặc false, nhưng đang là "có"'),
    ],
)
def test_a_bad_trust_or_origin_value_names_the_key_and_the_file(
    config_file: Path, files: dict[str, bytes], values: dict[str, str], message: str
) -> None:
    for name, data in files.items():
        (config_file.parent / name).parent.mkdir(exist_ok=True)
        (config_file.parent / name).write_bytes(data)
    _set(config_file, **values)
    with pytest.raises(ConfigError, match=message):
        config_mod.load(config_file)


def test_a_config_without_reports_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[district]\nname = "Phòng GD&ĐT"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"chưa có báo cáo nào: thêm ít nhất một mục \[\[reports\]\]"):
        config_mod.load(path)


def test_several_folders_and_mailboxes_are_watched(config_file: Path) -> None:
    _edit(config_file, 'folder = "INBOX"', 'folders = ["INBOX", "Báo cáo"]')
    with config_file.open("a", encoding="utf-8") as f:
        f.write(
            '\n[[mailboxes]]\nhost = "imap.gmail.com"\nusername = "baocao.thuthua@gmail.com"\n'
            'password_env = "BAOCAO_GMAIL_PASSWORD"\nfolder = "Báo cáo trường"\n'
        )
    cfg = config_mod.load(config_file)
    assert [m.name for m in cfg.mailboxes] == [
        "pgdthuthua@example.edu.vn@127.0.0.1:993/INBOX",
        "pgdthuthua@example.edu.vn@127.0.0.1:993/Báo cáo",
        "baocao.thuthua@gmail.com@imap.gmail.com:993/Báo cáo trường",
    ]
    assert cfg.imap == cfg.mailboxes[0]
    assert "baocao.thuthua@gmail.com" in cfg.office_addresses


def test_oauth2_defaults_come_from_the_provider(config_file: Path) -> None:
    _edit(config_file, 'password_env = "BAOCAO_IMAP_PASSWORD"\nfolder', 'auth = "oauth2"\nfolder')
    with config_file.open("a", encoding="utf-8") as f:
        f.write('\n[oauth2]\nprovider = "microsoft"\nclient_id = "1234-abcd"\ntenant = "thuthua.edu.vn"\n')
    cfg = config_mod.load(config_file)
    assert cfg.imap is not None and cfg.imap.auth == "oauth2"
    assert cfg.oauth is not None
    assert cfg.oauth.token_endpoint == "https://login.microsoftonline.com/thuthua.edu.vn/oauth2/v2.0/token"
    assert "offline_access" in cfg.oauth.scopes
    assert cfg.oauth.token_file == config_file.parent / "var/oauth-tokens.json"


def test_school_sizes_and_headcount_figures_are_optional(config_file: Path) -> None:
    """Pupils and staff, when the roster gives them, check the figures marked headcount = true."""
    text = config_file.read_text(encoding="utf-8")
    text = text.replace('id = "th-my-lac"', 'id = "th-my-lac"\npupils = 420\nstaff = 31', 1)
    text = text.replace('id = "nguoi_tham_gia"', 'id = "nguoi_tham_gia"\n  headcount = true', 1)
    config_file.write_text(text, encoding="utf-8")
    cfg = config_mod.load(config_file)
    assert (cfg.school("th-my-lac").pupils, cfg.school("th-my-lac").staff) == (420, 31)
    assert (cfg.school("th-my-an").pupils, cfg.school("th-my-an").staff) == (None, None)
    assert cfg.report("nq121").headcount_figures == ("nguoi_tham_gia",)


def test_max_message_mb_is_read_per_mailbox_and_defaults_to_30(config_file: Path) -> None:
    text = config_file.read_text(encoding="utf-8")
    assert config_mod.load(config_file).max_message_mb == 30
    config_file.write_text(text.replace("port = 993", "port = 993\nmax_message_mb = 25", 1), encoding="utf-8")
    config = config_mod.load(config_file)
    assert config.imap is not None and config.imap.max_message_mb == 25
    assert config.max_message_mb == 25


def test_names_typed_decomposed_print_aligned_and_composed(config_file: Path) -> None:
    """School names typed with Unikey's "Unicode tổ hợp" (each tone a separate combining mark) were
    kept decomposed: `baocao missing` counted the marks as letters and pushed every column after the
    name out of line, and the mail and exports carried text unlike the composed names documents have."""
    text = config_file.read_text(encoding="utf-8")
    decomposed = re.sub(
        r'^name = "(Trường[^"]*)"',
        lambda m: f'name = "{unicodedata.normalize("NFD", m[1])}"',
        text,
        flags=re.M,
    )
    assert decomposed != text
    config_file.write_text(decomposed, encoding="utf-8")
    assert config_mod.load(config_file).school("th-my-thanh-a").name == "Trường Tiểu học Mỹ Thạnh A"

    shown = CliRunner().invoke(main, ["--config", str(config_file), "missing", "--year", "2021"])
    assert shown.exit_code == 0, shown.output
    rows = [
        line
        for line in shown.output.splitlines()
        if "@example.edu.vn" in line and line.lstrip()[:1].isdigit()
    ]
    assert len(rows) > 30 and len({line.index("Chưa nộp") for line in rows}) == 1


def test_a_school_named_after_a_numbered_ward_stands_in_that_ward(config_file: Path) -> None:
    """«Trường Tiểu học Phường 10» was read to stand in a commune «Phường», its number taken for a school's
    as «Bình Thạnh 1»'s is: every numbered ward's school shared one commune, shown so in the exports'
    «Xã» column and taken for neighbours by matching."""
    wards = "".join(
        f'\n[[schools]]\nid = "{level}-p{n}"\nname = "Trường {name} Phường {n}"\nemails = ["{level}p{n}@example.edu.vn"]\n'
        for level, name in (("th", "Tiểu học"), ("mn", "Mầm non"))
        for n in (1, 10)
    )
    config_file.write_text(config_file.read_text(encoding="utf-8") + wards, encoding="utf-8")
    config = config_mod.load(config_file)
    communes = {s.id: s.commune for s in config.schools}
    assert {i: communes[i] for i in ("th-p1", "th-p10", "mn-p10")} == {
        "th-p1": "Phường 1",
        "th-p10": "Phường 10",
        "mn-p10": "Phường 10",
    }
    assert communes["th-binh-thanh-1"] == communes["th-binh-thanh-2"] == "Bình Thạnh"


def test_a_school_named_with_its_kind_or_its_number_first_stands_in_its_commune(config_file: Path) -> None:
    """The exports' «Xã» column read «Trường PTDTBT TH&THCS Ea Sol» as a commune of that whole name and
    «Trường Tiểu học số 1 Ea Hiao» as one named «số 1 Ea Hiao»: the kind of a boarding school (or of an
    independent group) and a number written before the place were no words the commune reader knew."""
    schools = (
        ("ptdtbt-ea-sol", "Trường PTDTBT TH&THCS Ea Sol"),
        ("ptdtnt-ea-hleo", "Trường Phổ thông Dân tộc nội trú THCS Ea H'leo"),
        ("th-so1-ea-hiao", "Trường Tiểu học số 1 Ea Hiao"),
        ("th-so2-ea-hiao", "Trường Tiểu học Ea Hiao số 2"),
        ("nt-ban-mai", "Nhóm trẻ độc lập Ban Mai"),
        ("dtnt-ea-kly", "Trường THCS DTNT Ea Kly"),
        ("bt-ea-rok", "Trường Tiểu học bán trú Ea Rốk"),
    )
    added = "".join(
        f'\n[[schools]]\nid = "{school_id}"\nname = "{name}"\nemails = ["{school_id}@example.edu.vn"]\n'
        for school_id, name in schools
    )
    config_file.write_text(config_file.read_text(encoding="utf-8") + added, encoding="utf-8")
    communes = {s.id: s.commune for s in config_mod.load(config_file).schools}
    assert {school_id: communes[school_id] for school_id, _ in schools} == {
        "ptdtbt-ea-sol": "Ea Sol",
        "ptdtnt-ea-hleo": "Ea H'leo",
        "th-so1-ea-hiao": "Ea Hiao",
        "th-so2-ea-hiao": "Ea Hiao",
        "nt-ban-mai": "Ban Mai",
        "dtnt-ea-kly": "Ea Kly",
        "bt-ea-rok": "Ea Rốk",
    }


def test_a_report_lists_the_deadlines_of_given_seasons(config_file: Path) -> None:
    """[[reports]].deadlines keeps a past season's deadline when the report's changes for the next."""
    _edit(
        config_file,
        'deadline = "10-25"',
        'deadline = "10-20"\ndeadlines = { 2025 = "10-25", 2021 = "11-05" }',
    )
    report = config_mod.load(config_file).report("nq121")
    assert report.deadlines == ((2021, 11, 5), (2025, 10, 25))
    assert [report.deadline_month_day(y) for y in (2021, 2025, 2026)] == [(11, 5), (10, 25), (10, 20)]


def test_staff_mail_and_pages_name_a_report_by_the_keyword_that_spells_its_id(config_file: Path) -> None:
    """A report configured as id "duoi-nuoc" was «báo cáo DUOI-NUOC» in the digest's and the missing list's
    subjects and the page's tabs. A report is named by its keyword that spells the id (marks, case and
    separators aside), «NQ121» staying «NQ121»; an id no keyword spells is written in capitals as before."""
    assert config_mod.load(config_file).report("nq121").short == "NQ121"
    _edit(config_file, 'id = "nq121"', 'id = "duoi-nuoc"')
    _edit(config_file, '"XHTE"]', '"XHTE", "Đuối nước"]')
    assert config_mod.load(config_file).report("duoi-nuoc").short == "Đuối nước"
    _edit(config_file, 'id = "duoi-nuoc"', 'id = "pcdn"')
    assert config_mod.load(config_file).report("pcdn").short == "PCDN"
