"""What every command works with: the config, the store, the archive and the clock, opened once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from kernel.archive import Archive
from kernel.config import Config
from kernel.store import Store
from parsers.document import Limits

if TYPE_CHECKING:  # the OCR module is loaded by the first scan read: `baocao status` never needs it
    from parsers.ocr import OcrPage, PageReader

MIN_OCR_CONFIDENCE = 60.0


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def recognise_here(pngs: Iterable[bytes], limits: Limits) -> list[OcrPage]:
    """parsers.ocr.recognise_all: the pages read by tesseract in this process."""
    from parsers.ocr import recognise_all

    return recognise_all(pngs, limits)


@dataclass(frozen=True)
class Runtime:
    """Built once per command from the config; closed by the command that opened it."""

    config: Config
    store: Store
    archive: Archive
    clock: Callable[[], dt.datetime] = utc_now
    limits: Limits = field(default_factory=Limits)
    min_ocr_confidence: float = MIN_OCR_CONFIDENCE  # below it a scan's reading waits for staff
    # DKIM key lookups when [origin].verify_dkim (domain name -> TXT record); None: the system's DNS.
    dns: Callable[[bytes], bytes | None] | None = None
    # How scanned pages are read: here, or shared with the other workers (intake/pages.py).
    ocr: PageReader = recognise_here

    @classmethod
    def open(
        cls,
        config: Config,
        clock: Callable[[], dt.datetime] = utc_now,
        busy_seconds: float | None = None,
        *,
        reading: bool = False,
    ) -> Runtime:
        """busy_seconds: how long a write waits for another program holding the database; reading: for a
        command that only reads (Store.open)."""
        store = Store.open(config.storage.database, busy_seconds, reading=reading)
        return cls(config, store, Archive(Path(config.storage.archive)), clock)

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Runtime:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
