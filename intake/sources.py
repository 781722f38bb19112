"""Reads messages exported from webmail: a Maildir, an mbox file, or a folder of .eml files."""

from __future__ import annotations

import datetime as dt
import email.utils
import mailbox
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from intake.errors import IntakeError

_RECEIVED_DATE = re.compile(
    rb"^Received:(?:.|\r?\n[ \t])*?;\s*(?P<date>[^\r\n]+)", re.MULTILINE | re.IGNORECASE
)
_DATE = re.compile(rb"^Date:\s*(?P<date>[^\r\n]+)", re.MULTILINE | re.IGNORECASE)


class SourceError(IntakeError):
    """Raised when an import path is neither a Maildir, an mbox file, nor a folder of .eml files."""


@dataclass(frozen=True)
class LocalMessage:
    raw: bytes  # empty for a file too large to read whole: see too_large
    received_at: dt.datetime
    source: str  # where it came from, e.g. "import:/path/to/file.eml"
    too_large: Path | None = None  # a message file over the size limit, to be streamed, not read
    size: int = 0


def iter_messages(path: Path, max_bytes: int | None = None) -> Iterator[LocalMessage]:
    """Every message under path, in a stable order; a file over max_bytes is named, not read."""
    kind, files = _listing(path)
    if kind == "mbox":
        box = mailbox.mbox(path, create=False)
        for key in box.keys():
            raw = box.get_bytes(key)
            yield LocalMessage(raw, received_time(raw, path), f"mbox:{path}#{key}")
        return
    for file in files:
        size = file.stat().st_size
        if max_bytes is not None and size > max_bytes:
            with file.open("rb") as f:
                head = f.read(65536)
            yield LocalMessage(b"", received_time(head, file), f"{kind}:{file}", too_large=file, size=size)
            continue
        raw = file.read_bytes()
        yield LocalMessage(raw, received_time(raw, file), f"{kind}:{file}", size=len(raw))


def count_messages(path: Path) -> int:
    """How many messages iter_messages(path) yields, without reading them all (for progress)."""
    kind, files = _listing(path)
    return len(mailbox.mbox(path, create=False).keys()) if kind == "mbox" else len(files)


def _listing(path: Path) -> tuple[str, list[Path]]:
    """The kind of export (maildir, eml, mbox) and its message files in a stable order."""
    if path.is_dir() and all((path / d).is_dir() for d in ("cur", "new", "tmp")):
        return "maildir", sorted(p for d in ("cur", "new") for p in (path / d).iterdir() if p.is_file())
    if path.is_dir():
        return "eml", sorted(p for p in path.rglob("*") if p.suffix.lower() == ".eml" and p.is_file())
    if path.is_file():
        with path.open("rb") as f:
            head = f.read(5)
        return ("mbox", [path]) if head.startswith(b"From ") else ("eml", [path])
    raise SourceError(
        f"Không tìm thấy {path}: cần một thư mục Maildir, một tệp mbox hoặc thư mục chứa tệp .eml."
    )


def received_time(raw: bytes, file: Path | str) -> dt.datetime:
    """When the mail server received it: the newest Received header, else Date, else the file's time."""
    for pattern in (_RECEIVED_DATE, _DATE):
        match = pattern.search(raw[:65536])
        if match:
            try:
                parsed = email.utils.parsedate_to_datetime(
                    match.group("date").decode("ascii", "replace").strip()
                )
            except (TypeError, ValueError, IndexError):
                continue
            return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)
    return dt.datetime.fromtimestamp(Path(file).stat().st_mtime, dt.UTC)
