"""Reads attachments through the parse cache, so a re-scan never repeats OCR."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from typing import Any

from sqlalchemy import JSON, Column, String, Table, insert, select
from sqlalchemy.exc import IntegrityError

from kernel.store import Store, UTCDateTime, metadata
from parsers import read
from parsers.document import Document, Failure, Header, Limits, Page, Reading

# Parsed attachments by SHA-256 and parser version, so a re-scan never repeats OCR.
parse_cache = Table(
    "parse_cache",
    metadata,
    Column("sha256", String(64), primary_key=True),
    Column("version", String(20), primary_key=True),
    Column("reading", JSON, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
)


def read_cached(store: Store, name: str, data: bytes, limits: Limits, now: dt.datetime) -> Reading:
    sha = hashlib.sha256(data).hexdigest()
    cached = cached_reading(store, sha)
    if cached is not None:
        return _renamed(from_json(cached), name)
    reading = read.read_attachment(name, data, limits)
    if not any(f.code == "timeout" for f in reading.failures):  # a timeout may pass on a quieter machine
        cache_reading(store, sha, to_json(reading), now)
    return reading


def cached_reading(store: Store, sha256: str) -> dict[str, Any] | None:
    store.ensure(parse_cache)
    with store.engine.connect() as conn:
        row = conn.execute(
            select(parse_cache.c.reading).where(
                parse_cache.c.sha256 == sha256, parse_cache.c.version == read.PARSER_VERSION
            )
        ).first()
    return row.reading if row else None


def cache_reading(store: Store, sha256: str, reading: dict[str, Any], now: dt.datetime) -> None:
    store.ensure(parse_cache)
    try:
        with store.begin() as conn:
            conn.execute(
                insert(parse_cache).values(
                    sha256=sha256, version=read.PARSER_VERSION, reading=reading, created_at=now
                )
            )
    except IntegrityError:
        pass  # another process cached the same file first; both readings are equal


def _renamed(reading: Reading, name: str) -> Reading:
    """The same bytes may arrive under another file name; label the cached reading with this one."""

    def rename(old: str) -> str:
        head, sep, rest = old.partition("/")
        return name + sep + rest if sep else name

    return Reading(
        tuple(dataclasses.replace(d, name=rename(d.name)) for d in reading.documents),
        tuple(dataclasses.replace(f, name=rename(f.name)) for f in reading.failures),
    )


def to_json(reading: Reading) -> dict[str, Any]:
    return dataclasses.asdict(reading, dict_factory=_json_dict)


def _json_dict(items: list[tuple[str, Any]]) -> dict[str, Any]:
    return {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in items}


def from_json(data: dict[str, Any]) -> Reading:
    def header(h: dict[str, Any]) -> Header:
        h = dict(h)
        if h.get("date"):
            h["date"] = dt.date.fromisoformat(h["date"])
        return Header(**h)

    def document(d: dict[str, Any]) -> Document:
        d = dict(d)
        d["pages"] = tuple(Page(**p) for p in d["pages"])
        d["header"] = header(d["header"])
        d["warnings"] = tuple(d["warnings"])
        return Document(**d)

    return Reading(
        tuple(document(d) for d in data["documents"]), tuple(Failure(**f) for f in data["failures"])
    )
