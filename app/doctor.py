"""`baocao doctor`: checks everything baocao depends on, one line each, and says what to do.

The programs that read attachments (tesseract with its Vietnamese model, antiword, 7z), the clock
and time zone, the database and the archive, every mailbox (login and folder, and a spam folder it does
not read that holds schools' mail) and the SMTP login. Nothing is written but a probe file in the archive,
and no mail is read (only the senders of a spam folder's mail) or sent.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import email.parser
import email.policy
import math
import os
import random
import re
import shlex
import shutil
import stat
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from sqlalchemy import select, text

from intake import message, origin
from intake.imap import Mailbox
from kernel import deadlines, machines, schoolnames
from kernel import tokens as tokens_mod
from kernel.archive import TEMPORARY, Archive
from kernel.config import Config, ImapConfig
from kernel.errors import ArchiveDamagedError, BaocaoError, DatabaseUnusableError, StoreError, write_problem
from kernel.store import Store, messages, shown_url
from kernel.timefmt import in_words
from scheduler import jobs, outbox

TIMEOUT = 15.0  # seconds for each server
JUNK_DAYS = 90  # how far back a spam folder is searched for schools' mail
CLOCK_SLACK = dt.timedelta(minutes=10)  # how far ahead of this machine a mail server's clock may be
# How long a temporary file of the archive has not been written to before it is named as a write that
# never finished (a write going on, here or on another machine sharing the archive, is seconds old).
UNFINISHED_AGE = dt.timedelta(days=1)
# How long the originals in the archive are read to see they are whole: SHA-256 reads about 250 MB a
# second here (2 cores, no SHA extensions), so 10 s read a district's archive of a few thousand mails whole
# and a random sample of a province's (doctor --full reads every one).
ARCHIVE_SECONDS = 10.0
_DAMAGED_SHOWN = 5  # damaged files named on the line; the others are counted
_KEY = re.compile(r"[0-9a-f]{64}")
HEAD_BYTES = 64 * 1024  # what is read of a recorded message to see its trace header fields
QUOTA_WARNING = 0.9  # the share of its quota at which a mailbox is said to be nearly full
_T = TypeVar("_T")


@dataclass(frozen=True)
class Check:
    ok: bool
    what: str
    detail: str
    fix: str = ""  # what to do when it failed

    def line(self) -> str:
        mark = "✓" if self.ok else "✗"
        fix = f" — {self.fix}" if self.fix and not self.ok else ""
        return f"{mark} {self.what}: {self.detail}{fix}"


def checks(config: Config, clock: Callable[[], dt.datetime], *, full: bool = False) -> Iterator[Check]:
    """Every check in order; each is run as it is asked for (the servers take a moment). full: every
    original in the archive is read, however long it takes, not only ARCHIVE_SECONDS' worth."""
    yield _clock(config, clock())
    yield _school_addresses(config, clock())
    names = _unmarked_names(config)
    if names is not None:
        yield names
    yield _program(
        "tesseract",
        "nhận dạng chữ bản quét",
        "apt-get install tesseract-ocr tesseract-ocr-vie tesseract-ocr-osd",
    )
    yield _vietnamese_ocr()
    yield _program("antiword", "đọc tệp Word .doc cũ", "apt-get install antiword")
    yield _program("7z", "mở tệp nén .7z", "apt-get install p7zip-full")
    yield _database(config)
    yield _archive(config.storage.archive, config.max_message_mb, clock())
    if config.storage.archive.is_dir():
        yield _originals_intact(config.storage.archive, math.inf if full else ARCHIVE_SECONDS)
    together = _records_and_originals(config)
    if together is not None:
        yield together
    learned = _learned_and_configured(config)
    if learned is not None:
        yield learned
    kept = _season_deadlines(config)
    if kept is not None:
        yield kept
    rules = _read_by_other_rules(config)
    if rules is not None:
        yield rules
    if config.oauth is not None:
        yield _token_file(config)
    if not config.mailboxes:
        yield Check(True, "Hộp thư", "chưa cấu hình [imap]: thư chỉ được nhập bằng baocao import")
    for imap in config.mailboxes:
        yield _mailbox(config, imap, clock())
    yield from _unit_mailboxes_without_address(config)
    yield from _junk(config, clock())
    yield _smtp(config)
    yield _trust(config)
    unnamed = _unnamed_server(config)
    if unnamed is not None:
        yield unnamed
    staff = _staff_addresses(config, clock())
    if staff is not None:
        yield staff


