"""Staff decisions on messages: assign one to a school, reject it, call it the office's own mail, and the
addresses learned from them. Each decision is written to the audit log with who took it and why."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import logging
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from typing import Concatenate, ParamSpec, TypeVar

from rapidfuzz import fuzz, process

from intake import datedties
from intake.errors import IntakeError
from intake.lock import DecisionLock
from intake.names import EXACT_PLACE, issuer_mention, words_taken
from intake.pipeline import HEADER_BYTES, Outcome, reprocess, with_header
from intake.registry import of_config
from intake.years import years_written
from kernel import audit, units
from kernel.audit import AuditEntry
from kernel.config import Config, SchoolConfig
from kernel.decisions import DecidedMeanwhileError, DecisionError, hold
from kernel.errors import NotFoundError, StoreError
from kernel.proof import SenderCheck
from kernel.runtime import Runtime
from kernel.schoolnames import unqualified
from kernel.seasons import deadline_of, nearest_season, year_problem
from kernel.status import (
    cancelled,
    copied_from,
    listed_only,
    load,
    of_year,
    orphaned,
    present,
    season_status,
    settled_mistakes,
)
from kernel.store import (
    DatedTie,
    LearnedAddress,
    MessageDecision,
    MessageRow,
    MessageState,
    ReviewRow,
    SubmissionRow,
)
from kernel.timefmt import local_date, local_time
from parsers.text import fold

log = logging.getLogger(__name__)

# What the audit log adds when staff forget an address learned by mistake: mail of every season is read again.
ALL_SEASONS_NOTE = ", đọc lại thư của mọi năm (kể cả đợt báo cáo đã khép lại)"
SHORTEST_CODE = 6  # the fewest first characters of a message's code that name it (the lists show 12)


class AmbiguousMessageError(IntakeError):
    """Raised when a message reference (a key prefix) matches more than one message."""


class AmbiguousSchoolError(IntakeError):
    """Raised when a school's name, written in full, is the name of more than one school."""


class ChangedMeanwhileError(DecidedMeanwhileError):
    """Raised when a decision on a message was asked against the message as the asker saw it (seen: the id
    of its latest audit entry then) and someone else has changed it since: a decision taken on another
    page, in another process or on the command line, or the message read again. Nothing is recorded;
    entry is the latest change, for the asker to look again."""

    def __init__(self, entry: AuditEntry) -> None:
        self.entry = entry
        done = "cho xử lý lại thư này" if entry.action == "reprocess" else "quyết định về thư này"
        super().__init__(entry.actor, done, entry.at)


@dataclass(frozen=True)
class Rerun:
    """Another message from an address whose learned school a decision changed, read again: the schools
    it was credited to before and after. Mail credited by that address alone moves with it."""

    key: str
    subject: str
    before: tuple[str, ...]
    after: tuple[str, ...]
    state: MessageState

    def says(self, config: Config) -> str:
        """One sentence for staff: which mail, credited to whom, is now what."""

        def names(ids: tuple[str, ...]) -> str:
            return ", ".join(config.school(s).name for s in ids)

        now = (
            f"nay được tính cho {names(self.after)}"
            if self.after
            else "nay chờ cán bộ xem xét"
            if self.state == MessageState.REVIEW
            else "nay không còn được tính cho trường nào"
        )
        subject = f"«{self.subject}»" if self.subject else "(không tiêu đề)"
        before = (
            f"trước đây được tính cho {names(self.before)}" if self.before else "trước đây chờ cán bộ xem xét"
        )
        return f"Thư {subject} ({self.key[:12]}) cũng gửi từ địa chỉ này, {before}: {now}."


@dataclass(frozen=True)
class Assigned:
    outcome: Outcome
    learned: str | None  # the sender address now tied to the school, when it was not registered
    replaced: str | None  # the school that address was tied to before, if another
    shared: str | None = None  # the other school the sender's address still sends for: tied to neither now
    # The other mail from the sender's address whose schools changed once the address moved or was forgotten.
    rerun: tuple[Rerun, ...] = ()
    unchanged: bool = False  # staff had decided just this before: nothing was recorded again
    taken_from: tuple[str, ...] = ()  # the schools the message counted for before and no longer does
    overrode: AuditEntry | None = None  # another person's decision in force before, replaced (_decide)
    # It waited as a note with no report in it (a claim it was sent, a request for more time, a correction):
    # assigned, the note itself counts as the school's report.
    note: bool = False
    # The reports the message counted for, for the school assigned, that it no longer does: a decision
    # names one report (MessageDecision), so assigning a paper on two plans for the second undoes the first.
    plans_taken: tuple[str, ...] = ()
    # The other schools the message counted for that it still counts for, each with its own paper in it.
    kept: tuple[str, ...] = ()

    def says(self, config: Config, school_id: str) -> tuple[str, ...]:
        """What staff are told besides «Đã gán thư …», on the command line and the page alike: each step
        to take named as its command in brackets, which the page shows as its own button
        (app/web/hints.py)."""
        name = config.school(school_id).name
        said = [
            self._as_note(name, school_id),
            self._unread(name),
            elsewhere(self.outcome, school_id, config),
            self._learned(config, name),
            self._shared(config),
            *moved_note(self.rerun, self.taken_from, config),
            self._plans_moved(config, name, school_id),
            self._others_left(config),
            self._others_kept(config, name),
        ]
        return tuple(s for s in said if s)

    def _others_left(self, config: Config) -> str:
        if not self.outcome.set_aside:
            return ""
        names = ", ".join(config.school(s).name for s in self.outcome.set_aside)
        return (
            f"Lưu ý: thư còn kèm báo cáo của {names}; các báo cáo ấy không được tính cho trường nào, vì mỗi thư "
            "chỉ gán được cho một trường. Nếu các trường nộp báo cáo qua cán bộ, tính thư cho từng trường "
            f"(baocao split {self.outcome.key[:12]})."
        )

    def _others_kept(self, config: Config, name: str) -> str:
        if not self.kept:
            return ""
        names = ", ".join(config.school(s).name for s in self.kept)
        those = "các trường ấy" if len(self.kept) > 1 else "trường ấy"
        return (
            f"Lưu ý: thư còn kèm báo cáo của {names} nên vẫn được tính cho cả {those}, mỗi trường với văn bản "
            f"của mình; gán thư chỉ đổi phần của {name}, không tính được thư này cho riêng {name}. Nếu văn bản "
            f"ấy không phải báo cáo của {names}, đề nghị {those} gửi lại báo cáo đúng: báo cáo gửi sau được "
            "dùng thay cho phần tương ứng."
        )

    def _plans_moved(self, config: Config, name: str, school_id: str) -> str:
        if not self.plans_taken:
            return ""
        shorts = {r.id: r.short for r in config.reports}  # a plan no longer configured: its id
        taken = ", ".join(shorts.get(p, p.upper()) for p in self.plans_taken)
        now = ", ".join(
            sorted({shorts[s.report_id] for s in self.outcome.submissions if s.school_id == school_id})
        )
        counted = f"nay chỉ được tính cho báo cáo {now}" if now else "nay không còn được tính cho báo cáo đó"
        return (
            f"Lưu ý: thư này trước đây được tính là báo cáo {taken} của {name}; {counted}: mỗi thư chỉ được "
            f"gán cho một báo cáo. Nếu văn bản là báo cáo chung cho nhiều nội dung, đề nghị trường gửi riêng "
            f"báo cáo {taken} trong một thư khác."
        )

    def _as_note(self, name: str, school_id: str) -> str:
        if not self.note:
            return ""
        return (
            f"Lưu ý: thư không kèm báo cáo; gán thư cho trường là tính chính thư này là báo cáo của {name}. "
            f"Nếu Văn thư đã nhận bản giấy thì ghi nhận bản giấy (baocao paper {school_id} --received NGÀY "
            f"--by NGƯỜI_NHẬN); nếu không tính thư này là báo cáo thì loại thư (baocao reject "
            f"{self.outcome.key[:12]})."
        )

    def _unread(self, name: str) -> str:
        """The warning for a message whose files could not be read (unreadable, or failing), counted all
        the same: the school counts as reported with nothing read from it."""
        problems = [p for s in self.outcome.submissions for p in s.problems]
        if self.note or not problems:
            return ""
        return (
            f"Lưu ý: không đọc được tệp báo cáo của thư: {' '.join(dict.fromkeys(problems))} {name} nay được "
            "tính là đã nộp báo cáo, nhưng không có phần nội dung hay số liệu nào được đọc từ thư này."
        )

    def _learned(self, config: Config, name: str) -> str:
        if not self.learned:
            return ""
        before = f" (trước đây gắn với {config.school(self.replaced).name})" if self.replaced else ""
        return (
            f"Đã ghi nhớ địa chỉ {self.learned} cho {name}{before}; thư sau từ địa chỉ này sẽ được tự động "
            "nhận ra là của trường."
        )

    def _shared(self, config: Config) -> str:
        if not self.shared:
            return ""
        return (
            f"Địa chỉ gửi thư này cũng đã gửi thư của {config.school(self.shared).name}. Địa chỉ dùng chung "
            "cho hai trường nên không được dùng để tự nhận ra trường: thư sau từ địa chỉ này sẽ chờ cán bộ "
            "chọn trường nếu văn bản không ghi tên trường."
        )


