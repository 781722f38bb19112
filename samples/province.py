"""A generated province after 1/7/2025: commune units and the Department, their schools, and a season of mail.

The schools are named after places (the commune and the former communes and hamlets it took in), so
that every name is unique and a careful reader can always tell two schools apart: no two places fold
to the same letters or look like a typo of each other. The mail of each unit is a sample season
(samples.season) of that unit's schools; the truth of every message names its school.
"""

from __future__ import annotations

import datetime as dt
import email
import json
import os
import random
import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from email import policy
from pathlib import Path

from rapidfuzz import fuzz

from kernel.config import Membership, SchoolConfig, UnitConfig
from parsers.text import fold
from samples import SamplesError
from samples.season import SeasonMessage, apportion, make_season

ROOT = Path(__file__).resolve().parent.parent
PROVINCE = "Tây Ninh"
YEAR = 2025  # the first season after the district level went away
CHANGE_DAY = dt.date(2025, 7, 1)  # communes and the Department take over the schools
DEADLINE_DAY = dt.date(YEAR, 10, 25)
OFFICE = "vanthu.sogddt@tayninh.example.gov.vn"  # the one mailbox every unit's mail arrives in
SO_ID = "so-gddt"
DOMAIN = "tayninh.example.edu.vn"

# Syllables Southern place names are made of; pairs of them give the commune, former-commune and
# hamlet names that schools carry.
_FIRST = (
    "An", "Bình", "Hòa", "Long", "Mỹ", "Tân", "Thạnh", "Phước", "Vĩnh", "Đức", "Hiệp", "Lộc", "Nhơn",
    "Phú", "Thái", "Thuận", "Hưng", "Khánh", "Lương", "Hậu", "Gia", "Cẩm", "Minh", "Thanh",
    "Bàu", "Suối", "Cầu", "Rạch", "Vàm", "Lợi", "Quới", "Định", "Hội", "Tường", "Châu", "Lái",
)  # fmt: skip
_SECOND = (
    "An", "Bình", "Hòa", "Thạnh", "Lợi", "Phú", "Hưng", "Lộc", "Thuận", "Đức", "Tây", "Đông", "Trung",
    "Mỹ", "Tân", "Khánh", "Hiệp", "Lập", "Ninh", "Phong", "Điền", "Nghĩa", "Thành", "Quý", "Hội",
    "Chánh", "Cang", "Sơn", "Xuân", "Tiến", "Thắng", "Lạc", "Hải", "Đồng", "Thới", "Vinh",
)  # fmt: skip
_SIMILAR = 85  # intake.names reads a place this close (rapidfuzz ratio, folded) as a typo of the other

# The schools of one place: (level code for the address, name prefix, number). Levels that people mix
# up (Mầm non/Mẫu giáo, Tiểu học/TH&THCS) are never both in one place.
_PLACE_SCHOOLS = (
    ("c0", "Trường Mầm non", ""),
    ("c1", "Trường Tiểu học", "1"),
    ("c2", "Trường THCS", ""),
    ("c1", "Trường Tiểu học", "2"),
    ("c0", "Trường Mầm non", "2"),
)


@dataclass(frozen=True)
class ProvinceSize:
    schools: int = 1500
    units: int = 30  # the Department and units - 1 communes
    messages: int = 5000
    scan_share: float = 0.025  # share of messages that carry a scan or a photo to OCR

    def __post_init__(self) -> None:
        if self.units < 2:
            raise SamplesError(
                f"a province needs the Department and at least one commune, got {self.units} units"
            )
        if self.schools < 4 * self.units:
            raise SamplesError(
                f"{self.schools} schools are too few for {self.units} units: give at least 4 per unit"
            )
        if not 0 <= self.scan_share <= 0.2:
            raise SamplesError(f"scan_share must be between 0 and 0.2, got {self.scan_share}")


