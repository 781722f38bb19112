"""Cost of reading a message with a 5 MB header line beside a normal message, as ratios from one run.

Each message is parsed by intake.message.parse in a fresh child process: the best time of a few
runs, then the peak of Python allocations during one more run (tracemalloc; the message's own bytes
are allocated before it starts). A 4.9 MB header once took 32 s and 582 MB.

.venv/bin/python bench/bench_headers.py
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
import tracemalloc
from email import policy
from email.message import EmailMessage
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from intake import message  # noqa: E402

SIZE = 5 * 1024 * 1024
REPEAT = 5


def normal() -> bytes:
    msg = EmailMessage()
    msg["From"] = "Trường TH Mỹ An <c1myan.thuthua@example.edu.vn>"
    msg["To"] = "Phòng GD&ĐT Thủ Thừa <pgdthuthua@example.edu.vn>"
    msg["Subject"] = "Báo cáo thực hiện Nghị quyết 121/2020/QH14"
    msg["Date"] = "Wed, 20 Oct 2021 09:15:00 +0700"
    msg["Message-ID"] = "<bc.nq121.20211020@example.edu.vn>"
    msg.set_content("Kính gửi Phòng GD&ĐT Thủ Thừa.\nTrường gửi báo cáo kết quả thực hiện Nghị quyết 121.\n")
    msg.add_attachment(
        b"%PDF-1.4\n" + b"0" * 40_000, maintype="application", subtype="pdf", filename="BC.pdf"
    )
    return msg.as_bytes(policy=policy.SMTP)


def with_header(raw: bytes, name: bytes, unit: bytes) -> bytes:
    """The message with one more header field on a single line of SIZE bytes."""
    line = name + b": " + unit * (SIZE // len(unit))
    if name == b"Subject":
        head, rest = raw.split(b"\r\nSubject: ", 1)
        return head + b"\r\n" + line + b"\r\n" + rest.split(b"\r\n", 1)[1]
    return line + b"\r\n" + raw


def child(path: str) -> None:
    """Parse the message in path; print the best time and the tracemalloc peak as JSON."""
    raw = Path(path).read_bytes()
    times = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        message.parse(raw, "bench")
        times.append(time.perf_counter() - start)
    tracemalloc.start()
    message.parse(raw, "bench")
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(json.dumps({"seconds": min(times), "traced": peak}))


def measure(raw: bytes) -> dict[str, float]:
    with tempfile.NamedTemporaryFile(suffix=".eml") as file:
        file.write(raw)
        file.flush()
        out = subprocess.run(
            [sys.executable, __file__, "--child", file.name], capture_output=True, check=True, text=True
        )
    return json.loads(out.stdout)


def main() -> None:
    base = normal()
    cases = {
        "X-Spam-Report, words": with_header(base, b"X-Spam-Report", b"tests=BAYES_00 "),
        "Subject, encoded words": with_header(base, b"Subject", b"=?utf-8?B?QsOhbyBjw6Fv?= "),
        "To, addresses": with_header(base, b"To", b"gv.myan@example.edu.vn, "),
        "X-Data, one word": with_header(base, b"X-Data", b"A"),
        "X-Folded, 1M folded lines": with_header(base, b"X-Folded", b"ab\r\n "),
    }
    reference = measure(base)
    print(f"normal message ({len(base) // 1024} KB): {reference['seconds'] * 1000:.2f} ms, ", end="")
    print(f"{reference['traced'] / 2**20:.1f} MB traced")
    print(f"{'message with a 5 MB header':28} {'time':>9} {'x normal':>9} {'traced':>9} {'x normal':>9}")
    for name, raw in cases.items():
        got = measure(raw)
        print(
            f"{name:28} {got['seconds'] * 1000:7.1f}ms {got['seconds'] / reference['seconds']:8.1f}x "
            f"{got['traced'] / 2**20:7.1f}MB {got['traced'] / reference['traced']:8.1f}x "
        )


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        child(sys.argv[2])
    else:
        main()
