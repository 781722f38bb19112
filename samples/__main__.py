"""Write a sample season as .eml files plus truth.json: python -m samples OUTDIR [--year 2021] [--size full]
[--no-scans] [--demo-config PATH]."""

from __future__ import annotations

import argparse
import dataclasses
import json
import re
from pathlib import Path

from kernel.config import load
from samples.season import SIZES, make_season

ROOT = Path(__file__).resolve().parent.parent
# A table header of the config that names a mailbox: [imap], [[mailboxes]] and their sub-tables.
_MAILBOX_TABLE = re.compile(r"\[\[?\s*(?:imap|mailboxes)\s*[].]")
_TABLE = re.compile(r"\s*\[")


def without_mailboxes(config_text: str) -> str:
    """config.toml without the mailboxes it reads: a demo's config, whose mail comes in by import only.
    Its status is then as current as the files imported, and never says a mailbox has not been read."""
    kept, skipping = [], False
    for line in config_text.splitlines(keepends=True):
        if _TABLE.match(line):
            skipping = _MAILBOX_TABLE.match(line.strip()) is not None
        if not skipping:
            kept.append(line)
    return "".join(kept)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m samples", description="Tạo một mùa thư mẫu của các trường."
    )
    parser.add_argument("outdir", type=Path, help="thư mục ghi các tệp .eml và truth.json")
    parser.add_argument("--year", type=int, default=2021, help="năm báo cáo (mặc định 2021)")
    parser.add_argument("--size", choices=SIZES, default="small", help="small (~25 thư) hoặc full (~120 thư)")
    parser.add_argument("--seed", type=int, default=0, help="hạt giống ngẫu nhiên")
    parser.add_argument(
        "--no-scans", action="store_true", help="thay bản scan bằng PDF có chữ (không cần OCR)"
    )
    parser.add_argument(
        "--config", type=Path, default=ROOT / "config.toml", help="tệp cấu hình có danh sách trường"
    )
    parser.add_argument(
        "--demo-config",
        type=Path,
        help="cũng ghi ra tệp này một bản của tệp cấu hình không có hộp thư (chỉ nhập thư từ tệp), để chạy thử",
    )
    args = parser.parse_args(argv)
    if args.demo_config is not None:
        args.demo_config.write_text(
            without_mailboxes(args.config.read_text(encoding="utf-8")), encoding="utf-8"
        )

    config = load(args.config)
    season = make_season(
        config.schools,
        year=args.year,
        seed=args.seed,
        size=args.size,
        scanned=not args.no_scans,
        office=config.imap.username if config.imap else "pgdthuthua@example.edu.vn",
    )
    args.outdir.mkdir(parents=True, exist_ok=True)
    truth = []
    for index, message in enumerate(season, start=1):
        name = f"{index:03d}-{message.received_at:%Y%m%d-%H%M%S}.eml"
        (args.outdir / name).write_bytes(message.raw)
        truth.append(
            {
                "file": name,
                "message_id": message.message_id,
                "received_at": message.received_at.isoformat(),
                **dataclasses.asdict(message.truth),
            }
        )
    (args.outdir / "truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1), encoding="utf-8")
    reports = sum(1 for m in season if m.truth.kind == "report")
    print(f"Đã ghi {len(season)} thư ({reports} thư báo cáo) vào {args.outdir}")


if __name__ == "__main__":
    main()