def moved_note(rerun: Sequence[Rerun], taken_from: tuple[str, ...], config: Config) -> tuple[str, ...]:
    """What a decision moved besides its message: other mail from its address read again, and the schools
    the message no longer counts for."""
    taken = taken_note(taken_from, config)
    return (*(r.says(config) for r in rerun), *((taken,) if taken else ()))


@dataclass(frozen=True)
class Forgotten:
    """What forgetting an address did: the schools it was forgotten for (its tie in force ended, or, every
    season read again, its ended ties to them dropped), the school it stays learned for, the other schools
    whose closed seasons keep the mail it credited them (all_seasons only), and the mail read again."""

    email: str
    schools: tuple[str, ...]
    stays: str | None
    kept: tuple[str, ...]
    rerun: tuple[Rerun, ...]


def forgotten_note(gone: Forgotten, all_seasons: bool, config: Config) -> tuple[str, ...]:
    """What staff are told when they forget an address (forget), on the command line and the page alike."""
    names = " và ".join(config.name_of(s) for s in gone.schools)
    after = (
        f"địa chỉ vẫn được ghi nhớ cho {config.name_of(gone.stays)}, thư sau từ địa chỉ này vẫn được tính cho "
        "trường ấy."
        if gone.stays is not None
        else "thư sau từ địa chỉ này sẽ chờ xem xét."
    )
    said = f"Đã gỡ địa chỉ {gone.email} khỏi {names}; {after}"
    if not all_seasons:
        kept = (
            "Thư của các đợt báo cáo đã khép lại, nhận trong lúc địa chỉ còn được ghi nhớ, vẫn được tính như "
            "trước; nếu địa chỉ bị ghi nhớ nhầm (không phải của trường), gỡ lại với lựa chọn đọc lại thư của mọi "
            f"năm (baocao addresses --forget {gone.email} --all-seasons)."
        )
        return (said, kept, *moved_note(gone.rerun, (), config))
    others = " và ".join(config.name_of(s) for s in gone.kept)
    reread = (
        f"Thư từ địa chỉ này của mọi năm, cả đợt báo cáo đã khép lại, đã được đọc lại: thư chỉ được tính cho "
        f"{names} nhờ địa chỉ này không còn được tính cho trường ấy."
    )
    kept = (
        f"Thư của {others} ở các đợt đã khép lại, nhận trong lúc địa chỉ còn được ghi nhớ cho trường ấy, vẫn "
        "được tính như trước."
        if gone.kept
        else ""
    )
    return (said, reread, *((kept,) if kept else ()), *moved_note(gone.rerun, (), config))


def ties_note(spans: Sequence[datedties.Span], config: Config) -> str:
    """The schools an address was learned for and when (datedties.spans), for staff."""
    tz = config.district.timezone

    def when(span: datedties.Span) -> str:
        since = local_date(span.learned_at, tz)
        if span.ended_at is None:
            return f"đang dùng, ghi nhớ từ {since}"
        return f"từ {since} đến {local_date(span.ended_at, tz)}"

    return "; ".join(f"{config.name_of(s.school_id)} ({s.school_id}, {when(s)})" for s in spans)


def taken_note(schools: tuple[str, ...], config: Config) -> str:
    """What staff are told of the schools a decision took its message from (taken_from); "" when none."""
    if not schools:
        return ""
    # A school id taken off config.toml since (mistyped for a day, then put right) is named as such.
    listed = {school.id: school.name for school in config.schools}
    names = ", ".join(listed.get(s, f"trường mã «{s}» (nay không còn trong tệp cấu hình)") for s in schools)
    return (
        f"Lưu ý: thư này trước đây được tính là báo cáo của {names}; nay không còn được tính cho trường "
        "đó; xem lại các báo cáo trường đã nộp (baocao history)."
    )


@dataclass(frozen=True)
class HistoryEntry:
    submission: SubmissionRow
    current: bool  # the latest readable one of its report and year: the one the status counts
    sender_check: SenderCheck | None = None  # what its message's row says of the From address
    # The earlier submission it is a copy of (kernel.status.copied_from): the files of the one before it sent
    # again, or a forward of the school's earlier mail. None: a submission of its own.
    copy_of: SubmissionRow | None = None
    # A later note from its sender asks to cancel it and staff have not decided (kernel.status.Withheld):
    # not counted meanwhile.
    held: bool = False
    # Of one held, the school's later report that settled the note, as the status says (Withheld.replaced_by):
    # nothing waits for staff. None while the note waits.
    replaced_by: SubmissionRow | None = None

    @property
    def copy(self) -> bool:
        return self.copy_of is not None


def pending(rt: Runtime, report_id: str | None = None, year: int | None = None) -> list[ReviewRow]:
    """What waits for staff, oldest first; with year, what that season's status lists (mail of no
    season in the season nearest its receipt, see kernel.status.review_season)."""
    if report_id is not None:
        rt.config.report(report_id)  # a ConfigError naming the reports there are, not an empty list
    rows = sorted(
        listed_only(
            rt.config,
            [
                *rt.store.reviews(report_id=report_id, year=year),
                *orphaned(rt.config, rt.store, rt.clock(), report_id, year),
            ],
        ),
        key=lambda r: r.received_at,
    )
    reports = rt.store.submissions(message_keys=[r.message_key for r in rows if r.withdraws])
    rows = settled_mistakes(rows, reports, cancelled(rt.store, rows))
    return rows if year is None else of_year(rt.config, rows, year)


def other_seasons(rt: Runtime, report_id: str | None, year: int | None) -> list[ReviewRow]:
    """Another season's reports waiting for staff in that season's queue that schools owing year's report
    sent while it ran (kernel.status.ReportStatus.other_review), oldest first: year's status tells whoever
    reads it that the school's mail waits there, so year's review list shows it too. None without year."""
    if year is None:
        return []
    reports = [rt.config.report(report_id)] if report_id is not None else rt.config.reports
    now = present(rt.store, rt.clock())
    found = [r for report in reports for r in load(rt.config, rt.store, report.id, year, now).other_review]
    return sorted(found, key=lambda r: r.received_at)


