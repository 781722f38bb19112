"""Which collecting unit an entry of the audit log concerns, for `baocao audit --unit`, and whose
the mail an entry calls the office's own is (labels).

The log records what was changed as a target: a school, a message or a staff account. What we chose:
- a school's entry belongs to the unit that collected the school in the season the change is about,
  as kernel.units.of_season decides: a decision (extension, exemption, paper copy, or its undoing)
  is about its report and year, found through the decision the entry was written with; an entry
  about no season (a forgotten address) goes by the day of the change;
- a message's entry belongs to the units the message concerns now (kernel.units.of_stored): the
  unit whose mailbox it was read from, and the units of the schools it is credited to or still
  names as candidates. A message rejected or called the office's own names no school any more:
  its entries follow its mailbox and the school whose own address sent it;
- entries about staff accounts, and about mail that names no school, came from an address of no
  school and reached no unit's mailbox, are the office's, not any unit's: they show only in the whole
  log (without --unit).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from kernel import decisions, units
from kernel.audit import AuditEntry
from kernel.config import Config
from kernel.store import ReviewRow, Store, SubmissionRow


def of_unit(config: Config, store: Store, unit: str, entries: Sequence[AuditEntry]) -> list[AuditEntry]:
    """The entries, in their order, that concern unit (see the module's docstring)."""
    config.unit(unit)  # a ConfigError naming the units there are
    seasons: dict[tuple[str, dt.datetime], tuple[str, int]] = {}
    for d in decisions.history(store):
        # A decision and its audit entry are written in one transaction with the same moment.
        for moment in (d.decided_at, d.undone_at):
            if moment is not None:
                seasons[(d.school_id, moment)] = (d.report_id, d.year)
    credited: dict[str, list[SubmissionRow]] = {}
    waiting: dict[str, list[ReviewRow]] = {}
    keys = [e.target.partition(":")[2] for e in entries if e.target.startswith("message:")]
    rows = store.messages_by_key(keys)
    learned = store.learned_addresses()
    if keys:
        for sub in store.submissions():
            credited.setdefault(sub.message_key, []).append(sub)
        for review in store.reviews():
            waiting.setdefault(review.message_key, []).append(review)

    def concerns(entry: AuditEntry) -> bool:
        kind, _, ident = entry.target.partition(":")
        if kind == "school":
            report_id, year = seasons.get((ident, entry.at), (None, None))
            return units.of_season(config, ident, report_id, year, entry.at) == unit
        if kind == "message":
            row = rows.get(ident)
            if row is None:
                return False
            return units.of_stored(
                config, unit, row, credited.get(ident, []), waiting.get(ident, []), learned
            )
        return False  # a staff account or a machine: the office's

    return [e for e in entries if concerns(e)]


def labels(config: Config, store: Store, entries: Sequence[AuditEntry]) -> dict[int, str]:
    """What each entry did, as the log shows it (AuditEntry.label), by id; mail marked as staff's own
    named after whose it is (kernel.units.whose_mail): «Thư của Phòng», «Thư của UBND xã Mỹ An», or
    «Thư của Phòng GD&ĐT Thủ Thừa» (the office's short name) when several units collect. A commune has no
    Phòng."""
    own = [e for e in entries if e.action == "internal" and e.target.startswith("message:")]
    rows = store.messages_by_key(e.target.partition(":")[2] for e in own)
    found = {e.id: e.label for e in entries}
    for e in own:
        row = rows.get(e.target.partition(":")[2])
        if row is not None:
            found[e.id] = f"Thư của {units.whose_mail(config, row)}"
    return found
