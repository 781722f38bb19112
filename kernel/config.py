"""Reads config.toml into frozen dataclasses, one per section, with errors that name the key."""

from __future__ import annotations

import codecs
import collections
import dataclasses
import datetime as dt
import difflib
import functools
import hashlib
import os
import re
import tomllib
import unicodedata
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from kernel import mailids
from kernel.errors import ConfigError
from kernel.schoolnames import (
    LEVEL_LABELS,
    branded,
    commune_of,
    commune_office_place,
    dated,
    level_of,
    name_key,
    namesake_label,
    numbered,
    unqualified,
    written_place,
)
from parsers.document import FigureSpec, SectionSpec, TrustAnchors
from parsers.errors import CertificateError
from parsers.text import fold, tone_key

SECURITY_MODES = ("ssl", "starttls", "none")
AUTH_MODES = ("password", "oauth2")
DATABASE_KINDS = ("sqlite:///", "postgresql+psycopg://")


@dataclass(frozen=True)
class Provider:
    """Where an OAuth2 provider signs in and hands out tokens, and the scopes mail needs."""

    authorization_endpoint: str
    token_endpoint: str
    device_endpoint: str | None
    scopes: tuple[str, ...]


# The endpoints and scopes of the two providers that host most offices' mail; {tenant} is
# [oauth2].tenant (Microsoft's directory id, or "organizations").
PROVIDERS = {
    "google": Provider(
        "https://accounts.google.com/o/oauth2/v2/auth",
        "https://oauth2.googleapis.com/token",
        None,  # Google's device flow does not grant the mail scope: sign in with the browser flow
        ("https://mail.google.com/",),
    ),
    "microsoft": Provider(
        "https://login.microsoftonline.com/{tenant}/oauth2/v2.0/authorize",
        "https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token",
        "https://login.microsoftonline.com/{tenant}/oauth2/v2.0/devicecode",
        (
            "https://outlook.office.com/IMAP.AccessAsUser.All",
            "https://outlook.office.com/SMTP.Send",
            "offline_access",
        ),
    ),
}


@dataclass(frozen=True)
class OAuthConfig:
    """The office's OAuth2 client registration; tokens live in token_file (mode 600), never here."""

    provider: str  # google | microsoft | custom
    client_id: str
    client_secret: str | None
    client_secret_env: str | None
    authorization_endpoint: str
    token_endpoint: str
    device_endpoint: str | None
    scopes: tuple[str, ...]
    token_file: Path


@dataclass(frozen=True)
class DistrictConfig:
    name: str
    short_name: str
    timezone: ZoneInfo
    staff_emails: tuple[str, ...]
    internal_emails: tuple[
        str, ...
    ] = ()  # other addresses of the office itself (its clerks, its domain mail)
    # The provinces its schools are in, the present one and any merged into it ("Tây Ninh", "Long An"):
    # a certificate naming another province ("... TỈNH ĐỒNG THÁP") is a namesake school's.
    provinces: tuple[str, ...] = ()


DEFAULT_MAX_MESSAGE_MB = 30  # the largest message read; peak memory stays under 300 MB


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
    auth: str = "password"  # password (an app password too) | oauth2 (a token from [oauth2])
    where: str = "imap"  # the config table it comes from, for messages: imap, mailboxes[1]
    max_message_mb: int = (
        DEFAULT_MAX_MESSAGE_MB  # larger messages are archived in pieces and recorded failed, never parsed
    )
    unit: str | None = None  # the collecting unit whose mailbox this is ([[units]] id), if any
    address: str | None = None  # the mailbox's e-mail address, written when the login is not one

    @property
    def email(self) -> str | None:
        """The mailbox's e-mail address, where mail to it is sent: `address`, else the login when it is an
        address; None when neither says it (a login such as "phuan" on the office's own mail server)."""
        if self.address is not None:
            return self.address.lower()
        return self.username.lower() if "@" in self.username else None

    @property
    def name(self) -> str:
        """The name the store and the lock know this mailbox by: user@host:port/FOLDER."""
        return f"{self.username}@{self.host}:{self.port}/{self.folder}"

    @property
    def source(self) -> str:
        """How a message's row names the mailbox it was read from (messages.source)."""
        return f"imap:{self.name}"

    def secret(self) -> str:
        """The password, or a ConfigError saying where to put it."""
        if self.password is not None:
            return self.password
        raise _no_password(self.where, self.password_env)


@dataclass(frozen=True)
class SmtpConfig:
    host: str
    port: int
    security: str
    username: str | None
    password: str | None
    password_env: str | None
    sender: str
    auth: str = "password"  # password | oauth2 (a token from [oauth2] for username)
    reply_to: str | None = None  # where replies to automatic mail go: the office, not the robot

    def secret(self) -> str | None:
        if self.password is None and self.password_env:
            raise _no_password("smtp", self.password_env)
        return self.password


@dataclass(frozen=True)
class StorageConfig:
    database: str
    archive: Path
    # How long a worker's claim on a message or page lasts without a heartbeat: after a crash, the
    # time before another worker takes the item over.
    lease_seconds: int = 60
    # Worker processes on this machine for a backlog of mail ([storage].workers); 0: one per core.
    workers: int = 0


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
    # The school levels that owe the report ([[reports]].levels); () when every school does.
    levels: tuple[str, ...] = ()
    # Due the year after the one it reports on ([[reports]].due_next_year: a summary of 2021 due on
    # 15/01/2022): its seasons are named by the year reported on, which is the year its title states.
    due_next_year: bool = False
    # The deadline of given seasons ([[reports]].deadlines = { 2025 = "10-25" }): (year, month, day), by
    # year. A season not listed has the report's deadline; a past one keeps what it ran with this way.
    deadlines: tuple[tuple[int, int, int], ...] = ()

    def deadline_month_day(self, year: int) -> tuple[int, int]:
        """The month and day of the season year's deadline: its own entry in deadlines, else the report's."""
        for listed, month, day in self.deadlines:
            if listed == year:
                return month, day
        return self.deadline_month, self.deadline_day

    @property
    def short(self) -> str:
        """How staff mail and pages name the report in a subject, a heading or a tab: the keyword that spells
        its id («NQ121» for nq121, «đuối nước» for duoi-nuoc), else its id in capitals."""
        spelled = _spelling(self.id)
        return next((k for k in self.keywords if _spelling(k) == spelled), self.id.upper())

    def owed_by(self, school: SchoolConfig) -> bool:
        """Whether the school's level is one that owes this report."""
        return not self.levels or school.level.upper() in self.levels


def _spelling(name: str) -> str:
    """A name's letters and digits, folded: «duoi-nuoc» and «đuối nước» spell the same."""
    return "".join(c for c in fold(name) if c.isalnum())


@dataclass(frozen=True)
class UnitConfig:
    """A collecting unit ([[units]]): a commune People's Committee or the provincial Department."""

    id: str
    name: str
    staff_emails: tuple[str, ...]  # who gets the unit's digest and missing list