def failed(rt: Runtime, report_id: str | None = None, year: int | None = None) -> list[MessageRow]:
    """The messages that could not be processed or whose report could not be read, oldest first,
    without those a school has since settled: an unreadable report is left out once every school it
    was recorded for sent a readable report of the same report and year after it (the resend that
    the acknowledgement and the reminder asked for). With report_id or year, an unreadable report is
    listed only in its own season, as that season's status counts it; a failure of no season in every."""
    rows = rt.store.messages(states=[MessageState.FAILED, MessageState.UNREADABLE])
    if not any(m.state == MessageState.UNREADABLE for m in rows):
        return rows
    unread: dict[str, list[SubmissionRow]] = {}
    readable: dict[tuple[str, str, int], list[dt.datetime]] = {}
    seasons: dict[str, set[tuple[str, int]]] = {}
    for sub in rt.store.submissions():
        seasons.setdefault(sub.message_key, set()).add((sub.report_id, sub.year))
        if sub.readable:
            readable.setdefault((sub.school_id, sub.report_id, sub.year), []).append(sub.received_at)
        else:
            unread.setdefault(sub.message_key, []).append(sub)

    def resent(sub: SubmissionRow) -> bool:
        return any(t > sub.received_at for t in readable.get((sub.school_id, sub.report_id, sub.year), []))

    def of_season(key: str) -> bool:
        if report_id is None and year is None:
            return True
        return any(report_id in (None, r) and year in (None, y) for r, y in seasons.get(key, ()))

    return [
        m
        for m in rows
        if m.state != MessageState.UNREADABLE
        or (of_season(m.key) and (not unread.get(m.key) or not all(map(resent, unread[m.key]))))
    ]


def of_unit(
    rt: Runtime, unit: str, waiting: list[ReviewRow], failed: list[MessageRow]
) -> tuple[list[ReviewRow], list[MessageRow]]:
    """What of the review list concerns one collecting unit (see kernel.units.of_message): mail read
    from its mailbox, naming one of its schools, or naming none from one of its schools' own addresses.
    Mail that names no school, from an address of no school, that came to no unit's mailbox stays in the
    office-wide list only."""
    config = rt.config
    config.unit(unit)  # a ConfigError naming the units there are
    kept = units.reviews_of(config, rt.store, unit, waiting)
    credited: dict[str, list[SubmissionRow]] = {}
    if any(m.state == MessageState.UNREADABLE for m in failed):
        for sub in rt.store.submissions():
            credited.setdefault(sub.message_key, []).append(sub)
    learned = rt.store.learned_addresses()
    return kept, [m for m in failed if units.of_stored(config, unit, m, credited.get(m.key, []), [], learned)]


# A message pending longer than this was left by a run that ended without recording an outcome.
STALE_PENDING = dt.timedelta(minutes=30)


def unfinished(rt: Runtime) -> list[MessageRow]:
    """Messages left pending by a run that never finished them (killed, out of memory), with a reason
    staff can read: none may wait silently. The next read of the mailbox tries each again, a few times."""
    cutoff = rt.clock() - STALE_PENDING
    return [
        _unfinished(rt, m) for m in rt.store.messages(states=[MessageState.PENDING]) if m.updated_at < cutoff
    ]


def _unfinished(rt: Runtime, m: MessageRow) -> MessageRow:
    """A message left pending, with its sender and subject read from its original's header (when the
    original is gone from the archive, it is listed all the same, saying so)."""
    reason = (
        f"Thư chưa xử lý xong: lần xử lý thứ {m.attempts} bị dừng giữa chừng (có thể do thiếu bộ nhớ "
        "hoặc chương trình bị tắt). Lần đọc hộp thư sau sẽ thử lại; sau vài lần không xong, thư được "
        "ghi là không xử lý được."
    )
    try:
        header = rt.archive.head(m.key, HEADER_BYTES)
    except StoreError as e:
        log.warning("unfinished message %s: %s", m.key[:12], e)
        reason += (
            f" Thư không còn bản gốc trong kho lưu trữ {rt.archive.root} nên chưa biết người gửi và tiêu đề; "
            "chạy baocao rescan để tải lại thư từ hộp thư, hoặc chép lại kho lưu trữ từ bản sao lưu."
        )
        return dataclasses.replace(m, reason=reason)
    return dataclasses.replace(with_header(m, header), reason=reason)


def find_message(rt: Runtime, ref: str) -> MessageRow:
    """The one message a Message-ID or a key prefix names."""
    ref = ref.strip()
    if not ref:
        raise NotFoundError("Chưa ghi mã thư: dùng mã trong cột «Mã thư» của baocao review hoặc Message-ID.")
    found = rt.store.find_messages(ref)
    if not found:
        raise NotFoundError(
            f"Không có thư nào có mã hoặc Message-ID «{ref}». Xem các mã thư bằng lệnh baocao review."
        )
    exact = [m for m in found if m.key == ref.lower() or m.message_id == ref.strip("<>")]
    if len(exact) == 1:
        return exact[0]
    if len(found) > 1:
        keys = ", ".join(f"{m.key[:12]} ({m.subject or 'không tiêu đề'})" for m in found[:5])
        raise AmbiguousMessageError(
            f"Mã «{ref}» khớp {len(found)} thư: {keys}. Ghi thêm vài ký tự của mã thư."
        )
    if len(ref) < SHORTEST_CODE:  # «assign 3 …»: a slip of the keyboard would move some school's report
        raise NotFoundError(
            f"Mã thư «{ref}» quá ngắn: ghi ít nhất {SHORTEST_CODE} ký tự đầu của mã trong cột «Mã thư» của "
            "baocao review, hoặc Message-ID."
        )
    return found[0]


def find_school(rt: Runtime, ref: str) -> SchoolConfig:
    """The school an id names, or that one school's whole name or alias typed in its place (letter case
    and marks aside: a clerk copies the name from a list); the closest ids suggested otherwise."""
    school = _by_id(rt, ref)
    if school is not None:
        return school
    wanted = fold(ref)
    named = [s for s in rt.config.schools if any(fold(n) == wanted for n in (s.name, *s.aliases))]
    if len(named) == 1:
        return named[0]
    if named:
        raise AmbiguousSchoolError(
            f"Có {len(named)} trường tên «{_spaced(ref)}»: {_with_ids(named)}. Gõ mã của trường cần chọn."
        )
    closest = _closest(rt, ref)
    raise NotFoundError(
        f"Không có trường mã «{ref}» trong {rt.config.path}. Có phải: {closest}? "
        f"Gõ mã trường, ví dụ {closest.split(' ', 1)[0]}."
    )


def school_named(rt: Runtime, ref: str) -> SchoolConfig:
    """The school a clerk picked or typed on the page: its id, its name written in full as the office lists
    it or one of its aliases (letter case and spacing aside; namesakes are listed told apart, «Trường Tiểu
    học Kim Đồng (xã Mỹ An)», see config._told_apart), or its level and place as people write them, «TH Mỹ
    An», «th my an», when they fit that school alone. A name several schools share or fit is refused naming
    each of them, and anything else is refused with the closest schools suggested: never a guess."""
    school = _by_id(rt, ref)
    if school is not None:
        return school
    wanted = _spaced(ref).casefold()
    for school in rt.config.schools:
        if _spaced(school.name).casefold() == wanted:
            return school
    aliased = [s for s in rt.config.schools if any(_spaced(a).casefold() == wanted for a in s.aliases)]
    if len(aliased) == 1:
        return aliased[0]
    namesakes = aliased or [
        s for s in rt.config.schools if _spaced(unqualified(s.name)[0]).casefold() == wanted
    ]
    if len(namesakes) > 1:
        raise AmbiguousSchoolError(
            f"Có {len(namesakes)} trường cùng tên «{_spaced(ref)}»: {_with_ids(namesakes)}. "
            "Chọn trường trong danh sách hoặc gõ mã trường."
        )
    fitting, whole = level_and_place(rt.config, ref)
    if whole and len(fitting) == 1:
        return fitting[0]
    if whole and len(fitting) > 1:
        raise AmbiguousSchoolError(
            f"«{_spaced(ref)}» có thể là {len(fitting)} trường: {_with_ids(fitting)}. "
            "Chọn trường trong danh sách hoặc gõ mã trường."
        )
    raise NotFoundError(
        f"Không có trường nào có mã hoặc tên «{_spaced(ref)}». Có phải: {_closest(rt, ref)}? "
        "Chọn trường trong danh sách hoặc gõ đúng mã trường."
    )


