"""Reads config.toml into frozen dataclasses, one per section, with errors that name the key."""

from __future__ import annotations

import datetime as dt
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from kernel import mailids
from kernel.errors import ConfigError
from kernel.schoolnames import commune_of, level_of
from parsers.certificates import certificates
from parsers.document import FigureSpec, SectionSpec, TrustAnchors
from parsers.errors import CertificateError

SECURITY_MODES = ("ssl", "starttls", "none")


@dataclass(frozen=True)
class DistrictConfig:
    name: str
    short_name: str
    timezone: ZoneInfo
    staff_emails: tuple[str, ...]
    internal_emails: tuple[
        str, ...
    ] = ()  # other addresses of the office itself (its clerks, its domain mail)


@dataclass(frozen=True)
class ImapConfig:
    host: str
    port: int
    security: str
    username: str
    password: str | None
    password_env: str | None
    folder: str
    poll_seconds: int
    idle_seconds: int

    @property
    def name(self) -> str:
        """The name the store and the lock know this mailbox by: user@host:port/FOLDER."""
        return f"{self.username}@{self.host}:{self.port}/{self.folder}"

    def secret(self) -> str:
        """The password, or a ConfigError saying where to put it."""
        if self.password is not None:
            return self.password
        raise ConfigError(
            f"[imap] chưa có mật khẩu: đặt biến môi trường {self.password_env} "
            "hoặc ghi [imap].password trong tệp cấu hình"
        )


@dataclass(frozen=True)
class SmtpConfig:
    host: str
    port: int
    security: str
    username: str | None
    password: str | None
    password_env: str | None
    sender: str

    def secret(self) -> str | None:
        if self.password is None and self.password_env:
            raise ConfigError(
                f"[smtp] chưa có mật khẩu: đặt biến môi trường {self.password_env} "
                "hoặc ghi [smtp].password trong tệp cấu hình"
            )
        return self.password


@dataclass(frozen=True)
class StorageConfig:
    database: str
    archive: Path


@dataclass(frozen=True)
class ReportConfig:
    id: str
    title: str
    keywords: tuple[str, ...]
    deadline_month: int
    deadline_day: int
    reminder_days: tuple[int, ...]
    sections: tuple[SectionSpec, ...]
    figures: tuple[FigureSpec, ...] = ()
    headcount_figures: tuple[str, ...] = ()  # figures that count a school's own people (headcount = true)


@dataclass(frozen=True)
class SchoolConfig:
    id: str
    name: str
    emails: tuple[str, ...]
    aliases: tuple[str, ...] = ()
    pupils: int | None = None  # when known, figures that count the school's people are checked against
    staff: int | None = None
    level: str = ""  # MN, MG, TH, THCS, TH&THCS, THPT: from [[schools]].level or the name
    commune: str = ""  # from [[schools]].commune or the name


@dataclass(frozen=True)
class SchedulerConfig:
    """When the scheduler sends what; every time is in the district's timezone."""

    reminder_time: dt.time = dt.time(7, 30)
    digest_weekdays: tuple[int, ...] = (0,)  # Monday is 0, as datetime.weekday()
    digest_time: dt.time = dt.time(7, 30)
    digest_daily_days: int = 7  # a digest every day for this many days up to the deadline
    digest_format: str = "xlsx"  # the full table attached to the digest: xlsx | csv
    overdue_weekly: bool = True
    staff_copy_after: int = 3
    season_open_days: int = 28  # digests start this many days before the deadline
    season_close_days: int = 60  # overdue reminders and digests stop this many days after it
    max_per_recipient_per_day: int = 3
    ack_window_days: int = 3  # acknowledge only reports received this recently
    tick_minutes: int = 5
    retry_hours: int = 72  # a failing message is retried with backoff for this long, then given up
    max_mailbox_age_minutes: int = 15  # status mail is composed only from a mailbox read this recently
    mailbox_alert_minutes: int = 60  # staff are told when the mailbox has been unreadable this long
    templates: Path | None = None  # the office's own templates, used before the shipped ones


@dataclass(frozen=True)
class OriginConfig:
    """How a sender's address is authenticated: the receiving server's Authentication-Results, or DKIM."""

    authserv_id: str | None = None  # the receiving server's id; its Authentication-Results are trusted
    verify_dkim: bool = False  # check DKIM here (a DNS lookup) when that server added no results