def _clock(config: Config, now: dt.datetime) -> Check:
    tz = config.district.timezone
    local = now.astimezone(tz)
    offset = local.strftime("%z")
    detail = f"{local:%H:%M %d/%m/%Y} giờ {tz.key} (UTC{offset[:3]}:{offset[3:]})"
    if local.year < 2024:
        return Check(
            False, "Đồng hồ máy", detail, "đồng hồ máy sai: bật đồng bộ giờ (timedatectl set-ntp true)"
        )
    return Check(True, "Đồng hồ và múi giờ", detail)


def _school_addresses(config: Config, now: dt.datetime) -> Check:
    """Schools on today's roster that no reminder reaches: config.toml gives them no address."""
    what = "Địa chỉ thư của các trường"
    roster = config.roster(now.astimezone(config.district.timezone).date())
    without = [s.id for s in roster if not s.emails]
    if not without:
        return Check(True, what, f"{len(roster)} trường đều có địa chỉ thư")
    more = f" và {len(without) - 5} trường khác" if len(without) > 5 else ""
    return Check(
        False,
        what,
        f"{len(without)} trường chưa có địa chỉ thư nên không nhận được thư nhắc, thư xác nhận: "
        f"{', '.join(without[:5])}{more}",
        "ghi emails cho các trường này trong config.toml",
    )


def _unmarked_names(config: Config) -> Check | None:
    """Schools whose name was typed without Vietnamese marks: every letter and table prints it so."""
    unmarked = [s for s in config.schools if schoolnames.unmarked(s.name)]
    if not unmarked:
        return None
    named = "; ".join(f"{s.id} («{s.name}»)" for s in unmarked)
    return Check(
        False,
        "Tên các trường",
        f"{len(unmarked)} trường có tên viết không dấu, in nguyên như vậy trong thư gửi trường («Kính gửi: "
        f"Hiệu trưởng …») và các bảng: {named}",
        "sửa name của các trường này trong config.toml thành tên viết đủ dấu («Truong Tieu hoc» thành "
        "«Trường Tiểu học»), gõ bằng bộ gõ tiếng Việt (Unikey, EVKey) với bảng mã Unicode",
    )


def _program(name: str, purpose: str, install: str) -> Check:
    found = shutil.which(name)
    if found is None:
        return Check(
            False, f"{name} ({purpose})", f"không tìm thấy chương trình {name} trong PATH", f"cài: {install}"
        )
    return Check(True, f"{name} ({purpose})", found)


def _vietnamese_ocr() -> Check:
    what = "Dữ liệu tiếng Việt của tesseract"
    if shutil.which("tesseract") is None:
        return Check(
            False,
            what,
            "chưa có tesseract",
            "cài: apt-get install tesseract-ocr tesseract-ocr-vie tesseract-ocr-osd",
        )
    try:
        done = subprocess.run(["tesseract", "--list-langs"], capture_output=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired) as e:
        return Check(
            False,
            what,
            f"không chạy được tesseract: {e}",
            "cài lại: apt-get install --reinstall tesseract-ocr",
        )
    output = (done.stdout + done.stderr).decode("utf-8", "replace")
    languages = {line.strip() for line in output.splitlines()[1:]}
    where = os.environ.get("TESSDATA_PREFIX")
    if "vie" not in languages:
        fix = "cài: apt-get install tesseract-ocr-vie"
        if where:
            fix += f", hoặc chép vie.traineddata vào {where} (biến TESSDATA_PREFIX), hoặc bỏ biến đó"
        return Check(
            False,
            what,
            f"tesseract không có mô hình vie (có: {', '.join(sorted(languages)) or 'không có'})",
            fix,
        )
    if "osd" not in languages:
        fix = "cài: apt-get install tesseract-ocr-osd"
        if where:
            fix += f", hoặc chép osd.traineddata vào {where} (biến TESSDATA_PREFIX)"
        return Check(
            False,
            what,
            "có mô hình vie nhưng thiếu mô hình osd: trang quét nằm ngang hoặc lộn ngược không được xoay lại "
            "để đọc",
            fix,
        )
    return Check(True, what, "có mô hình vie và osd" + (f" trong {where}" if where else ""))


