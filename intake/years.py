"""The season a report is for: the year its title states, the day its date line gives, the year in the
subject or a file's name, read against the moment the office received it (intake.classify asks)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from intake.message import THREAD_SUBJECT, Mail
from kernel.config import Config, ReportConfig
from kernel.seasons import local, running_season, season_of, year_problem
from parsers.document import Document
from parsers.read import BODY_NAME
from parsers.text import fold

# A year standing alone: not the year inside a document number such as "121/2020/QH14".
LONE_YEAR = re.compile(r"(?<![\d/])(20\d\d)(?![\d/])")
TITLE_YEAR = re.compile(r"\bnam (20\d\d)\b")  # "năm 2025" in a folded title; "năm học 2025-2026" is not
_TITLE_SCHOOL_YEAR = re.compile(r"\bnam hoc (20\d\d)\s*[-–/]\s*(20\d\d)\b")  # "năm học 2023-2024", folded
NOON = dt.time(12)  # a document's date, as a moment: the middle of that day
# A school year written anywhere («năm học 2020-2021», «NH 2020 - 2021», «2020/2021»), not a date's year.
_SCHOOL_YEAR = re.compile(r"(?<![\d/])(20\d\d)\s*[-–/]\s*(20\d\d)(?![\d/])")
_NUMBERED = re.compile(r"(\d+)/(20\d\d)\b")  # a document number in a report's keywords: «121/2020/QH14»


def years_written(text: str, report: ReportConfig) -> list[int]:
    """The years text writes standing alone, not the year of a document the report's keywords number,
    however it is written: «BC NQ121-2020», «NQ121_2020», «NQ 121 2020» name Resolution 121/2020, not the
    season 2020."""
    for number, year in {m.groups() for k in report.keywords for m in _NUMBERED.finditer(k)}:
        text = re.sub(rf"(?<!\d){number}\s*[-_./ ]?\s*{year}(?!\d)", " ", text)
    return [int(y) for y in LONE_YEAR.findall(text)]


def report_year(
    documents: Sequence[Document], mail: Mail, received_at: dt.datetime, report: ReportConfig, config: Config
) -> int | None:
    """The season the report is for; None when nothing on it names or dates one (the receipt decides).

    While a season runs, that one, unless the report states or is dated in an earlier season (a past
    season's report sent late, or last year's file): a later year is a slip (classify first sends to staff
    a report whose later year is meant, see season_ahead), and so is an earlier year
    in the title of a report dated in the running season, or an earlier date line under a title stating
    the running season (last year's file as the template, one part left unchanged), unless the school's
    own words, the subject or the mail's text, state the title's earlier year too (a past season's
    report written and signed late, see stated_year). Between
    seasons, the year its title, subject or file names state (one past the coming season is a slip), else
    the season whose deadline is nearest its date, not its calendar year: a report due in October and
    dated 08/01 is the past season's, late. A scan's title year and date line that disagree are not
    believed. Of several reports (this season's with last year's file sent along for comparison), the
    latest season counts."""
    found = [
        year
        for document in documents
        if (year := stated_year(document, mail, received_at, report, config)) is not None
    ]
    if found:
        return max(found)
    return season_said(_stated_in_mail(mail, received_at, report, config), report, received_at, config)


@dataclass(frozen=True)
class SeasonAhead:
    """A report that says it is for a season later than the running one (season_ahead)."""

    year: int  # the later season it states
    running: int  # the season running at its receipt
    places: tuple[str, ...]  # where it says so, in Vietnamese for staff: «tiêu đề văn bản», «tiêu đề thư»…


def season_ahead(
    documents: Sequence[Document], mail: Mail, received_at: dt.datetime, report: ReportConfig, config: Config
) -> SeasonAhead | None:
    """The season later than the running one that a report received while a season runs is for in so many
    words, None when it is the running season's (or no season runs: report_year decides alone).

    A later year («năm 2027» in December 2026) in a report's title, the subject or the mail's own text is
    a slip only where it stands alone and the rest of the paper says the running season: a date line in
    it or the running year written in its text («Trong năm 2026, …»). Said in two places (the title and
    the subject, the note «gửi sớm báo cáo năm 2027», the figures' period «Trong năm 2027»), or alone
    where nothing says the running season, it is the next season's report sent early, or this season's
    with its year written wrong throughout: staff say which. A school year («năm học 2026-2027», how a
    2026 report is written in autumn 2026) and a date («ngày 5 tháng 12 năm 2026») state no season, and a
    place writing the running year beside the later one («năm 2026 và phương hướng năm 2027») states the
    running season."""
    running = running_season(report, received_at, config)
    if running is None:
        return None
    titles = " ".join(_no_dates(fold(d.header.title or "")) for d in documents)
    subject = "" if THREAD_SUBJECT.match(fold(mail.subject)) else _no_dates(fold(mail.subject))
    note = "" if any(d.name == BODY_NAME for d in documents) else _no_dates(fold(mail.own_body))
    said = {
        "tiêu đề văn bản": _calendar_years(titles),
        "tiêu đề thư": _calendar_years(subject),
        "nội dung thư": _calendar_years(note),
    }
    if not any(y > running for years in said.values() for y in years):
        return None
    # The text beyond the title: a year written there more often than in the titles.
    texts = [_no_dates(fold(d.text)) for d in documents]
    said[_BEYOND] = {
        y for text in texts for y in _calendar_years(text) if _count(text, y) > _count(titles, y)
    }
    # A place that writes the running year too («năm 2026 và phương hướng năm 2027») says the running season.
    later = {
        place: {y for y in years if y > running} for place, years in said.items() if running not in years
    }
    ahead = max(
        (y for place, ys in later.items() if place != _BEYOND for y in ys if year_problem(y) is None),
        default=None,
    )
    if ahead is None:
        return None
    places = tuple(place for place, years in later.items() if ahead in years)
    dated_now = any(
        d.header.date is not None and season_of(report, local(d.header.date, NOON, config), config) == running
        for d in documents
    )
    if len(places) == 1 and (dated_now or any(running in years for years in said.values())):
        return None
    return SeasonAhead(ahead, running, places)


_BEYOND = "nội dung báo cáo"  # the text of a report beyond its title, as staff read where a year is written
# A date written out («ngày 5 tháng 12 năm 2026», «tháng 12 năm 2026»), folded: the day a paper is signed
# or an event, not the season it reports on.
_DATE_WRITTEN = re.compile(r"(?:\bngay\s+\d{1,2}\s+)?\bthang\s+\d{1,2}\s*(?:nam\s+|[/-])20\d\d\b")


def _no_dates(folded: str) -> str:
    """Folded text without its dates written out and its school years («năm học 2026-2027»)."""
    return _SCHOOL_YEAR.sub(" ", _DATE_WRITTEN.sub(" ", folded))


def _calendar_years(folded: str) -> set[int]:
    """The calendar years a folded text writes as such («năm 2027»), not a number that may be anything
    else (a password «2052», a count)."""
    return {int(y) for y in TITLE_YEAR.findall(folded)}


def _count(folded: str, year: int) -> int:
    """How many times a folded text writes year as a calendar year."""
    return [int(y) for y in TITLE_YEAR.findall(folded)].count(year)


def stated_year(
    document: Document, mail: Mail, received_at: dt.datetime, report: ReportConfig, config: Config
) -> int | None:
    """The season one report states or is dated in (see report_year), None when it says nothing of it.

    A title stating an earlier season than the receipt's, over a date line of the receipt's, is last
    year's file reused, unless the mail the school wrote says that earlier year too and no later one
    («V/v báo cáo NQ121 năm 2025 gửi muộn», «xin gửi bổ sung báo cáo năm 2024»): then it is that
    season's report, written late, and its date line is only the day it was signed."""
    stated, dated = _stated_by(document, received_at, report, config)
    if stated is not None and stated < season_of(report, received_at, config):
        said = _years_in_own_words(mail, document, report)
        if stated in said and max(said) == stated:
            dated = None
    return season_said((stated, dated), report, received_at, config)


def _years_in_own_words(mail: Mail, document: Document, report: ReportConfig) -> list[int]:
    """The years the sender wrote around a report: in the subject (not a thread's, which an earlier mail
    wrote) and in the mail's own text, unless that text is the report itself."""
    subject = "" if THREAD_SUBJECT.match(fold(mail.subject)) else mail.subject
    text = "" if document.name == BODY_NAME else mail.own_body
    return years_written(subject, report) + years_written(text, report)


def season_said(
    said: tuple[int | None, dt.datetime | None],
    report: ReportConfig,
    received_at: dt.datetime,
    config: Config,
) -> int | None:
    """The season a stated year or a date means, received at received_at (see report_year). A year no
    season can have (year_problem: «năm 1202», OCR of «năm 12026» or a typing slip) is not stated."""
    stated, dated = said
    if stated is not None and year_problem(stated) is not None:
        stated = None
    if dated is not None and year_problem(dated.year) is not None:
        dated = None
    if stated is None and dated is None:
        return None
    written = season_of(report, dated, config) if dated is not None else None
    running = running_season(report, received_at, config)
    if running is not None:
        if stated == running:
            # A title stating the running season over a date line of an earlier one: the date line was
            # left from last year's file, the school wrote this year's title.
            return running
        earlier = next((y for y in (stated, written) if y is not None and y < running), None)
        # Dated in this season, a report whose title states an earlier year is last year's file reused
        # as the template, not last year's report.
        return earlier if earlier is not None and written != running else running
    # Between seasons a year past the coming season names one that cannot have begun: a slip of the
    # keyboard or of OCR ("2028" for 2026), like a later year while a season runs.
    nearest = season_of(report, received_at, config)
    if dated is None and stated == nearest + 1 == received_at.astimezone(config.district.timezone).year:
        # An undated "năm 2026" on a report due in October received in January 2026: the year the
        # school wrote it in, not a season nine months off; the season that was due counts it, late.
        return None
    return next((y for y in (stated, written) if y is not None and y <= nearest + 1), None)


def _stated_by(
    document: Document, received_at: dt.datetime, report: ReportConfig, config: Config
) -> tuple[int | None, dt.datetime | None]:
    """The year a report states ("năm 2025" in its title), and the moment it is dated at. A school year
    ("năm học 2024-2025", the past one or the current one) and a date line whose day was left blank for
    the pen date the report at its receipt. On a scan whose title's year and date line fall in different
    seasons, OCR misread a digit of one of them (6 as 5 or 8): neither is believed, the receipt decides.
    A scan's date line outside its title's school year ("ngày … 2022" under "năm học 2023-2024") is not
    believed either: two years that follow one another are not both misread, the title's school year
    speaks."""
    header = document.header
    title = fold(header.title or "")
    said = TITLE_YEAR.search(title)
    scanned = document.method in ("ocr", "mixed")
    if said:
        stated = int(said.group(1))
        if scanned and header.date and stated not in _years_of(header.date, report, config):
            return None, received_at
        return stated, local(header.date, NOON, config) if header.date else None
    school_year = title_school_year(title)
    if header.date and scanned and school_year and not {school_year, school_year + 1} & {header.date.year}:
        return near_receipt(school_year, received_at, config)
    if header.date:
        return None, local(header.date, NOON, config)
    if header.year:  # a school year, or a date line whose day was left blank
        return near_receipt(header.year, received_at, config)
    return None, None


def title_year_apart(document: Document, year: int) -> str | None:
    """The year a report's title states ("năm 2023", "năm học 2023-2024") when the season it counts for is
    another (the date line decided: last year's file reused as the template, or an old report dated
    again), as the title writes it; None when the title states no year or states that season's."""
    title = fold(document.header.title or "")
    said = TITLE_YEAR.search(title)
    if said is not None:
        return f"năm {said.group(1)}" if int(said.group(1)) != year else None
    school_year = title_school_year(title)
    if school_year is None or year in (school_year, school_year + 1):
        return None
    return f"năm học {school_year}-{school_year + 1}"


def reported_school_year(documents: Sequence[Document], year: int) -> int | None:
    """The first year of the school year the report's title names ("năm học 2021-2022": 2021) when the
    season's year is one of its two: its column of a table of school years side by side is the one
    reported on. None when no title names one, or names another school year."""
    for document in documents:
        school_year = own_school_year(document)
        if school_year is not None:
            return school_year if year in (school_year, school_year + 1) else None
    return None


def reported_year(documents: Sequence[Document], year: int) -> int | None:
    """The season's year when the report's title names it as a calendar year ("năm 2024"): its column of a
    table of years side by side («Năm 2023 | Năm 2024») is the one reported on. None when no title names
    one, or names another year."""
    for document in documents:
        said = TITLE_YEAR.search(fold(document.header.title or ""))
        if said is not None:
            return year if int(said.group(1)) == year else None
    return None


def own_school_year(document: Document) -> int | None:
    """The first year of the school year a paper's own title names: the season its table of school years
    side by side gives figures for, when whether it states any is asked before its season is known."""
    return title_school_year(fold(document.header.title or ""))


def title_school_year(folded_title: str) -> int | None:
    """The first year of the school year a folded title names ("năm học 2023-2024": 2023), None when it
    names none or its two years do not follow one another (a misread digit)."""
    return _first_year(_TITLE_SCHOOL_YEAR.search(folded_title))


def _first_year(found: re.Match[str] | None) -> int | None:
    """The first year of a school year found written, None when its two years do not follow one another."""
    if found is None or int(found.group(2)) != int(found.group(1)) + 1:
        return None
    return int(found.group(1))


def near_receipt(
    year: int, received_at: dt.datetime, config: Config
) -> tuple[int | None, dt.datetime | None]:
    """A school year (or a year without a day) stated: the past or the current school year at the receipt
    dates the report at its receipt, another year is stated."""
    received_year = received_at.astimezone(config.district.timezone).year
    return (None, received_at) if year in (received_year - 1, received_year) else (year, None)


def _years_of(day: dt.date, report: ReportConfig, config: Config) -> set[int]:
    """The years a report dated day may state: its calendar year, or its season's (a report due in
    October and dated in January states the year before)."""
    return {day.year, season_of(report, local(day, NOON, config), config)}


def _stated_in_mail(
    mail: Mail, received_at: dt.datetime, report: ReportConfig, config: Config
) -> tuple[int | None, dt.datetime | None]:
    """A year in the subject or a file's name, when no report states one; a subject's year that is only
    the calendar year of receipt dates the report at its receipt, and so does a school year that is the
    past or the current one («BC NQ121 năm học 2020-2021» received in October 2021), as in a title."""
    received_year = received_at.astimezone(config.district.timezone).year
    plausible = range(received_year - 2, received_year + 1)
    # A reply's or a forward's subject is its thread's ("Re: Báo cáo NQ121 năm 2025" answered with this
    # season's report, last year's mail forwarded with this season's report pasted in).
    subject = "" if THREAD_SUBJECT.match(fold(mail.subject)) else mail.subject
    for text in (subject, *(a.name for a in mail.attachments)):
        school_year = _first_year(_SCHOOL_YEAR.search(text))
        if school_year is not None and school_year in plausible:  # as a title's school year is read
            return near_receipt(school_year, received_at, config)
        for found in years_written(text, report):
            if found in plausible:
                return (None, received_at) if found == received_year else (found, None)
    return None, None
