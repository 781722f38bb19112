"""Machines sharing one database with different config.toml files: the one that would read the other's
mail again by its own rules refuses, and doctor names the machines; one machine whose config.toml was
edited reads its mail again as before."""

from __future__ import annotations

import datetime as dt
import getpass
import socket
from email.message import EmailMessage
from pathlib import Path

from click.testing import CliRunner, Result
from sqlalchemy import update

from app.cli import main
from kernel import config as config_mod
from kernel.machines import machines
from kernel.runtime import utc_now
from kernel.store import Store
from tests.conftest import _fresh_database

OFFICE = """[district]
name = "Sở Giáo dục và Đào tạo tỉnh Sông Hậu"
timezone = "Asia/Ho_Chi_Minh"
staff_emails = ["vanthu@sgd.songhau.gov.vn"]

[storage]
database = "{database}"
archive = "{archive}"

[[reports]]
id = "nq121"
title = "Báo cáo kết quả triển khai thực hiện Nghị quyết 121/2020/QH14 về phòng, chống xâm hại trẻ em"
keywords = ["121/2020/QH14", "Nghị quyết 121"]
deadline = "10-25"

[[schools]]
id = "th-son-ca"
name = "Trường Tiểu học Sơn Ca"
emails = ["thsonca@truong.songhau.edu.vn"]
"""
# The school only machine B's config.toml has: the one whose report is in the mail.
NEW_SCHOOL = """
[[schools]]
id = "th-rach-goc"
name = "Trường Tiểu học Rạch Gốc"
emails = ["thrachgoc@truong.songhau.edu.vn"]
"""
MACHINES_LINE = "Tệp cấu hình của các máy dùng chung cơ sở dữ liệu"
OLD_RULES_LINE = "Thư đã đọc theo cấu hình hiện tại"


def _config(folder: Path, database: str, archive: Path, *, new_school: bool) -> Path:
    folder.mkdir(parents=True)
    path = folder / "config.toml"
    text = OFFICE.format(database=database, archive=archive) + (NEW_SCHOOL if new_school else "")
    path.write_text(text, encoding="utf-8")
    return path


def _mail(tmp_path: Path) -> Path:
    """A folder of .eml with Rạch Gốc's report, from its registered address."""
    msg = EmailMessage()
    msg["From"] = "TH Rạch Gốc <thrachgoc@truong.songhau.edu.vn>"
    msg["To"] = "vanthu@sgd.songhau.gov.vn"
    msg["Subject"] = "Báo cáo NQ121 năm 2026 - Trường Tiểu học Rạch Gốc"
    msg["Date"] = "Tue, 20 Oct 2026 09:00:00 +0700"
    msg["Message-ID"] = "<rg1@truong.songhau.edu.vn>"
    msg.set_content(
        "TRƯỜNG TIỂU HỌC RẠCH GỐC\nBÁO CÁO\nKết quả triển khai thực hiện Nghị quyết 121/2020/QH14 năm 2026\n"
        "I. Công tác chỉ đạo, triển khai\nNhà trường đã tuyên truyền.\n"
        "II. Kết quả thực hiện\nTổ chức 3 buổi tuyên truyền.\n"
    )
    folder = tmp_path / "thu"
    folder.mkdir()
    (folder / "rg.eml").write_bytes(msg.as_bytes())
    return folder


def _baocao(config: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["--config", str(config), *args])


def _lines(result: Result, start: str) -> list[str]:
    return [line for line in result.output.splitlines() if line[2:].startswith(start)]


def _seen_ago(database: str, config: Path, ago: dt.timedelta) -> None:
    """The machine running with config was last seen ago: switched off since."""
    store = Store.open(database)
    try:
        with store.begin() as conn:
            conn.execute(
                update(machines)
                .where(machines.c.config == str(config.resolve()))
                .values(seen_at=utc_now() - ago)
            )
    finally:
        store.close()


def _credited(config: Path) -> list[str]:
    store = Store.open(config_mod.load(config).storage.database)
    try:
        return sorted(s.school_id for s in store.submissions())
    finally:
        store.close()