@dataclass(frozen=True)
class Membership:
    """A span of days a school belongs to the roster, and the unit that collects its reports then.

    Both ends are inclusive; None is open (since always, until further notice). unit is None when
    the config has no [[units]] (one implicit unit, the office itself)."""

    unit: str | None = None
    start: dt.date | None = None  # [[schools]].from
    until: dt.date | None = None

    def covers(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.until is None or day <= self.until)


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
    # Whether commune was read from the name, not configured: shown only when it is a place
    # (Config.commune_shown). Out of the repr, so of Config.rules: no message is read by it.
    commune_read: bool = field(default=False, repr=False)
    memberships: tuple[Membership, ...] = (Membership(),)  # always a member, by default
    merged_into: str = ""  # the id of the school it was merged into, when it closed so; "" otherwise

    def collected_by(self, unit: str | None) -> bool:
        """Whether unit collects the school's reports in any of its memberships."""
        return any(m.unit == unit for m in self.memberships)

    def membership_on(self, day: dt.date) -> Membership | None:
        """The membership in force on day, or None when the school is not on the roster then."""
        for membership in self.memberships:
            if membership.covers(day):
                return membership
        return None


@dataclass(frozen=True)
class SchedulerConfig:
    """When the scheduler sends what; every time is in the district's timezone."""

    reminder_time: dt.time = dt.time(7, 30)
    digest_weekdays: tuple[int, ...] = (0,)  # Monday is 0, as datetime.weekday()
    digest_time: dt.time = dt.time(7, 30)
    digest_daily_days: int = 7  # a digest every day for this many days up to the deadline
    digest_format: str = "xlsx"  # the full table attached to the digest: xlsx | csv
    overdue_weekly: bool = True
    # A reminder or staff list due on a weekend or a public holiday goes out on the working day before
    # it (after the deadline, and a digest: after it): kernel.workdays.
    working_days_only: bool = True
    staff_copy_after: int = 3
    season_open_days: int = 28  # digests start this many days before the deadline
    season_close_days: int = 60  # overdue reminders and digests stop this many days after it
    max_per_recipient_per_day: int = 3
    ack_window_days: int = 3  # acknowledge only reports received (or read days late) this recently
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
    mailboxes: tuple[
        ImapConfig, ...
    ] = ()  # every folder watched: [imap] (each of its folders), [[mailboxes]]
    oauth: OAuthConfig | None = None
    trust: TrustAnchors = field(default_factory=TrustAnchors)  # for digital signatures of reports
    origin: OriginConfig = field(default_factory=OriginConfig)
    web: WebConfig = field(default_factory=WebConfig)
    units: tuple[UnitConfig, ...] = ()  # none: one implicit unit, the office, with [district].staff_emails

    def roster(self, day: dt.date, unit: str | None = None) -> tuple[SchoolConfig, ...]:
        """The schools that are members on day (of unit, when given): who must report for a season
        whose deadline falls on day. Matching still knows every school in the file."""
        found = []
        for school in self.schools:
            membership = school.membership_on(day)
            if membership is not None and (unit is None or membership.unit == unit):
                found.append(school)
        return tuple(found)

    def units_on(self, day: dt.date) -> frozenset[str]:
        """The units that collect some school's reports on day; none without [[units]]."""
        return frozenset(
            m.unit for school in self.schools if (m := school.membership_on(day)) is not None and m.unit
        )

    def unit(self, unit_id: str) -> UnitConfig:
        for unit in self.units:
            if unit.id == unit_id:
                return unit
        if not self.units:
            raise ConfigError(f'{self.path} không khai báo đơn vị nào ([[units]]), nên không có "{unit_id}"')
        known = ", ".join(u.id for u in self.units)
        raise ConfigError(f'không có đơn vị "{unit_id}" trong {self.path}; các đơn vị hiện có: {known}')

    def unit_on(self, school_id: str, day: dt.date) -> str | None:
        """The unit that collects the school's reports on day; None without [[units]], for a school
        not on the roster that day, or for an id the file does not know."""
        school = self._schools_by_id.get(school_id)
        membership = school.membership_on(day) if school is not None else None
        return membership.unit if membership is not None else None

    def successor_on(self, school_id: str, day: dt.date) -> SchoolConfig | None:
        """The school on the roster on day that a closed school was merged into ([[schools]].merged_into,
        followed through later mergers); None when it was merged into none, or the school is on the roster."""
        school = self._schools_by_id.get(school_id)
        seen = {school_id}
        while school is not None and school.membership_on(day) is None and school.merged_into not in seen:
            seen.add(school.merged_into)
            school = self._schools_by_id.get(school.merged_into)
            if school is not None and school.membership_on(day) is not None:
                return school
        return None

    def mailbox_unit(self, source: str) -> str | None:
        """The unit whose mailbox a message was read from, by its row's source ("imap:<mailbox>");
        None for mail imported from files, or read from a mailbox of no unit."""
        for mailbox in self.mailboxes:
            if mailbox.source == source:
                return mailbox.unit
        return None

    def units_written_to(self, recipients: Collection[str]) -> set[str]:
        """The units whose own mailboxes a mail was written to (To, Cc)."""
        return {m.unit for m in self.mailboxes if m.unit is not None and m.email in recipients}

    def staff_of(self, unit_id: str | None) -> tuple[str, ...]:
        """Who gets the digest and missing list of a unit (None: the whole office)."""
        if unit_id is None:
            return self.district.staff_emails
        return self.unit(unit_id).staff_emails or self.district.staff_emails

    def unit_of_address(self, address: str) -> UnitConfig | None:
        """The collecting unit whose staff or own mailbox an address is; None for the office's own and
        every other address. An address of both the office and a unit is the office's."""
        address = address.lower()
        if address in self.district.staff_emails or address in self.district.internal_emails:
            return None
        for unit in self.units:
            if address in unit.staff_emails or address == self.unit_mailbox(unit.id):
                return unit
        return None

    @property
    def all_staff(self) -> frozenset[str]:
        """Every staff address, the office's and each unit's."""
        return frozenset({*self.district.staff_emails, *(e for u in self.units for e in u.staff_emails)})

    @property
    def office_names(self) -> tuple[str, ...]:
        """The names of the office and of each collecting unit: the bodies the registered schools
        answer to ("Phòng Giáo dục và Đào tạo huyện Thủ Thừa", "UBND xã Mỹ An")."""
        names = (self.district.name, self.district.short_name, *(u.name for u in self.units))
        return tuple(dict.fromkeys(names))

    @property
    def max_message_mb(self) -> int:
        """The largest message read from the archive (reprocess, import): the most any mailbox reads."""
        return max((m.max_message_mb for m in self.mailboxes), default=DEFAULT_MAX_MESSAGE_MB)

    @functools.cached_property
    def rules(self) -> str:
        """A digest of what decides how a message is read: the office, its reports, schools, units and the
        sender checks. Two machines on one queue must agree on it (an old config.toml on one credited
        reports by the addresses the other had corrected), and mail read by other rules is read again to
        follow a change (doctor); paths, servers and schedules may differ."""
        shown = repr((self.district, self.reports, self.schools, self.units, self.origin))
        return hashlib.sha256(shown.encode()).hexdigest()[:16]

    @property
    def office_addresses(self) -> frozenset[str]:
        """Every address the office itself sends from: its mail to us is internal, never a school's."""
        found = {*self.all_staff, *self.district.internal_emails}
        if self.smtp is not None:
            found.add(self.smtp.sender.lower())
        found.update(m.email for m in self.mailboxes if m.email is not None)
        return frozenset(found)

    @property
    def reply_address(self) -> str | None:
        """Where answers to our automatic mail go: [smtp].reply_to, else the office's (first) mailbox,
        whose mail baocao reads, so a school's answer reaches staff. A unit's mailbox is not the
        office's: answers meant for the office never land with one unit."""
        if self.smtp is not None and self.smtp.reply_to:
            return self.smtp.reply_to
        return self.office_mailbox or (self.smtp.sender if self.smtp is not None else None)

    @property
    def office_mailbox(self) -> str | None:
        """The address of the office's own mailbox that baocao reads (the first [imap] or [[mailboxes]]
        of no unit), if there is one: where schools send their reports."""
        for mailbox in self.mailboxes:
            if mailbox.email is not None and mailbox.unit is None:
                return mailbox.email
        return None

    def unit_mailbox(self, unit_id: str) -> str | None:
        """The address of the unit's own mailbox (the first [imap] or [[mailboxes]] with its unit), if
        it has one: where its schools send their reports and answer its mail."""
        for mailbox in self.mailboxes:
            if mailbox.unit == unit_id and mailbox.email is not None:
                return mailbox.email
        return None

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
        school = self._schools_by_id.get(school_id)
        if school is None:
            raise ConfigError(f'không có trường "{school_id}" trong {self.path}')
        return school

    def name_of(self, school_id: str) -> str:
        """The school's name for people to read; its id when the file no longer lists it (removed since
        its mail was recorded)."""
        school = self._schools_by_id.get(school_id)
        return school.name if school is not None else school_id

    def commune_shown(self, school_id: str) -> str:
        """The commune every list and export names a school in: configured, else what its name says when
        that is a place, else the commune of the People's Committee collecting it, else "" (unknown)."""
        return self._communes_shown.get(school_id, "")

    @functools.cached_property
    def _communes_shown(self) -> dict[str, str]:
        """commune_shown of every school, worked out once. A name is after its commune when the place is
        written with its kind («Thị trấn Phú Lâm», «Phường 10») or schools of other names share it («Tiểu
        học Tân Hiệp», «THCS Tân Hiệp», «Tiểu học Bình Thạnh 1»); a lone school is as often named after
        a person or a flower («Tiểu học Nguyễn Huệ», «Mầm non Hoa Sen»), which tells no commune. So does a
        person's name that several levels share (a commune's Mầm non, Tiểu học and THCS Chu Văn An),
        unless the config knows a commune of that name (a unit's, or one written for a school). Private
        schools and independent groups share their owner's brand («Hoa Mai», a chain's campuses), not a
        commune: their names are not counted as sharing one."""
        from parsers.persons import name_alone  # here: only a config with a shared place asks

        names: dict[str, set[tuple[str, str]]] = collections.defaultdict(set)
        kinds: dict[str, set[tuple[str, bool]]] = collections.defaultdict(set)  # level, numbered
        for school in self.schools:
            name = unqualified(school.name)[0]
            if not branded(name):  # a brand private schools share («Hoa Mai», a chain's campuses) is no place
                place = tone_key(commune_of(name))
                names[place].add(name_key(name))
                kinds[place].add((level_of(name), numbered(name)))
        units = {u.id: u.name for u in self.units}
        known = {tone_key(place) for place in map(commune_office_place, units.values()) if place}
        known |= {tone_key(s.commune) for s in self.schools if s.commune and not s.commune_read}

        def told(place: str) -> bool:  # whether a place read from a school's name is its commune
            if dated(place):  # «Mầm non 30/4», «Tiểu học 30/4»: a date, whichever schools share it
                return False
            if written_place(place):
                return True
            key = tone_key(place)
            if len(names[key]) < 2:
                return False
            if key in known:
                return True
            # «Mầm non Hoa Hồng 1» and «… Hoa Hồng 2»: numbered schools of one level share a flower's or a
            # brand's name as often as a commune's; schools of several levels share their commune's.
            [(_level, first_numbered), *others] = kinds[key]
            return not (not others and first_numbered) and not name_alone(place)

        shown = {}
        for school in self.schools:
            place = school.commune
            if school.commune_read and not told(place):
                latest = max(school.memberships, key=lambda m: m.start or dt.date.min)
                collecting = units.get(latest.unit or "", "" if self.units else self.district.name)
                place = commune_office_place(collecting) or ""
            shown[school.id] = place
        return shown

    @functools.cached_property
    def _schools_by_id(self) -> dict[str, SchoolConfig]:
        """Schools by id, built once: a table of every school looks each one up (ids are unique)."""
        return {school.id: school for school in self.schools}


