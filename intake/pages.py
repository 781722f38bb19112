"""Scanned pages shared out: every page image of a scan goes on the work table, where this worker and
any idle one (on this machine or another) read pages of the same scan at once.

A page is keyed by its image and resolution, so a scan read again after a crash, or sent again by
the school, finds the pages already read.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import time
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor

from kernel.work import Item, Queue, WorkKind, WorkState
from parsers import ocr
from parsers.document import Limits

log = logging.getLogger(__name__)

WAIT_SECONDS = 0.2  # how often a worker looks whether pages read elsewhere are done


def page_key(png: bytes, limits: Limits) -> str:
    return f"{hashlib.sha256(png).hexdigest()}@{limits.ocr_dpi}"


def read_page(queue: Queue, item: Item) -> None:
    """OCR one claimed page and record its text; a page over its time limit is recorded failed (a later
    request queues it again). A missing tesseract gives the page back and is raised."""
    if item.payload is None:  # a page is always queued with its image; one without cannot be read
        queue.fail(item, "trang không còn ảnh để đọc")
        return
    limits = Limits(ocr_dpi=int(item.info["dpi"]), ocr_page_seconds=float(item.info["seconds"]))
    try:
        page = ocr.recognise(item.payload, limits)
    except ocr.OcrUnavailableError:
        queue.release(item)
        raise
    result = dataclasses.asdict(page)
    if page.timed_out:
        queue.fail(item, f"quá {limits.ocr_page_seconds:.0f} giây", result)
    else:
        queue.finish(item, result)


class SharedPages:
    """A parsers.ocr.PageReader that reads pages through the work table."""

    def __init__(self, queue: Queue) -> None:
        self.queue = queue

    def __call__(self, pngs: Iterable[bytes], limits: Limits) -> list[ocr.OcrPage]:
        keys: list[str] = []
        info = {"dpi": limits.ocr_dpi, "seconds": limits.ocr_page_seconds}
        for png in pngs:
            key = page_key(png, limits)
            self.queue.put(WorkKind.OCR, key, info, png)
            keys.append(key)
        while True:
            outcomes = self.queue.outcomes(WorkKind.OCR, keys)
            left = [k for k in keys if outcomes[k][0] not in (WorkState.DONE, WorkState.FAILED)]
            if not left:
                return [_page(outcomes[k][1]) for k in keys]
            if not self._read_some(left, limits):
                time.sleep(WAIT_SECONDS)  # the rest are being read by other workers (a message being
                # read is finished even when the worker is asked to stop)

    def _read_some(self, keys: list[str], limits: Limits) -> bool:
        """Read pages of these keys that no one holds, in limits.ocr_workers threads; False if none."""

        def loop() -> int:
            done = 0
            while (item := self.queue.claim([WorkKind.OCR], keys)) is not None:
                read_page(self.queue, item)
                done += 1
            return done

        threads = max(1, min(limits.ocr_workers, len(keys)))
        with ThreadPoolExecutor(max_workers=threads, thread_name_prefix="ocr") as pool:
            return sum(f.result() for f in [pool.submit(loop) for _ in range(threads)]) > 0


def _page(result: dict[str, object] | None) -> ocr.OcrPage:
    if result is None:  # failed without a reading (its image was lost): as a page that ran out of time
        return ocr.OcrPage("", None, timed_out=True)
    confidence = result.get("confidence")
    return ocr.OcrPage(
        str(result.get("text", "")),
        float(confidence) if isinstance(confidence, (int, float)) else None,
        bool(result.get("timed_out", False)),
    )
