"""Peak memory of `baocao poll --once` against the size of the message it meets.

Starts a throwaway Dovecot; for each size, appends one report with a scan of that size (base64 of zero
bytes) to a folder of its own and runs poll --once in a child process, reading the child's own peak
resident memory (VmHWM). Messages over [imap].max_message_mb (30 by default) are streamed to the
archive and refused, never parsed. Prints the peaks as a table, each with its ratio to the 1 MB case.

    .venv/bin/python -m bench.bench_memory
    .venv/bin/python -m bench.bench_memory --sizes 1 10 50 150 --max-message-mb 60
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import tempfile
from pathlib import Path

from kernel import config as config_mod
from kernel.runtime import Runtime
from kernel.store import MessageState
from tests.intake.conftest import HCM, write_config
from tests.intake.test_poison import MB, big_mail, run_child
from tests.servers import dovecot_server


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 10, 50, 150], help="message sizes in MB")
    parser.add_argument("--max-message-mb", type=int, default=60)
    args = parser.parse_args()
    rows: list[tuple[int, int, str]] = []
    with dovecot_server() as server:
        for size in args.sizes:
            work = Path(tempfile.mkdtemp(prefix="bench-memory-"))
            try:
                folder = f"Mem{size}"
                config_path = write_config(work / "config.toml", server, folder)
                text = config_path.read_text(encoding="utf-8")
                config_path.write_text(
                    text.replace("[storage]", f"max_message_mb = {args.max_message_mb}\n\n[storage]", 1),
                    encoding="utf-8",
                )
                at = dt.datetime(2021, 10, 19, 9, 0, tzinfo=HCM)
                server.append([(big_mail(size * MB, at), at)], folder)
                code, output, peak = run_child(config_path)
                if code != 0:
                    raise SystemExit(f"poll --once failed on {size} MB:\n{output}")
                with Runtime.open(config_mod.load(config_path)) as rt:
                    (row,) = rt.store.messages()
                rows.append(
                    (size, peak, "refused" if row.state == MessageState.FAILED else f"read ({row.state})")
                )
            finally:
                shutil.rmtree(work, ignore_errors=True)
    base = rows[0][1]
    print(f"{'message MB':>10}  {'peak RSS MB':>11}  {'x 1 MB case':>11}  {'peak/size':>9}  outcome")
    for size, peak, outcome in rows:
        print(f"{size:>10}  {peak / MB:>11.0f}  {peak / base:>11.2f}  {peak / (size * MB):>9.1f}  {outcome}")


if __name__ == "__main__":
    main()