def default_path() -> Path:
    return Path(os.environ.get("BAOCAO_CONFIG", "config.toml"))


def load(path: Path | str | None = None) -> Config:
    """Read and check a config file; ConfigError names the first bad key."""
    path = Path(path) if path is not None else default_path()
    try:
        data = path.read_bytes()
    except FileNotFoundError as e:
        raise ConfigError(
            f"không tìm thấy tệp cấu hình {path} (chỉ đường dẫn bằng --config hoặc biến môi trường BAOCAO_CONFIG)"
        ) from e
    except OSError as e:
        raise ConfigError(f"không đọc được {path}: {e.strerror or e}") from e
    return loads(data, path)


def loads(data: bytes, path: Path) -> Config:
    """A config file's content, as read from path (what its relative paths and its errors name)."""
    try:
        raw = tomllib.loads(_text(data, path))
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{path} không đúng cú pháp TOML {_toml_error(str(e))}") from e
    return parse(raw, path.resolve())


def _text(data: bytes, path: Path) -> str:
    """The file as Notepad may save it: UTF-8 with or without a BOM, or UTF-16 ("Unicode") with one; in
    NFC, since names typed as "Unicode tổ hợp" (decomposed) would print misaligned and mixed with the
    composed names every document is read as."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return unicodedata.normalize("NFC", data.decode("utf-16"))
    try:
        return unicodedata.normalize("NFC", data.decode("utf-8-sig"))
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise ConfigError(
            f"{path} không phải văn bản UTF-8 (dòng {line}): lưu lại tệp với bảng mã UTF-8 "
            "(Notepad: Tệp > Lưu thành, mục Mã hóa chọn UTF-8)"
        ) from e


_TOML_PROBLEMS = (
    (
        "Invalid value",
        'giá trị không hợp lệ: chữ phải nằm trong dấu ngoặc kép thẳng "..." (không dùng “...”), và sau dấu = '
        "phải có giá trị",
    ),
    ("Unterminated string", 'chuỗi chữ thiếu dấu " đóng'),
    ("Illegal character '\\n'", 'chuỗi chữ thiếu dấu " đóng trước khi hết dòng'),
    ("Illegal character", "chuỗi chữ có ký tự điều khiển (ký tự ẩn): gõ lại chuỗi này"),
    (
        "Expected newline or end of document",
        'sau giá trị còn chữ thừa: mỗi dòng chỉ một khóa = giá trị, chữ nằm trọn trong một cặp dấu "...", '
        'ngày viết "2021-10-25"',
    ),
    ("Unclosed inline table", "bảng trong ngoặc { } thiếu dấu } đóng (bảng này phải đóng trên cùng dòng)"),
    ("Duplicate inline table key", "một khóa được ghi hai lần trong cùng bảng { }"),
    (
        "Cannot mutate immutable namespace",
        "mục này đã được ghi trọn ở trên (bảng trong ngoặc { }): không thêm khóa được",
    ),
    ("Cannot redefine namespace", "mục này đã được khai báo một lần ở trên"),
    ("Invalid initial character for a key part", "tên khóa có ký tự không hợp lệ"),
    ("Found invalid character", "có ký tự không hợp lệ"),
    ("Invalid hex value", "mã \\u trong chuỗi chữ không hợp lệ"),
    ("Escaped character is not a Unicode scalar value", "mã \\u trong chuỗi chữ không hợp lệ"),
    ("Expected ']]'", "tên mục [[...]] thiếu dấu ]] đóng"),
    (
        "Unescaped '\\'",
        "có dấu \\ trong chuỗi chữ: đường dẫn Windows viết bằng dấu / (D:/baocao/var) hoặc trong nháy đơn "
        "('D:\\baocao\\var')",
    ),
    ("Cannot overwrite a value", "khóa này đã được ghi một lần ở trên, trong cùng mục"),
    ("Cannot declare", "mục này đã được khai báo một lần ở trên"),
    ("Invalid statement", "dòng không có dạng khóa = giá trị hoặc [mục]"),
    ("Expected '=' after a key", "thiếu dấu = sau tên khóa"),
    ("Unclosed array", "danh sách thiếu dấu ] đóng"),
    ("Expected ']'", "tên mục thiếu dấu ] đóng"),
    ("Invalid date or datetime", "ngày giờ không hợp lệ"),
)


def _toml_error(message: str) -> str:
    """tomllib's English message as where and what, in Vietnamese: 'ở dòng 12, cột 8: ...'."""
    found = re.fullmatch(r"(.*) \(at line (\d+), column (\d+)\)", message)
    what, where = message, ""
    if found:
        what, where = found.group(1), f"ở dòng {found.group(2)}, cột {found.group(3)}"
    elif message.endswith(" (at end of document)"):
        what, where = message.removesuffix(" (at end of document)"), "ở cuối tệp"
        if what == "Invalid value":  # the file ends where a value, or the rest of a list, was due
            return f"{where}: tệp hết khi còn thiếu giá trị sau dấu =, hoặc thiếu dấu ] đóng danh sách"
    said = next((vi for en, vi in _TOML_PROBLEMS if what.startswith(en)), what)
    return f"{where}: {said}" if where else f"({said})"