def test_a_machine_whose_config_differs_refuses_to_read_the_others_mail_again(
    tmp_path: Path, postgres_url: str, postgres_migrated: str
) -> None:
    """Two machines shared one PostgreSQL; B's config.toml had one school more than A's. B's `baocao
    reprocess` read A's mail again by B's file and credited it to the school only B knew: A's review then
    said the school «nay không còn trong tệp cấu hình» (it never was in A's), each machine's doctor said
    to run reprocess, and the two machines undid each other's reading. B now refuses, naming A's file,
    and reads nothing; doctor on either machine says the files differ instead of asking for a reprocess.
    A machine not seen for a day no longer counts."""
    database = _fresh_database(postgres_url, postgres_migrated)
    archive = tmp_path / "kho"
    a = _config(tmp_path / "a", database, archive, new_school=False)
    b = _config(tmp_path / "b", database, archive, new_school=True)
    mail = _mail(tmp_path)
    imported = _baocao(a, "import", str(mail))
    assert imported.exit_code == 0, imported.output
    assert _credited(a) == []

    for refused in (_baocao(b, "reprocess"), _baocao(b, "import", str(mail))):
        assert refused.exit_code == 1, refused.output
        assert "khác với của máy khác dùng chung cơ sở dữ liệu" in refused.output
        assert f"(tệp {a.resolve()})" in refused.output
        assert "Chép cùng một config.toml sang mọi máy" in refused.output
    assert _credited(a) == []
    store = Store.open(database)
    try:
        assert [m.rules for m in store.messages()] == [config_mod.load(a).rules]
    finally:
        store.close()
    assert "nay không còn trong" not in _baocao(a, "review").output

    # A refused command leaves no trace; B's worker, running by B's file, makes B known to A
    assert _lines(_baocao(a, "doctor"), MACHINES_LINE) == []
    assert _baocao(b, "worker", "--until-empty").exit_code == 0
    for here, other in ((a, b), (b, a)):
        doctor = _baocao(here, "doctor")
        [line] = _lines(doctor, MACHINES_LINE)
        assert line.startswith("✗") and f"(tệp {other.resolve()}), lần cuối lúc" in line
        assert _lines(doctor, OLD_RULES_LINE) == []  # no «chạy: baocao reprocess»

    store = Store.open(database)
    try:
        with store.begin() as conn:  # A was switched off two days ago
            conn.execute(
                update(machines)
                .where(machines.c.config == str(a.resolve()))
                .values(seen_at=utc_now() - dt.timedelta(days=2))
            )
    finally:
        store.close()
    done = _baocao(b, "reprocess")
    assert done.exit_code == 0, done.output
    assert _credited(b) == ["th-rach-goc"]


def test_a_worker_running_by_another_config_keeps_a_machine_from_importing(
    tmp_path: Path, postgres_url: str, postgres_migrated: str
) -> None:
    """A machine that only works the queue (`baocao worker`) reads mail by its config.toml as much as one
    that imports: another machine whose file differs does not import beside it."""
    database = _fresh_database(postgres_url, postgres_migrated)
    archive = tmp_path / "kho"
    a = _config(tmp_path / "a", database, archive, new_school=False)
    b = _config(tmp_path / "b", database, archive, new_school=True)
    worked = _baocao(a, "worker", "--until-empty")
    assert worked.exit_code == 0, worked.output
    refused = _baocao(b, "import", str(_mail(tmp_path)))
    assert refused.exit_code == 1, refused.output
    assert f"(tệp {a.resolve()})" in refused.output
    assert _credited(a) == []


def test_one_machine_whose_config_was_edited_reads_its_mail_again(tmp_path: Path) -> None:
    """The legitimate change: one machine's worker read mail by its config.toml, then the school was added
    to that file; its own earlier rules are no other machine's, so reprocess reads the mail again."""
    config = _config(tmp_path / "may", f"sqlite:///{tmp_path}/baocao.db", tmp_path / "kho", new_school=False)
    imported = _baocao(config, "import", str(_mail(tmp_path)))
    assert imported.exit_code == 0, imported.output
    assert _baocao(config, "worker", "--until-empty").exit_code == 0
    config.write_text(config.read_text(encoding="utf-8") + NEW_SCHOOL, encoding="utf-8")
    [line] = _lines(_baocao(config, "doctor"), OLD_RULES_LINE)
    assert line.startswith("✗") and "chạy: baocao reprocess" in line
    done = _baocao(config, "reprocess")
    assert done.exit_code == 0, done.output
    assert _credited(config) == ["th-rach-goc"]
    doctor = _baocao(config, "doctor")
    assert _lines(doctor, MACHINES_LINE) == []
    assert _lines(doctor, OLD_RULES_LINE)[0].startswith("✓")


