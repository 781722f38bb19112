"""A file split into numbered volumes ("BaoCao.zip.001", "BaoCao.zip.002"), put back together.

7-Zip's "Split to volumes" and the file splitters schools use to get past a mail size limit cut a
file into pieces named by its whole name and a three-digit number; joined in order they are the file
again. A piece alone, or a set missing a piece, cannot be read.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from parsers.document import Failure, FailureCode

_VOLUME = re.compile(r"^(?P<whole>.+)\.(?P<number>\d{3})$")


@dataclass(frozen=True)
class Piece:
    """A file to read: an attachment as sent, or the file its volumes make together."""

    name: str
    data: bytes
    volumes: tuple[str, ...] = ()  # the attachments joined into it, in order; empty for a file sent whole
    missing: tuple[int, ...] = ()  # numbers of the volumes lacking before the last one sent


def join(files: Sequence[tuple[str, bytes]]) -> list[Piece | None]:
    """What to read in place of each file: the file itself, or for the first volume of a file split in
    volumes the file they make together, named by its whole name (a lone volume keeps its own name);
    None for the later volumes, read with the first."""
    groups: dict[str, list[tuple[int, int]]] = {}
    for index, (name, _) in enumerate(files):
        found = _VOLUME.match(name)
        if found:
            groups.setdefault(found.group("whole").casefold(), []).append((int(found.group("number")), index))
    pieces: list[Piece | None] = []
    for index, (name, data) in enumerate(files):
        found = _VOLUME.match(name)
        if not found:
            pieces.append(Piece(name, data))
            continue
        parts = sorted(groups[found.group("whole").casefold()])
        if index != min(i for _, i in parts):
            pieces.append(None)
            continue
        by_number = {number: files[i] for number, i in reversed(parts)}  # a volume sent twice: its first copy
        ordered = [by_number[n] for n in sorted(by_number)]
        pieces.append(
            Piece(
                found.group("whole") if len(ordered) > 1 else name,
                b"".join(content for _, content in ordered),
                tuple(label for label, _ in ordered),
                tuple(n for n in range(1, max(by_number) + 1) if n not in by_number),
            )
        )
    return pieces


def failure(piece: Piece) -> Failure:
    """Why the volumes of piece gave no document: what was sent, and what to send instead."""
    sent = ", ".join(piece.volumes)
    lacking = (
        f"; thư thiếu phần {', '.join(f'{n:03d}' for n in piece.missing)}"
        if piece.missing
        else ", có thể còn thiếu phần sau"
    )
    return Failure(
        sent,
        FailureCode.CORRUPT,
        f"Tệp {sent} là phần của tệp {_whole(piece)} đã bị chia nhỏ thành nhiều tệp{lacking}; ghép lại "
        "không đọc được. Đề nghị trường gửi trực tiếp tệp báo cáo (DOCX hoặc PDF) không chia nhỏ, hoặc gửi "
        "đủ tất cả các phần trong cùng một thư.",
    )


def _whole(piece: Piece) -> str:
    found = _VOLUME.match(piece.volumes[0]) if piece.volumes else None
    return found.group("whole") if found else piece.name
