"""`baocao doctor` against real servers, with one dependency missing or wrong at a time."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path

import psycopg
import pytest
from click.testing import CliRunner, Result
from sqlalchemy.engine import make_url

from app import doctor
from app.cli import main
from kernel import config as config_mod
from kernel import deadlines
from kernel.archive import Archive
from kernel.runtime import Runtime
from tests import pki
from tests.conftest import record_report
from tests.intake.conftest import _shipped_tables
from tests.intake.test_pipeline import HEALTH_REPORT
from tests.scheduler.conftest import Clock, SmtpServer
from tests.servers import Dovecot, dovecot_server, free_port
from tests.servers_pg import postgres_server

TESSDATA = Path("/usr/share/tesseract-ocr/5/tessdata")


@pytest.fixture(scope="module")
def dovecot() -> Iterator[Dovecot]:
    with dovecot_server() as server:
        yield server


@pytest.fixture(scope="module")
def smtp() -> Iterator[SmtpServer]:
    server = SmtpServer(Clock(dt.datetime.now(dt.UTC)))
    server.start()
    yield server
    server.stop()


def _config(
    tmp_path: Path,
    dovecot: Dovecot,
    smtp_port: int,
    *,
    password: str | None = None,
    folder: str = "INBOX",
    archive: str = "var/archive",
    database: str = "var/baocao.db",
    max_message_mb: int = 30,
    timezone: str = "Asia/Ho_Chi_Minh",
) -> Path:
    path = tmp_path / "config.toml"
    if archive == "var/archive":  # made at install; a check never makes it
        (tmp_path / archive).mkdir(parents=True, exist_ok=True)
    tables = _shipped_tables().replace('timezone = "Asia/Ho_Chi_Minh"', f'timezone = "{timezone}"')
    path.write_text(
        f"""{tables}

[imap]
host = "{dovecot.host}"
port = {dovecot.port}
security = "none"
username = "{dovecot.user}"
password = "{password or dovecot.password}"
folder = "{folder}"
max_message_mb = {max_message_mb}

[smtp]
host = "127.0.0.1"
port = {smtp_port}
security = "none"
from = "pgdthuthua@example.edu.vn"

[storage]
database = "{database if "://" in database else f"sqlite:///{database}"}"
archive = "{archive}"
""",
        encoding="utf-8",
    )
    return path


def _doctor(path: Path, **env: str | None) -> Result:
    return CliRunner(env=env).invoke(main, ["--config", str(path), "doctor"])


def _line(result: Result, start: str) -> str:
    found = [line for line in result.output.splitlines() if line[2:].startswith(start)]
    assert found, f"no line for {start!r} in:\n{result.output}"
    return found[0]


def test_everything_in_place_is_all_ticks(tmp_path: Path, dovecot: Dovecot, smtp: SmtpServer) -> None:
    result = _doctor(_config(tmp_path, dovecot, smtp.port))
    assert result.exit_code == 0, result.output
    assert "✗" not in result.output
    assert _line(result, "Hộp thư").startswith("✓") and "thư mục INBOX có" in _line(result, "Hộp thư")
    assert "Mọi thứ sẵn sàng." in result.output


def test_doctor_says_what_digital_signatures_are_checked_against(
    tmp_path: Path, dovecot: Dovecot, smtp: SmtpServer
) -> None:
    """Without [trust].roots no school's digital signature counts for anything, and nothing said so."""
    path = _config(tmp_path, dovecot, smtp.port)
    assert "chưa cấu hình chứng thư gốc tin cậy ([trust].roots)" in _line(_doctor(path), "Chữ ký số")
    (tmp_path / "root.pem").write_bytes(pki.Authority.create().root.pem)
    trusting = path.read_text(encoding="utf-8").replace("\nroots = []", '\nroots = ["root.pem"]', 1)
    path.write_text(trusting, encoding="utf-8")
    assert _line(_doctor(path), "Chữ ký số") == "✓ Chữ ký số: đối chiếu với 1 chứng thư gốc tin cậy"


def test_without_tesseract_on_the_path(tmp_path: Path, dovecot: Dovecot, smtp: SmtpServer) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in ("antiword", "7z"):
        found = shutil.which(tool)
        assert found is not None
        os.symlink(found, bin_dir / tool)
    result = _doctor(_config(tmp_path, dovecot, smtp.port), PATH=str(bin_dir))
    assert result.exit_code == 1
    line = _line(result, "tesseract")
    assert line.startswith("✗") and "apt-get install tesseract-ocr tesseract-ocr-vie" in line
    assert _line(result, "antiword").startswith("✓")