def test_a_machine_switched_off_for_good_is_listed_and_forgotten_at_once(
    tmp_path: Path, database_url: str
) -> None:
    """Machine A, with the config.toml of before a school was added, was switched off for good: B's
    import and reprocess were refused for a day after A was last seen, and nothing showed the machines
    the database knew nor forgot one. `baocao machines` lists them; `--forget` refuses a machine seen
    within the lease (it may still be running), names the config files when its host runs two, and
    forgets A, which the audit log records with who did it, after which B reads the mail at once."""
    archive = tmp_path / "kho"
    a = _config(tmp_path / "a", database_url, archive, new_school=False)
    b = _config(tmp_path / "b", database_url, archive, new_school=True)
    host = socket.gethostname()
    assert _baocao(a, "worker", "--until-empty").exit_code == 0
    mail = _mail(tmp_path)
    refused = _baocao(b, "import", str(mail))
    assert refused.exit_code == 1, refused.output
    assert f"bỏ ngay bằng lệnh baocao machines --forget {host} --path {a.resolve()}" in refused.output
    assert _baocao(b, "worker", "--until-empty").exit_code == 0  # B's daemon runs by B's file

    listed = _baocao(b, "machines")
    assert listed.exit_code == 0, listed.output
    assert "Máy" in listed.output and "Tệp cấu hình" in listed.output and "Lần cuối chạy" in listed.output
    [row_a] = [line for line in listed.output.splitlines() if str(a.resolve()) in line]
    [row_b] = [line for line in listed.output.splitlines() if str(b.resolve()) in line]
    assert "khác máy này" in row_a and f"{host} (máy này)" not in row_a
    assert "giống máy này" in row_b and f"{host} (máy này)" in row_b

    [line] = _lines(_baocao(b, "doctor"), MACHINES_LINE)
    assert f"bỏ bằng lệnh baocao machines --forget {host} --path {a.resolve()}" in line

    running = _baocao(b, "machines", "--forget", host, "--path", str(a.resolve()))
    assert running.exit_code == 1, running.output
    assert "có thể vẫn đang chạy baocao" in running.output and "[storage].lease_seconds" in running.output
    both = _baocao(b, "machines", "--forget", host)
    assert both.exit_code == 1, both.output
    assert "chạy baocao với 2 tệp cấu hình" in both.output and "--path" in both.output
    unknown = _baocao(b, "machines", "--forget", "may-khong-co")
    assert unknown.exit_code == 1 and "cơ sở dữ liệu không có máy may-khong-co" in unknown.output
    assert _baocao(b, "import", str(mail)).exit_code == 1  # nothing was forgotten

    _seen_ago(database_url, a, dt.timedelta(minutes=10))  # A was switched off ten minutes ago
    forgotten = _baocao(b, "machines", "--forget", host, "--path", str(a.resolve()))
    assert forgotten.exit_code == 0, forgotten.output
    assert f"Đã bỏ máy {host} (tệp {a.resolve()})" in forgotten.output
    assert str(a.resolve()) not in _baocao(b, "machines").output
    [entry] = [
        line for line in _baocao(b, "audit").output.splitlines() if "Bỏ máy khỏi cơ sở dữ liệu" in line
    ]
    assert f"máy {host}" in entry and getpass.getuser() in entry
    imported = _baocao(b, "import", str(mail))
    assert imported.exit_code == 0, imported.output
    assert _credited(b) == ["th-rach-goc"]


def test_a_draft_config_refused_once_does_not_lock_out_the_file_in_use(tmp_path: Path) -> None:
    """One office machine: the clerk tried an edited copy of config.toml with reprocess and was refused,
    since baocao had just read mail by the file in use; going back to that file, import reads as before."""
    database = f"sqlite:///{tmp_path}/baocao.db"
    in_use = _config(tmp_path / "baocao", database, tmp_path / "kho", new_school=True)
    draft = _config(tmp_path / "nhap", database, tmp_path / "kho", new_school=False)
    assert _baocao(in_use, "worker", "--until-empty").exit_code == 0
    refused = _baocao(draft, "reprocess")
    assert refused.exit_code == 1, refused.output
    assert "Tệp kia ở ngay trên máy này" in refused.output
    assert f"--path {in_use.resolve()}" in refused.output
    imported = _baocao(in_use, "import", str(_mail(tmp_path)))
    assert imported.exit_code == 0, imported.output
    assert _credited(in_use) == ["th-rach-goc"]