def _database(config: Config) -> Check:
    url = config.storage.database
    shown = shown_url(url)  # never print a password
    what = "Cơ sở dữ liệu"
    try:
        store = Store.open(url)
        try:
            with store.engine.connect() as conn:
                conn.execute(text("SELECT 1"))
        finally:
            store.close()
    except DatabaseUnusableError as e:  # the config is right: the message says what is wrong and what to do
        return Check(False, what, str(e))
    except BaocaoError as e:
        return Check(False, what, str(e), "kiểm tra [storage].database và quyền ghi thư mục")
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        mode = stat.S_IMODE(path.stat().st_mode)
        if mode & 0o077:
            return Check(
                False,
                what,
                f"{path} có quyền {mode:o}, người khác đọc được nội dung báo cáo",
                f"chạy: chmod 600 {path}",
            )
        return Check(True, what, f"{path} (quyền {mode:o})")
    return Check(True, what, shown)


def _archive(root: Path, max_message_mb: int, now: dt.datetime) -> Check:
    """The archive takes a file, and its disk has room for the largest message intake accepts (an empty
    probe file is written even on a full disk); the files of writes that never finished are named with
    how to remove them, never removed here: another machine sharing the archive may still be writing."""
    what = "Kho lưu trữ thư gốc"
    try:
        root.stat()
    except FileNotFoundError:
        return Check(
            False,
            what,
            f"thư mục {root} không có",
            f"cài đặt mới thì tạo bằng lệnh mkdir -p {shlex.quote(str(root))}; kho đã có thư thì gắn lại ổ đĩa "
            "chứa kho, hoặc sửa [storage].archive trỏ về kho đang dùng",
        )
    except OSError:
        pass  # said below, with why it cannot be written
    try:
        fd, probe = tempfile.mkstemp(dir=root, prefix=".doctor-")
        os.close(fd)
        os.unlink(probe)
        free_mb = shutil.disk_usage(root).free // (1024 * 1024)
    except OSError as e:
        return Check(
            False,
            what,
            f"không ghi được vào {root}: {write_problem(e)}",
            "kiểm tra [storage].archive, quyền ghi và dung lượng đĩa",
        )
    if free_mb < max_message_mb:
        return Check(
            False,
            what,
            f"đĩa chứa {root} chỉ còn {free_mb} MB trống, không đủ cho một thư {max_message_mb} MB "
            "(giới hạn max_message_mb): thư mới sẽ không lưu được",
            "giải phóng hoặc thêm dung lượng đĩa",
        )
    detail = f"{root} ghi được, còn {free_mb} MB trống"
    unfinished = Archive(root).unfinished(now - UNFINISHED_AGE)
    if unfinished:
        size = sum(p.stat().st_size for p in unfinished if p.exists())
        detail += (
            f"; {len(unfinished)} tệp tạm ({TEMPORARY}…, {_mib(size // 1024)}) còn lại từ lần ghi thư bị ngắt "
            "giữa chừng (chương trình bị tắt đột ngột), không được ghi tiếp hơn một ngày nay: xóa bằng lệnh "
            f"find {shlex.quote(str(root))} -name '{TEMPORARY}*' -mmin +1440 -delete (baocao không tự xóa, vì "
            "một máy khác dùng chung kho có thể đang ghi tệp tạm của nó)"
        )
    return Check(True, what, detail)


def _originals_intact(root: Path, budget: float) -> Check:
    """Each original in the archive is still the message its name (SHA-256) says, as far as budget seconds
    of reading go: files are read in a random order, so an archive too large to read whole (a province's,
    tens of GB) is sampled afresh at each run."""
    what = "Thư gốc trong kho lưu trữ"
    archive = Archive(root)
    names = [p.stem for p in root.glob("??/??/*.eml") if _KEY.fullmatch(p.stem)]
    random.shuffle(names)
    damaged: list[Path] = []
    read = 0
    started = time.monotonic()
    for key in names:
        if read and time.monotonic() - started > budget:
            break
        read += 1
        try:
            archive.get(key)
        except ArchiveDamagedError:
            damaged.append(archive.path(key))
        except StoreError:
            continue  # removed meanwhile
    checked = f"đã đọc {read}/{len(names)} tệp" + (" (chọn ngẫu nhiên)" if read < len(names) else "")
    if damaged:
        shown = ", ".join(str(p) for p in damaged[:_DAMAGED_SHOWN])
        more = f" và {len(damaged) - _DAMAGED_SHOWN} tệp khác" if len(damaged) > _DAMAGED_SHOWN else ""
        return Check(
            False,
            what,
            f"{checked}, {len(damaged)} tệp bị hỏng (nội dung không còn khớp với mã SHA-256 là tên tệp): "
            f"{shown}{more}",
            "chép lại các tệp này từ bản sao lưu, hoặc chạy baocao rescan nếu thư vẫn còn trong hộp thư; "
            "baocao reprocess giữ nguyên bản ghi của các thư này",
        )
    if not names:
        return Check(True, what, "chưa có thư nào")
    full = "" if read == len(names) else "; kiểm tra toàn bộ kho bằng baocao doctor --full"
    return Check(True, what, f"{checked}, không tệp nào bị hỏng{full}")