@dataclass(frozen=True)
class WebConfig:
    """The staff page (baocao web)."""

    host: str = "127.0.0.1"  # only this machine, unless the office opens it on purpose
    port: int = 8080
    public_url: str = ""  # how staff reach the page (linked from the digest), e.g. https://baocao.pgd.vn
    session_hours: int = 12  # a login lasts this long
    templates: Path | None = None  # the office's own copies of app/web/templates/*
    in_daemon: bool = False  # serve the page from baocao run too


@dataclass(frozen=True)
class Config:
    path: Path
    district: DistrictConfig
    imap: ImapConfig | None
    smtp: SmtpConfig | None
    storage: StorageConfig
    reports: tuple[ReportConfig, ...]
    schools: tuple[SchoolConfig, ...]
    scheduler: SchedulerConfig = field(default_factory=SchedulerConfig)
    trust: TrustAnchors = field(default_factory=TrustAnchors)  # for digital signatures of reports
    origin: OriginConfig = field(default_factory=OriginConfig)
    web: WebConfig = field(default_factory=WebConfig)

    @property
    def office_addresses(self) -> frozenset[str]:
        """Every address the office itself sends from: its mail to us is internal, never a school's."""
        found = {*self.district.staff_emails, *self.district.internal_emails}
        if self.smtp is not None:
            found.add(self.smtp.sender.lower())
        if self.imap is not None and "@" in self.imap.username:
            found.add(self.imap.username.lower())
        return frozenset(found)

    @property
    def own_domain(self) -> str:
        """The domain of our own Message-IDs: the sender's, as the mailer writes them."""
        if self.smtp is not None:
            return mailids.domain_of(self.smtp.sender)
        return mailids.domain_of(self.district.staff_emails[0]) if self.district.staff_emails else "localhost"

    def report(self, report_id: str) -> ReportConfig:
        for report in self.reports:
            if report.id == report_id:
                return report
        known = ", ".join(r.id for r in self.reports)
        raise ConfigError(f'không có báo cáo "{report_id}" trong {self.path}; các báo cáo hiện có: {known}')

    def school(self, school_id: str) -> SchoolConfig:
        for school in self.schools:
            if school.id == school_id:
                return school
        raise ConfigError(f'không có trường "{school_id}" trong {self.path}')


def default_path() -> Path:
    return Path(os.environ.get("BAOCAO_CONFIG", "config.toml"))


def load(path: Path | str | None = None) -> Config:
    """Read and check a config file; ConfigError names the first bad key."""
    path = Path(path) if path is not None else default_path()
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as e:
        raise ConfigError(
            f"không tìm thấy tệp cấu hình {path} (chỉ đường dẫn bằng --config hoặc biến môi trường BAOCAO_CONFIG)"
        ) from e
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{path} không đúng cú pháp TOML: {e}") from e
    except (OSError, UnicodeDecodeError) as e:
        raise ConfigError(f"không đọc được {path}: {e}") from e
    return parse(raw, path.resolve())


def parse(raw: dict[str, Any], path: Path) -> Config:
    base = path.parent
    district = _table(raw, "district", required=True)
    storage = _table(raw, "storage", required=False)
    reports = [_report(r, i) for i, r in enumerate(_array(raw, "reports", "reports"))]
    schools = [_school(s, i) for i, s in enumerate(_array(raw, "schools", "schools"))]
    _unique([r.id for r in reports], "reports")
    _unique([s.id for s in schools], "schools")
    seen: dict[str, str] = {}
    for school in schools:
        for email in school.emails:
            if email in seen:
                raise ConfigError(
                    f'địa chỉ "{email}" được ghi cho cả hai trường "{seen[email]}" và "{school.id}"'
                )
            seen[email] = school.id
    database = _str(storage, "database", "storage", default="sqlite:///var/baocao.db")
    return Config(
        path=path,
        district=DistrictConfig(
            name=_str(district, "name", "district"),
            short_name=_str(district, "short_name", "district", default=_str(district, "name", "district")),
            timezone=_zone(_str(district, "timezone", "district", default="Asia/Ho_Chi_Minh")),
            staff_emails=tuple(e.lower() for e in _strs(district, "staff_emails", "district", default=[])),
            internal_emails=tuple(
                e.strip().lower() for e in _strs(district, "internal_emails", "district", default=[])
            ),
        ),
        imap=_imap(raw["imap"]) if "imap" in raw else None,
        smtp=_smtp(raw["smtp"]) if "smtp" in raw else None,
        storage=StorageConfig(
            database=_database_url(database, base),
            archive=base / _str(storage, "archive", "storage", default="var/archive"),
        ),
        reports=tuple(reports),
        schools=tuple(schools),
        scheduler=_scheduler(_table(raw, "scheduler", required=False), base),
        trust=_trust(_table(raw, "trust", required=False), base),
        origin=_origin(_table(raw, "origin", required=False)),
        web=_web(_table(raw, "web", required=False), base),
    )