@dataclass(frozen=True)
class Province:
    units: tuple[UnitConfig, ...]
    schools: tuple[SchoolConfig, ...]  # everyone in the file, including schools closed before the season
    messages: tuple[SeasonMessage, ...]  # sorted by receipt time

    def roster(self) -> tuple[SchoolConfig, ...]:
        """The schools that must report this season: members on its deadline day."""
        return tuple(s for s in self.schools if s.membership_on(DEADLINE_DAY) is not None)

    def config_text(
        self,
        *,
        database: str = "sqlite:///var/baocao.db",
        archive: str = "var/archive",
        imap: str = "",
    ) -> str:
        """The province's config.toml; imap is a whole [imap] table, or empty for import only."""
        lines = [
            "# A generated province (samples/province.py): the Department, its communes and their schools.",
            "",
            "[district]",
            f"name = {_q('Sở Giáo dục và Đào tạo tỉnh ' + PROVINCE)}",
            f"short_name = {_q('Sở GD&ĐT ' + PROVINCE)}",
            'timezone = "Asia/Ho_Chi_Minh"',
            f"staff_emails = [{_q(OFFICE)}]",
            "",
            imap,
            "[storage]",
            f"database = {_q(database)}",
            f"archive = {_q(archive)}",
            "",
            shipped_reports(),
            "",
        ]
        for unit in self.units:
            lines += [
                "[[units]]",
                f"id = {_q(unit.id)}",
                f"name = {_q(unit.name)}",
                f"staff_emails = [{', '.join(_q(e) for e in unit.staff_emails)}]",
                "",
            ]
        for school in self.schools:
            lines += ["[[schools]]", f"id = {_q(school.id)}", f"name = {_q(school.name)}"]
            lines.append(f"emails = [{', '.join(_q(e) for e in school.emails)}]")
            if len(school.memberships) == 1:
                lines += _span(school.memberships[0])
            else:
                for membership in school.memberships:
                    lines += ["  [[schools.memberships]]", *("  " + line for line in _span(membership))]
            lines.append("")
        return "\n".join(lines)


def make_province(size: ProvinceSize = ProvinceSize(), *, seed: int = 0, scanned: bool = True) -> Province:
    """A province of the given size; the same size and seed give the same config and the same bytes."""
    units, schools = make_schools(size, seed=seed)
    roster = [s for s in schools if s.membership_on(DEADLINE_DAY) is not None]
    members = [[s for s in roster if _unit_on(s, DEADLINE_DAY) == unit.id] for unit in units]
    shares = apportion(size.messages, [len(m) for m in members])
    scans = apportion(round(size.messages * size.scan_share), shares)
    messages: list[SeasonMessage] = []
    for index, (unit, schools_of_unit, share, scan) in enumerate(
        zip(units, members, shares, scans, strict=True)
    ):
        if not schools_of_unit or not share:
            continue
        # One more than the share: a season can come out a message short (one mail for the reports of
        # two schools of one place); the surplus is dropped below.
        messages += make_season(
            schools_of_unit,
            year=YEAR,
            seed=seed * 1000 + index,
            scanned=scanned,
            office=OFFICE,
            district=unit.name.removeprefix("UBND xã ") if unit.id != SO_ID else PROVINCE,
            messages=share + 1,
            # Scans take two pages once a unit has more than two to spend, photos one: about 1.4 pages
            # per message to OCR (measured at the full size), so OCR stays near scan_share.
            scan_pages=round(scan * 1.4),
        )
    ids = [m.message_id for m in messages]
    if len(set(ids)) != len(ids):
        raise SamplesError(f"seed {seed} drew the same Message-ID twice: choose another seed")
    rng = random.Random(f"province:{seed}:surplus")
    drop = set(rng.sample(range(len(messages)), max(0, len(messages) - size.messages)))
    kept = [m for i, m in enumerate(messages) if i not in drop]
    kept.sort(key=lambda m: (m.received_at, m.message_id))
    return Province(units, schools, tuple(kept))