def _records_and_originals(config: Config) -> Check | None:
    """The database and the archive belong together. A path pointing elsewhere (the files moved, a disk
    not mounted) makes a fresh empty one there: records without their originals cannot be processed
    again, and originals without records mean the office's records, decisions included, are elsewhere.
    None when the database does not open (its own check says why)."""
    what = "Cơ sở dữ liệu và kho lưu trữ"
    archive = Archive(config.storage.archive)
    try:
        store = Store.open(config.storage.database)
    except BaocaoError:
        return None
    try:
        with store.engine.connect() as conn:
            newest = conn.execute(
                select(messages.c.key, messages.c.received_at)
                .order_by(messages.c.received_at.desc())
                .limit(1)
            ).first()
    finally:
        store.close()
    database = shown_url(config.storage.database)
    if newest is None:
        if next(archive.root.glob("??/??/*.eml"), None) is not None:
            return Check(
                False,
                what,
                f"kho lưu trữ {archive.root} đã có thư gốc nhưng cơ sở dữ liệu {database} chưa ghi nhận thư "
                "nào: [storage].database có thể đang trỏ sai chỗ (tình trạng, quyết định của cán bộ nằm ở "
                "cơ sở dữ liệu cũ)",
                "sửa [storage].database trỏ về cơ sở dữ liệu đang dùng rồi chạy lại baocao doctor",
            )
        return Check(True, what, "chưa có thư nào (cài đặt mới)")
    if not archive.path(newest.key).exists():
        return Check(
            False,
            what,
            f"kho lưu trữ {archive.root} không có thư gốc của thư ghi nhận gần nhất (nhận lúc "
            f"{in_words(newest.received_at, config.district.timezone)}): [storage].archive có thể đang trỏ sai chỗ; thiếu thư gốc thì "
            "không xử lý lại được",
            "sửa [storage].archive trỏ về kho lưu trữ đang dùng, hoặc chép lại kho từ bản sao lưu",
        )
    return Check(True, what, "thư ghi nhận gần nhất có thư gốc trong kho lưu trữ")


def _read(config: Config, reading: Callable[[Store], _T]) -> _T | None:
    """What reading takes from the database, or None when the database does not open (its own check
    says why)."""
    try:
        store = Store.open(config.storage.database)
    except BaocaoError:
        return None
    try:
        return reading(store)
    finally:
        store.close()


def _learned_and_configured(config: Config) -> Check | None:
    """Addresses staff taught for one school (by assigning its mail) that config.toml now lists for another,
    or whose school has left it: the config wins for new mail, silently, though staff said otherwise.
    None when the database does not open (its own check says why)."""
    what = "Địa chỉ cán bộ đã gán và tệp cấu hình"
    learned = _read(config, Store.learned_addresses)
    if learned is None:
        return None
    owner = {e: s.id for s in config.schools for e in s.emails}
    ids = {s.id for s in config.schools}
    clashes = [
        f"{address} (cán bộ gán cho {school}, tệp cấu hình ghi cho {owner[address]})"
        for address, school in sorted(learned.items())
        if address in owner and owner[address] != school
    ]
    gone = [
        f"{address} (gán cho {school}, không còn trong tệp cấu hình)"
        for address, school in sorted(learned.items())
        if school not in ids
    ]
    if not clashes and not gone:
        return Check(True, what, f"{len(learned)} địa chỉ đã gán đều khớp tệp cấu hình")
    found = [*clashes, *gone]
    more = f" và {len(found) - 5} địa chỉ khác" if len(found) > 5 else ""
    return Check(
        False,
        what,
        f"{'; '.join(found[:5])}{more}",
        "sửa emails trong config.toml, hoặc gỡ địa chỉ đã gán: baocao addresses --forget ĐỊA_CHỈ",
    )