def _web(table: dict[str, Any], base: Path) -> WebConfig:
    d = WebConfig()
    public_url = _str(table, "public_url", "web", default="").strip().rstrip("/")
    if public_url and not public_url.startswith(("http://", "https://")):
        raise ConfigError(
            f'[web].public_url phải bắt đầu bằng http:// hoặc https://, nhưng đang là "{public_url}"'
        )
    port = _int(table, "port", "web", default=d.port)
    if not 0 < port < 65536:
        raise ConfigError(f'[web].port phải là số cổng từ 1 đến 65535, nhưng đang là "{port}"')
    templates = _str(table, "templates", "web", default="")
    return WebConfig(
        host=_str(table, "host", "web", default=d.host),
        port=port,
        public_url=public_url,
        session_hours=max(1, _int(table, "session_hours", "web", default=d.session_hours)),
        templates=base / templates if templates else None,
        in_daemon=_bool(table, "in_daemon", "web", default=d.in_daemon),
    )


def _database_url(url: str, base: Path) -> str:
    """Make a relative SQLite path relative to the config file, as every other path is."""
    prefix = "sqlite:///"
    if url.startswith(prefix) and not url.startswith(prefix + "/") and url != prefix + ":memory:":
        return prefix + str(base / url[len(prefix) :])
    return url


def _imap(table: Any) -> ImapConfig:
    if not isinstance(table, dict):
        raise ConfigError("[imap] phải là một bảng (table)")
    security = _choice(table, "security", "imap", SECURITY_MODES, default="ssl")
    password, env = _password(table, "imap")
    return ImapConfig(
        host=_str(table, "host", "imap"),
        port=_int(table, "port", "imap", default=993 if security == "ssl" else 143),
        security=security,
        username=_str(table, "username", "imap"),
        password=password,
        password_env=env,
        folder=_str(table, "folder", "imap", default="INBOX"),
        poll_seconds=_int(table, "poll_seconds", "imap", default=60),
        idle_seconds=_int(table, "idle_seconds", "imap", default=600),
    )


def _smtp(table: Any) -> SmtpConfig:
    if not isinstance(table, dict):
        raise ConfigError("[smtp] phải là một bảng (table)")
    security = _choice(table, "security", "smtp", SECURITY_MODES, default="starttls")
    password, env = _password(table, "smtp")
    return SmtpConfig(
        host=_str(table, "host", "smtp"),
        port=_int(table, "port", "smtp", default={"ssl": 465, "starttls": 587, "none": 25}[security]),
        security=security,
        username=_str(table, "username", "smtp", default="") or None,
        password=password,
        password_env=env,
        sender=_str(table, "from", "smtp"),
    )


def _scheduler(table: dict[str, Any], base: Path) -> SchedulerConfig:
    d = SchedulerConfig()
    where = "scheduler"
    digest = _str(table, "digest_cron", where, default="mon 07:30")
    weekdays, digest_time = _weekly(digest, where)
    templates = _str(table, "templates", where, default="")
    return SchedulerConfig(
        reminder_time=_clock_time(_str(table, "reminder_time", where, default="07:30"), "reminder_time"),
        digest_weekdays=weekdays,
        digest_time=digest_time,
        digest_daily_days=_int(table, "digest_daily_days", where, default=d.digest_daily_days),
        digest_format=_choice(table, "digest_format", where, ("xlsx", "csv"), default=d.digest_format),
        overdue_weekly=_bool(table, "overdue_weekly", where, default=d.overdue_weekly),
        staff_copy_after=_int(table, "staff_copy_after", where, default=d.staff_copy_after),
        season_open_days=_int(table, "season_open_days", where, default=d.season_open_days),
        season_close_days=_int(table, "season_close_days", where, default=d.season_close_days),
        max_per_recipient_per_day=_int(
            table, "max_per_recipient_per_day", where, default=d.max_per_recipient_per_day
        ),
        ack_window_days=_int(table, "ack_window_days", where, default=d.ack_window_days),
        tick_minutes=max(1, _int(table, "tick_minutes", where, default=d.tick_minutes)),
        retry_hours=_int(table, "retry_hours", where, default=d.retry_hours),
        max_mailbox_age_minutes=_int(
            table, "max_mailbox_age_minutes", where, default=d.max_mailbox_age_minutes
        ),
        mailbox_alert_minutes=_int(table, "mailbox_alert_minutes", where, default=d.mailbox_alert_minutes),
        templates=base / templates if templates else None,
    )