def make_schools(
    size: ProvinceSize, *, seed: int = 0
) -> tuple[tuple[UnitConfig, ...], tuple[SchoolConfig, ...]]:
    """The units and every school in the file: commune schools, upper-secondary schools under the
    Department, and a few that closed, moved to another commune or opened on CHANGE_DAY."""
    rng = random.Random(f"province:{seed}")
    communes = size.units - 1
    upper = max(1, size.schools // 50)  # upper-secondary schools: the Department's own
    per_commune = [
        (size.schools - upper) // communes + (i < (size.schools - upper) % communes) for i in range(communes)
    ]
    places = _places(rng, communes + sum(-(-n // len(_PLACE_SCHOOLS)) for n in per_commune) + upper)
    commune_names, places = places[:communes], places[communes:]
    units = [
        UnitConfig(
            SO_ID,
            f"Sở Giáo dục và Đào tạo tỉnh {PROVINCE}",
            (f"phongcm.sogddt@{DOMAIN.replace('.edu.', '.gov.')}",),
        )
    ]
    units += [
        UnitConfig(
            f"xa-{_slug(name)}",
            f"UBND xã {name}",
            (f"vhxh.{_slug(name).replace('-', '')}@tayninh.example.gov.vn",),
        )
        for name in commune_names
    ]
    schools: list[SchoolConfig] = []
    for unit, commune, count in zip(units[1:], commune_names, per_commune, strict=True):
        own = [commune] + [places.pop(0) for _ in range(-(-count // len(_PLACE_SCHOOLS)) - 1)]
        made = 0
        for kind in _PLACE_SCHOOLS:
            for place in own:
                if made < count:
                    schools.append(_school(rng, kind, place, commune, unit.id))
                    made += 1
    for place in [commune_names[i % communes] for i in range(min(upper, communes))] + places[
        : max(0, upper - communes)
    ]:
        schools.append(_school(rng, ("c3", "Trường THPT", ""), place, place, SO_ID))
    return tuple(units), tuple(_changes(rng, schools, [u.id for u in units[1:]]))


def needs_ocr(raw: bytes) -> bool:
    """Whether a message carries a scan or a photo: an image, or a PDF without a single font."""
    message = email.message_from_bytes(raw, policy=policy.default)
    for part in message.walk():
        if part.get_content_maintype() == "image":
            return True
        if part.get_content_type() == "application/pdf":
            data = part.get_payload(decode=True)
            if isinstance(data, bytes) and b"/Image" in data and b"/Font" not in data:
                return True
    return False


def write_maildir(
    directory: Path, messages: Iterable[SeasonMessage], *, owner: tuple[int, int] | None = None
) -> int:
    """Deliver messages into a Maildir folder (new/) as a local delivery agent does: one file each,
    its modification time the receipt time (Dovecot's INTERNALDATE). Returns how many were written.

    owner (uid, gid) hands the files to the mail server's user, e.g. Dovecot's."""
    for sub in ("cur", "new", "tmp"):
        (directory / sub).mkdir(parents=True, exist_ok=True)
    count = 0
    for count, message in enumerate(messages, start=1):
        stamp = message.received_at.timestamp()
        path = directory / "new" / f"{int(stamp)}.P{count}Q0.province"
        path.write_bytes(message.raw)
        os.utime(path, (stamp, stamp))
        if owner is not None:
            os.chown(path, *owner)
    if owner is not None:
        for sub in ("", "cur", "new", "tmp"):
            os.chown(directory / sub, *owner)
    return count


def write_eml(directory: Path, messages: Sequence[SeasonMessage]) -> None:
    """Write messages as numbered .eml files (for baocao import) and their truth as truth.json."""
    directory.mkdir(parents=True, exist_ok=True)
    for index, message in enumerate(messages, start=1):
        (directory / f"{index:05d}.eml").write_bytes(message.raw)
    write_truth(directory / "truth.json", messages)


def write_truth(path: Path, messages: Sequence[SeasonMessage]) -> None:
    rows = [
        {"message_id": m.message_id, "received_at": m.received_at.isoformat(), **asdict(m.truth)}
        for m in messages
    ]
    path.write_text(json.dumps(rows, ensure_ascii=False, indent=0), encoding="utf-8")


def shipped_reports() -> str:
    """The [[reports]] tables of the shipped config.toml, sections and figures included."""
    kept: list[str] = []
    keep = False
    for line in (ROOT / "config.toml").read_text(encoding="utf-8").splitlines():
        header = re.match(r"\s*\[\[?([\w.-]+)", line)
        if header and not line.lstrip().startswith("#") and "." not in header.group(1):
            keep = header.group(1) == "reports"
        if keep:
            kept.append(line)
    if not kept:
        raise SamplesError(f"{ROOT / 'config.toml'} has no [[reports]] to copy")
    return "\n".join(kept)


def _places(rng: random.Random, count: int) -> list[str]:
    """count place names, none folding to the letters of another or close enough to pass for a typo."""
    candidates = [f"{a} {b}" for a in _FIRST for b in _SECOND if a != b]
    rng.shuffle(candidates)
    kept: list[str] = []
    folded: list[str] = []
    for name in candidates:
        key = fold(name)
        if all(fuzz.ratio(key, other) < _SIMILAR for other in folded):
            kept.append(name)
            folded.append(key)
            if len(kept) == count:
                return kept
    raise SamplesError(
        f"only {len(kept)} distinct place names can be made, {count} are needed: fewer schools or units"
    )


def _school(
    rng: random.Random, kind: tuple[str, str, str], place: str, commune: str, unit: str
) -> SchoolConfig:
    code, prefix, number = kind
    name = f"{prefix} {place}" + (f" {number}" if number else "")
    level = {"Trường Mầm non": "mn", "Trường Tiểu học": "th", "Trường THCS": "thcs", "Trường THPT": "thpt"}[
        prefix
    ]
    slug = f"{level}-{_slug(place)}" + (f"-{number}" if number else "")
    # Most schools write from the official address; about one in ten has none and uses personal mail.
    emails = (
        ()
        if rng.random() < 0.1
        else (f"{code}{slug.split('-', 1)[1].replace('-', '')}.{_slug(commune).replace('-', '')}@{DOMAIN}",)
    )
    return SchoolConfig(id=slug, name=name, emails=emails, memberships=(Membership(unit),))


def _changes(rng: random.Random, schools: list[SchoolConfig], communes: list[str]) -> list[SchoolConfig]:
    """About 2 % of commune schools closed (merged) on CHANGE_DAY, 2 % moved to another commune then,
    and 1 % opened then."""
    before, after = CHANGE_DAY - dt.timedelta(days=1), CHANGE_DAY
    out = []
    for school in schools:
        unit = school.memberships[0].unit
        draw = rng.random()
        if unit == SO_ID or draw >= 0.05:
            out.append(school)
        elif draw < 0.02:
            out.append(_with(school, Membership(unit, until=before)))
        elif draw < 0.04:
            other = rng.choice([c for c in communes if c != unit])
            out.append(_with(school, Membership(unit, until=before), Membership(other, start=after)))
        else:
            out.append(_with(school, Membership(unit, start=after)))
    return out


def _with(school: SchoolConfig, *memberships: Membership) -> SchoolConfig:
    return SchoolConfig(id=school.id, name=school.name, emails=school.emails, memberships=memberships)


def _unit_on(school: SchoolConfig, day: dt.date) -> str | None:
    membership = school.membership_on(day)
    return membership.unit if membership else None


def _span(membership: Membership) -> list[str]:
    lines = [f"unit = {_q(membership.unit or '')}"]
    if membership.start is not None:
        lines.append(f'from = "{membership.start.isoformat()}"')
    if membership.until is not None:
        lines.append(f'until = "{membership.until.isoformat()}"')
    return lines


def _slug(name: str) -> str:
    return "-".join(fold(name).split())


def _q(text: str) -> str:
    """A TOML basic string (JSON's escaping is TOML's for these texts)."""
    return json.dumps(text, ensure_ascii=False)