def _by_id(rt: Runtime, ref: str) -> SchoolConfig | None:
    return next((s for s in rt.config.schools if s.id == ref.strip()), None)


def _with_ids(schools: Sequence[SchoolConfig]) -> str:
    """Schools named with their ids, for a clerk to choose one: «Trường … (mã th-my-an), …»."""
    return ", ".join(f"{s.name} (mã {s.id})" for s in schools)


def _spaced(text: str) -> str:
    return " ".join(text.split())


def level_and_place(config: Config, ref: str) -> tuple[list[SchoolConfig], bool]:
    """The schools ref names by a level and a place, as mail names them («TH Mỹ An», «Tiểu học Bình Thạnh»,
    «Trường Mỹ An»), those it fits best first; and whether ref writes their place whole and nothing after
    it but a number, and, when it fits one school, that school's level and number too."""
    mention = issuer_mention(ref)
    if mention is None:
        return [], False
    registry = of_config(config, {}, {})
    found = registry.resolve(mention)
    whole = (
        found.fit is not None
        and found.fit.place == EXACT_PLACE
        and (found.fit.full or len(found.schools) > 1)
        and all(
            any(words_taken(mention, name.place) == len(mention.words) for name in registry.names[school_id])
            for school_id in found.schools
        )
    )
    return [config.school(school_id) for school_id in found.schools], whole


def _closest(rt: Runtime, ref: str) -> str:
    """The three schools closest to ref, as a hint after a refusal: those its level and place fit first,
    then those whose id and name, or one of whose aliases, are closest to it."""
    fitting = [s.id for s in level_and_place(rt.config, ref)[0]]
    named = [(s.id, f"{s.id} {fold(name)}") for s in rt.config.schools for name in (s.name, *s.aliases)]
    scored = process.extract(fold(ref), [text for _, text in named], scorer=fuzz.WRatio, limit=None)
    close = [named[at][0] for _, _, at in scored]
    return ", ".join(
        f"{key} ({rt.config.school(key).name})" for key in [*dict.fromkeys([*fitting, *close])][:3]
    )


_P = ParamSpec("_P")
_R = TypeVar("_R")


def _one_at_a_time(decide: Callable[Concatenate[Runtime, _P], _R]) -> Callable[Concatenate[Runtime, _P], _R]:
    """A decision on messages taken while no other process takes one (intake.lock.DecisionLock): the
    command line, the page and other machines each wait for the one before to be written and read."""

    @functools.wraps(decide)
    def one(rt: Runtime, *args: _P.args, **kwargs: _P.kwargs) -> _R:
        with DecisionLock(rt.store, rt.config.storage.archive):
            return decide(rt, *args, **kwargs)

    return one


@_one_at_a_time
def assign(
    rt: Runtime,
    message_ref: str,
    school_ref: str,
    *,
    by: str,
    why: str = "",
    year: int | None = None,
    report_id: str | None = None,
    seen: int | None = None,
) -> Assigned:
    """Record the message for the school (as report report_id of the season year when staff name them,
    else the plan and season the mail itself says), learn its sender's address if unregistered, and
    re-run it. seen: see _decide."""
    row = _archived(rt, find_message(rt, message_ref))
    school = find_school(rt, school_ref)
    problem = year_problem(year, "năm báo cáo") if year is not None else None
    if problem:
        raise DecisionError(problem)
    if report_id is not None:
        rt.config.report(report_id)  # a ConfigError naming the reports there are
    if year is not None:
        _check_season(rt, row, year, report_id)
    if report_id is None and row.state == MessageState.FAILED:
        # Unread, the mail says no plan: the first one is named now, so that a plan put before it in the
        # config later does not move the decision.
        report_id = rt.config.reports[0].id
    elif report_id is None and row.state == MessageState.UNREADABLE:
        # Its report unread (a mail too large to read counts for the plan its header named): that plan is
        # named now, for the same reason.
        report_id = next((s.report_id for s in rt.store.submissions(message_keys=[row.key])), None)
    now = rt.clock()
    decision = MessageDecision("assign", school.id, year, report_id)
    credited = rt.store.submissions(message_keys=[row.key])
    before = {s.school_id for s in credited}
    plans = {s.report_id for s in credited if s.school_id == school.id}
    plan = f", báo cáo {rt.config.report(report_id).short}" if report_id is not None else ""
    season = f", báo cáo năm {year}" if year is not None else ""
    what = f"gán cho {school.name} ({school.id}){plan}{season}"
    decided = _decide(rt, row, decision, by, seen, what, why)
    if not decided.done:  # the same command again: no second entry
        return Assigned(reprocess(rt, row.key), None, None, unchanged=True)
    overrode = decided.overrode
    address = _address_to_learn(rt, row)
    if address is None:
        outcome = reprocess(rt, row.key)
        moved = _plans_taken(plans, outcome, school.id)
        taken = _taken(before, outcome)
        kept = _kept(before, outcome, school.id)
        return Assigned(
            outcome,
            None,
            None,
            taken_from=taken,
            note=_note(outcome),
            plans_taken=moved,
            kept=kept,
            overrode=overrode,
        )
    known = next((a for a in rt.store.learned_history() if a.email == address and a.active), None)
    outcome = reprocess(rt, row.key)
    # A mail carrying two schools' papers (a cluster's accountant sending both) goes on counting for the
    # other school: its address is both schools', whichever of them staff assign it to.
    other = next(iter(_also_for(outcome, school.id, rt.config)), None) or _other_school(
        rt, address, row.key, school.id, known
    )
    replaced = known.school_id if known is not None and known.school_id != school.id else None
    # Reassigning the very mail that taught the address corrects a mistake: what the address credited is
    # read again in every season. Otherwise the tie ends today, and what it credited in a season closed by
    # now stands (Store.dated_ties).
    dated = known is not None and known.message_key != row.key
    rerun: tuple[Rerun, ...] = ()
    if other is None:
        rt.store.learn_address(address, school.id, row.key, now, dated=dated)
        if replaced is not None:
            # The address moves to another school: what it alone credited to the first is read again as the
            # new school's, and what still counts for the first by its own papers shows it is both schools'.
            rerun = _rerun_from(rt, address, row.key)
            other = _still_counting_for(rt, address, row.key, replaced)
        if other is None:
            log.info("address %s learned for %s from message %s", address, school.id, row.message_id)
            taken = _taken(before, outcome)
            moved = _plans_taken(plans, outcome, school.id)
            note, kept = _note(outcome), _kept(before, outcome, school.id)
            return Assigned(
                outcome,
                address,
                replaced,
                rerun=rerun,
                taken_from=taken,
                note=note,
                plans_taken=moved,
                kept=kept,
                overrode=overrode,
            )
        known = dataclasses.replace(known, school_id=school.id) if known is not None else None
        dated = False  # the first school's tie was kept dated as it moved; this one stood for no mail
    # Staff have now tied mail from this address to two schools (a principal or clerk serving
    # both): it tells neither apart, so mail from it that names no school waits for staff.
    if known is not None and rt.store.forget_address(address, now, dated=dated):
        audit.write(
            rt.store,
            at=now,
            actor=by,
            action="forget-address",
            target=f"school:{known.school_id}",
            detail=f"gỡ địa chỉ {address}: địa chỉ gửi thư của cả {rt.config.name_of(other)} và {school.name}",
        )
    log.info("address %s sends for %s and %s: not matched", address, other, school.id)
    rerun = _merged_reruns(rerun, _rerun_from(rt, address, row.key))
    taken = _taken(before, outcome)
    moved = _plans_taken(plans, outcome, school.id)
    return Assigned(
        outcome,
        None,
        None,
        shared=other,
        rerun=rerun,
        taken_from=taken,
        note=_note(outcome),
        plans_taken=moved,
        kept=_kept(before, outcome, school.id),
        overrode=overrode,
    )


