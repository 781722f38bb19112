"""The consolidated report from the status table and the schools' texts: a pure function, no I/O."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping, Sequence

from app.consolidate import doubts, remarks
from app.consolidate.model import (
    Awaiting,
    Consolidated,
    Doubt,
    FigureTotal,
    FigureValue,
    Held,
    Issuer,
    OtherSeason,
    SchoolEntry,
    Source,
    SubmissionText,
    Unread,
)
from app.consolidate.wording import day, short_name, split_office, subject
from kernel.config import SchoolConfig
from kernel.export import Elsewhere
from kernel.status import ReportStatus, SchoolState, SchoolStatus, campuses_reason
from kernel.store import ReviewRow, SubmissionRow
from parsers.document import Document, FigureSpec, SectionSpec
from parsers.figures import figures_named, find_figures
from parsers.sections import emphasised_lines, find_sections

NOT_FOUND = Doubt("not_found", "báo cáo của đơn vị không ghi số liệu này, hoặc ghi theo cách chưa đọc được")

MIN_COPIED = 400  # characters: a report's text, not a cover note two schools may word alike
TextKey = tuple[str, str]  # (message key, school id): one message may carry two schools' reports
# A figure's value, its source, the sentence's other values, a range's upper end (value its lower end), and the
# word making it approximate ("trên"; "" when exact), and the rows per grade it was summed from.
Stated = tuple[int | None, Source, tuple[int, ...], int | None, str, tuple[int, ...]]


def text_key(sub: SubmissionRow) -> TextKey:
    return sub.message_key, sub.school_id


def consolidate(
    status: ReportStatus,
    texts: Mapping[TextKey, SubmissionText],
    *,
    office: str,
    schools: Sequence[SchoolConfig],
    as_of: dt.datetime | None = None,
    season: tuple[dt.datetime, dt.datetime] | None = None,
    peers: Mapping[str, Mapping[str, int]] | None = None,
    corrections: Mapping[str, str] | None = None,
    elsewhere: Mapping[str, Elsewhere] | None = None,
) -> Consolidated:
    """What the office reports: status counts, figures summed with their doubts, merged remarks.

    Each section of remarks comes from the school's latest submission holding it (see remark_sources),
    each figure from the latest submission that states it, as `baocao status` shows; texts holds the
    documents those submissions were read from (see load.read_texts). season bounds the mail waiting in
    review that names no season (see _awaiting); without it, only mail naming this season is listed.
    The reports of other years that schools counted as not reporting sent during the season
    (status.earlier) are named for the drafter (last year's file sent by mistake). peers holds,
    by figure id, the values of the office's other schools (see peer_values), compared with for outliers.
    corrections holds, by message key, the sentence of mail waiting for staff that corrects a report sent
    before (see load.read_corrections): a figure it names is checked, quoting it (see _corrected).
    elsewhere holds, by school id, where a counted report came when another unit than the season's
    received it (kernel.export.elsewhere_of): the draft says so, as the status does.
    """
    report = status.report
    roster = {s.id: s for s in schools}
    found: dict[str, dict[str, Stated]] = {}  # school id -> figure id -> value
    added: dict[tuple[str, str], Doubt] = {}  # (school id, figure id) -> a later mail's "thêm"
    corrected: dict[tuple[str, str], Doubt] = {}  # (school id, figure id) -> a later mail correcting it
    notes = [r for r in _this_season(status, season) if r.message_key in (corrections or {})]
    # By note: the figures it corrects; none when it names none, and so doubts them all (see _corrected).
    doubted = {
        r.message_key: _figures_said((corrections or {})[r.message_key], report.figures) for r in notes
    }
    gathered: list[remarks.Item] = []
    unread: list[Unread] = []
    not_found: dict[str, Doubt] = {}  # school id -> why a figure its report does not state was not found
    for school in status.schools:
        latest = school.current  # the latest readable submission: the one the status counts
        if latest is None or school.status not in (SchoolState.RECEIVED, SchoolState.LATE):
            continue
        not_found[school.school_id] = _not_found(latest)
        text = texts.get(text_key(latest), SubmissionText(problem="nội dung chưa được đọc lại"))
        locate = _locator(latest, text.documents)
        found[school.school_id] = {
            spec.id: _stated(school, spec.id, texts, locate) for spec in report.figures
        }
        added.update(
            ((school.school_id, spec.id), doubt)
            for spec in report.figures
            for doubt in (
                _added(school, spec.id),
                _superseded(school, spec.id),
                _unread_fix(school, spec.id),
                _of_campuses(school, spec.id),
            )
            if doubt is not None
        )
        corrected.update(
            ((school.school_id, spec.id), doubt)
            for spec in report.figures
            if (doubt := _corrected(school, spec, notes, corrections or {}, doubted, status.deadline.tzinfo))
        )
        for sub, section_ids in remark_sources(school, report.sections):
            text = texts.get(text_key(sub), SubmissionText(problem="nội dung chưa được đọc lại"))
            if text.problem:
                unread.append(Unread(school.school_id, sub.message_id, text.problem))
            if text.documents:
                joined = "\n\n".join(d.text for d in text.documents)
                found_in = find_sections(joined, report.sections, emphasised_lines(text.documents)).found
                sections = [s for s in found_in if s.id in section_ids]
                gathered.extend(remarks.items(sections, report.sections, _locator(sub, text.documents)))
    copies = _copies(status, texts, roster)
    values = _judged(
        found,
        [f.id for f in report.figures],
        report.headcount_figures,
        roster,
        copies,
        status.year,
        added,
        peers or {},
        corrected,
        not_found,
    )
    entries = tuple(
        _entry(school, values.get(school.school_id, ()), status, (elsewhere or {}).get(school.school_id))
        for school in status.schools
    )
    order = [s.school_id for s in status.schools]
    parent, name = split_office(office)
    return Consolidated(
        report_id=report.id,
        report_title=report.title,
        subject=subject(report.title, status.year),
        year=status.year,
        deadline=status.deadline,
        as_of=as_of,
        issuer=Issuer(parent, name, office),
        schools=entries,
        totals=tuple(_total(spec.id, spec.title, entries) for spec in report.figures),
        difficulties=remarks.merge(gathered, remarks.DIFFICULTY, order),
        proposals=remarks.merge(gathered, remarks.PROPOSAL, order),
        remarks_read=bool(report.sections),
        unread=tuple(unread),
        in_review=_in_review(status),
        held=tuple(
            Held(
                w.submission.school_id,
                w.submission.message_id,
                w.submission.received_at,
                w.note.message_id,
                w.note.received_at,
            )
            for w in status.withheld
            if w.submission.school_id in {s.school_id for s in status.owing}
        ),
        awaiting=_awaiting(status, season),
        review_after=_review_after(status, season),
        other_season=tuple(
            OtherSeason(sub.school_id, sub.message_id, sub.received_at, sub.year) for sub in status.earlier
        ),
        moved_to=status.moved_to,
    )


def peer_values(status: ReportStatus) -> dict[str, dict[str, int]]:
    """Figure id -> school id -> value, of every school of the status that reported (the whole office's,
    to compare a unit's few schools with)."""
    reporting = [s for s in status.schools if s.status in (SchoolState.RECEIVED, SchoolState.LATE)]
    return {
        spec.id: {s.school_id: s.figures[spec.id] for s in reporting if spec.id in s.figures}
        for spec in status.report.figures
    }


def _in_review(status: ReportStatus) -> tuple[str, ...]:
    """The schools counted as not reporting whose report may be mail waiting for staff: of the season's
    mail in review, a report of another season sent while it ran (status.other_review), or mail that could
    not be processed. A school held only because its sender asked to cancel its report is named with that
    report instead (Held): the mail waiting is the note, no report."""
    own = [r for r in status.review if (r.report_id, r.year) == (status.report.id, status.year)]
    waiting = status.failed | {school_id for r in (*own, *status.other_review) for school_id in r.candidates}
    return tuple(s.school_id for s in status.owing if s.school_id in waiting)


def _awaiting(status: ReportStatus, season: tuple[dt.datetime, dt.datetime] | None) -> tuple[Awaiting, ...]:
    """The mail of schools counted as not reporting that waits for staff without holding the school as
    this season's report does (status.in_review): a note that the report went by Zalo or on paper, a
    report of part of the year. Mail naming no season counts when it came within the season's bounds."""
    held = status.in_review
    owing = {s.school_id for s in status.owing if s.school_id not in held}
    return tuple(
        Awaiting(school_id, row.message_id, row.received_at, row.subject)
        for row in _this_season(status, season)
        if (row.report_id, row.year) != (status.report.id, status.year)  # held: named in in_review
        for school_id in row.candidates
        if school_id in owing
    )


def _review_after(
    status: ReportStatus, season: tuple[dt.datetime, dt.datetime] | None
) -> tuple[Awaiting, ...]:
    """The mail of reporting schools waiting for staff that came after the report counted: perhaps a
    correction (passed on by staff, received by Zalo) whose figures the draft does not have yet."""
    latest = {
        s.school_id: s.current.received_at
        for s in status.schools
        if s.current is not None and s.status in (SchoolState.RECEIVED, SchoolState.LATE)
    }
    return tuple(
        Awaiting(school_id, row.message_id, row.received_at, row.subject)
        for row in _this_season(status, season)
        for school_id in row.candidates
        if school_id in latest and row.received_at > latest[school_id]
    )


def _this_season(status: ReportStatus, season: tuple[dt.datetime, dt.datetime] | None) -> list[ReviewRow]:
    """The mail waiting for staff that concerns this season: naming it, or naming no season and received
    within its bounds (when known)."""
    return [
        row
        for row in status.review
        if row.year is not None or (season is not None and season[0] <= row.received_at < season[1])
    ]


def remark_sources(
    school: SchoolStatus, sections: Sequence[SectionSpec]
) -> list[tuple[SubmissionRow, frozenset[str]]]:
    """The submissions a school's remarks are read from, each with the ids of the sections taken from it:
    a section from the latest readable submission holding it (a supplement of figures alone leaves the
    difficulties of the report before it in place), from the latest one when none holds it. A supplement
    holding at most half the sections sent before it ("bổ sung phần đề xuất") adds to them: the section
    is read from the submissions before it too, back to one that is not such a supplement."""
    latest = school.current
    if latest is None:
        return []
    # The latest one is always read: its text may not be readable again, which staff are told.
    taken: dict[TextKey, tuple[SubmissionRow, set[str]]] = {text_key(latest): (latest, set())}
    counted = school.counted
    for spec in sections:
        holders = []
        for at in range(len(counted) - 1, -1, -1):
            if spec.id not in counted[at].sections_found:
                continue
            holders.append(counted[at])
            before = {section for sub in counted[:at] for section in sub.sections_found}
            if not before or 2 * len(set(counted[at].sections_found)) > len(before):
                break  # a report of its own, or a correction: what came before is replaced
        for sub in holders or [latest]:
            taken.setdefault(text_key(sub), (sub, set()))[1].add(spec.id)
    return [(sub, frozenset(ids)) for sub, ids in taken.values()]


def _stated(
    school: SchoolStatus, figure_id: str, texts: Mapping[TextKey, SubmissionText], locate: remarks.Locate
) -> Stated:
    """A figure's value and source: from the latest readable submission that states it (a supplement
    leaving the figure out keeps the earlier value), or not found, located in the latest one."""
    sub = school.stating(figure_id)
    if sub is None:
        return None, locate(""), (), None, "", ()
    if sub is not school.current:
        locate = _locator(sub, texts.get(text_key(sub), SubmissionText()).documents)
    stated = sub.figures[figure_id]
    source = locate(stated["sentence"])
    if "file" in stated:  # read from where the submission's files are not: the mail's text of a scan
        source = dataclasses.replace(source, file=stated["file"])
    return (
        stated["value"],
        source,
        tuple(stated.get("others", ())),
        stated.get("upto"),
        stated.get("about", ""),
        tuple(stated.get("parts", ())),
    )


def _added(school: SchoolStatus, figure_id: str) -> Doubt | None:
    """A figure a later submission states as more of it, as the status marks it (SchoolStatus.added)."""
    added = school.added(figure_id)
    return None if added is None else Doubt("added", added.reason)


def _figures_said(said: str, specs: Sequence[FigureSpec]) -> list[str]:
    """The ids of the figures a correction gives values for, else those it names."""
    return [f.id for f in find_figures(said, specs)] or list(figures_named(said, specs))


def _corrected(
    school: SchoolStatus,
    spec: FigureSpec,
    notes: Sequence[ReviewRow],
    corrections: Mapping[str, str],
    doubted: Mapping[str, Sequence[str]],
    tz: dt.tzinfo | None,
) -> Doubt | None:
    """A figure that mail the school sent after the submission stating it corrects ("đính chính: số buổi
    tuyên truyền là 12, không phải 21"), waiting for staff: the report still counts, and its value is
    checked against the correction, which is quoted. A correction giving no new value ("đính chính: số
    buổi tuyên truyền ghi nhầm") marks the figures it names; one that gives values, those it gives them
    for (not "học sinh" in "12 buổi tuyên truyền cho học sinh"); one naming no figure ("số liệu trong báo
    cáo gửi hôm trước bị sai, trường sẽ gửi lại") marks them all, until a later report states them."""
    stating = school.stating(spec.id) or school.current
    if stating is None:
        return None
    for row in sorted(notes, key=lambda r: r.received_at, reverse=True):
        said = corrections[row.message_key]
        if school.school_id in row.candidates and row.received_at > stating.received_at:
            when = day(row.received_at, tz)
            named = doubted[row.message_key]
            if spec.id in named:
                return Doubt("correction", f"thư ngày {when} của đơn vị xin sửa số liệu này: «{said}»")
            if not named:
                return Doubt(
                    "correction",
                    f"thư ngày {when} của đơn vị báo số liệu trong báo cáo bị sai, không nói rõ số liệu nào: "
                    f"«{said}»",
                )
    return None


def _not_found(sub: SubmissionRow) -> Doubt:
    """Why a figure the report counted does not state was not found: in a file its mail carried beside it
    that could not be read (an annex cut short: SubmissionRow.unread_beside), or not stated at all."""
    if not sub.unread_beside:
        return NOT_FOUND
    names = ", ".join(sub.unread_beside)
    return Doubt(
        "not_found",
        f"không đọc được tệp {names} gửi kèm báo cáo, số liệu có thể nằm trong tệp đó; cần đơn vị gửi lại tệp",
    )


def _of_campuses(school: SchoolStatus, figure_id: str) -> Doubt | None:
    """A figure read from the report of one of the school's sites or campuses, or from several such
    reports, as the status marks it (status.campuses_reason)."""
    sub = school.stating(figure_id)
    campuses = sub.figures[figure_id].get("campuses") if sub is not None else None
    return Doubt("campuses", campuses_reason(campuses)) if campuses else None


def _unread_fix(school: SchoolStatus, figure_id: str) -> Doubt | None:
    """A figure of a report the school has since sent a correction of that could not be read
    (SchoolStatus.check): the value may be the very one corrected."""
    if not school.check or school.stating(figure_id) is None:
        return None
    return Doubt("unread_fix", school.check)


def _superseded(school: SchoolStatus, figure_id: str) -> Doubt | None:
    """A figure read from a version the school had corrected or replaced since, as the status marks it
    (SchoolStatus.superseded)."""
    reason = school.superseded(figure_id)
    return None if reason is None else Doubt("reverted", reason)


def _copies(
    status: ReportStatus, texts: Mapping[TextKey, SubmissionText], roster: Mapping[str, SchoolConfig]
) -> dict[TextKey, Doubt]:
    """The submissions holding a document word for word the same as one another school sent before:
    a school that resent its neighbour's file, or a shared template left as it was. Its figures are
    the other school's, so they are set aside rather than summed twice."""
    subs = sorted(
        (
            sub
            for school in status.schools
            if school.status in (SchoolState.RECEIVED, SchoolState.LATE)
            for sub in school.counted
            if text_key(sub) in texts
        ),
        key=lambda s: s.received_at,
    )
    first: dict[str, str] = {}  # a document's text -> the school that sent it first
    doubts: dict[TextKey, Doubt] = {}
    for sub in subs:
        for doc in texts[text_key(sub)].documents:
            words = " ".join(doc.text.split())
            if len(words) < MIN_COPIED:
                continue
            owner = first.setdefault(words, sub.school_id)
            if owner != sub.school_id and text_key(sub) not in doubts:
                other = roster[owner].name if owner in roster else owner
                reason = f"tệp {doc.name} giống hệt từng chữ với báo cáo {short_name(other)} đã gửi trước"
                doubts[text_key(sub)] = Doubt("copy", reason)
    return doubts


def _locator(sub: SubmissionRow, documents: Sequence[Document]) -> remarks.Locate:
    """The source of a sentence of this submission: the file that holds it, else all its files."""
    flat = [(d.name, " ".join(d.text.split())) for d in documents]  # PDF lines wrap anywhere

    def locate(sentence: str) -> Source:
        head = " ".join(sentence.split())[:60]
        holder = next((name for name, text in flat if head and head in text), None)
        file = holder or ", ".join(sub.files)
        return Source(sub.school_id, sub.message_id, sub.message_key, sub.received_at, file, sentence)

    return locate


def _judged(
    found: Mapping[str, Mapping[str, Stated]],
    figure_ids: Sequence[str],
    headcount_figures: Sequence[str],
    roster: Mapping[str, SchoolConfig],
    copies: Mapping[TextKey, Doubt],
    year: int,
    added: Mapping[tuple[str, str], Doubt],
    peers: Mapping[str, Mapping[str, int]],
    corrected: Mapping[tuple[str, str], Doubt],
    not_found: Mapping[str, Doubt],
) -> dict[str, tuple[FigureValue, ...]]:
    """Each school's figure values with what is doubtful about them (see doubts and _copies); not_found
    says, by school id, why a figure was not found (_not_found)."""
    far: dict[str, dict[str, Doubt]] = {}
    for figure_id in figure_ids:
        stated = {school: v for school, figures in found.items() if (v := figures[figure_id][0]) is not None}
        far[figure_id] = doubts.outliers(stated, peers.get(figure_id))
    judged: dict[str, tuple[FigureValue, ...]] = {}
    for school_id, figures in found.items():
        row = []
        for figure_id, (value, source, others, upto, about, parts) in figures.items():
            problems: list[Doubt] = []
            if value is None:
                problems.append(not_found.get(school_id, NOT_FOUND))
            else:
                school = roster.get(school_id)
                if figure_id in headcount_figures and school is not None and school.pupils is not None:
                    if (over := doubts.above_headcount(value, school.pupils, school.staff)) is not None:
                        problems.append(over)
                if (negative := doubts.a_negative(value)) is not None:
                    problems.append(negative)
                if (dated := doubts.a_year(value, year)) is not None:
                    problems.append(dated)
                if (ranged := doubts.a_range(value, upto)) is not None:
                    problems.append(ranged)
                if (estimated := doubts.an_estimate(value, about)) is not None:
                    problems.append(estimated)
                if (summed := doubts.a_sum(value, parts)) is not None:
                    problems.append(summed)
                if (mixed := doubts.several(value, others)) is not None:
                    problems.append(mixed)
                if school_id in far[figure_id]:
                    problems.append(far[figure_id][school_id])
                if (copied := copies.get((source.message_key, school_id))) is not None:
                    problems.append(copied)
                if (more := added.get((school_id, figure_id))) is not None:
                    problems.append(more)
            if (fix := corrected.get((school_id, figure_id))) is not None:
                problems.append(fix)
            row.append(FigureValue(figure_id, school_id, value, source, tuple(problems)))
        judged[school_id] = tuple(row)
    return judged


def _entry(
    school: SchoolStatus,
    figures: tuple[FigureValue, ...],
    status: ReportStatus,
    elsewhere: Elsewhere | None = None,
) -> SchoolEntry:
    first = school.received_at
    latest = school.current.received_at if school.current else None
    tz = status.deadline.tzinfo
    days_late = None
    if school.status == SchoolState.LATE and first is not None:
        # Late by the school's own deadline: an extension's last day when staff granted one.
        days_late = (first.astimezone(tz).date() - school.deadline.astimezone(tz).date()).days
    # The paper copy of a school that has not reported, if it had come by the moment the draft describes.
    paper = school.paper if school.owing else None
    if (
        paper is not None
        and paper.received_on is not None
        and paper.received_on > status.as_of.astimezone(tz).date()
    ):
        paper = None
    return SchoolEntry(
        school_id=school.school_id,
        name=school.name,
        short_name=short_name(school.name),
        status=school.status,
        received_at=first,
        latest_at=latest,
        submissions=len(school.submissions),
        days_late=days_late,
        figures=figures,
        paper=paper.summary() if paper is not None else "",
        paper_on=paper.received_on if paper is not None else None,
        unreadable=" ".join(school.problems) if school.owing else "",
        resent_unreadable=_resent_unreadable(school),
        extended_to=school.extension.until if school.extension is not None else None,
        exempt_sent=school.counted[0].received_at
        if school.status == SchoolState.EXEMPT and school.counted
        else None,
        elsewhere=elsewhere if school.status in (SchoolState.RECEIVED, SchoolState.LATE) else None,
    )


def _resent_unreadable(school: SchoolStatus) -> tuple[dt.datetime, str] | None:
    """The last mail a reporting school sent after the report that counts, if it could not be read."""
    latest = school.current
    if latest is None or school.status not in (SchoolState.RECEIVED, SchoolState.LATE):
        return None
    last = school.submissions[-1]
    if last.readable or last.received_at < latest.received_at:
        return None
    return last.received_at, " ".join(last.problems)


def _total(figure_id: str, title: str, entries: Sequence[SchoolEntry]) -> FigureTotal:
    values = [f for e in entries if e.reported for f in e.figures if f.figure_id == figure_id]
    counted = [f for f in values if f.counted]
    return FigureTotal(
        figure_id=figure_id,
        title=title,
        total=sum(f.value for f in counted if f.value is not None),
        counted=len(counted),
        left_out=tuple(f for f in values if not f.counted),
    )