def _season_deadlines(config: Config) -> Check | None:
    """Passed seasons whose deadline config.toml has changed since they ran: who was on time in them is
    counted again by the new one (kernel.deadlines). None when the database does not open (its own check
    says why)."""
    what = "Hạn nộp của các đợt đã qua"
    read = _read(config, lambda store: (deadlines.changes(config, store), len(deadlines.recorded(store))))
    if read is None:
        return None
    found, count = read
    if not found:
        return Check(True, what, f"{count} đợt đã qua hạn giữ đúng hạn nộp đã áp dụng")
    reports = dict.fromkeys(c.report for c in found)
    return Check(
        False,
        what,
        "; ".join(c.says() for c in found),
        "; ".join(deadlines.keeping(report, found) for report in reports),
    )


def _read_by_other_rules(config: Config) -> Check | None:
    """Mail read before config.toml changed what decides a message (a report added, a school's address,
    name or unit): it stands as it was read until read again, and a school that sent a report of a plan
    added since is reminded of it. When another machine on the database reads mail by another config.toml,
    that is said instead: reading mail again here would only undo what the other machine read (and it
    would undo it back). None when the database does not open (its own check says why)."""
    here = machines.Machine.of(config)
    read = _read(
        config,
        lambda store: (
            machines.differing(store, here),
            store.read_by_other_rules(config.rules),
        ),
    )
    if read is None:
        return None
    others, count = read
    if others:
        return Check(
            False,
            "Tệp cấu hình của các máy dùng chung cơ sở dữ liệu",
            f"{config.path} của máy này khác với tệp cấu hình của "
            f"{machines.said(others, config.district.timezone)} (danh sách trường, địa chỉ, báo cáo hoặc đơn "
            "vị không giống nhau): mỗi máy đọc thư theo tệp của mình",
            "chép cùng một config.toml sang mọi máy rồi khởi động lại baocao trên các máy ấy; đừng chạy "
            "baocao reprocess trước khi các tệp giống nhau; máy đã thôi chạy baocao thì bỏ bằng lệnh "
            f"{machines.forgetting(others, here)}",
        )
    what = "Thư đã đọc theo cấu hình hiện tại"
    if not count:
        return Check(True, what, "không có thư nào đọc theo cấu hình cũ")
    return Check(
        False,
        what,
        f"{count} thư được đọc trước khi config.toml đổi báo cáo, trường, địa chỉ thư hay đơn vị: các thư "
        "ấy vẫn được tính như khi đọc theo cấu hình cũ",
        "chạy: baocao reprocess (hoặc baocao reprocess --since NGÀY để chỉ đọc lại thư từ ngày đó)",
    )


def _token_file(config: Config) -> Check:
    assert config.oauth is not None
    path = config.oauth.token_file
    what = "Tệp mã OAuth2"
    if not path.exists():
        return Check(False, what, f"chưa có {path}", "chạy: baocao auth login")
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        return Check(
            False, what, f"{path} có quyền {mode:o}, người khác đọc được mã", f"chạy: chmod 600 {path}"
        )
    return Check(True, what, f"{path} (quyền {mode:o})")


def _mailbox(config: Config, imap: ImapConfig, now: dt.datetime) -> Check:
    """Login and folder; and this machine's clock against the server's receipt time of the newest mail
    (a clock behind it takes mail just received for mail not yet come, and reminds its school)."""
    what = f"Hộp thư {imap.name}"
    how = "OAuth2" if imap.auth == "oauth2" else "mật khẩu"
    try:
        with _opened(config, imap) as mailbox:
            mailbox.select()
            uids = mailbox.uids()
            newest = [e.received_at for e in mailbox.envelopes([max(uids)])] if uids else []
            storage = mailbox.storage()
    except BaocaoError as e:
        return Check(False, what, str(e), "sửa rồi chạy lại baocao doctor")
    tz = config.district.timezone
    if newest and newest[0] > now + CLOCK_SLACK:
        return Check(
            False,
            what,
            f"máy chủ thư nhận thư mới nhất của thư mục {imap.folder} lúc {in_words(newest[0], tz)}, sau giờ "
            f"của máy này ({in_words(now, tz)}): đồng hồ máy chậm, thư vừa nhận bị coi như chưa đến và "
            "trường vừa nộp vẫn bị nhắc",
            "bật đồng bộ giờ (timedatectl set-ntp true) rồi chạy lại baocao doctor",
        )
    if storage is not None and storage[0] >= storage[1] * QUOTA_WARNING:
        used, limit = storage
        full = "đã đầy" if used >= limit else f"đã dùng {used * 100 // limit}% dung lượng"
        return Check(
            False,
            what,
            f"hộp thư {full} ({_mib(used)} trên {_mib(limit)}): khi đầy, máy chủ trả lại thư các "
            "trường gửi đến và trường vẫn bị ghi chưa nộp",
            "xóa bớt thư cũ đã xử lý (bản gốc đã lưu trong kho lưu trữ của baocao) hoặc xin tăng dung lượng "
            "hộp thư",
        )
    return Check(True, what, f"đăng nhập được ({how}), thư mục {imap.folder} có {len(uids)} thư")