@dataclass(frozen=True)
class Split:
    """The office's mail of several schools' reports, counted for each school its paper names."""

    outcome: Outcome
    unchanged: bool = False  # staff had decided just this before: nothing was recorded again
    overrode: AuditEntry | None = None  # another person's decision in force before, replaced (_decide)

    def says(self, config: Config) -> tuple[str, ...]:
        """What staff are told, on the command line and the page alike: the schools it now counts for,
        at the time the mail came, and what still waits for them."""
        counted = ", ".join(dict.fromkeys(config.school(s.school_id).name for s in self.outcome.submissions))
        when = local_time(self.outcome.submissions[0].received_at, config.district.timezone)
        said = [f"Thư được tính là báo cáo của {counted}, nhận lúc {when}."]
        if self.outcome.reviews:
            said.append(f"Phần còn lại của thư vẫn chờ xem xét: {self.outcome.reviews[0].reason}")
        return tuple(said)


def splittable(row: MessageRow) -> bool:
    """Whether staff may count the message for each school its papers name (split): the office's own
    mail, which alone carries other schools' reports, whether it waits for them or they decided about it
    before (assigned it to one school, took it out); a school's own mail is assigned to that school. The
    page offers «Tính cho từng trường» by this rule too."""
    return row.internal


@_one_at_a_time
def split(rt: Runtime, message_ref: str, *, by: str, why: str = "", seen: int | None = None) -> Split:
    """Count the office's own mail carrying several schools' reports (a commune officer passing on what
    the schools gave them) for each school whose paper names it, each with its own paper, at the time the
    mail came: one assignment names one school, and passing each report on again in a mail of its own
    would date it the day staff sent it, after the deadline as often as not. seen: see _decide."""
    row = _archived(rt, find_message(rt, message_ref))
    if not splittable(row):
        raise DecisionError(
            f"thư {row.key[:12]} không phải thư của cán bộ: chỉ thư cán bộ gửi kèm báo cáo của nhiều trường "
            "mới được tính cho từng trường. Thư của một trường thì gán cho trường đó (baocao assign)."
        )
    decision, before = MessageDecision("split"), rt.store.decision(row.key)
    decided = _decide(rt, row, decision, by, seen)  # audited below, once it counts for a school
    if not decided.done:
        return Split(reprocess(rt, row.key), unchanged=True)
    outcome = reprocess(rt, row.key)
    if not outcome.submissions:  # nothing recorded: the mail stands as it did
        if before is None:
            rt.store.undecide(row.key)
        else:
            rt.store.decide(row.key, before, rt.clock())
        reprocess(rt, row.key)
        raise DecisionError(
            f"không văn bản nào trong thư {row.key[:12]} ghi rõ tên trường, nên không tính được cho trường "
            "nào. Gán thư cho trường của báo cáo (baocao assign)."
        )
    counted = ", ".join(dict.fromkeys(rt.config.name_of(s.school_id) for s in outcome.submissions))
    _audit(rt, row, "split", f"tính cho từng trường văn bản ghi tên: {counted}", by, why)
    return Split(outcome, overrode=decided.overrode)


def _note(outcome: Outcome) -> bool:
    """Whether the message assigned counts with no report in it (SubmissionRow.note), as the mail itself
    was read: whether it waited in review or staff had taken it out first."""
    return bool(outcome.submissions) and all(s.note for s in outcome.submissions)


def _kept(before: set[str], outcome: Outcome, school_id: str) -> tuple[str, ...]:
    """The other schools of before the message still counts for once assigned to school_id: each keeps
    the report of its own in it (intake.pipeline._staff_choice)."""
    return tuple(sorted(before & {s.school_id for s in outcome.submissions} - {school_id}))


def _also_for(outcome: Outcome, school_id: str, config: Config) -> tuple[str, ...]:
    """The other schools the message assigned to school_id counts for, each with its own paper in it (the
    school school_id was merged into, which its report counts for, is school_id's)."""
    tz = config.district.timezone
    merged = {
        successor.id
        for s in outcome.submissions
        if (
            successor := config.successor_on(
                school_id, deadline_of(config.report(s.report_id), s.year, tz).date()
            )
        )
    }
    return tuple(sorted({s.school_id for s in outcome.submissions} - {school_id, *merged}))


def _still_counting_for(rt: Runtime, address: str, key: str, school_id: str) -> str | None:
    """school_id when other mail from address, read again as another school's address, still counts for it in
    key's season or a later one: its own papers name it."""
    now = _seasons(rt, {key}).get(key)
    held = [
        s for s in rt.store.submissions(sender=address) if s.message_key != key and s.school_id == school_id
    ]
    return school_id if any(now is None or s.year >= now for s in held) else None


def _merged_reruns(first: Sequence[Rerun], then: Sequence[Rerun]) -> tuple[Rerun, ...]:
    """Mail read again twice in one decision, each as it stood before the first reading and after the last;
    what ends where it began is left out."""
    began = {r.key: r.before for r in first}
    merged = {r.key: r for r in first}
    for r in then:
        merged[r.key] = dataclasses.replace(r, before=began.get(r.key, r.before))
    return tuple(r for r in merged.values() if r.before != r.after)


def _credited(rt: Runtime, key: str) -> set[str]:
    return {s.school_id for s in rt.store.submissions(message_keys=[key])}


def _plans_taken(before: set[str], outcome: Outcome, school_id: str) -> tuple[str, ...]:
    """The reports of before the message counts for no longer for school_id, once decided and read again."""
    return tuple(sorted(before - {s.report_id for s in outcome.submissions if s.school_id == school_id}))


def _taken(before: set[str], outcome: Outcome) -> tuple[str, ...]:
    """The schools of before the message counts for no longer, once decided and read again."""
    return tuple(sorted(before - {s.school_id for s in outcome.submissions}))


def _rerun_from(rt: Runtime, address: str, done: str) -> tuple[Rerun, ...]:
    """Read again every other message credited from address (but done, the one decided), now that the
    school it is learned for changed or it is forgotten: mail credited on that address alone would go on
    counting for the school staff just said it is not. Those whose schools changed."""
    before: dict[str, set[str]] = {}
    for sub in rt.store.submissions(sender=address):
        if sub.message_key != done:
            before.setdefault(sub.message_key, set()).add(sub.school_id)
    changed = []
    for key, schools in sorted(before.items()):
        outcome = reprocess(rt, key)
        after = {s.school_id for s in outcome.submissions}
        if after != schools:
            row = rt.store.message(key)
            subject = row.subject if row is not None else ""
            changed.append(Rerun(key, subject, tuple(sorted(schools)), tuple(sorted(after)), outcome.state))
    return tuple(changed)


def _check_season(rt: Runtime, row: MessageRow, year: int, report_id: str | None) -> None:
    """Refuse a season that had not begun when the message came: `--year 2030` typed for 2026 would
    count a report four years before its season. So is one more than a season before it, unless the mail
    itself (its subject or its papers) says that year: 2019 typed for 2021 made a report of 2021 two
    years late and opened a season of 2019 in which every other school was missing."""
    reviews = rt.store.reviews(message_key=row.key)
    submissions = rt.store.submissions(message_keys=[row.key])
    recorded = [r.report_id for r in reviews if r.report_id]
    recorded += [s.report_id for s in submissions]
    recorded = [r for r in recorded if r in {c.id for c in rt.config.reports}]  # one since removed: no
    report = rt.config.report(report_id or next(iter(recorded), rt.config.reports[0].id))
    tz = rt.config.district.timezone
    latest = nearest_season(report, row.received_at, tz)
    if year > latest:
        raise DecisionError(
            f"thư nhận ngày {local_date(row.received_at, tz)} không thể là báo cáo năm {year}: đợt báo cáo năm "
            f"{year} (hạn nộp {local_date(deadline_of(report, year, tz), tz)}) chưa bắt đầu khi thư đến; đợt gần "
            f"nhất lúc đó là năm {latest}. Kiểm tra lại năm báo cáo."
        )
    # The subject the school wrote states the year as well as its papers: «Gửi bổ sung báo cáo NQ121 năm
    # 2024» over a paper signed the day it was sent, which the pipeline read as the running season's.
    said = {r.year for r in reviews} | {s.year for s in submissions} | set(years_written(row.subject, report))
    if year < latest - 1 and year not in said:
        raise DecisionError(
            f"thư nhận ngày {local_date(row.received_at, tz)}, tiêu đề thư và văn bản trong thư không ghi là báo "
            f"cáo năm {year}: "
            f"báo cáo năm {year} (hạn nộp {local_date(deadline_of(report, year, tz), tz)}) thì thư đến muộn hơn "
            f"một năm. Đợt gần nhất lúc thư đến là năm {latest}. Kiểm tra lại năm báo cáo."
        )