def _trust(table: dict[str, Any], base: Path) -> TrustAnchors:
    return TrustAnchors(
        roots=_certificate_files(table, "roots", base),
        intermediates=_certificate_files(table, "intermediates", base),
    )


def _certificate_files(table: dict[str, Any], key: str, base: Path) -> tuple[bytes, ...]:
    """The certificates (DER) in the files a [trust] key lists; a PEM file may hold several."""
    found: list[bytes] = []
    for name in _strs(table, key, "trust", default=[]):
        path = base / name
        try:
            found.extend(certificates(path.read_bytes()))
        except OSError as e:
            raise ConfigError(f'[trust].{key}: không đọc được tệp "{path}": {e.strerror or e}') from e
        except CertificateError as e:
            raise ConfigError(f'[trust].{key}: tệp "{path}" {e}') from e
    return tuple(found)


def _origin(table: dict[str, Any]) -> OriginConfig:
    return OriginConfig(
        authserv_id=_str(table, "authserv_id", "origin", default="").strip().lower() or None,
        verify_dkim=_bool(table, "verify_dkim", "origin", default=False),
    )


_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _clock_time(value: str, key: str) -> dt.time:
    try:
        hour, minute = (int(part) for part in value.split(":"))
        return dt.time(hour, minute)
    except ValueError as e:
        raise ConfigError(
            f'[scheduler].{key} phải là giờ dạng "HH:MM" (ví dụ "07:30"), nhưng đang là "{value}"'
        ) from e


def _weekly(value: str, where: str) -> tuple[tuple[int, ...], dt.time]:
    """ "mon 07:30", "mon,thu 07:30" or "daily 07:30" -> weekdays and time."""
    parts = value.lower().split()
    days = parts[0].split(",") if len(parts) == 2 else []
    if not days or not all(d in _WEEKDAYS or d == "daily" for d in days):
        raise ConfigError(
            f'[{where}].digest_cron phải gồm ngày và giờ, ví dụ "mon 07:30", "mon,thu 07:30" '
            f'hoặc "daily 07:30", nhưng đang là "{value}"'
        )
    weekdays = tuple(range(7)) if "daily" in days else tuple(sorted({_WEEKDAYS.index(d) for d in days}))
    return weekdays, _clock_time(parts[1], "digest_cron")


def _password(table: dict[str, Any], where: str) -> tuple[str | None, str | None]:
    if "password" in table:
        return _str(table, "password", where), None
    env = _str(table, "password_env", where, default="") or None
    return (os.environ.get(env) if env else None), env


def _report(table: Any, index: int) -> ReportConfig:
    where = f"reports[{index}]"
    if not isinstance(table, dict):
        raise ConfigError(f"[{where}] phải là một bảng (table)")
    deadline = _str(table, "deadline", where)
    try:
        month_s, day_s = deadline.split("-")
        month, day = int(month_s), int(day_s)
        if not (1 <= month <= 12 and 1 <= day <= 31):
            raise ValueError
    except ValueError as e:
        raise ConfigError(
            f'[{where}].deadline phải có dạng "MM-DD" (ví dụ "10-25"), nhưng đang là "{deadline}"'
        ) from e
    days = table.get("reminder_days", [14, 7, 3, 1])
    if not isinstance(days, list) or not all(isinstance(d, int) and d > 0 for d in days):
        raise ConfigError(f"[{where}].reminder_days phải là danh sách số dương, nhưng đang là {days!r}")
    sections = [
        SectionSpec(
            id=_str(s, "id", f"{where}.sections[{i}]"),
            title=_str(s, "title", f"{where}.sections[{i}]"),
            keywords=tuple(_strs(s, "keywords", f"{where}.sections[{i}]", default=[])),
        )
        for i, s in enumerate(_array(table, "sections", f"{where}.sections"))
    ]
    figure_tables = _array(table, "figures", f"{where}.figures")
    figures = [
        FigureSpec(
            id=_str(f, "id", f"{where}.figures[{i}]"),
            title=_str(f, "title", f"{where}.figures[{i}]"),
            keywords=tuple(_strs(f, "keywords", f"{where}.figures[{i}]")),
        )
        for i, f in enumerate(figure_tables)
    ]
    headcount = [
        spec.id
        for i, (spec, f) in enumerate(zip(figures, figure_tables, strict=True))
        if _bool(f, "headcount", f"{where}.figures[{i}]", default=False)
    ]
    _unique([s.id for s in sections], f"{where}.sections")
    return ReportConfig(
        id=_str(table, "id", where),
        title=_str(table, "title", where),
        keywords=tuple(_strs(table, "keywords", where)),
        deadline_month=month,
        deadline_day=day,
        reminder_days=tuple(sorted(set(days), reverse=True)),
        sections=tuple(sections),
        figures=tuple(figures),
        headcount_figures=tuple(headcount),
    )