def _unit_mailboxes_without_address(config: Config) -> Iterator[Check]:
    """A unit's own mailbox whose address nothing says (its login is no address, and it has no
    `address`): its schools are told to send their reports, and answer, to another mailbox."""
    for unit in config.units:
        own = [m for m in config.mailboxes if m.unit == unit.id]
        if not own or config.unit_mailbox(unit.id) is not None:
            continue
        other = config.office_mailbox or config.reply_address
        told = f"ghi địa chỉ {other}" if other else "không ghi được địa chỉ nào"
        yield Check(
            False,
            f"Địa chỉ hộp thư của {unit.name}",
            f"[{own[0].where}] đăng nhập bằng «{own[0].username}», không phải địa chỉ thư: thư nhắc và thư "
            f"xác nhận gửi các trường của {unit.name} {told} để gửi báo cáo và trả lời, thay cho hộp thư này",
            f'ghi địa chỉ thư của hộp thư ấy: address = "…" trong [{own[0].where}]',
        )


def _mib(kib: int) -> str:
    """A quota's KiB as a person reads a mailbox's size."""
    return f"{kib / 1024:.1f} MB".replace(".", ",") if kib < 10 * 1024 else f"{kib // 1024} MB"


def _junk(config: Config, now: dt.datetime) -> Iterator[Check]:
    """Each account's spam folder that baocao does not read, with the mail of the last JUNK_DAYS from a
    school's registered address it holds: a report the server took for spam leaves its school missing."""
    schools = {e.lower(): s.name for s in config.schools for e in s.emails}
    accounts: dict[tuple[str, int, str], list[ImapConfig]] = {}
    for imap in config.mailboxes:
        accounts.setdefault((imap.host, imap.port, imap.username), []).append(imap)
    for watched in accounts.values():
        imap = watched[0]
        try:
            with _opened(config, imap) as mailbox:
                folders = mailbox.junk_folders(besides=[w.folder for w in watched])
        except BaocaoError:
            continue  # the mailbox's own line says why
        for folder in folders:
            what = f"Thư mục thư rác {folder} ({imap.username})"
            try:
                with _opened(config, dataclasses.replace(imap, folder=folder)) as mailbox:
                    mailbox.select()
                    since = (now - dt.timedelta(days=JUNK_DAYS)).date()
                    senders = [_sender(e.header) for e in mailbox.envelopes(mailbox.uids(since))]
            except BaocaoError as e:
                yield Check(False, what, str(e), "sửa rồi chạy lại baocao doctor")
                continue
            found = [schools[a] for a in senders if a in schools]
            if not found:
                yield Check(
                    True,
                    what,
                    f"baocao không đọc thư mục này; không có thư từ địa chỉ của trường trong {JUNK_DAYS} ngày qua",
                )
                continue
            named = ", ".join(dict.fromkeys(found))
            yield Check(
                False,
                what,
                f"có {len(found)} thư từ địa chỉ của trường trong {JUNK_DAYS} ngày qua ({named}) mà baocao không đọc: "
                "báo cáo bị máy chủ coi là thư rác thì trường vẫn bị tính là chưa nộp",
                f'chuyển các thư đó về {imap.folder}, hoặc thêm "{folder}" vào folders của [imap] để baocao đọc cả '
                "thư mục này",
            )


def _opened(config: Config, imap: ImapConfig) -> Mailbox:
    oauth = config.oauth
    tokens = tokens_mod.source_for(oauth, imap.username) if imap.auth == "oauth2" and oauth else None
    return Mailbox(imap, timeout=TIMEOUT, tokens=tokens)