def elsewhere(outcome: Outcome, school_id: str, config: Config) -> str | None:
    """What became of a message assigned to a school when it does not count for that school: the school
    is off the season's roster, so the report counts for the school it was merged into, or waits for
    staff again (rosters.assigned_off_roster). None when it counts for the school assigned."""
    if outcome.state == MessageState.REVIEW:
        return f"Thư vẫn chờ xem xét: {outcome.reason}"
    tz = config.district.timezone
    for sub in outcome.submissions:
        day = deadline_of(config.report(sub.report_id), sub.year, tz).date()
        successor = config.successor_on(school_id, day)
        if successor is not None and successor.id == sub.school_id:
            return (
                f"{config.school(school_id).name} đã sáp nhập vào {successor.name} trước hạn nộp báo cáo năm "
                f"{sub.year}: báo cáo được tính cho {successor.name}."
            )
    return None


def _other_school(
    rt: Runtime, address: str, key: str, school_id: str, known: LearnedAddress | None
) -> str | None:
    """Another school that other messages sent from the address tie it to, if any: the school it was
    learned for while the message that taught it still stands assigned there, the school of any other
    assigned message sent from it, or a school its own papers counted a message from it for (one header
    naming it, or two schools' papers in one mail). Reassigning the teaching message itself corrects the
    address rather than adding a school: what the address alone credited to its school is read again."""
    standing = {k: s for k, s in rt.store.assigned_from(address).items() if k != key}
    taught = known is not None and known.message_key != key
    if known is not None and taught and _assigned_to(rt, known.message_key) == known.school_id:
        standing[known.message_key] = known.school_id  # taught by the office forwarding its mail
    # Mail of an earlier season is no second school: whoever uses the address has moved school since
    # (a principal transferred in the summer), and the address moves with them.
    seasons = _seasons(rt, {key, *standing})
    now = seasons.get(key)
    tied = [(s, seasons.get(k, now)) for k, s in standing.items() if s is not None]
    moving = known.school_id if known is not None and not taught else None
    tied += [
        (s.school_id, s.year)
        for s in rt.store.submissions(sender=address)
        if s.message_key != key and s.school_id != moving
    ]
    return next(
        (
            s
            for s, season in tied
            if s != school_id and not (now is not None and season is not None and season < now)
        ),
        None,
    )


def _seasons(rt: Runtime, keys: set[str]) -> dict[str, int]:
    """The season (year) each message is recorded for: the year staff chose, else the latest year of its
    submissions or of what waits for staff."""
    found = rt.store.message_years(keys)
    for key in keys:
        decision = rt.store.decision(key)
        if decision is not None and decision.year is not None:
            found[key] = decision.year
    return found


def _assigned_to(rt: Runtime, key: str) -> str | None:
    decision = rt.store.decision(key)
    return decision.school_id if decision is not None and decision.action == "assign" else None


@dataclass(frozen=True)
class Withdrawn:
    """A message taken out of the reports (rejected, or the office's own mail)."""

    outcome: Outcome
    forgotten: str | None  # the address its assignment had taught, no longer tied to that school
    # Whose own mail it is, as a sentence says: "Phòng", a unit, or the office's short name (units.whose_mail).
    whose: str = "Phòng"
    # The other mail from the forgotten address whose schools changed once it was forgotten.
    rerun: tuple[Rerun, ...] = ()
    unchanged: bool = False  # staff had decided just this before: nothing was recorded again
    taken_from: tuple[str, ...] = ()  # the schools the message counted for before and no longer does
    overrode: AuditEntry | None = None  # another person's decision in force before, replaced (_decide)

    def says(self, config: Config) -> tuple[str, ...]:
        """What staff are told besides that the message is taken out, on the command line and the page
        alike: the address forgotten, and what that moved."""
        forgotten = (
            f"Đã gỡ địa chỉ {self.forgotten}, được ghi nhớ khi gán thư này: thư sau từ địa chỉ này chờ cán bộ "
            "chọn trường nếu văn bản không ghi tên trường."
        )
        return (*((forgotten,) if self.forgotten else ()), *moved_note(self.rerun, self.taken_from, config))


@_one_at_a_time
def reject(rt: Runtime, message_ref: str, *, by: str, why: str = "", seen: int | None = None) -> Withdrawn:
    """Take the message out of the reports and the review list for good (re-runs honour it). seen: see
    _decide."""
    return _take_out(rt, message_ref, "reject", "loại khỏi danh sách báo cáo", by, why, seen)


@_one_at_a_time
def mark_internal(
    rt: Runtime, message_ref: str, *, by: str, why: str = "", seen: int | None = None
) -> Withdrawn:
    """Record the message as the office's own mail: never a school's report, never answered. seen: see
    _decide."""
    return _take_out(rt, message_ref, "internal", "ghi là thư của chính {whose}", by, why, seen)


def _take_out(
    rt: Runtime, message_ref: str, action: str, detail: str, by: str, why: str, seen: int | None
) -> Withdrawn:
    """Decide that the message is no school's report (action "reject" or "internal"), record it in the
    audit log, run it again under the decision, and release what it held as a note cancelling mail.
    detail may name {whose}: the unit of the mailbox it came to, else whoever collects that day."""
    row = _archived(rt, find_message(rt, message_ref))
    whose = units.whose_mail(rt.config, row)
    held = cancelled(rt.store, rt.store.reviews(message_key=row.key))
    before = _credited(rt, row.key)
    decided = _decide(rt, row, MessageDecision(action), by, seen, detail.format(whose=whose), why)
    if not decided.done:  # the same command again
        return Withdrawn(reprocess(rt, row.key), None, whose, unchanged=True)
    forgotten = _unlearn(rt, row, by)
    outcome = reprocess(rt, row.key)
    rerun = _rerun_from(rt, forgotten, row.key) if forgotten else ()
    _release(rt, row, held, by)
    return Withdrawn(
        outcome, forgotten, whose, rerun, taken_from=_taken(before, outcome), overrode=decided.overrode
    )


def _release(rt: Runtime, note: MessageRow, held: frozenset[str], by: str) -> None:
    """Record that the reports the note asked to cancel, held while it waited, count again now that staff
    took the note out (unless another note still holds them): the scheduler acknowledges them then
    (audit.released_since), as it does mail staff assign, since the school believes them cancelled."""
    still = cancelled(rt.store, rt.store.reviews())
    # A mail the note asked to cancel while it waited for staff, credited to none, held nothing.
    counted = {s.message_key for s in rt.store.submissions(message_keys=sorted(held - still))}
    for key in sorted((held - still) & counted):
        row = rt.store.message(key)
        if row is None:
            continue
        _audit(
            rt,
            row,
            "release",
            f"báo cáo được tính lại vì cán bộ đã loại thư xin hủy «{note.subject}» ({note.key[:12]})",
            by,
            "",
        )


def _unlearn(rt: Runtime, row: MessageRow, by: str) -> str | None:
    """Forget the address this message's assignment taught, now that staff take the message out: the
    address was tied to the school only by that assignment, and left in force (without the season of a
    report, which the message no longer records) it would give the school every later mail from it,
    in any season. Reassigning the message moves the address instead (assign)."""
    taught = next((a for a in rt.store.learned_history() if a.message_key == row.key and a.active), None)
    if taught is None:
        return None
    detail = (
        f"gỡ địa chỉ {taught.email}: thư mà từ đó địa chỉ này được ghi nhớ cho {rt.config.name_of(taught.school_id)} "
        "đã bị loại"
    )
    if not _forget(rt, taught, by, detail, dated=False):
        return None
    log.info("address %s forgotten: message %s taken out", taught.email, row.message_id)
    return taught.email