def _school(table: Any, index: int) -> SchoolConfig:
    where = f"schools[{index}]"
    if not isinstance(table, dict):
        raise ConfigError(f"[{where}] phải là một bảng (table)")
    name = _str(table, "name", where)
    return SchoolConfig(
        id=_str(table, "id", where),
        name=name,
        emails=tuple(e.strip().lower() for e in _strs(table, "emails", where, default=[])),
        aliases=tuple(_strs(table, "aliases", where, default=[])),
        pupils=_count(table, "pupils", where),
        staff=_count(table, "staff", where),
        level=_str(table, "level", where, default="") or level_of(name),
        commune=_str(table, "commune", where, default="") or commune_of(name),
    )


def _count(table: dict[str, Any], key: str, where: str) -> int | None:
    if key not in table:
        return None
    value = _int(table, key, where)
    if value < 0:
        raise ConfigError(f"[{where}].{key} phải là số không âm, nhưng đang là {value}")
    return value


_MISSING = object()


def _table(raw: dict[str, Any], key: str, *, required: bool) -> dict[str, Any]:
    value = raw.get(key)
    if value is None:
        if required:
            raise ConfigError(f"tệp cấu hình thiếu mục [{key}]")
        return {}
    if not isinstance(value, dict):
        raise ConfigError(f"[{key}] phải là một bảng (table)")
    return value


def _array(raw: dict[str, Any], key: str, where: str) -> list[Any]:
    value = raw.get(key, [])
    if not isinstance(value, list):
        raise ConfigError(f"[[{where}]] phải là danh sách các bảng ([[...]])")
    return value


def _str(table: dict[str, Any], key: str, where: str, default: Any = _MISSING) -> str:
    value = table.get(key, default)
    if value is _MISSING:
        raise ConfigError(f"thiếu khóa [{where}].{key}")
    if not isinstance(value, str):
        raise ConfigError(f"[{where}].{key} phải là chuỗi chữ, nhưng đang là {value!r}")
    return value


def _strs(table: dict[str, Any], key: str, where: str, default: Any = _MISSING) -> list[str]:
    value = table.get(key, default)
    if value is _MISSING:
        raise ConfigError(f"thiếu khóa [{where}].{key}")
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"[{where}].{key} phải là danh sách chuỗi chữ, nhưng đang là {value!r}")
    return value


def _int(table: dict[str, Any], key: str, where: str, default: Any = _MISSING) -> int:
    value = table.get(key, default)
    if value is _MISSING:
        raise ConfigError(f"thiếu khóa [{where}].{key}")
    if isinstance(value, bool) or not isinstance(value, int):
        raise ConfigError(f'[{where}].{key} phải là một số, nhưng đang là "{value}"')
    return value


def _bool(table: dict[str, Any], key: str, where: str, default: bool) -> bool:
    value = table.get(key, default)
    if not isinstance(value, bool):
        raise ConfigError(f'[{where}].{key} phải là true hoặc false, nhưng đang là "{value}"')
    return value


def _choice(table: dict[str, Any], key: str, where: str, choices: tuple[str, ...], default: str) -> str:
    value = _str(table, key, where, default=default)
    if value not in choices:
        raise ConfigError(f'[{where}].{key} phải là một trong {", ".join(choices)}, nhưng đang là "{value}"')
    return value


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as e:
        raise ConfigError(
            f'[district].timezone phải là tên múi giờ IANA, ví dụ "Asia/Ho_Chi_Minh", nhưng đang là "{name}"'
        ) from e


def _unique(ids: list[str], where: str) -> None:
    seen: set[str] = set()
    for i in ids:
        if i in seen:
            raise ConfigError(f'[[{where}]] mã "{i}" bị dùng hai lần')
        seen.add(i)
