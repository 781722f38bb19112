"""An office upgrading keeps its database: the migrations bring the first release's schema to today's,
once, on SQLite and PostgreSQL, with the rows still readable; and they build exactly the tables the
code defines."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    DateTime,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    create_engine,
    insert,
    inspect,
)

# Every module that defines a table, so that the metadata compared below is the whole schema.
import app.web.sessions  # noqa: F401
import intake.locations  # noqa: F401
import intake.readings  # noqa: F401
import kernel.audit  # noqa: F401
import kernel.deadlines  # noqa: F401
import kernel.decisions  # noqa: F401
import kernel.freshness  # noqa: F401
import kernel.machines  # noqa: F401
import kernel.work  # noqa: F401
import scheduler.outbox  # noqa: F401
from intake.locations import Locations
from intake.readings import cached_reading
from kernel import schema
from kernel.freshness import Freshness
from kernel.store import Store, metadata
from scheduler.outbox import Outbox

pytestmark = pytest.mark.real_migrations  # each new database here is built by the migrations

ROOT = Path(__file__).resolve().parent.parent
T0 = dt.datetime(2021, 10, 20, 1, 30)  # naive UTC, as the first release stored it


def _release_schema() -> MetaData:
    """The tables as the first release (intake/store.py at 97b17b5) created them, written out again."""
    old = MetaData()
    Table(
        "mailboxes",
        old,
        Column("mailbox", String(300), primary_key=True),
        Column("uidvalidity", BigInteger, nullable=False),
        Column("last_uid", BigInteger, nullable=False, default=0),
    )
    Table(
        "locations",
        old,
        Column("mailbox", String(300), primary_key=True),
        Column("uidvalidity", BigInteger, primary_key=True),
        Column("uid", BigInteger, primary_key=True),
        Column("message_key", String(64), nullable=False, index=True),
    )
    Table(
        "messages",
        old,
        Column("key", String(64), primary_key=True),
        Column("message_id", String(500), nullable=False, index=True),
        Column("source", String(300), nullable=False),
        Column("sender", String(300), nullable=False, default=""),
        Column("subject", Text, nullable=False, default=""),
        Column("received_at", DateTime, nullable=False),
        Column("state", String(20), nullable=False),
        Column("reason", Text, nullable=False, default=""),
        Column("detail", Text, nullable=False, default=""),
        Column("attempts", Integer, nullable=False, default=0),
        Column("updated_at", DateTime, nullable=False),
    )
    Table(
        "submissions",
        old,
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("message_key", String(64), nullable=False, index=True),
        Column("message_id", String(500), nullable=False),
        Column("report_id", String(100), nullable=False),
        Column("year", Integer, nullable=False),
        Column("school_id", String(100), nullable=False),
        Column("received_at", DateTime, nullable=False),
        Column("sender", String(300), nullable=False, default=""),
        *(Column(name, JSON, nullable=False) for name in ("files", "sections_found", "sections_missing")),
        Column("figures", JSON, nullable=False),
        Column("evidence", JSON, nullable=False),
        Column("origin", String(20), nullable=False, default="auto"),
        UniqueConstraint("message_key", "report_id", "school_id", name="uq_submission"),
    )
    Table(
        "reviews",
        old,
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("message_key", String(64), nullable=False, index=True),
        Column("message_id", String(500), nullable=False),
        Column("report_id", String(100), nullable=True),
        Column("year", Integer, nullable=True),
        Column("sender", String(300), nullable=False, default=""),
        Column("subject", Text, nullable=False, default=""),
        Column("received_at", DateTime, nullable=False),
        Column("reason", Text, nullable=False),
        Column("candidates", JSON, nullable=False),
        Column("files", JSON, nullable=False),
        UniqueConstraint("message_key", "report_id", name="uq_review"),
    )
    Table(
        "decisions",
        old,
        Column("message_key", String(64), primary_key=True),
        Column("action", String(20), nullable=False),
        Column("school_id", String(100), nullable=True),
        Column("decided_at", DateTime, nullable=False),
    )
    Table(
        "learned_addresses",
        old,
        Column("email", String(300), primary_key=True),
        Column("school_id", String(100), nullable=False),
        Column("message_key", String(64), nullable=False),
        Column("created_at", DateTime, nullable=False),
        Column("active", Integer, nullable=False, default=1),
    )
    Table(
        "parse_cache",
        old,
        Column("sha256", String(64), primary_key=True),
        Column("version", String(20), primary_key=True),
        Column("reading", JSON, nullable=False),
        Column("created_at", DateTime, nullable=False),
    )
    Table(
        "outbox",
        old,
        Column("key", String(300), primary_key=True),
        Column("kind", String(30), nullable=False),
        Column("report_id", String(100), nullable=True),
        Column("year", Integer, nullable=True),
        Column("school_id", String(100), nullable=True),
        Column("recipients", JSON, nullable=False),
        Column("subject", Text, nullable=False),
        Column("message", LargeBinary, nullable=False),
        Column("state", String(20), nullable=False),
        Column("attempts", Integer, nullable=False, default=0),
        Column("next_attempt_at", DateTime, nullable=True),
        Column("last_error", Text, nullable=False, default=""),
        Column("created_at", DateTime, nullable=False),
        Column("sent_at", DateTime, nullable=True),
    )
    return old


def _release_database(url: str) -> None:
    """A database as an office running the first release has it: its tables, its rows, no alembic_version."""
    old = _release_schema()
    engine = create_engine(url)
    with engine.begin() as conn:
        old.create_all(conn)
        t = old.tables
        conn.execute(
            insert(t["messages"]).values(
                key="a" * 64,
                message_id="m1@truong.edu.vn",
                source="imap",
                sender="c1myan@x.vn",
                subject="Báo cáo NQ121 Trường TH Mỹ An",
                received_at=T0,
                state="report",
                reason="Địa chỉ đã đăng ký",
                detail="",
                attempts=1,
                updated_at=T0,
            )
        )
        conn.execute(
            insert(t["submissions"]).values(
                message_key="a" * 64,
                message_id="m1@truong.edu.vn",
                report_id="nq121",
                year=2021,
                school_id="th-my-an",
                received_at=T0,
                sender="c1myan@x.vn",
                files=["Báo cáo NQ 121.docx"],
                sections_found=["chi_dao"],
                sections_missing=[],
                figures={"buoi": {"value": 3}},
                evidence=["lý do"],
                origin="auto",
            )
        )
        conn.execute(insert(t["mailboxes"]).values(mailbox="INBOX", uidvalidity=7, last_uid=42))
        conn.execute(
            insert(t["locations"]).values(mailbox="INBOX", uidvalidity=7, uid=42, message_key="a" * 64)
        )
        conn.execute(
            insert(t["parse_cache"]).values(sha256="b" * 64, version="v1", reading={"x": 1}, created_at=T0)
        )
        conn.execute(
            insert(t["outbox"]).values(
                key="reminder:nq121:2021:th-my-an:d7",
                kind="reminder",
                report_id="nq121",
                year=2021,
                school_id="th-my-an",
                recipients={"to": ["c1myan@x.vn"], "cc": []},
                subject="Nhắc nộp báo cáo",
                message=b"...",
                state="sent",
                attempts=1,
                last_error="",
                created_at=T0,
                sent_at=T0,
            )
        )
    engine.dispose()


def _differences(store: Store) -> list[object]:
    with store.engine.connect() as conn:
        return list(compare_metadata(MigrationContext.configure(conn), metadata))


def _snapshot(store: Store) -> dict[str, list[tuple[str, str, bool]]]:
    found = inspect(store.engine)
    return {
        name: [(c["name"], str(c["type"]), c["nullable"]) for c in found.get_columns(name)]
        for name in sorted(found.get_table_names())
    }


def test_a_database_of_the_first_release_is_upgraded_and_keeps_its_rows(database_url: str) -> None:
    """The store only created missing tables: a database made by the first release kept its old
    messages and submissions tables, and the first read of a column added since then failed."""
    _release_database(database_url)
    store = Store.open(database_url)
    try:
        message = store.message("a" * 64)
        assert message is not None
        assert (message.subject, message.received_at) == (
            "Báo cáo NQ121 Trường TH Mỹ An",
            T0.replace(tzinfo=dt.UTC),
        )
        assert (message.automatic, message.internal, message.forwarded_from, message.warnings) == (
            False,
            False,
            (),
            (),
        )
        assert message.content_key is None and message.sender_check is None
        (submission,) = store.submissions(report_id="nq121", year=2021)
        assert submission.school_id == "th-my-an" and submission.readable
        assert (submission.problems, submission.signatures) == ((), ())
        assert Locations(store).mailbox_state("INBOX") == (7, 42)
        assert Locations(store).seen_uids("INBOX", 7) == {42}
        assert cached_reading(store, "b" * 64, "v1") == {"x": 1}
        assert [e.state for e in Outbox(store).entries()] == ["sent"]
        assert Freshness(store).reads() == {}
        assert _differences(store) == []
    finally:
        store.close()


def test_a_mailbox_reads_table_from_before_needs_admin_gets_the_column(database_url: str) -> None:
    """Databases made by a version between the release and migrations have mailbox_reads without
    needs_admin (and no alembic_version); reading them failed."""
    _release_database(database_url)
    engine = create_engine(database_url)
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "CREATE TABLE mailbox_reads (mailbox VARCHAR(300) PRIMARY KEY, read_through TIMESTAMP, "
            "failing_since TIMESTAMP, error TEXT NOT NULL DEFAULT '')"
        )
        conn.exec_driver_sql("INSERT INTO mailbox_reads (mailbox, error) VALUES ('old', '')")
    engine.dispose()
    store = Store.open(database_url)
    try:
        reads = Freshness(store)
        reads.mark_failing(
            "new", "từ chối đăng nhập", dt.datetime(2021, 10, 1, tzinfo=dt.UTC), needs_admin=True
        )
        found = reads.reads()
        assert found["new"].needs_admin and not found["old"].needs_admin
    finally:
        store.close()


def test_the_migrations_build_the_tables_the_code_defines(database_url: str) -> None:
    """A table or column added to the code without a revision would be missing from every office's
    database; the revisions and the metadata must say the same thing."""
    store = Store.open(database_url)
    try:
        assert _differences(store) == []
        with store.engine.connect() as conn:
            assert schema.revision(conn) == schema.HEAD
    finally:
        store.close()


def test_head_names_the_newest_revision() -> None:
    """Store.open skips Alembic when the database is at HEAD: a stale HEAD would skip a revision."""
    config = Config()
    config.set_main_option("script_location", str(schema.MIGRATIONS))
    assert ScriptDirectory.from_config(config).get_heads() == [schema.HEAD]


def test_upgrading_twice_changes_nothing(database_url: str) -> None:
    _release_database(database_url)
    store = Store.open(database_url)
    try:
        before = _snapshot(store)
        schema.upgrade(store.engine)
        assert _snapshot(store) == before
        assert store.message("a" * 64) is not None
        with store.engine.connect() as conn:
            assert schema.revision(conn) == schema.HEAD
    finally:
        store.close()


def test_processes_opening_a_new_database_at_once_all_succeed(database_url: str) -> None:
    """Processes starting together (the daemon, a cron job, the web page) must not trip over each other
    while the first of them creates the schema."""
    script = "import sys; from kernel.store import Store; Store.open(sys.argv[1]).close()"
    starts = [
        subprocess.Popen([sys.executable, "-c", script, database_url], cwd=ROOT, stderr=subprocess.PIPE)
        for _ in range(4)
    ]
    errors = [p.communicate()[1].decode() for p in starts]
    assert [p.returncode for p in starts] == [0, 0, 0, 0], errors
    store = Store.open(database_url)
    try:
        assert _differences(store) == []
    finally:
        store.close()


def test_a_database_at_0008_gets_the_table_of_season_deadlines(database_url: str) -> None:
    """An office on 0008 upgrades: the deadline each season ran with is kept from then on."""
    from alembic import command

    from kernel import deadlines

    engine = create_engine(database_url)
    with engine.connect() as conn:
        config = Config()
        config.set_main_option("script_location", str(schema.MIGRATIONS))
        config.attributes["connection"] = conn
        command.upgrade(config, "0008")
        conn.commit()
        assert not inspect(conn).has_table("season_deadlines")
    engine.dispose()
    store = Store.open(database_url)
    try:
        with store.begin() as conn:
            conn.execute(
                insert(deadlines.season_deadlines).values(
                    report_id="nq121",
                    year=2025,
                    deadline=dt.date(2025, 10, 25),
                    recorded_at=T0.replace(tzinfo=dt.UTC),
                )
            )
        assert deadlines.recorded(store) == {("nq121", 2025): dt.date(2025, 10, 25)}
        assert _differences(store) == []
    finally:
        store.close()


def test_a_database_at_0010_keeps_the_order_its_reports_of_one_second_were_counted_in(
    database_url: str,
) -> None:
    """Two reports of a school received in the same second counted in the order a reprocess read them
    again (by key), not the mailbox's. Upgraded, the messages recorded before keep the order the status
    counted them in (here the later key first, as the mailbox had them), and the next message read takes
    its place after them."""
    from alembic import command

    from kernel.store import MessageRow, MessageState, SubmissionRow, messages, submissions

    engine = create_engine(database_url)
    with engine.connect() as conn:
        config = Config()
        config.set_main_option("script_location", str(schema.MIGRATIONS))
        config.attributes["connection"] = conn
        command.upgrade(config, "0010")
        when = T0.replace(tzinfo=dt.UTC)
        for key in ("b" * 64, "a" * 64):  # read in this order: the submission of "a" is the later one
            conn.execute(
                insert(messages).values(
                    key=key,
                    message_id=f"{key[0]}@x",
                    source="imap",
                    received_at=when,
                    state="report",
                    updated_at=when,
                )
            )
            conn.execute(
                insert(submissions).values(
                    message_key=key,
                    message_id=f"{key[0]}@x",
                    report_id="nq121",
                    year=2021,
                    school_id="th-my-an",
                    received_at=when,
                    files=[],
                    sections_found=[],
                    sections_missing=[],
                    figures={},
                    evidence=[],
                )
            )
        conn.commit()
    engine.dispose()
    store = Store.open(database_url)
    try:
        later = "0" * 64  # the smallest key of all, read last
        row = MessageRow(later, "0@x", "imap", "", "", when, MessageState.REPORT, "", "", 1, when)
        sub = SubmissionRow(later, "0@x", "nq121", 2021, "th-my-an", when, "", (), (), (), {}, ())
        store.record_outcome(row, [sub], [])
        assert [s.message_key[0] for s in store.submissions(report_id="nq121", year=2021)] == ["b", "a", "0"]
        assert [m.key[0] for m in store.messages()] == ["b", "a", "0"]
        assert [m.read_order for m in store.messages()] == [1, 2, 3]
        assert _differences(store) == []
    finally:
        store.close()


def test_a_database_at_0011_keeps_its_accounts_as_the_whole_offices(database_url: str) -> None:
    """An office on 0011 upgrades: its accounts gain the unit they are bound to, none, and keep seeing
    every unit; an account bound to a unit can be made from then on."""
    from alembic import command
    from argon2 import PasswordHasher

    from app.web import accounts
    from app.web.roles import Role
    from kernel.config import UnitConfig

    engine = create_engine(database_url)
    with engine.connect() as conn:
        config = Config()
        config.set_main_option("script_location", str(schema.MIGRATIONS))
        config.attributes["connection"] = conn
        command.upgrade(config, "0011")
        when = T0.replace(tzinfo=dt.UTC)
        old = Table("web_users", MetaData(), autoload_with=conn)
        assert "unit" not in old.c
        conn.execute(
            insert(old).values(
                username="vanthu",
                password_hash=PasswordHasher().hash("mat-khau-van-thu"),
                role="clerk",
                full_name="Lê Thị Thu",
                created_at=when,
                changed_at=when,
            )
        )
        conn.commit()
    engine.dispose()
    store = Store.open(database_url)
    try:
        kept = accounts.verify(store, "vanthu", "mat-khau-van-thu")
        assert kept is not None and kept.unit is None and kept.role == Role.CLERK
        unit = UnitConfig("xa-my-an", "UBND xã Mỹ An", ())
        accounts.add(
            store, "canbo.myan", "mat-khau-xa-my-an", Role.CLERK, full_name="", by="t", now=when, unit=unit
        )
        bound = accounts.get(store, "canbo.myan")
        assert bound is not None and bound.unit == "xa-my-an"
        assert _differences(store) == []
    finally:
        store.close()


def test_a_database_at_0013_still_knows_the_replies_to_the_mail_it_sent_before(database_url: str) -> None:
    """An office on 0013 upgrades: the acknowledgement it sent TH Mỹ An before is still found by the
    Message-ID a reply to it names (the send log now finds it by the digest that Message-ID holds), and so
    is one sent after the upgrade; a Message-ID of another domain or of no mail of ours names none."""
    from alembic import command

    from kernel import mailids
    from scheduler.outgoing import MailKind, Outgoing

    engine = create_engine(database_url)
    with engine.connect() as conn:
        config = Config()
        config.set_main_option("script_location", str(schema.MIGRATIONS))
        config.attributes["connection"] = conn
        command.upgrade(config, "0013")
        old = Table("outbox", MetaData(), autoload_with=conn)
        assert "message_hash" not in old.c
        when = T0.replace(tzinfo=dt.UTC)
        conn.execute(
            insert(old).values(
                key="ack:nq121:2021:th-my-an:a1",
                kind="ack",
                report_id="nq121",
                year=2021,
                school_id="th-my-an",
                recipients={"to": ["c1myan@pgd.edu.vn"], "cc": []},
                subject="Đã nhận báo cáo",
                message=b"Subject: x\r\n\r\nx\r\n",
                state="sent",
                attempts=1,
                last_error="",
                created_at=when,
            )
        )
        conn.commit()
    engine.dispose()
    store = Store.open(database_url)
    try:
        sent_before = f"<{mailids.make('ack:nq121:2021:th-my-an:a1', 'pgd.edu.vn')}>"
        assert store.schools_written([sent_before], "pgd.edu.vn") == ("th-my-an",)
        assert store.schools_written([sent_before.upper()], "pgd.edu.vn") == ("th-my-an",)
        assert store.schools_written([sent_before], "other.edu.vn") == ()
        unknown = mailids.make("ack:nq121:2021:th-tan-an:z9", "pgd.edu.vn")
        assert store.schools_written([unknown], "pgd.edu.vn") == ()
        item = Outgoing(
            kind=MailKind.REMINDER,
            report="nq121",
            year=2021,
            school_id="th-tan-an",
            to=("c1tanan@pgd.edu.vn",),
            cc=(),
            subject="Nhắc nộp báo cáo",
            text="…",
            html=None,
            attachments=(),
            key="remind:nq121:2021:th-tan-an:1",
        )
        assert Outbox(store.engine).add(item, b"Subject: y\r\n\r\ny\r\n", when)
        sent_after = mailids.make(item.key, "pgd.edu.vn")
        assert store.schools_written([sent_after, sent_before], "pgd.edu.vn") == ("th-my-an", "th-tan-an")
        assert _differences(store) == []
    finally:
        store.close()