def _archived(rt: Runtime, row: MessageRow) -> MessageRow:
    """The message, when its original is in the archive: a decision is applied by reading it again, so
    one taken on a message whose original is gone would be recorded (and logged) but not applied until
    the original came back, and the status would go on saying otherwise meanwhile."""
    if not rt.archive.path(row.key).is_file():
        raise DecisionError(
            f"thư {row.key[:12]} không còn bản gốc trong kho lưu trữ {rt.archive.root}: không ghi quyết định "
            "nào, tình trạng đã ghi giữ nguyên. Chạy baocao rescan để tải lại thư từ hộp thư (hoặc chép lại "
            "kho lưu trữ từ bản sao lưu), rồi làm lại."
        )
    return row


def _decide(
    rt: Runtime,
    row: MessageRow,
    decision: MessageDecision,
    by: str,
    seen: int | None,
    what: str | None = None,
    why: str = "",
) -> Decided:
    """Record staff's decision on the message and its audit entry (what it says; None: the caller writes
    it once the decision took) in one transaction that holds the message's lock (kernel.decisions.hold):
    two processes deciding at once (two pages on two servers, a page and the command line, two machines
    on one database) are one after the other, each checking what the other wrote. Not done, recording
    nothing, when the decision stood already and nobody else changed the message since the asker looked;
    done, with the entry of another person's decision it replaced, if any.

    seen: the id of the message's latest audit entry when the asker looked at it (0: none). Another entry
    since refuses the decision (ChangedMeanwhileError): the asker decided on a page that no longer says
    how the message stands. Their own form sent twice is no change by another: nothing more is recorded.
    None: the asker saw no page (the command line, which names the decision it wants now): the decision
    in force is replaced, after any other process's decision is written, never in the middle of one."""
    with rt.store.begin() as conn:
        hold(conn, "message", row.key)
        entries = audit.since(conn, f"message:{row.key}", 0)
        since = [e for e in entries if seen is not None and e.id > seen]
        standing = rt.store.decision(row.key)
        if standing == decision and all(e.actor == by for e in since):
            return Decided(False)
        if since:
            raise ChangedMeanwhileError(since[0])
        latest = next((e for e in entries if e.action in _DECISIONS), None)
        rt.store.decide(row.key, decision, rt.clock())
        if what is not None:
            _audit(rt, row, decision.action, what, by, why)
    overrode = latest if standing is not None and latest is not None and latest.actor != by else None
    return Decided(True, overrode)


_DECISIONS = ("assign", "split", "reject", "internal")  # the audit actions of a decision on a message


@dataclass(frozen=True)
class Decided:
    """What _decide did."""

    done: bool  # False: the decision stood already; nothing was recorded
    overrode: AuditEntry | None = None  # the entry of another person's decision in force before, replaced


def overrode_note(entry: AuditEntry, config: Config) -> str:
    """What the command line says of another person's decision in force that its own replaced: it shows
    no page, so it is not refused as a page's form is (_decide), but it never replaces one silently: the
    clerk reads what stood and who decided it, to put it back if it came after they looked."""
    when = local_time(entry.at, config.district.timezone)
    return (
        f"Lưu ý: thư đã được {entry.actor} quyết định lúc {when} ({entry.detail}); quyết định đó nay được "
        "thay bằng quyết định này."
    )


def _audit(rt: Runtime, row: MessageRow, action: str, what: str, by: str, why: str) -> None:
    subject = f"«{row.subject}»" if row.subject else "(không tiêu đề)"
    detail = f"Thư {subject} từ {row.sender or 'không rõ'}: {what}"
    audit.write(
        rt.store,
        at=rt.clock(),
        actor=by,
        action=action,
        target=f"message:{row.key}",
        detail=detail,
        reason=why,
    )


def learned(rt: Runtime, unit: str | None = None) -> list[LearnedAddress]:
    """Every address staff assignments taught, the forgotten ones too, newest first; with unit, those
    of its schools: the school's unit in the season of the mail that taught the address (see
    kernel.units.of_season), or on the day it was learned when that mail credits the school no more."""
    known = rt.store.learned_history()
    if unit is None:
        return known
    rt.config.unit(unit)  # a ConfigError naming the units there are
    seasons = {(s.message_key, s.school_id): (s.report_id, s.year) for s in rt.store.submissions()}

    def unit_of(address: LearnedAddress) -> str | None:
        report_id, year = seasons.get((address.message_key, address.school_id), (None, None))
        return units.of_season(rt.config, address.school_id, report_id, year, address.created_at)

    return [a for a in known if unit_of(a) == unit]


class TiedToSeveralError(DecisionError):
    """Raised when staff ask to read every season's mail from an address again, as learned by mistake,
    and it was learned for more than one school without their saying for which the mistake was."""


@_one_at_a_time
def forget(
    rt: Runtime, email: str, *, by: str, all_seasons: bool = False, schools: Collection[str] = ()
) -> Forgotten:
    """Stop matching mail from a learned address; the next mail from it waits for review again, and so
    does the mail of the running season already credited on that address alone (Rerun). Mail of a season
    closed by now, received while the address was the school's, keeps counting (Store.dated_ties), unless
    all_seasons: the address was learned by mistake, and every season's mail is read again, mail kept by
    an earlier forgetting as well. schools: the schools it is forgotten for (the page's, or those the clerk
    names); an address that moved from school to school was learned by mistake for those only, and goes on
    deciding for the others as it did. Unsaid, the school it is learned for now, or with all_seasons the
    one school it was ever learned for (TiedToSeveralError when several)."""
    email = email.strip().lower()
    history = [a for a in learned(rt) if a.email == email]
    known = next((a for a in history if a.active), None)
    dated = rt.store.dated_ties([email])
    tied = tuple(s.school_id for s in datedties.spans(known, dated))
    if not schools and all_seasons and len(tied) > 1:
        raise TiedToSeveralError(_tied_to_several(email, known, dated, rt.config))
    deciding = tied if all_seasons else () if known is None else (known.school_id,)
    asked = tuple(schools) or deciding
    if strangers := [s for s in asked if s not in deciding]:
        raise NotFoundError(_not_learned_for(email, strangers, known, dated, rt.config))
    detail = f"gỡ địa chỉ {email}{ALL_SEASONS_NOTE if all_seasons else ''}"
    undone = {t.school_id for t in dated if t.school_id in asked} if all_seasons else set()
    if undone:
        rt.store.undate_address(email, undone)
    ended = (
        known is not None
        and known.school_id in asked
        and _forget(rt, known, by, detail, dated=not all_seasons)
    )
    for school in sorted(undone - ({known.school_id} if ended and known is not None else set())):
        _say_forgotten(rt, school, by, detail)
    if not ended and not undone:
        listing = [s.name for s in rt.config.schools if email in (e.lower() for e in s.emails)]
        if listing:
            raise NotFoundError(
                f"Địa chỉ {email} là địa chỉ đăng ký của {', '.join(listing)} trong config.toml, không phải địa "
                "chỉ đã ghi nhớ: muốn bỏ, xóa địa chỉ khỏi mục emails của trường trong config.toml."
            )
        raise NotFoundError(
            f"Địa chỉ {email} không nằm trong danh sách địa chỉ đã ghi nhớ. Xem danh sách bằng lệnh baocao "
            "addresses."
        )
    # Taken before the credited mail is read again, some of which then waits as well.
    waiting = sorted(
        {r.message_key for r in rt.store.reviews() if r.sender.lower() == email}
        - {s.message_key for s in rt.store.submissions(sender=email)}
    )
    decided = history[0].message_key if history else ""
    rerun = (*_rerun_from(rt, email, decided), *_rerun_waiting(rt, waiting))
    stays = known.school_id if known is not None and not ended else None
    kept = tuple(s for s in tied if s not in asked and s != stays) if all_seasons else ()
    forgotten = tuple(s for s in tied if s in asked)
    return Forgotten(email, forgotten, stays, kept, rerun)