def parse(raw: dict[str, Any], path: Path) -> Config:
    """Check every key and value, and refuse keys nothing reads (a misspelt key would be ignored)."""
    seen = _Seen.wrap(raw, "")
    config = _parse(seen, path)
    _refuse_unknown(seen)
    return config


def _parse(raw: dict[str, Any], path: Path) -> Config:
    base = path.parent
    district = _table(raw, "district", required=True)
    storage = _table(raw, "storage", required=False)
    reports = [_report(r, i) for i, r in enumerate(_array(raw, "reports", "reports"), start=1)]
    if not reports:
        raise ConfigError(
            "tệp cấu hình chưa có báo cáo nào: thêm ít nhất một mục [[reports]] (mã, tên, từ khóa, hạn nộp)"
        )
    units = [_unit(u, i) for i, u in enumerate(_array(raw, "units", "units"), start=1)]
    _unique([u.id for u in units], "units")
    unit_ids = tuple(u.id for u in units)
    schools = [_school(s, i, unit_ids) for i, s in enumerate(_array(raw, "schools", "schools"), start=1)]
    if not schools:  # read as is, every school would be gone and each report credited would wait for staff
        raise ConfigError(
            f"danh sách trường trong tệp cấu hình {path} đang trống (không có mục [[schools]] nào), nên không trường "
            "nào phải nộp báo cáo. Thêm mỗi trường một mục [[schools]] ghi mã (id), tên (name) và địa chỉ thư "
            "(emails) như tệp config.toml mẫu, hoặc chép lại tệp cấu hình cũ, rồi chạy lại lệnh"
        )
    _unique([r.id for r in reports], "reports")
    _unique([s.id for s in schools], "schools")
    _successors(schools)
    schools = _told_apart(schools, units)
    seen: dict[str, str] = {}
    for school in schools:
        for email in school.emails:
            if email in seen:
                raise ConfigError(
                    f'địa chỉ "{email}" được ghi cho cả hai trường "{seen[email]}" và "{school.id}"'
                    if seen[email] != school.id
                    else f'địa chỉ "{email}" được ghi hai lần cho trường "{school.id}"'
                )
            seen[email] = school.id
    database = _str(storage, "database", "storage", default="sqlite:///var/baocao.db")
    mailboxes = _mailboxes(raw, unit_ids)
    smtp = _smtp(raw["smtp"]) if "smtp" in raw else None
    oauth = _oauth(raw["oauth2"], base) if "oauth2" in raw else None
    for account in (*mailboxes, *((smtp,) if smtp else ())):
        if account.auth == "oauth2" and oauth is None:
            where = account.where if isinstance(account, ImapConfig) else "smtp"
            raise ConfigError(
                f'[{where}].auth = "oauth2" cần mục [oauth2] (provider, client_id) để lấy mã truy cập; '
                "xem README, phần OAuth2"
            )
    staff = tuple(e.strip().lower() for e in _strs(district, "staff_emails", "district", default=[]))
    internal = tuple(e.strip().lower() for e in _strs(district, "internal_emails", "district", default=[]))
    for key, emails in (("staff_emails", staff), ("internal_emails", internal)):
        _emails(emails, f"[district].{key}")
        for email in emails:
            if email in seen:  # the office's own mail is never a school's: one of the two is wrong
                raise ConfigError(
                    f'địa chỉ "{email}" vừa là địa chỉ của Phòng ([district].{key}) vừa là của trường '
                    f'"{seen[email]}": bỏ ở một trong hai chỗ'
                )
    return Config(
        path=path,
        district=DistrictConfig(
            name=_str(district, "name", "district"),
            short_name=_str(district, "short_name", "district", default=_str(district, "name", "district")),
            timezone=_zone(_str(district, "timezone", "district", default="Asia/Ho_Chi_Minh")),
            staff_emails=staff,
            internal_emails=internal,
            provinces=tuple(
                unicodedata.normalize("NFC", " ".join(p.split()))
                for p in _strs(district, "provinces", "district", default=[])
            ),
        ),
        imap=mailboxes[0] if mailboxes else None,
        smtp=smtp,
        storage=StorageConfig(
            database=_database_url(database, base),
            archive=base / _str(storage, "archive", "storage", default="var/archive"),
            lease_seconds=_int(storage, "lease_seconds", "storage", default=60, minimum=1),
            workers=_int(storage, "workers", "storage", default=0, minimum=0),
        ),
        reports=tuple(reports),
        schools=tuple(schools),
        scheduler=_scheduler(_table(raw, "scheduler", required=False), base),
        mailboxes=mailboxes,
        oauth=oauth,
        trust=_trust(_table(raw, "trust", required=False), base),
        origin=_origin(_table(raw, "origin", required=False)),
        web=_web(_table(raw, "web", required=False), base),
        units=tuple(units),
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
    """Check the kind of database; make a relative SQLite path relative to the config file."""
    if not url.startswith(DATABASE_KINDS):
        kind = url.split("://", 1)[0] + "://" if "://" in url else url
        hint = " (PostgreSQL: postgresql+psycopg://...)" if kind.startswith("postgres") else ""
        raise ConfigError(
            f"[storage].database phải bắt đầu bằng {' hoặc '.join(DATABASE_KINDS)}{hint}, "
            f'nhưng đang là "{kind}"'
        )
    prefix = "sqlite:///"
    if url.startswith(prefix) and not url.startswith(prefix + "/") and url != prefix + ":memory:":
        return prefix + str(base / url[len(prefix) :])
    return url


def _mailboxes(raw: dict[str, Any], units: tuple[str, ...]) -> tuple[ImapConfig, ...]:
    """[imap] (one mailbox per folder of `folders`, or its `folder`) then each [[mailboxes]] table."""
    found: list[ImapConfig] = []
    if "imap" in raw:
        found += _imap(raw["imap"], "imap", units)
    for i, table in enumerate(_array(raw, "mailboxes", "mailboxes"), start=1):
        found += _imap(table, f"mailboxes[{i}]", units)
    names: set[str] = set()
    for mailbox in found:
        if mailbox.name in names:
            raise ConfigError(f"[{mailbox.where}] hộp thư {mailbox.name} được ghi hai lần")
        names.add(mailbox.name)
    return tuple(found)


def _imap(table: Any, where: str, units: tuple[str, ...]) -> list[ImapConfig]:
    if not isinstance(table, dict):
        raise ConfigError(f"[{where}] phải là một bảng (table)")
    unit = _mailbox_unit(table, where, units)
    security = _choice(table, "security", where, SECURITY_MODES, default="ssl")
    auth = _choice(table, "auth", where, AUTH_MODES, default="password")
    password, env = _password(table, where) if auth == "password" else (None, None)
    if "folders" in table:
        folders = _strs(table, "folders", where)
        if not folders or "folder" in table:
            raise ConfigError(
                f'[{where}] ghi các thư mục bằng folders = [...] hoặc folder = "...", không cả hai'
            )
    else:
        folders = [_str(table, "folder", where, default="INBOX")]
    address = _str(table, "address", where, default="") or None
    if address is not None:
        _emails((address,), f"[{where}].address")
    return [
        ImapConfig(
            host=_str(table, "host", where),
            port=_port(table, where, default=993 if security == "ssl" else 143),
            security=security,
            username=_str(table, "username", where),
            password=password,
            password_env=env,
            folder=unicodedata.normalize("NFC", folder),  # one name for the store, however it was typed
            poll_seconds=_int(table, "poll_seconds", where, default=60, minimum=1),
            idle_seconds=_int(table, "idle_seconds", where, default=600, minimum=1),
            auth=auth,
            max_message_mb=_int(table, "max_message_mb", where, default=DEFAULT_MAX_MESSAGE_MB, minimum=1),
            where=where,
            unit=unit,
            address=address,
        )
        for folder in folders
    ]


def _mailbox_unit(table: dict[str, Any], where: str, units: tuple[str, ...]) -> str | None:
    """The [[units]] id a mailbox belongs to, if it says; a wrong id is refused with the closest one."""
    if "unit" not in table:
        return None
    unit = _str(table, "unit", where)
    if not units:
        raise ConfigError(
            f'[{where}].unit là "{unit}" nhưng tệp cấu hình chưa khai báo [[units]]: '
            "thêm mục [[units]] (id, name, staff_emails) hoặc bỏ khóa unit"
        )
    if unit not in units:
        close = difflib.get_close_matches(unit, units, n=1, cutoff=0.6)
        hint = f'; có phải ý bạn là "{close[0]}"?' if close else f"; các đơn vị hiện có: {', '.join(units)}"
        raise ConfigError(f'[{where}].unit là "{unit}", không có trong [[units]]{hint}')
    return unit


def _smtp(table: Any) -> SmtpConfig:
    if not isinstance(table, dict):
        raise ConfigError("[smtp] phải là một bảng (table)")
    security = _choice(table, "security", "smtp", SECURITY_MODES, default="starttls")
    auth = _choice(table, "auth", "smtp", AUTH_MODES, default="password")
    password, env = _password(table, "smtp") if auth == "password" else (None, None)
    username = _str(table, "username", "smtp", default="") or None
    if auth == "oauth2" and username is None:
        raise ConfigError('[smtp].auth = "oauth2" cần [smtp].username: địa chỉ thư của tài khoản gửi')
    sender = _str(table, "from", "smtp")
    reply_to = _str(table, "reply_to", "smtp", default="") or None
    _emails((sender, *((reply_to,) if reply_to else ())), "[smtp].from/reply_to")
    return SmtpConfig(
        host=_str(table, "host", "smtp"),
        port=_port(table, "smtp", default={"ssl": 465, "starttls": 587, "none": 25}[security]),
        security=security,
        username=username,
        password=password,
        password_env=env,
        sender=sender,
        auth=auth,
        reply_to=reply_to,
    )


def _oauth(table: Any, base: Path) -> OAuthConfig:
    where = "oauth2"
    if not isinstance(table, dict):
        raise ConfigError("[oauth2] phải là một bảng (table)")
    provider = _choice(table, "provider", where, (*PROVIDERS, "custom"), default="google")
    known = PROVIDERS.get(provider)
    tenant = _str(table, "tenant", where, default="organizations")

    def endpoint(key: str, default: str | None) -> str:
        value = _str(table, key, where, default=default.format(tenant=tenant) if default else "")
        if not value.startswith(("https://", "http://")):
            raise ConfigError(
                f"[oauth2].{key} phải là địa chỉ https://... của máy chủ cấp mã"
                + (' (provider = "custom" cần ghi rõ)' if provider == "custom" else "")
            )
        return value

    device = _str(table, "device_authorization_endpoint", where, default="") or (
        known.device_endpoint.format(tenant=tenant) if known and known.device_endpoint else None
    )
    scopes = _strs(table, "scopes", where, default=list(known.scopes) if known else _MISSING)
    secret = None
    env = _str(table, "client_secret_env", where, default="") or None
    if "client_secret" in table:
        secret = _str(table, "client_secret", where)
    elif env:
        secret = os.environ.get(env)
    return OAuthConfig(
        provider=provider,
        client_id=_str(table, "client_id", where),
        client_secret=secret,
        client_secret_env=env,
        authorization_endpoint=endpoint(
            "authorization_endpoint", known.authorization_endpoint if known else None
        ),
        token_endpoint=endpoint("token_endpoint", known.token_endpoint if known else None),
        device_endpoint=device,
        scopes=tuple(scopes),
        token_file=base / _str(table, "token_file", where, default="var/oauth-tokens.json"),
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
        digest_daily_days=_int(table, "digest_daily_days", where, default=d.digest_daily_days, minimum=0),
        digest_format=_choice(table, "digest_format", where, ("xlsx", "csv"), default=d.digest_format),
        overdue_weekly=_bool(table, "overdue_weekly", where, default=d.overdue_weekly),
        working_days_only=_bool(table, "working_days_only", where, default=d.working_days_only),
        staff_copy_after=_int(table, "staff_copy_after", where, default=d.staff_copy_after, minimum=0),
        season_open_days=_int(table, "season_open_days", where, default=d.season_open_days, minimum=0),
        season_close_days=_int(table, "season_close_days", where, default=d.season_close_days, minimum=0),
        max_per_recipient_per_day=_int(
            table, "max_per_recipient_per_day", where, default=d.max_per_recipient_per_day, minimum=1
        ),
        ack_window_days=_int(table, "ack_window_days", where, default=d.ack_window_days, minimum=0),
        tick_minutes=_int(table, "tick_minutes", where, default=d.tick_minutes, minimum=1),
        retry_hours=_int(table, "retry_hours", where, default=d.retry_hours, minimum=0),
        max_mailbox_age_minutes=_int(
            table, "max_mailbox_age_minutes", where, default=d.max_mailbox_age_minutes, minimum=1
        ),
        mailbox_alert_minutes=_int(
            table, "mailbox_alert_minutes", where, default=d.mailbox_alert_minutes, minimum=0
        ),
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
        from parsers.certificates import certificates  # only for a listed file: most offices list none

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
        return dt.time(hour, minute)  # refuses 24:00 and 07:75 too
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


def _no_password(where: str, env: str | None) -> ConfigError:
    """A password that is needed and not given: it belongs in the environment (README), not the file,
    which is copied and read by more people than the password."""
    if env is None:
        return ConfigError(
            f'[{where}] chưa có mật khẩu: ghi password_env = "TÊN_BIẾN" vào [{where}] và đặt biến môi trường ấy'
        )
    return ConfigError(
        f"[{where}] chưa có mật khẩu: đặt biến môi trường {env} (chạy bằng systemd: thêm dòng "
        f"{env}=… vào /etc/baocao/secrets.env rồi khởi động lại baocao)"
    )


def _password(table: dict[str, Any], where: str) -> tuple[str | None, str | None]:
    if "password" in table:
        return _str(table, "password", where), None
    env = _str(table, "password_env", where, default="") or None
    return (os.environ.get(env) if env else None), env


def _report(table: Any, index: int) -> ReportConfig:
    where = f"reports[{index}]"
    if not isinstance(table, dict):
        raise ConfigError(f"[{where}] phải là một bảng (table)")
    month, day = _month_day(_str(table, "deadline", where), f"[{where}].deadline")
    days = table.get("reminder_days", [14, 7, 3, 1])
    if not isinstance(days, list) or not all(isinstance(d, int) and d > 0 for d in days):
        raise ConfigError(f"[{where}].reminder_days phải là danh sách số dương, nhưng đang là {days!r}")
    sections = [
        SectionSpec(
            id=_str(s, "id", f"{where}.sections[{i}]"),
            title=_str(s, "title", f"{where}.sections[{i}]"),
            keywords=_keywords(s, f"{where}.sections[{i}]", default=[]),
        )
        for i, s in enumerate(_array(table, "sections", f"{where}.sections"), start=1)
    ]
    figure_tables = _array(table, "figures", f"{where}.figures")
    figures = [
        FigureSpec(
            id=_str(f, "id", f"{where}.figures[{i}]"),
            title=_str(f, "title", f"{where}.figures[{i}]"),
            keywords=_keywords(f, f"{where}.figures[{i}]"),
        )
        for i, f in enumerate(figure_tables, start=1)
    ]
    headcount = [
        spec.id
        for i, (spec, f) in enumerate(zip(figures, figure_tables, strict=True), start=1)
        if _bool(f, "headcount", f"{where}.figures[{i}]", default=False)
    ]
    _unique([s.id for s in sections], f"{where}.sections")
    keywords = _keywords(table, where)
    if not keywords:  # nothing would ever be recognised as this report
        raise ConfigError(
            f'[{where}].keywords để trống: ghi các từ nhận ra báo cáo, ví dụ ["121/2020/QH14", "NQ121"]'
        )
    levels = tuple(level.strip().upper() for level in _strs(table, "levels", where, default=[]))
    unknown = [level for level in levels if level not in LEVEL_LABELS]
    if unknown:
        raise ConfigError(
            f'[{where}].levels có cấp học không biết "{unknown[0]}"; các cấp học: {", ".join(LEVEL_LABELS)}'
        )
    return ReportConfig(
        id=_str(table, "id", where),
        title=_str(table, "title", where),
        keywords=keywords,
        deadline_month=month,
        deadline_day=day,
        reminder_days=tuple(sorted(set(days), reverse=True)),
        sections=tuple(sections),
        figures=tuple(figures),
        headcount_figures=tuple(headcount),
        levels=levels,
        due_next_year=_bool(table, "due_next_year", where, default=False),
        deadlines=_deadlines(table.get("deadlines", {}), where),
    )


def _deadlines(value: Any, where: str) -> tuple[tuple[int, int, int], ...]:
    """[[reports]].deadlines, { 2025 = "10-25" }: the deadline of each season listed, (year, month, day)."""
    from kernel.seasons import year_problem  # kernel.seasons reads this module's classes

    key = f"[{where}].deadlines"
    if not isinstance(value, dict):
        raise ConfigError(
            f'{key} phải là một bảng năm = "MM-DD", ví dụ deadlines = {{ 2025 = "10-25" }}, nhưng đang là '
            f"{value!r}"
        )
    found = []
    for year_s in list(value):
        # Read by its key, so that the table (_Seen) knows each key was asked for.
        day_s = value[year_s]
        if not year_s.strip().isdigit():
            raise ConfigError(
                f'{key} có khóa "{year_s}" không phải là năm: ghi năm đủ bốn chữ số, ví dụ '
                'deadlines = { 2025 = "10-25" }'
            )
        year = int(year_s)
        problem = year_problem(year, f"{key} có năm")
        if problem:
            raise ConfigError(problem)
        if not isinstance(day_s, str):
            raise ConfigError(f'{key}.{year} phải là chuỗi "MM-DD" (ví dụ "10-25"), nhưng đang là {day_s!r}')
        found.append((year, *_month_day(day_s, f"{key}.{year}")))
    return tuple(sorted(found))


def _month_day(value: str, key: str) -> tuple[int, int]:
    """ "10-25" -> (10, 25), refusing days no year has ("06-31") and 29 February, which most lack."""
    try:
        month_s, day_s = value.split("-")
        month, day = int(month_s), int(day_s)
    except ValueError as e:
        raise ConfigError(f'{key} phải có dạng "MM-DD" (ví dụ "10-25"), nhưng đang là "{value}"') from e
    if (month, day) == (2, 29):
        raise ConfigError(f'{key} là "{value}" (29/2) chỉ có trong năm nhuận: chọn "02-28" hoặc "03-01"')
    try:
        dt.date(2001, month, day)
    except ValueError as e:
        raise ConfigError(
            f'{key} là "{value}", không có ngày {day} tháng {month}: ghi dạng "MM-DD" (tháng trước, '
            'ngày sau), ví dụ "10-25"'
        ) from e
    return month, day


def _unit(table: Any, index: int) -> UnitConfig:
    where = f"units[{index}]"
    if not isinstance(table, dict):
        raise ConfigError(f"[{where}] phải là một bảng (table)")
    staff = tuple(e.strip().lower() for e in _strs(table, "staff_emails", where, default=[]))
    _emails(staff, f"[{where}].staff_emails")
    return UnitConfig(id=_str(table, "id", where), name=_str(table, "name", where), staff_emails=staff)


def _school(table: Any, index: int, units: tuple[str, ...]) -> SchoolConfig:
    """A [[schools]] entry; a mistake in it is said with the school's code and name when it has them,
    which the clerk finds in the file, not by counting entries."""
    try:
        return _read_school(table, index, units)
    except ConfigError as e:
        if not isinstance(table, dict) or not isinstance(table.get("id"), str) or not table["id"].strip():
            raise
        raise ConfigError(f"{_school_label(table['id'], table.get('name'), index)}: {e}") from e


def _school_label(school_id: str, name: object, index: int) -> str:
    """«trường th-phu-duc (Trường Tiểu học Phú Đức, mục [[schools]] thứ 12)»."""
    named = f"{name}, " if isinstance(name, str) and name.strip() else ""
    return f"trường {school_id} ({named}mục [[schools]] thứ {index})"


def _read_school(table: Any, index: int, units: tuple[str, ...]) -> SchoolConfig:
    where = f"schools[{index}]"
    if not isinstance(table, dict):
        raise ConfigError(f"[{where}] phải là một bảng (table)")
    name = _str(table, "name", where)
    school_id = _str(table, "id", where)
    aliases = tuple(_strs(table, "aliases", where, default=[]))
    for key, value in (("id", school_id), ("name", name), *(("aliases", a) for a in aliases)):
        if not value.strip():  # an empty name is found in every text
            raise ConfigError(
                f'[{where}].{key} để trống: ghi mã và tên đầy đủ, ví dụ "Trường Tiểu học Mỹ An"'
            )
    _command_word(school_id, where)
    emails = tuple(e.strip().lower() for e in _strs(table, "emails", where, default=[]))
    _emails(emails, f"[{where}].emails")
    configured = _str(table, "commune", where, default="")
    return SchoolConfig(
        id=school_id,
        name=name,
        emails=emails,
        aliases=aliases,
        pupils=_count(table, "pupils", where),
        staff=_count(table, "staff", where),
        level=_level(table, where) or level_of(name),
        commune=configured or commune_of(name),
        commune_read=not configured and not unqualified(name)[1],  # a place in brackets is the office's
        memberships=_memberships(table, where, units),
        merged_into=_str(table, "merged_into", where, default=""),
    )


# What a school's code may hold: staff type it after commands (`baocao assign … th-my-an`) and the page puts it
# in addresses, so one word: letters, digits, «-», «_» and «.».
_SCHOOL_ID = re.compile(r"[\w.-]+")


def _command_word(school_id: str, where: str) -> None:
    """Refuse a school code that cannot be typed as one word after a command: with a space, «mn sen hong» is
    three words, and every command naming the school answered with its usage line only."""
    if _SCHOOL_ID.fullmatch(school_id):
        return
    example = "-".join(re.findall(r"[\w.]+", school_id)) or "th-my-an"
    raise ConfigError(
        f'[{where}].id "{school_id}" có dấu cách hoặc ký tự không gõ được trong lệnh: mã trường chỉ gồm chữ, '
        f'chữ số, dấu gạch ngang (-), gạch dưới (_) và dấu chấm, ví dụ "{example}"'
    )


def _level(table: dict[str, Any], where: str) -> str:
    """A school's level as configured: its code («MN», «TH&THCS»), or its name as staff write it
    («Mầm non», «Tiểu học»); "" when not given. A level not known would leave the school out of every
    report that names its levels, unsaid."""
    written = _str(table, "level", where, default="").strip()
    if not written:
        return ""
    named = {fold(label): code for code, label in LEVEL_LABELS.items()}
    code = written.upper() if written.upper() in LEVEL_LABELS else named.get(fold(written))
    if code is None:
        known = ", ".join(f"{code} ({label})" for code, label in LEVEL_LABELS.items())
        raise ConfigError(
            f'[{where}].level có cấp học không biết "{written}"; ghi một trong các cấp học: {known}'
        )
    return code


def _told_apart(schools: Sequence[SchoolConfig], units: Sequence[UnitConfig]) -> list[SchoolConfig]:
    """Schools of one name, tones and all (a province's namesakes: "Trường Tiểu học Kim Đồng" of several
    communes) named with what tells them apart, "Trường Tiểu học Kim Đồng (xã Mỹ An)": every list, reason
    and mail staff read then shows which one, and matching reads the place in brackets as the school's
    commune. A name with its place in brackets already is kept. Their commune, unless configured, is that
    of the unit collecting them last; two left alike get their id."""
    unit_names = {u.id: u.name for u in units}
    alike = collections.Counter(name_key(unqualified(s.name)[0]) for s in schools)
    labels: dict[str, tuple[str, str]] = {}  # school id -> (label, the commune of its unit, if one)
    for school in schools:
        if alike[name_key(school.name)] > 1 and not unqualified(school.name)[1]:
            latest = max(school.memberships, key=lambda m: m.start or dt.date.min)
            unit_name = unit_names.get(latest.unit or "", "")
            label = namesake_label(school.name, school.commune, unit_name)
            labels[school.id] = (label, commune_office_place(unit_name) or "")
    still = collections.Counter(
        name_key(f"{s.name} ({labels[s.id][0]})" if s.id in labels else s.name) for s in schools
    )
    named = []
    for school in schools:
        if school.id not in labels:
            named.append(school)
            continue
        label, place = labels[school.id]
        if not label or still[name_key(f"{school.name} ({label})")] > 1:
            label = f"{label}, {school.id}" if label else school.id
        configured = fold(school.commune) not in fold(school.name)  # not read from the name
        commune = school.commune if configured or not place else place
        read = school.commune_read and commune == school.commune
        named.append(
            dataclasses.replace(school, name=f"{school.name} ({label})", commune=commune, commune_read=read)
        )
    return named


def _successors(schools: Sequence[SchoolConfig]) -> None:
    """merged_into names another school of the file, and only a school that closed (has an until)."""
    ids = [s.id for s in schools]
    for index, school in enumerate(schools, start=1):
        if not school.merged_into:
            continue
        where = f"{_school_label(school.id, school.name, index)}: [schools[{index}]].merged_into"
        if school.merged_into not in ids or school.merged_into == school.id:
            close = difflib.get_close_matches(school.merged_into, [i for i in ids if i != school.id], n=1)
            hint = f'; có phải ý bạn là "{close[0]}"?' if close else ""
            raise ConfigError(
                f'{where} là "{school.merged_into}", không phải mã của một trường khác trong tệp{hint}'
            )
        if all(m.until is None for m in school.memberships):
            raise ConfigError(
                f"{where} ghi trường đã sáp nhập nhưng trường chưa có until (ngày cuối cùng trong danh "
                'sách): thêm until, ví dụ until = "2025-06-30"'
            )


def _memberships(table: dict[str, Any], where: str, units: tuple[str, ...]) -> tuple[Membership, ...]:
    """A school's spans on the roster: its own unit/from/until, or a [[schools.memberships]] list
    for a school that moved from one unit to another."""
    if "memberships" in table:
        for key in ("unit", "from", "until"):
            if key in table:
                raise ConfigError(
                    f'[{where}] có cả "{key}" và [[{where}.memberships]]: ghi đơn vị và thời gian '
                    "trong từng mục memberships, bỏ khóa ở ngoài"
                )
        items = _array(table, "memberships", f"{where}.memberships")
        if not items:
            raise ConfigError(f"[[{where}.memberships]] không được để trống")
        spans = []
        for i, item in enumerate(items, start=1):
            if not isinstance(item, dict):
                raise ConfigError(f"[{where}.memberships[{i}]] phải là một bảng (table)")
            spans.append(_membership(item, f"{where}.memberships[{i}]", units))
    else:
        spans = [_membership(table, where, units)]
    ordered = sorted(spans, key=lambda m: m.start or dt.date.min)
    for before, after in zip(ordered, ordered[1:], strict=False):
        if before.until is None or after.start is None or after.start <= before.until:
            raise ConfigError(
                f"[{where}] có hai khoảng thời gian chồng lên nhau (một trường chỉ thuộc một đơn vị "
                "mỗi ngày): khoảng trước phải có until sớm hơn from của khoảng sau"
            )
    return tuple(ordered)


def _membership(table: dict[str, Any], where: str, units: tuple[str, ...]) -> Membership:
    start = _date(table, "from", where)
    until = _date(table, "until", where)
    if start is not None and until is not None and until < start:
        raise ConfigError(
            f"[{where}].until ({until.isoformat()}) sớm hơn [{where}].from ({start.isoformat()}): "
            "until là ngày cuối cùng còn thuộc danh sách, from là ngày đầu tiên"
        )
    unit: str | None = None
    if units:
        unit = _str(table, "unit", where)
        if unit not in units:
            raise ConfigError(
                f'[{where}].unit là "{unit}", không có trong [[units]]; các đơn vị hiện có: {", ".join(units)}'
            )
    elif "unit" in table:
        raise ConfigError(
            f'[{where}].unit là "{_str(table, "unit", where)}" nhưng tệp cấu hình chưa khai báo [[units]]: '
            "thêm mục [[units]] (id, name, staff_emails) hoặc bỏ khóa unit"
        )
    return Membership(unit, start, until)


def _date(table: dict[str, Any], key: str, where: str) -> dt.date | None:
    """An ISO date ("2025-07-01"); TOML's own date literal (from = 2025-07-01) is accepted too."""
    if key not in table:
        return None
    value = table[key]
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and len(value) == 10:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise ConfigError(
        f'[{where}].{key} phải là ngày dạng "YYYY-MM-DD" (ví dụ "2025-07-01"), nhưng đang là {value!r}'
    )


def _count(table: dict[str, Any], key: str, where: str) -> int | None:
    if key not in table:
        return None
    value = _int(table, key, where)
    if value < 0:
        raise ConfigError(f"[{where}].{key} phải là số không âm, nhưng đang là {value}")
    return value


_LOCAL_PART = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*")
_DOMAIN = re.compile(r"(?:[A-Za-z0-9_](?:[A-Za-z0-9_-]*[A-Za-z0-9_])?\.)+[A-Za-z]{2,}|xn--[A-Za-z0-9-]+")


def _emails(emails: tuple[str, ...], key: str) -> None:
    """Refuse what no mail server would deliver to: a comma for a dot, a second @, a trailing dot."""
    for email in emails:
        local, at, domain = email.rpartition("@")
        if not (at and _LOCAL_PART.fullmatch(local) and _DOMAIN.fullmatch(domain)):
            raise ConfigError(f'{key} có "{email}", không phải một địa chỉ thư (dạng ten@truong.edu.vn)')


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


def _missing(table: dict[str, Any], key: str, where: str) -> ConfigError:
    """A required key not in the table; a key of the table nothing reads that is close to it (a misspelling
    such as dealine) is named, since the table then has both troubles and this one is said first."""
    asked = table.asked if isinstance(table, _Seen) else set()
    unread = sorted(k for k in dict.keys(table) if k not in asked)
    close = difflib.get_close_matches(key, unread, n=1, cutoff=0.6)
    hint = f'; có khóa "{close[0]}": có phải ý bạn là "{key}"?' if close else ""
    return ConfigError(f"thiếu khóa [{where}].{key}{hint}")


def _str(table: dict[str, Any], key: str, where: str, default: Any = _MISSING) -> str:
    value = table.get(key, default)
    if value is _MISSING:
        raise _missing(table, key, where)
    if not isinstance(value, str):
        raise ConfigError(f"[{where}].{key} phải là chuỗi chữ, nhưng đang là {value!r}")
    return value


def _strs(table: dict[str, Any], key: str, where: str, default: Any = _MISSING) -> list[str]:
    value = table.get(key, default)
    if value is _MISSING:
        raise _missing(table, key, where)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"[{where}].{key} phải là danh sách chuỗi chữ, nhưng đang là {value!r}")
    return value


def _keywords(table: dict[str, Any], where: str, default: Any = _MISSING) -> tuple[str, ...]:
    """A keyword list; an empty keyword is found in every text, so it is refused."""
    words = tuple(_strs(table, "keywords", where, default=default))
    if any(not w.strip() for w in words):
        raise ConfigError(f'[{where}].keywords có một từ khóa để trống ("")')
    return words


def _int(
    table: dict[str, Any], key: str, where: str, default: Any = _MISSING, *, minimum: int | None = None
) -> int:
    value = table.get(key, default)
    if value is _MISSING:
        raise _missing(table, key, where)
    if isinstance(value, bool) or not isinstance(value, int):
        raise ConfigError(f'[{where}].{key} phải là một số, nhưng đang là "{value}"')
    if minimum is not None and value < minimum:
        raise ConfigError(f"[{where}].{key} phải từ {minimum} trở lên, nhưng đang là {value}")
    return value


def _port(table: dict[str, Any], where: str, default: int) -> int:
    port = _int(table, "port", where, default=default)
    if not 1 <= port <= 65535:
        raise ConfigError(f"[{where}].port phải là số cổng từ 1 đến 65535, nhưng đang là {port}")
    return port


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
    """The district's time zone, which must keep Vietnam's UTC+07:00: "Etc/GMT+7", which a clerk told to
    write an IANA name for «GMT+7» picks, is UTC−07:00 by the IANA's sign convention, and every receipt
    would be fourteen hours off, a report late by half a day counted on time."""
    try:
        zone = ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as e:
        raise ConfigError(
            f'[district].timezone phải là tên múi giờ IANA, ví dụ "Asia/Ho_Chi_Minh", nhưng đang là "{name}"'
        ) from e
    offset = dt.datetime(2025, 10, 25, 12, tzinfo=zone).strftime("%z")  # "+0700"
    if offset != "+0700":
        shown = f"UTC{offset[0].replace('-', '−')}{offset[1:3]}:{offset[3:]}"
        sign = f' (tên "{name}" theo quy ước IANA là {shown})' if name.startswith("Etc/GMT") else ""
        raise ConfigError(
            f'[district].timezone "{name}" là giờ {shown}, không phải giờ Việt Nam (UTC+07:00): hạn nộp và giờ '
            f'nhận thư sẽ bị tính lệch. Ghi timezone = "Asia/Ho_Chi_Minh"{sign}.'
        )
    return zone


class _Seen(dict[str, Any]):
    """A TOML table that remembers which keys the parser asked for, so that a key nothing reads
    (a misspelling such as reminder_tme) is refused instead of silently ignored."""

    def __init__(self, data: dict[str, Any], where: str) -> None:
        super().__init__(data)
        self.where = where
        self.asked: set[str] = set()

    @classmethod
    def wrap(cls, value: Any, where: str) -> Any:
        if isinstance(value, dict):
            return cls({k: cls.wrap(v, f"{where}.{k}" if where else k) for k, v in value.items()}, where)
        if isinstance(value, list):
            return [cls.wrap(v, f"{where}[{i}]") for i, v in enumerate(value, start=1)]
        return value

    def get(self, key: str, default: Any = None) -> Any:
        self.asked.add(key)
        return super().get(key, default)

    def __getitem__(self, key: str) -> Any:
        self.asked.add(key)
        return super().__getitem__(key)

    def __contains__(self, key: object) -> bool:
        if isinstance(key, str):
            self.asked.add(key)
        return super().__contains__(key)


def _refuse_unknown(value: Any) -> None:
    """Name the first key the parser never asked for, with the key it probably meant."""
    if isinstance(value, list):
        for item in value:
            _refuse_unknown(item)
        return
    if not isinstance(value, _Seen):
        return
    for key in dict.keys(value):
        if key in value.asked:
            continue
        close = difflib.get_close_matches(key, sorted(value.asked), n=1, cutoff=0.6)
        if not value.where:
            hint = f"; có phải ý bạn là [{close[0]}]?" if close else ""
            raise ConfigError(f"tệp cấu hình có mục không dùng đến [{key}]{hint}")
        hint = (
            f'; có phải ý bạn là "{close[0]}"?'
            if close
            else f"; các khóa dùng được: {', '.join(sorted(value.asked))}"
        )
        raise ConfigError(f'[{value.where}] có khóa không dùng đến "{key}"{hint}')
    for key in dict.keys(value):
        _refuse_unknown(dict.__getitem__(value, key))


def _unique(ids: list[str], where: str) -> None:
    seen: set[str] = set()
    for i in ids:
        if i in seen:
            raise ConfigError(f'[[{where}]] mã "{i}" bị dùng hai lần')
        seen.add(i)
