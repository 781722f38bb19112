"""Which rules (Config.rules) the machines sharing one database read mail by: a machine whose config.toml
differs from another's is told before it reads that machine's mail again.

A machine is a host and the config.toml it runs with. Every process that reads, works or reads again
(run, poll, worker, import, rescan, reprocess) records its machine's rules and the time, a long-running
one again at each heartbeat of its work (kernel/work.py). Another machine counts for RECENT after it
was last seen: long enough for a machine that reads its mailbox from cron every few hours, short enough
that a machine switched off for good stops counting by the next day. One machine whose config.toml was
edited writes over its own row, so reading its mail again by the new rules is never refused. A machine
switched off for good is forgotten at once by `baocao machines --forget HOST` (forget), unless it was seen
within the lease, when it may still be running. A reader (`run`, `poll`) is not refused but warned at start
(warn): the mail it brings in is read once, by its rules, and workers with other rules leave it alone.
"""

from __future__ import annotations

import datetime as dt
import logging
import socket
from dataclasses import dataclass

from sqlalchemy import Column, String, Table, delete, or_, select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.sql.elements import ColumnElement

from kernel import audit
from kernel.config import Config
from kernel.errors import ConfigError, MachineError, StoreError
from kernel.runtime import utc_now
from kernel.store import Store, UTCDateTime, database_said, insert_new, metadata
from kernel.timefmt import in_words

log = logging.getLogger(__name__)

RECENT = dt.timedelta(days=1)

machines = Table(
    "machines",
    metadata,
    Column("host", String(255), primary_key=True),
    Column("config", String(1000), primary_key=True),  # the path of its config.toml
    Column("rules", String(16), nullable=False),  # Config.rules
    Column("seen_at", UTCDateTime, nullable=False),
)


@dataclass(frozen=True)
class Machine:
    host: str
    config: str  # the path of its config.toml
    rules: str

    @classmethod
    def of(cls, config: Config) -> Machine:
        """This machine, running with config."""
        return cls(socket.gethostname(), str(config.path), config.rules)

    def named(self) -> str:
        return f"máy {self.host} (tệp {self.config})"


@dataclass(frozen=True)
class Seen:
    machine: Machine
    at: dt.datetime


def record(store: Store, machine: Machine) -> None:
    """The machine reads mail by its rules, as of now."""
    now = utc_now()
    values = {"host": machine.host, "config": machine.config, "rules": machine.rules, "seen_at": now}
    try:
        with store.begin() as conn:
            if conn.execute(insert_new(conn, machines), values).rowcount == 1:
                return  # seen for the first time
            conn.execute(
                update(machines)
                .where(machines.c.host == machine.host, machines.c.config == machine.config)
                .values(rules=machine.rules, seen_at=now)
            )
    except SQLAlchemyError as e:
        raise StoreError(f"không ghi được máy đang chạy baocao vào cơ sở dữ liệu: {database_said(e)}") from e


def differing(store: Store, machine: Machine) -> list[Seen]:
    """The other machines seen within RECENT that read mail by other rules than machine's, latest first."""
    return _seen(
        store,
        or_(machines.c.host != machine.host, machines.c.config != machine.config),
        machines.c.rules != machine.rules,
        machines.c.seen_at >= utc_now() - RECENT,
    )


def known(store: Store) -> list[Seen]:
    """Every machine the database knows, whenever it was last seen, latest first."""
    return _seen(store)


def _seen(store: Store, *where: ColumnElement[bool]) -> list[Seen]:
    query = (
        select(machines).where(*where).order_by(machines.c.seen_at.desc(), machines.c.host, machines.c.config)
    )
    try:
        with store.engine.connect() as conn:
            rows = conn.execute(query).all()
    except SQLAlchemyError as e:
        raise StoreError(
            f"không đọc được các máy đang chạy baocao từ cơ sở dữ liệu: {database_said(e)}"
        ) from e
    return [Seen(Machine(r.host, r.config, r.rules), r.seen_at) for r in rows]


def forget(
    store: Store, host: str, config: str | None, *, running: dt.timedelta, tz: dt.tzinfo, by: str
) -> Seen:
    """Remove the machine host (the one running with the config.toml at config, when given) from the
    database, so that its rules stop counting at once, and return it as it was last seen; the audit log
    records that by forgot it, in the same transaction.

    Raise MachineError when the database knows no such machine, or several (one host running baocao with
    two config.toml), or saw it within running (the lease): it may still be running, and its heartbeat
    would only record it again."""
    where = [machines.c.host == host] + ([machines.c.config == config] if config is not None else [])
    found = _seen(store, *where)
    if not found:
        with_file = f" chạy với tệp {config}" if config is not None else ""
        raise MachineError(f"cơ sở dữ liệu không có máy {host}{with_file}; xem các máy bằng: baocao machines")
    if len(found) > 1:
        files = ", ".join(s.machine.config for s in found)
        raise MachineError(
            f"máy {host} chạy baocao với {len(found)} tệp cấu hình ({files}): ghi thêm --path và đường dẫn tệp "
            f"của máy cần bỏ, ví dụ: baocao machines --forget {host} --path {found[-1].machine.config}"
        )
    [seen] = found
    cutoff = utc_now() - running
    if seen.at >= cutoff:
        raise _still_running(seen, running, tz)
    try:
        with store.begin() as conn:
            gone = conn.execute(delete(machines).where(*where, machines.c.seen_at < cutoff)).rowcount
            if gone:
                audit.record(
                    conn,
                    at=utc_now(),
                    actor=by,
                    action="forget-machine",
                    target=f"machine:{host}",
                    detail=f"Tệp cấu hình {seen.machine.config}, lần cuối chạy lúc {in_words(seen.at, tz)}.",
                )
    except SQLAlchemyError as e:
        raise StoreError(f"không xóa được máy khỏi cơ sở dữ liệu: {database_said(e)}") from e
    if not gone:  # seen again meanwhile
        raise _still_running(Seen(seen.machine, utc_now()), running, tz)
    return seen