def _tied_to_several(
    email: str, known: LearnedAddress | None, dated: Sequence[DatedTie], config: Config
) -> str:
    """What staff are told when they ask to read every season's mail from an address learned for several
    schools, naming none: each school and when, and how to name the one it was learned for by mistake."""
    spans = datedties.spans(known, dated)
    stays = (
        f" (địa chỉ vẫn là của {config.name_of(known.school_id)}, thư sau từ địa chỉ vẫn được tính cho trường ấy)"
        if known is not None
        else ""
    )
    return (
        f"Chưa gỡ: địa chỉ {email} đã được ghi nhớ cho {len(spans)} trường: {ties_note(spans, config)}. Ghi "
        "rõ trường mà địa chỉ bị ghi nhớ nhầm bằng --school MÃ_TRƯỜNG (mỗi trường một lần --school): thư đã "
        "được tính cho trường ấy nhờ địa chỉ được đọc lại ở mọi năm, cả đợt báo cáo đã khép lại; trường không "
        f"ghi thì giữ như trước{stays}, thư của trường ấy ở các đợt đã khép lại vẫn được tính. Ví dụ: baocao "
        f"addresses --forget {email} --all-seasons --school {spans[0].school_id}."
    )


def _not_learned_for(
    email: str,
    strangers: Sequence[str],
    known: LearnedAddress | None,
    dated: Sequence[DatedTie],
    config: Config,
) -> str:
    """What staff are told when they name a school the address is not learned for (no tie that decides)."""
    spans = datedties.spans(known, dated)
    names = ", ".join(config.name_of(s) for s in strangers)
    learned_for = (
        f"địa chỉ được ghi nhớ cho: {ties_note(spans, config)}"
        if spans
        else "địa chỉ không còn được ghi nhớ cho trường nào"
    )
    return f"Chưa gỡ: địa chỉ {email} không được ghi nhớ cho {names}; {learned_for}."


def _rerun_waiting(rt: Runtime, keys: Sequence[str]) -> tuple[Rerun, ...]:
    """Read again the mail from a forgotten address that waits for staff (keys): its reasons told staff
    the address was tied to a school, and its candidates offered that school on the address. Those that
    now count (mail the address alone held back, its paper naming another school)."""
    changed = []
    for key in keys:
        outcome = reprocess(rt, key)
        if outcome.submissions:
            after = tuple(sorted({s.school_id for s in outcome.submissions}))
            row = rt.store.message(key)
            changed.append(Rerun(key, row.subject if row is not None else "", (), after, outcome.state))
    return tuple(changed)


def _forget(rt: Runtime, address: LearnedAddress, by: str, detail: str, *, dated: bool) -> bool:
    """Stop matching mail from a learned address (dated: see Store.forget_address) and say so in the audit
    log; False when it was forgotten already."""
    if not rt.store.forget_address(address.email, rt.clock(), dated=dated):
        return False
    _say_forgotten(rt, address.school_id, by, detail)
    return True


def _say_forgotten(rt: Runtime, school_id: str, by: str, detail: str) -> None:
    """The audit log's entry of a learned address staff had forgotten for a school (detail: what was done)."""
    audit.write(
        rt.store,
        at=rt.clock(),
        actor=by,
        action="forget-address",
        target=f"school:{school_id}",
        detail=detail,
    )


def history(
    rt: Runtime, school_ref: str, report_id: str | None = None, unit: str | None = None
) -> list[HistoryEntry]:
    """Every submission of a school, oldest first; the latest version per report and year is the current
    one, as the status counts it (an unreadable file, a supplement or an older version arriving late sent
    later does not replace it: SubmissionRow.version).
    With unit, only the seasons in which that unit collected the school (see kernel.units.of_season)."""
    school = find_school(rt, school_ref)
    if report_id is not None:
        rt.config.report(report_id)  # a ConfigError naming the reports there are, not "no report yet"
    if unit is not None:
        rt.config.unit(unit)  # a ConfigError naming the units there are
    subs = sorted(
        (
            s
            for s in rt.store.submissions(report_id=report_id, school_id=school.id)
            if unit is None
            or units.of_season(rt.config, s.school_id, s.report_id, s.year, s.received_at) == unit
        ),
        key=lambda s: (s.report_id, s.year, s.received_at),
    )
    seasons: dict[tuple[str, int], list[SubmissionRow]] = {}
    for s in subs:
        seasons.setdefault((s.report_id, s.year), []).append(s)
    held = cancelled(rt.store, rt.store.reviews())
    copies = {
        (*where, key): original
        for where, season in seasons.items()
        for key, original in copied_from(season).items()
    }
    latest = {
        (s.report_id, s.year): s
        for s in subs
        if s.version and (s.report_id, s.year, s.message_key) not in copies and s.message_key not in held
    }
    checks = rt.store.sender_checks(s.message_key for s in subs)
    replaced = _replaced(rt, [s for s in subs if s.message_key in held])
    return [
        HistoryEntry(
            s,
            latest.get((s.report_id, s.year)) is s,
            checks.get(s.message_key),
            copies.get((s.report_id, s.year, s.message_key)),
            s.message_key in held,
            replaced.get(s.message_key),
        )
        for s in subs
    ]


def _replaced(rt: Runtime, held: Sequence[SubmissionRow]) -> dict[str, SubmissionRow]:
    """The later report that replaced each of these held submissions, by message key, as its season's status
    says (kernel.status.Withheld.replaced_by): of those whose note asking to cancel them no longer waits."""
    configured = {r.id for r in rt.config.reports}
    found: dict[str, SubmissionRow] = {}
    for report_id, year in dict.fromkeys((s.report_id, s.year) for s in held if s.report_id in configured):
        status = season_status(
            rt.config, rt.store, rt.config.report(report_id), year, present(rt.store, rt.clock())
        )
        found |= {w.submission.message_key: w.replaced_by for w in status.withheld if w.replaced_by}
    return found


def exemption_note(rt: Runtime, school_id: str, report_id: str, year: int) -> str:
    """What staff are told when they exempt a school whose report of the season counts (history's
    current one): exempted, that report counts no more. "" when none counts."""
    counted = next(
        (e.submission for e in history(rt, school_id, report_id) if e.current and e.submission.year == year),
        None,
    )
    if counted is None:
        return ""
    received = local_date(counted.received_at, rt.config.district.timezone)
    return (
        f"Lưu ý: {rt.config.school(school_id).name} đã gửi báo cáo {rt.config.report(report_id).short} năm {year}, nhận ngày "
        f"{received}; miễn nộp thì báo cáo đó không còn được tính: trường được ghi «Miễn nộp», số liệu, khó "
        "khăn và đề xuất của trường không được tổng hợp. Nếu cần tính báo cáo đó, bỏ quyết định miễn nộp."
    )


def _address_to_learn(rt: Runtime, row: MessageRow) -> str | None:
    """The sender, or for a forward the one original sender; never a registered one. Whoever forwards
    another's mail (the office, or an officer's own mailbox the config does not list) is not the
    school: learning the forwarder would give the school their next mail that names none. Nor is the
    sender of mail no person wrote (a document system's noreply@ or vanban@, which every unit using the
    system shares): learned, it gave the school every other unit's notice that named none."""
    office = rt.config.office_addresses
    senders = list(row.forwarded_from) if row.sender in office or row.forwarded_from else [row.sender]
    registered = {e for s in rt.config.schools for e in s.emails}
    if len(senders) != 1 or not senders[0] or senders[0] in registered or senders[0] in office:
        return None
    if row.automatic:  # no person's address: a document system's, shared by every unit using it
        return None
    return senders[0]
