"""Staff decisions on one mail taken at once by two processes (the command line and the page, or two
machines) are written one after the other, on SQLite and on PostgreSQL alike."""

from __future__ import annotations

import datetime as dt
import shutil
import threading
from pathlib import Path

from intake import pipeline
from intake import review as review_mod
from intake.lock import DecisionLock
from kernel import config as config_mod
from kernel.runtime import Runtime
from kernel.store import MessageDecision, MessageState
from tests.intake.conftest import report_mail

ROOT = Path(__file__).resolve().parents[2]
RECEIVED = dt.datetime(2025, 10, 20, 2, 0, tzinfo=dt.UTC)
FIXED = dt.datetime(2025, 10, 21, 2, 0, tzinfo=dt.UTC)


def test_a_decision_waits_for_the_one_another_process_is_taking(tmp_path: Path, database_url: str) -> None:
    """A clerk rejecting a mail on the command line while another assigned it on the page: each decision
    was written, then the mail read again under it, and the first's reading, written last, stood against
    the second's decision. The mail was rejected in the log but counted, and the school acknowledged. A
    decision now waits while another process holds the right to decide."""
    path = tmp_path / "config.toml"
    shutil.copy(ROOT / "config.toml", path)
    text = path.read_text(encoding="utf-8").replace('"sqlite:///var/baocao.db"', f'"{database_url}"')
    path.write_text(text, encoding="utf-8")
    config = config_mod.load(path)
    deciding, other = (Runtime.open(config, clock=lambda: FIXED) for _ in range(2))
    try:
        raw = report_mail("c1myan.thuthua@example.edu.vn", "Trường Tiểu học Mỹ An", RECEIVED)
        key = pipeline.process(deciding, raw, received_at=RECEIVED, source="test").key
        rejecting = threading.Thread(target=lambda: review_mod.reject(deciding, key, by="vanthu"))
        with DecisionLock(other.store, config.storage.archive):  # the other process deciding
            rejecting.start()
            rejecting.join(timeout=2)
            assert rejecting.is_alive()  # waiting: nothing written while the other decides
            assert other.store.decision(key) is None
        rejecting.join()
        assert other.store.decision(key) == MessageDecision("reject")
        row = other.store.message(key)
        assert row is not None and row.state == MessageState.REJECTED
    finally:
        deciding.close()
        other.close()