def _still_running(seen: Seen, running: dt.timedelta, tz: dt.tzinfo) -> MachineError:
    return MachineError(
        f"{seen.machine.named()} có thể vẫn đang chạy baocao: lần cuối lúc {in_words(seen.at, tz)}, cách đây chưa quá "
        f"{running.total_seconds():.0f} giây ([storage].lease_seconds). Máy còn chạy thì chép cùng một "
        "config.toml sang máy ấy và khởi động lại baocao ở đó; máy đã thôi chạy thì dừng hẳn baocao trên máy "
        "ấy rồi chạy lại lệnh này sau ít phút."
    )


def said(found: list[Seen], tz: dt.tzinfo) -> str:
    """How the machines found are named: «máy b1 (tệp /srv/baocao/config.toml), lần cuối lúc 07:30 ngày
    18/10/2021; …»."""
    return "; ".join(f"{s.machine.named()}, lần cuối lúc {in_words(s.at, tz)}" for s in found)


def agree(store: Store, config: Config) -> None:
    """Raise ConfigError when another machine on the database read mail by other rules within RECENT:
    reading mail again here would count it otherwise than there, and each machine would undo what the
    other read. Otherwise record this machine. A machine refused is not recorded, so a draft config.toml
    tried once never locks out the one in use."""
    here = Machine.of(config)
    found = differing(store, here)
    if not found:
        record(store, here)
        return
    tz = config.district.timezone
    until = in_words(found[0].at + RECENT, tz)
    raise ConfigError(
        f"tệp cấu hình {config.path} của máy này khác với của máy khác dùng chung cơ sở dữ liệu "
        f"({said(found, tz)}): danh sách trường, địa chỉ, báo cáo hoặc đơn vị không giống nhau, nên đọc lại "
        "thư ở đây sẽ tính thư khác với máy kia và hai máy sửa đi sửa lại kết quả của nhau. Chép cùng một "
        "config.toml sang mọi máy, khởi động lại baocao trên các máy ấy rồi chạy lại; chưa thư nào được ghi. "
        f"Máy nào đã thôi chạy baocao thì không được tính nữa từ {until}, hoặc bỏ ngay bằng lệnh "
        f"{forgetting(found, here)}.{_same_host(found, here)}"
    )


def _same_host(found: list[Seen], here: Machine) -> str:
    """What to do when the other machine is this one run with another config.toml: a copy being edited,
    or the file the daemon still runs with."""
    if any(s.machine.host != here.host for s in found):
        return ""
    return (
        " Tệp kia ở ngay trên máy này: nếu baocao run vẫn chạy bằng tệp ấy thì sửa thẳng tệp ấy rồi khởi "
        "động lại baocao run; nếu đó là bản cũ hay bản nháp không dùng nữa thì bỏ nó bằng lệnh trên."
    )


def warn(store: Store, config: Config) -> None:
    """Record this machine, then log a warning when another machine on the database read mail by other
    rules within RECENT: a reader goes on (the mail it brings in is read once, by its rules, and a worker
    with other rules leaves it on the queue), but the two machines count mail differently."""
    here = Machine.of(config)
    record(store, here)
    found = differing(store, here)
    if found:
        log.warning(
            "tệp cấu hình %s của máy này khác với của máy khác dùng chung cơ sở dữ liệu (%s): thư mới máy này "
            "nhận được tính theo tệp của máy này, khác với máy kia, và thư do máy kia nhận không được xử lý ở "
            "đây. Chép cùng một config.toml sang mọi máy rồi khởi động lại baocao trên các máy ấy; máy đã thôi "
            "chạy baocao thì bỏ bằng lệnh %s",
            config.path,
            said(found, config.district.timezone),
            forgetting(found, here),
        )


def forgetting(found: list[Seen], here: Machine) -> str:
    """The command that forgets the machines found, once switched off: «baocao machines --forget b1»,
    with the config file of one that runs on this machine's host too (the host alone would name both), and
    with TÊN_MÁY for several."""
    if len(found) > 1:
        return "baocao machines --forget TÊN_MÁY"
    [seen] = found
    path = f" --path {seen.machine.config}" if seen.machine.host == here.host else ""
    return f"baocao machines --forget {seen.machine.host}{path}"


def reread_note(store: Store, config: Config) -> str:
    """The line that tells staff, after status or a read, that mail was read by config.toml as it was before
    an edit and stands as then read until `baocao reprocess`; "" when none was, or when another machine on
    the database reads by another file (reading again here would only undo its reading: doctor says so)."""
    count = store.read_by_other_rules(config.rules)
    if not count or differing(store, Machine.of(config)):
        return ""
    return (
        f"Lưu ý: {count} thư được đọc theo tệp cấu hình trước khi sửa (trường, địa chỉ, báo cáo hoặc đơn vị "
        "đã đổi) và vẫn được tính như lúc đọc: chạy baocao reprocess để đọc lại theo tệp hiện tại."
    )