def test_a_tessdata_without_vietnamese(tmp_path: Path, dovecot: Dovecot, smtp: SmtpServer) -> None:
    tessdata = tmp_path / "tessdata"
    tessdata.mkdir()
    shutil.copy(TESSDATA / "eng.traineddata", tessdata)
    result = _doctor(_config(tmp_path, dovecot, smtp.port), TESSDATA_PREFIX=str(tessdata))
    assert result.exit_code == 1
    line = _line(result, "Dữ liệu tiếng Việt")
    assert line.startswith("✗") and "có: eng" in line and "TESSDATA_PREFIX" in line


def test_a_tessdata_without_the_orientation_model(tmp_path: Path, dovecot: Dovecot, smtp: SmtpServer) -> None:
    """Without tesseract's osd model a scan fed upside down or sideways is read as gibberish (the retry
    turned upright fails), yet doctor was all ticks."""
    tessdata = tmp_path / "tessdata"
    tessdata.mkdir()
    for model in ("eng", "vie"):
        os.symlink(TESSDATA / f"{model}.traineddata", tessdata / f"{model}.traineddata")
    result = _doctor(_config(tmp_path, dovecot, smtp.port), TESSDATA_PREFIX=str(tessdata))
    assert result.exit_code == 1
    line = _line(result, "Dữ liệu tiếng Việt")
    assert line.startswith("✗") and "thiếu mô hình osd" in line and "tesseract-ocr-osd" in line


def test_a_wrong_imap_password(tmp_path: Path, dovecot: Dovecot, smtp: SmtpServer) -> None:
    result = _doctor(_config(tmp_path, dovecot, smtp.port, password="sai-mat-khau"))
    assert result.exit_code == 1
    line = _line(result, "Hộp thư")
    assert line.startswith("✗") and "từ chối đăng nhập" in line and "[imap].password" in line
    assert _line(result, "Gửi thư").startswith("✓")


def test_a_folder_that_does_not_exist(tmp_path: Path, dovecot: Dovecot, smtp: SmtpServer) -> None:
    result = _doctor(_config(tmp_path, dovecot, smtp.port, folder="Bao cao"))
    assert result.exit_code == 1
    assert 'Không mở được thư mục "Bao cao"' in _line(result, "Hộp thư")


def test_an_unreachable_smtp_server(tmp_path: Path, dovecot: Dovecot) -> None:
    result = _doctor(_config(tmp_path, dovecot, free_port()))
    assert result.exit_code == 1
    line = _line(result, "Gửi thư")
    assert line.startswith("✗") and "không kết nối được máy chủ SMTP" in line


def test_an_archive_that_cannot_be_written(tmp_path: Path, dovecot: Dovecot, smtp: SmtpServer) -> None:
    (tmp_path / "not-a-folder").write_text(
        "x", encoding="utf-8"
    )  # root may write anywhere, but not under a file
    result = _doctor(_config(tmp_path, dovecot, smtp.port, archive="not-a-folder/archive"))
    assert result.exit_code == 1
    line = _line(result, "Kho lưu trữ")
    assert line.startswith("✗") and "không ghi được vào" in line and "quyền ghi" in line
    # The system's English words ("Not a directory") were shown for the usual causes.
    assert "trên đường dẫn có một tệp chứ không phải thư mục" in line


def test_a_missing_archive_folder_is_said_not_made(
    tmp_path: Path, dovecot: Dovecot, smtp: SmtpServer
) -> None:
    """Doctor made a missing archive folder and said «✓ … ghi được»: an archive disk not mounted, or
    [storage].archive pointing elsewhere, went unnoticed until the originals were looked for."""
    result = _doctor(_config(tmp_path, dovecot, smtp.port, archive="var/kho"))
    assert result.exit_code == 1
    line = _line(result, "Kho lưu trữ")
    assert line.startswith(f"✗ Kho lưu trữ thư gốc: thư mục {tmp_path / 'var' / 'kho'} không có — ")
    assert f"mkdir -p {tmp_path / 'var' / 'kho'}" in line and "[storage].archive" in line
    assert not (tmp_path / "var" / "kho").exists()