def _sender(header: bytes) -> str:
    """Who wrote the mail of a header block, as intake reads it (message.author): From's address, even
    garbled, or the school a mailing list names when it rewrote From."""
    fields = email.parser.BytesHeaderParser(policy=email.policy.compat32).parsebytes(header)
    return message.author(message.fields_of(fields))


def _staff_addresses(config: Config, now: dt.datetime) -> Check | None:
    """Staff addresses our SMTP server refused as wrong at their latest mail (outbox.refused_staff): the
    missing lists and digests were given up, and nothing else tells staff. None when the database
    cannot be opened (its own check says why)."""
    what = "Địa chỉ thư của cán bộ"
    refused = _read(config, lambda store: outbox.refused_staff(config, store, now))
    if refused is None:
        return None
    if not refused:
        return Check(True, what, "chưa có địa chỉ nào bị máy chủ SMTP từ chối")
    tz = config.district.timezone
    settings = ", ".join(dict.fromkeys(r.setting for r in refused))
    return Check(False, what, "; ".join(r.in_words(tz) for r in refused), f"sửa địa chỉ trong {settings}")


def _trust(config: Config) -> Check:
    """What digital signatures on reports are checked against: a line to read, never a failure (an office
    may not use them), but the only place staff learn that without [trust].roots none counts."""
    roots, between = len(config.trust.roots), len(config.trust.intermediates)
    if not roots:
        return Check(
            True,
            "Chữ ký số",
            "chưa cấu hình chứng thư gốc tin cậy ([trust].roots): chữ ký số trên báo cáo chỉ được ghi lại, "
            "không dùng làm căn cứ xác định trường",
        )
    also = f" và {between} chứng thư trung gian" if between else ""
    return Check(True, "Chữ ký số", f"đối chiếu với {roots} chứng thư gốc tin cậy{also}")


def _unnamed_server(config: Config) -> Check | None:
    """The newest recorded mail's topmost Authentication-Results when it names no server (Microsoft 365
    writes «spf=fail (sender IP is …) …» with no authserv-id): no [origin].authserv_id can name it, so its
    results are never read and forged senders are not told. None when that mail's header names a server,
    or has none, or no mail is recorded."""
    found = _read(config, _newest_key)
    if found is None:
        return None
    try:
        head = message.head_of(Archive(config.storage.archive).head(found, HEAD_BYTES))
    except BaocaoError:
        return None  # the archive's own check says why
    top = head.get_all("Authentication-Results") or []
    parsed = origin.parse_authentication_results(str(top[0])) if top else None
    if parsed is None or parsed[0]:
        return None
    what = "Kiểm tra thư giả mạo"
    said = (
        "máy chủ nhận thư của Phòng (như Microsoft 365) ghi kết quả SPF/DKIM/DMARC vào dòng "
        "Authentication-Results mà không ghi tên máy chủ, nên [origin].authserv_id không chỉ ra được dòng "
        "nào do máy chủ ấy ghi: kết quả ấy không được đọc"
    )
    if config.origin.verify_dkim:
        return Check(True, what, f"{said}; baocao tự kiểm tra chữ ký DKIM (verify_dkim = true)")
    return Check(
        False,
        what,
        f"{said}, và thư giả mạo địa chỉ của trường không bị phát hiện",
        "đặt verify_dkim = true trong [origin] để baocao tự kiểm tra chữ ký DKIM của thư",
    )


def _newest_key(store: Store) -> str | None:
    with store.engine.connect() as conn:
        return conn.execute(select(messages.c.key).order_by(messages.c.received_at.desc()).limit(1)).scalar()


def _smtp(config: Config) -> Check:
    smtp = config.smtp
    if smtp is None:
        return Check(True, "Gửi thư (SMTP)", "chưa cấu hình [smtp]: không gửi thư nhắc và bảng tổng hợp")
    what = f"Gửi thư (SMTP {smtp.host}:{smtp.port})"
    try:
        with jobs.mailer_for(config) as mailer:
            mailer.open()
    except BaocaoError as e:
        return Check(False, what, str(e), "sửa [smtp] rồi chạy lại baocao doctor")
    login = (
        f"đăng nhập được ({'OAuth2' if smtp.auth == 'oauth2' else 'mật khẩu'})"
        if smtp.username
        else "kết nối được"
    )
    return Check(True, what, f"{login}, gửi từ {smtp.sender}")
