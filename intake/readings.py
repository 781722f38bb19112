"""Reads attachments through the parse cache, so a re-scan never repeats OCR."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from typing import Any

from sqlalchemy import JSON, Column, String, Table, bindparam, delete, select
from sqlalchemy.engine import Connection

from kernel.store import Store, UTCDateTime, insert_new, metadata
from parsers import read
from parsers.document import (
    Document,
    Failure,
    FailureCode,
    Header,
    Limits,
    Page,
    Reading,
    Signature,
    SignatureStatus,
    TrustAnchors,
)
from parsers.ocr import PageReader, recognise_all

# Parsed attachments by SHA-256 and parser version, so a re-scan never repeats OCR.
parse_cache = Table(
    "parse_cache",
    metadata,
    Column("sha256", String(64), primary_key=True),
    Column("version", String(20), primary_key=True),
    Column("reading", JSON, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
)
_CACHED = select(parse_cache.c.reading).where(
    parse_cache.c.sha256 == bindparam("wanted"), parse_cache.c.version == bindparam("version_of")
)


def read_cached(
    store: Store,
    name: str,
    data: bytes,
    limits: Limits,
    now: dt.datetime,
    trust: TrustAnchors = TrustAnchors(),  # noqa: B008 - frozen
    ocr: PageReader = recognise_all,
    passwords: tuple[str, ...] = (),
) -> Reading:
    """The reading of a file, cached; one locked with a password is read again with passwords (those its
    mail states), and that reading is not cached: it depends on the mail, and the cache keeps no password."""
    reading = _read_cached(store, name, data, limits, now, trust, ocr)
    if passwords and any(f.code == FailureCode.ENCRYPTED for f in reading.failures):
        return read.read_attachment(name, data, limits, trust, ocr, passwords)
    return reading


def _read_cached(
    store: Store,
    name: str,
    data: bytes,
    limits: Limits,
    now: dt.datetime,
    trust: TrustAnchors,
    ocr: PageReader,
) -> Reading:
    sha = hashlib.sha256(data).hexdigest()
    version = cache_version(trust)
    cached = cached_reading(store, sha, version)
    if cached is not None:
        return _renamed(from_json(cached), name)
    reading = read.read_attachment(name, data, limits, trust, ocr)
    if not timed_out(reading):  # a timeout may pass on a quieter machine
        cache_reading(store, sha, version, to_json(reading), now)
    return reading


def timed_out(reading: Reading) -> bool:
    """Whether OCR ran out of time on the file, or on one of its pages."""
    return any(f.code == FailureCode.TIMEOUT for f in reading.failures) or any(
        p.timed_out for d in reading.documents for p in d.pages
    )


def cache_version(trust: TrustAnchors) -> str:
    """The parser version, and which certificates were trusted: a signature's status depends on them."""
    if not trust.roots and not trust.intermediates:
        return read.PARSER_VERSION
    digest = hashlib.sha256()
    for group in (trust.roots, trust.intermediates):
        for item in sorted(group):
            digest.update(hashlib.sha256(item).digest())
        digest.update(b"|")
    return f"{read.PARSER_VERSION}-{digest.hexdigest()[:12]}"


def forget_other_versions(store: Store, trust: TrustAnchors) -> int:
    """Remove the readings of other parser versions (or other trusted certificates) from the cache, once
    a reprocess has read every message with this one: they are never used again, and an upgrade followed
    by a reprocess otherwise doubled the cache for good. The number of rows removed."""
    with store.begin() as conn:
        return conn.execute(delete(parse_cache).where(parse_cache.c.version != cache_version(trust))).rowcount


def cached_reading(store: Store, sha256: str, version: str) -> dict[str, Any] | None:
    with store.engine.connect() as conn:
        row = conn.execute(_CACHED, {"wanted": sha256, "version_of": version}).first()
    return row.reading if row else None


def recorded_failures(store: Store, data: bytes) -> tuple[Failure, ...]:
    """Why these bytes could not be read, as their latest reading recorded it, by whichever parser
    version read them (a file locked with a password stays locked); nothing when never read."""
    query = (
        select(parse_cache.c.reading)
        .where(parse_cache.c.sha256 == hashlib.sha256(data).hexdigest())
        .order_by(parse_cache.c.created_at.desc())
        .limit(1)
    )
    with store.engine.connect() as conn:
        row = conn.execute(query).first()
    return from_json(row.reading).failures if row else ()


def cache_reading(store: Store, sha256: str, version: str, reading: dict[str, Any], now: dt.datetime) -> None:
    # Another process may have cached the same file first: both readings are equal. Written with the
    # message's outcome when a worker reads it (Store.deferring): a cache lost to a crash is read again.
    def write(conn: Connection) -> None:
        conn.execute(
            insert_new(conn, parse_cache),
            {"sha256": sha256, "version": version, "reading": reading, "created_at": now},
        )

    store.defer(write)


def _renamed(reading: Reading, name: str) -> Reading:
    """The same bytes may arrive under another file name; label the cached reading with this one, in
    the reasons and warnings that name the file too."""

    def rename(old: str) -> str:
        head, sep, rest = old.partition("/")
        return name + sep + rest if sep else name

    return Reading(
        tuple(
            dataclasses.replace(
                d, name=rename(d.name), warnings=tuple(w.replace(d.name, rename(d.name)) for w in d.warnings)
            )
            for d in reading.documents
        ),
        tuple(
            dataclasses.replace(f, name=rename(f.name), reason=f.reason.replace(f.name, rename(f.name)))
            for f in reading.failures
        ),
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

    def signature(s: dict[str, Any]) -> Signature:
        s = dict(s)
        s["status"] = SignatureStatus(s["status"])
        if s.get("signed_at"):
            s["signed_at"] = dt.datetime.fromisoformat(s["signed_at"])
        return Signature(**s)

    def document(d: dict[str, Any]) -> Document:
        d = dict(d)
        d["pages"] = tuple(Page(**p) for p in d["pages"])
        d["header"] = header(d["header"])
        d["warnings"] = tuple(d["warnings"])
        d["signatures"] = tuple(signature(s) for s in d.get("signatures", ()))
        d["emphasised"] = tuple(d.get("emphasised", ()))
        return Document(**d)

    return Reading(
        tuple(document(d) for d in data["documents"]),
        tuple(Failure(f["name"], FailureCode(f["code"]), f["reason"]) for f in data["failures"]),
    )
