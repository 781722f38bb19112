"""What the province benchmarks check in the store after a run: duplicate rows and each message's state."""

from __future__ import annotations

from sqlalchemy import func, select

from kernel.store import Store, messages, reviews, submissions


def duplicates(store: Store) -> dict[str, int]:
    """Rows that should be unique and are not: a Message-ID recorded twice, a school's submission
    recorded twice from one message, a message put in review twice. Every count must be 0."""
    checks = {
        "messages per Message-ID": (messages.c.message_id,),
        "submissions per message and school": (
            submissions.c.message_key,
            submissions.c.school_id,
            submissions.c.report_id,
            submissions.c.year,
        ),
        "reviews per message": (reviews.c.message_key,),
    }
    found: dict[str, int] = {}
    with store.engine.connect() as conn:
        for name, columns in checks.items():
            grouped = select(*columns, func.count().label("n")).group_by(*columns).subquery()
            extra = select(func.coalesce(func.sum(grouped.c.n - 1), 0)).where(grouped.c.n > 1)
            found[name] = int(conn.execute(extra).scalar_one())
    return found


def states(store: Store) -> dict[str, str]:
    """Message key -> its recorded state."""
    with store.engine.connect() as conn:
        return {row.key: row.state for row in conn.execute(select(messages.c.key, messages.c.state))}


def submissions_by_message(store: Store) -> dict[str, set[tuple[str, bool]]]:
    """Message-ID -> the (school id, readable?) pairs recorded from it."""
    found: dict[str, set[tuple[str, bool]]] = {}
    for row in store.submissions():
        found.setdefault(row.message_id, set()).add((row.school_id, row.readable))
    return found
