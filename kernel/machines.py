"""Which rules (Config.rules) the machines sharing one database read mail by: a machine whose config.toml
differs from another's is told before it reads that machine's mail again.

A machine is a host and the config.toml it runs with. Every process that reads, works or reads again
(run, poll, worker, import, rescan, reprocess) records its machine's rules and the time, a long-running
one again at each heartbeat of its work (kernel/work.py). Another machine counts for RECENT after it
was last seen: long enough for a machine that reads its mailbox from cron every few hours, short enough
that a machine switched off for good stops counting by the next day. One machine whose config.toml was
edited writes over its own row, so reading its mail again by the new rules is never refused.
"""

from __future__ import annotations

import datetime as dt
import socket
from dataclasses import dataclass

from sqlalchemy import Column, String, Table, or_, select, update
from sqlalchemy.exc import SQLAlchemyError

from kernel.config import Config
from kernel.errors import ConfigError, StoreError
from kernel.runtime import utc_now
from kernel.store import Store, UTCDateTime, database_said, insert_new, metadata
from kernel.timefmt import in_words

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
    now = utc_now()
    query = (
        select(machines)
        .where(
            or_(machines.c.host != machine.host, machines.c.config != machine.config),
            machines.c.rules != machine.rules,
            machines.c.seen_at >= now - RECENT,
        )
        .order_by(machines.c.seen_at.desc())
    )
    try:
        with store.engine.connect() as conn:
            rows = conn.execute(query).all()
    except SQLAlchemyError as e:
        raise StoreError(
            f"không đọc được các máy đang chạy baocao từ cơ sở dữ liệu: {database_said(e)}"
        ) from e
    return [Seen(Machine(r.host, r.config, r.rules), r.seen_at) for r in rows]


def said(found: list[Seen], tz: dt.tzinfo) -> str:
    """How the machines found are named: «máy b1 (tệp /srv/baocao/config.toml), lần cuối lúc 07:30 ngày
    18/10/2021; …»."""
    return "; ".join(f"{s.machine.named()}, lần cuối lúc {in_words(s.at, tz)}" for s in found)


def agree(store: Store, config: Config) -> None:
    """Record this machine, then raise ConfigError when another machine on the database read mail by other
    rules within RECENT: reading mail again here would count it otherwise than there, and each machine
    would undo what the other read."""
    machine = Machine.of(config)
    record(store, machine)
    found = differing(store, machine)
    if not found:
        return
    tz = config.district.timezone
    until = in_words(found[0].at + RECENT, tz)
    raise ConfigError(
        f"tệp cấu hình {config.path} của máy này khác với của máy khác dùng chung cơ sở dữ liệu "
        f"({said(found, tz)}): danh sách trường, địa chỉ, báo cáo hoặc đơn vị không giống nhau, nên đọc lại "
        "thư ở đây sẽ tính thư khác với máy kia và hai máy sửa đi sửa lại kết quả của nhau. Chép cùng một "
        "config.toml sang mọi máy, khởi động lại baocao trên các máy ấy rồi chạy lại; chưa thư nào được ghi. "
        f"Máy nào đã thôi chạy baocao thì không được tính nữa từ {until}."
    )