def _damaged_archive(tmp_path: Path, count: int) -> Path:
    """An archive of count messages, the first of them damaged in its middle: its file."""
    archive = Archive(tmp_path / "var" / "archive")
    body = b"Kinh gui Phong GD&DT.\r\n" * 200
    keys = archive.put_many([f"Subject: Bao cao {n}\r\n\r\n".encode() + body for n in range(count)])
    damaged = archive.path(keys[0])
    raw = bytearray(damaged.read_bytes())
    raw[len(raw) // 2 : len(raw) // 2 + 100] = bytes(100)
    damaged.write_bytes(bytes(raw))
    return damaged


def test_a_damaged_original_in_the_archive_is_named_with_the_fix(
    tmp_path: Path, dovecot: Dovecot, smtp: SmtpServer
) -> None:
    """An archived mail overwritten in its middle was all ticks: doctor now reads the originals back and
    names a file whose bytes no longer match its SHA-256 name, with what to do."""
    path = _config(tmp_path, dovecot, smtp.port)
    damaged = _damaged_archive(tmp_path, 3)

    result = _doctor(path)

    assert result.exit_code == 1
    line = _line(result, "Thư gốc trong kho lưu trữ")
    assert line.startswith("✗ Thư gốc trong kho lưu trữ: đã đọc 3/3 tệp, 1 tệp bị hỏng")
    assert str(damaged) in line and "bản sao lưu" in line and "baocao rescan" in line


def test_a_large_archive_is_sampled_and_read_whole_on_asking(
    tmp_path: Path, dovecot: Dovecot, smtp: SmtpServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A province's archive (tens of GB) takes minutes to read: doctor reads what it can in its time and
    says so; --full reads every file."""
    path = _config(tmp_path, dovecot, smtp.port)
    damaged = _damaged_archive(tmp_path, 40)
    monkeypatch.setattr(doctor, "ARCHIVE_SECONDS", 0.0)

    sampled = _line(_doctor(path), "Thư gốc trong kho lưu trữ")
    full = CliRunner().invoke(main, ["--config", str(path), "doctor", "--full"])

    assert "Thư gốc trong kho lưu trữ: đã đọc 1/40 tệp (chọn ngẫu nhiên)" in sampled
    line = _line(full, "Thư gốc trong kho lưu trữ")
    assert (
        line.startswith("✗ Thư gốc trong kho lưu trữ: đã đọc 40/40 tệp, 1 tệp bị hỏng")
        and str(damaged) in line
    )


def test_an_archive_disk_without_room_for_a_message(
    tmp_path: Path, dovecot: Dovecot, smtp: SmtpServer
) -> None:
    """A full disk was all ticks (the empty probe file is written even then), and then every new message
    failed to be archived."""
    free_mb = shutil.disk_usage(tmp_path).free // (1024 * 1024)
    result = _doctor(_config(tmp_path, dovecot, smtp.port, max_message_mb=free_mb + 1024))
    assert result.exit_code == 1
    line = _line(result, "Kho lưu trữ")
    assert line.startswith("✗") and "MB trống, không đủ cho một thư" in line and "dung lượng đĩa" in line
    result = _doctor(_config(tmp_path, dovecot, smtp.port))
    assert _line(result, "Kho lưu trữ").startswith("✓") and "MB trống" in _line(result, "Kho lưu trữ")


def test_files_of_archive_writes_killed_midway_are_named_not_removed(
    tmp_path: Path, dovecot: Dovecot, smtp: SmtpServer
) -> None:
    """A reader killed (kill -9) while it wrote a message left its temporary file in the archive for ever,
    unnoticed. Doctor names those no one has written to for over a day, with the command that removes
    them; it removes none (another machine sharing the archive may be writing one), nor names a fresh one."""
    path = _config(tmp_path, dovecot, smtp.port)
    folder = tmp_path / "var" / "archive" / "ab" / "cd"
    folder.mkdir(parents=True)
    stale, fresh = folder / ".tmp-k1x9q2", tmp_path / "var" / "archive" / ".tmp-w7p3z0"
    stale.write_bytes(bytes(2 * 1024 * 1024))
    fresh.write_bytes(b"Received: from mail.example.edu.vn")
    two_days_ago = (dt.datetime.now(dt.UTC) - dt.timedelta(days=2)).timestamp()
    os.utime(stale, (two_days_ago, two_days_ago))

    result = _doctor(path)

    assert result.exit_code == 0, result.output
    line = _line(result, "Kho lưu trữ")
    assert line.startswith("✓")
    assert "; 1 tệp tạm (.tmp-…, 2,0 MB) còn lại từ lần ghi thư bị ngắt giữa chừng" in line
    assert f"find {tmp_path / 'var' / 'archive'} -name '.tmp-*' -mmin +1440 -delete" in line
    assert stale.exists() and fresh.exists()


def test_a_world_readable_database(tmp_path: Path, dovecot: Dovecot, smtp: SmtpServer) -> None:
    path = _config(tmp_path, dovecot, smtp.port)
    assert _doctor(path).exit_code == 0
    (tmp_path / "var" / "baocao.db").chmod(0o644)
    result = _doctor(path)
    assert result.exit_code == 1
    assert "chmod 600" in _line(result, "Cơ sở dữ liệu")


def test_a_bad_timezone(tmp_path: Path, dovecot: Dovecot, smtp: SmtpServer) -> None:
    result = _doctor(_config(tmp_path, dovecot, smtp.port, timezone="Asia/Saigon_City"))
    assert result.exit_code == 1
    assert result.output.startswith("✗ Tệp cấu hình: [district].timezone phải là tên múi giờ IANA")
    assert "Traceback" not in result.output


def test_a_school_without_an_address_is_named(tmp_path: Path, dovecot: Dovecot, smtp: SmtpServer) -> None:
    """A school written with emails = [] loaded and was then skipped by every reminder without a word:
    nobody learnt that it would never be reminded."""
    path = _config(tmp_path, dovecot, smtp.port)
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace('emails = ["c0binhan.thuthua@example.edu.vn"]', "emails = []", 1), encoding="utf-8"
    )
    result = _doctor(path)
    assert result.exit_code == 1, result.output
    line = _line(result, "Địa chỉ thư của các trường")
    assert line.startswith("✗") and "1 trường chưa có địa chỉ thư" in line and "mg-binh-an" in line


def test_a_school_name_typed_without_marks_is_named(
    tmp_path: Path, dovecot: Dovecot, smtp: SmtpServer
) -> None:
    """«Truong Tieu hoc Binh An» loaded without a word and went into every letter to the school
    («Kính gửi: Hiệu trưởng Truong Tieu hoc Binh An») and every table."""
    path = _config(tmp_path, dovecot, smtp.port)
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace('"Trường Tiểu học Bình An"', '"Truong Tieu hoc Binh An"', 1), encoding="utf-8"
    )
    result = _doctor(path)
    assert result.exit_code == 1, result.output
    line = _line(result, "Tên các trường")
    assert line.startswith("✗") and "1 trường có tên viết không dấu" in line
    assert "th-binh-an («Truong Tieu hoc Binh An»)" in line and "viết đủ dấu" in line


def test_an_address_staff_taught_for_one_school_and_the_config_gives_another_is_named(
    tmp_path: Path, dovecot: Dovecot, smtp: SmtpServer
) -> None:
    """Staff assigned a gmail's mail to Bình Thạnh 2, then the office listed that gmail for Bình Thạnh 1:
    the config won for every mail after it, with no word anywhere that staff had said otherwise."""
    path = _config(tmp_path, dovecot, smtp.port)
    gmail = "tranvanlam79@gmail.com"
    with Runtime.open(config_mod.load(path)) as rt:
        rt.store.learn_address(gmail, "th-binh-thanh-2", "k", dt.datetime.now(dt.UTC))
    assert _line(_doctor(path), "Địa chỉ cán bộ đã gán").startswith("✓")
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace(
            'emails = ["c1binhthanh1.thuthua@example.edu.vn"]',
            f'emails = ["c1binhthanh1.thuthua@example.edu.vn", "{gmail}"]',
            1,
        ),
        encoding="utf-8",
    )
    result = _doctor(path)
    assert result.exit_code == 1, result.output
    line = _line(result, "Địa chỉ cán bộ đã gán")
    assert line.startswith("✗")
    assert f"{gmail} (cán bộ gán cho th-binh-thanh-2, tệp cấu hình ghi cho th-binh-thanh-1)" in line
    assert "baocao addresses --forget" in line


def test_a_passed_season_whose_deadline_the_config_has_changed_is_named(
    tmp_path: Path, dovecot: Dovecot, smtp: SmtpServer
) -> None:
    """The office set deadline "10-20" for the coming season after running 2025 with "10-25": who was on
    time in 2025 was counted again by the new deadline, and nothing said so."""
    path = _config(tmp_path, dovecot, smtp.port)
    with Runtime.open(config_mod.load(path)) as rt:
        record_report(rt, "th-my-an", 2025, dt.datetime(2025, 10, 22, 9, 0, tzinfo=dt.UTC))
        deadlines.record_passed(rt.config, rt.store, dt.datetime(2025, 11, 1, tzinfo=dt.UTC))
    assert _line(_doctor(path), "Hạn nộp của các đợt đã qua").startswith("✓")
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('deadline = "10-25"', 'deadline = "10-20"', 1), encoding="utf-8")
    result = _doctor(path)
    assert result.exit_code == 1, result.output
    line = _line(result, "Hạn nộp của các đợt đã qua")
    assert line.startswith(
        "✗ Hạn nộp của các đợt đã qua: hạn nộp báo cáo NQ121 năm 2025 theo config.toml nay là 20/10/2025, "
        "nhưng đợt năm 2025 đã diễn ra với hạn 25/10/2025"
    )
    assert line.endswith(
        '— nếu hạn mới chỉ áp dụng từ đợt năm 2026, ghi thêm vào mục [[reports]] có id = "nq121" trong '
        'config.toml dòng: deadlines = { 2025 = "10-25" }'
    )
    path.write_text(
        text.replace('deadline = "10-25"', 'deadline = "10-20"\ndeadlines = { 2025 = "10-25" }', 1),
        encoding="utf-8",
    )
    assert _line(_doctor(path), "Hạn nộp của các đợt đã qua").startswith("✓")


def _import_one(path: Path, tmp_path: Path, trace: str = "") -> None:
    """Record one school's report, as an office that has run baocao for a while has; trace: a header field
    the office's server put on top."""
    msg = EmailMessage()
    msg["From"] = "c1myan.thuthua@example.edu.vn"
    msg["To"] = "pgdthuthua@example.edu.vn"
    msg["Subject"] = "Báo cáo NQ121"
    msg["Date"] = "Wed, 20 Oct 2021 09:15:00 +0700"
    msg["Message-ID"] = "<bc1@example.edu.vn>"
    msg.set_content("Trường Tiểu học Mỹ An gửi báo cáo thực hiện Nghị quyết 121/2020/QH14.")
    mail = tmp_path / "mail"
    mail.mkdir()
    (mail / "1.eml").write_bytes((f"{trace}\n" if trace else "").encode() + msg.as_bytes())
    result = CliRunner().invoke(main, ["--config", str(path), "import", str(mail)])
    assert result.exit_code == 0, result.output


M365 = (
    "Authentication-Results: spf=fail (sender IP is 203.0.113.9) smtp.mailfrom=example.edu.vn; dkim=none "
    "(message not signed) header.d=none;dmarc=fail action=none header.from=example.edu.vn;compauth=fail "
    "reason=000"
)


def test_a_mail_server_that_names_itself_nowhere_is_said_to_leave_forgery_unchecked(
    tmp_path: Path, dovecot: Dovecot, smtp: SmtpServer
) -> None:
    """Microsoft 365 writes Authentication-Results with no server name: no [origin].authserv_id can name
    it, so an office on it never caught a forged sender, and doctor said nothing of it."""
    path = _config(tmp_path, dovecot, smtp.port)
    _import_one(path, tmp_path, M365)
    result = _doctor(path)
    assert result.exit_code == 1
    line = _line(result, "Kiểm tra thư giả mạo")
    assert line.startswith("✗") and "không ghi tên máy chủ" in line and "verify_dkim = true" in line


def test_mail_read_before_the_config_changed_is_named_until_it_is_read_again(
    tmp_path: Path, dovecot: Dovecot, smtp: SmtpServer
) -> None:
    """The office added the school health report to config.toml in November: the schools that had mailed
    it in October stayed «Chưa nộp» and were reminded of it, and nothing said that mail read before the
    change is only read again by `baocao reprocess`."""
    path = _config(tmp_path, dovecot, smtp.port)
    _import_one(path, tmp_path)
    assert _line(_doctor(path), "Thư đã đọc theo cấu hình hiện tại").startswith("✓")
    path.write_text(path.read_text(encoding="utf-8") + HEALTH_REPORT, encoding="utf-8")
    result = _doctor(path)
    assert result.exit_code == 1, result.output
    line = _line(result, "Thư đã đọc theo cấu hình hiện tại")
    assert line.startswith("✗ Thư đã đọc theo cấu hình hiện tại: 1 thư được đọc trước khi config.toml đổi")
    assert "baocao reprocess" in line
    done = CliRunner().invoke(main, ["--config", str(path), "reprocess"])
    assert done.exit_code == 0, done.output
    assert _line(_doctor(path), "Thư đã đọc theo cấu hình hiện tại").startswith("✓")


def test_a_database_path_that_points_elsewhere(tmp_path: Path, dovecot: Dovecot, smtp: SmtpServer) -> None:
    """A [storage].database pointing to where the database is not (files moved, a disk not mounted) was
    all ticks: the store made a fresh empty database there, and the office's records and decisions were
    silently not used. A commune's staff read it too: the records are staff's decisions, not «của Phòng»."""
    _import_one(_config(tmp_path, dovecot, smtp.port), tmp_path)
    result = _doctor(_config(tmp_path, dovecot, smtp.port, database="var/moi/baocao.db"))
    assert result.exit_code == 1
    line = _line(result, "Cơ sở dữ liệu và kho lưu trữ")
    assert line.startswith("✗") and "[storage].database có thể đang trỏ sai chỗ" in line
    assert "quyết định của cán bộ nằm ở cơ sở dữ liệu cũ" in line and "Phòng" not in line


def test_an_archive_path_that_points_elsewhere(tmp_path: Path, dovecot: Dovecot, smtp: SmtpServer) -> None:
    """An archive path pointing to an empty folder was all ticks, and every message recorded before could
    no longer be processed again."""
    _import_one(_config(tmp_path, dovecot, smtp.port), tmp_path)
    result = _doctor(_config(tmp_path, dovecot, smtp.port, archive="var/kho-moi"))
    assert result.exit_code == 1
    line = _line(result, "Cơ sở dữ liệu và kho lưu trữ")
    assert line.startswith("✗") and "[storage].archive có thể đang trỏ sai chỗ" in line
    assert "20/10/2021" in line


def test_a_fresh_installation_is_not_a_misplaced_one(
    tmp_path: Path, dovecot: Dovecot, smtp: SmtpServer
) -> None:
    path = _config(tmp_path, dovecot, smtp.port)
    assert _line(_doctor(path), "Cơ sở dữ liệu và kho lưu trữ").startswith("✓")
    _import_one(path, tmp_path)
    assert _line(_doctor(path), "Cơ sở dữ liệu và kho lưu trữ").startswith("✓")


def test_a_database_password_is_never_printed(tmp_path: Path, dovecot: Dovecot, smtp: SmtpServer) -> None:
    """A PostgreSQL server that refused the connection printed the whole URL, password included, in
    doctor and in every command's error (and so in the service's log)."""
    url = f"postgresql+psycopg://baocao:MatKhauBiMat@127.0.0.1:{free_port()}/baocao"
    path = _config(tmp_path, dovecot, smtp.port, database=url)
    result = _doctor(path)
    assert result.exit_code == 1
    line = _line(result, "Cơ sở dữ liệu:")
    assert line.startswith("✗") and "127.0.0.1" in line and "[storage].database" not in line
    status = CliRunner().invoke(main, ["--config", str(path), "status"])
    assert status.exit_code != 0 and "127.0.0.1" in status.output and "không trả lời" in status.output
    assert "MatKhauBiMat" not in result.output + status.output


def test_a_database_server_whose_connections_are_all_taken_says_so(
    tmp_path: Path, dovecot: Dovecot, smtp: SmtpServer
) -> None:
    """PostgreSQL's connection limit was full (other programs, a stuck pool): `status` and doctor printed
    «không mở được cơ sở dữ liệu …: (psycopg.OperationalError) … FATAL: sorry, too many clients already
    (Background on this error at: https://sqlalche.me/…)» and told the officer to check [storage].database,
    which was right. They now say in Vietnamese that the server takes no more connections, and what to do."""
    with postgres_server() as base:
        path = _config(tmp_path, dovecot, smtp.port, database=base + "postgres")
        assert CliRunner().invoke(main, ["--config", str(path), "status"]).exit_code == 0
        server = make_url(base)
        held: list[psycopg.Connection] = []
        try:
            while True:
                try:
                    held.append(psycopg.connect(host=server.host, port=server.port, user="postgres"))
                except psycopg.OperationalError:
                    break
            doctor = _doctor(path)
            status = CliRunner().invoke(main, ["--config", str(path), "status"])
        finally:
            for conn in held:
                conn.close()
    line = _line(doctor, "Cơ sở dữ liệu:")
    assert doctor.exit_code == 1 and line.startswith("✗"), doctor.output
    assert status.exit_code == 1, status.output
    where = f"máy chủ cơ sở dữ liệu {server.host}:{server.port} không nhận thêm kết nối"
    for said in (line, status.output):
        assert where in said and "max_connections" in said and "chạy lại" in said, said
        assert (
            "[storage].database" not in said and "too many clients" not in said and "sqlalche.me" not in said
        )


def test_a_units_mailbox_whose_address_nothing_says_is_named(tmp_path: Path, smtp: SmtpServer) -> None:
    """A commune's own mailbox logging in as «myan» (no address) was all ticks, while the commune's
    schools were told to send their reports, and answer, to the office's mailbox. Doctor names it and
    the key that says the mailbox's address."""
    # A Dovecot of its own: one that others logged in to within the second may not read its users again.
    with dovecot_server() as dovecot:
        with (dovecot.root / "users").open("a", encoding="utf-8") as users:
            users.write("myan:{PLAIN}MatKhauXa\n")
        _mailbox_without_address(tmp_path, dovecot, smtp)


def _mailbox_without_address(tmp_path: Path, dovecot: Dovecot, smtp: SmtpServer) -> None:
    path = tmp_path / "config.toml"
    mailbox = f'host = "{dovecot.host}"\nport = {dovecot.port}\nsecurity = "none"\n'
    (tmp_path / "var" / "archive").mkdir(parents=True)
    path.write_text(
        f"""[district]
name = "Sở Giáo dục và Đào tạo tỉnh Long An"
timezone = "Asia/Ho_Chi_Minh"
staff_emails = ["vanthu@sgd.example.gov.vn"]

[imap]
{mailbox}username = "{dovecot.user}"
password = "{dovecot.password}"

[smtp]
host = "127.0.0.1"
port = {smtp.port}
security = "none"
from = "pgdthuthua@example.edu.vn"

[storage]
database = "sqlite:///var/baocao.db"
archive = "var/archive"

[[reports]]
id = "nq121"
title = "Báo cáo kết quả triển khai thực hiện Nghị quyết 121/2020/QH14"
keywords = ["121/2020/QH14"]
deadline = "10-25"

[[units]]
id = "xa-my-an"
name = "UBND xã Mỹ An"
staff_emails = ["vhxh.myan@example.gov.vn"]

[[schools]]
id = "th-my-an"
name = "Trường Tiểu học Mỹ An"
emails = ["thmyan@example.edu.vn"]
unit = "xa-my-an"

[[mailboxes]]
{mailbox}username = "myan"
password = "MatKhauXa"
unit = "xa-my-an"
""",
        encoding="utf-8",
    )
    result = _doctor(path)
    assert result.exit_code == 1, result.output
    assert _line(result, f"Hộp thư myan@{dovecot.host}").startswith("✓"), result.output
    line = _line(result, "Địa chỉ hộp thư của UBND xã Mỹ An")
    assert line.startswith("✗") and "«myan», không phải địa chỉ thư" in line, line
    assert "ghi địa chỉ pgdthuthua@example.edu.vn" in line and 'address = "…" trong [mailboxes[1]]' in line
    path.write_text(
        path.read_text(encoding="utf-8") + 'address = "baocao.myan@example.gov.vn"\n', encoding="utf-8"
    )
    result = _doctor(path)
    assert "Địa chỉ hộp thư của" not in result.output and result.exit_code == 0, result.output


def test_a_clock_behind_the_mail_server(tmp_path: Path, dovecot: Dovecot, smtp: SmtpServer) -> None:
    """A machine whose clock was a day behind its mail server passed the clock check (only a year before
    2024 failed it): mail just received counted as not yet come, and its school was reminded."""
    msg = EmailMessage()
    msg["From"] = "c1myan.thuthua@example.edu.vn"
    msg["Subject"] = "Báo cáo NQ121"
    msg.set_content("Trường Tiểu học Mỹ An gửi báo cáo.")
    dovecot.append([(msg.as_bytes(), dt.datetime.now(dt.UTC))], folder="Dong ho")
    path = _config(tmp_path, dovecot, smtp.port, folder="Dong ho")
    result = CliRunner().invoke(main, ["--config", str(path), "doctor"], obj=_a_day_ago)
    assert result.exit_code == 1
    line = _line(result, "Hộp thư")
    assert line.startswith("✗") and "đồng hồ máy chậm" in line and "timedatectl set-ntp true" in line


def test_a_mailbox_over_its_quota_is_said_full(tmp_path: Path, smtp: SmtpServer) -> None:
    """Two years of scans filled the office's mailbox: the server refused every school's report
    («Quota exceeded»), the schools stayed «Chưa nộp», and doctor said the mailbox was fine."""
    msg = EmailMessage()
    msg["From"] = "c1myan.thuthua@example.edu.vn"
    msg["Subject"] = "Báo cáo NQ121 (bản quét)"
    msg.set_content("Trường gửi báo cáo.")
    msg.add_attachment(os.urandom(1536 * 1024), maintype="application", subtype="pdf", filename="scan.pdf")
    with dovecot_server() as own:
        own.append([(msg.as_bytes(), dt.datetime.now(dt.UTC))])
        with (own.root / "dovecot.conf").open("a", encoding="utf-8") as conf:
            conf.write(
                "mail_plugins = $mail_plugins quota\nprotocol imap {\n  mail_plugins = $mail_plugins imap_quota\n}\n"
                "plugin {\n  quota = maildir:User quota\n  quota_rule = *:storage=2M\n}\n"
            )
        own.restart()
        result = CliRunner().invoke(main, ["--config", str(_config(tmp_path, own, smtp.port)), "doctor"])
    assert result.exit_code == 1
    line = _line(result, "Hộp thư")
    assert line.startswith("✗") and "hộp thư đã đầy (" in line and "trên 2,0 MB)" in line
    assert "máy chủ trả lại thư các trường gửi đến" in line and "xin tăng dung lượng" in line


def _a_day_ago() -> dt.datetime:
    return dt.datetime.now(dt.UTC) - dt.timedelta(days=1)


def test_a_spam_folder_holding_a_schools_mail_is_named(tmp_path: Path, smtp: SmtpServer) -> None:
    """A school's report the server filed as spam sat in «Junk», a folder baocao does not read: the school
    was listed as missing while nothing told staff to look there. doctor names the folder and the school,
    and says what to do; a spam folder with no school's mail, or one baocao reads, is no failure."""
    now = dt.datetime.now(dt.UTC)

    def sent(sender: str) -> bytes:
        msg = EmailMessage()
        msg["From"], msg["Subject"] = f"Hiệu trưởng <{sender}>", "Báo cáo NQ121"
        msg.set_content("Trường gửi báo cáo.")
        return msg.as_bytes()

    with dovecot_server() as own:  # folders of its own: the module's server is all ticks for the others
        own.append([(sent("khuyenmai@shop.example"), now)], folder="Spam")
        own.append(
            [(sent("C1MyAn.ThuThua@example.edu.vn"), now), (sent("win@prize.example"), now)], folder="Junk"
        )
        own.append([(sent("c1myan.thuthua@example.edu.vn"), now)], folder="INBOX")
        result = _doctor(_config(tmp_path, own, smtp.port))
        watched = _doctor(_config(tmp_path, own, smtp.port, folder="Junk"))
    assert result.exit_code == 1, result.output
    junk = _line(result, "Thư mục thư rác Junk")
    assert (
        junk.startswith("✗") and "có 1 thư từ địa chỉ của trường" in junk and "Trường Tiểu học Mỹ An" in junk
    )
    assert 'thêm "Junk" vào folders của [imap]' in junk
    assert _line(result, "Thư mục thư rác Spam").startswith("✓")
    assert not [line for line in watched.output.splitlines() if "Thư mục thư rác Junk" in line]
