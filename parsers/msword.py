"""Word 97-2003 .doc files to text with antiword, falling back to catdoc.

Why antiword: it keeps tables (as rows of cells) and reads a page in 3-4 ms. catdoc is as fast
but drops tables, so it is only the fallback for the files antiword refuses (Word 6/95 and some
files written by other programs). LibreOffice reads everything but is a large install and takes
about 1.5 s per document. Both tools give Unicode only with an explicit UTF-8 output map and a
UTF-8 locale. Many .doc files from old machines were typed in TCVN3 fonts: their text comes out
as mojibake, which parsers.legacy recognises and converts; both tools drop U+00AD, TCVN3's "ư",
so such text loses that letter (LibreOffice would keep it, at the cost above) and
legacy.restore_lost_u puts it back wherever Vietnamese spelling proves it missing. A ".doc"
that is really RTF or HTML never reaches this module: sniff() sends it to parsers.plain.
"""

from __future__ import annotations

import logging
import os
import re
import subprocess
import tempfile

from parsers import legacy
from parsers.document import Document
from parsers.errors import CorruptFileError, EmptyFileError, EncryptedFileError
from parsers.plain import tidy
from parsers.text import fold, nfc

log = logging.getLogger(__name__)

_ENV = {**os.environ, "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"}
_SECONDS = 30.0


def read_doc(name: str, data: bytes) -> Document:
    """A Word 97-2003 file as a Document of format "doc".

    Raises EncryptedFileError for a password-protected file, CorruptFileError when neither tool
    can read it, EmptyFileError when it holds no text.
    """
    with tempfile.NamedTemporaryFile(suffix=".doc") as file:
        file.write(data)
        file.flush()
        antiword = _run(["antiword", "-m", "UTF-8.txt", "-w", "0", file.name])
        if antiword.returncode == 0:
            raw = antiword.stdout
        else:
            message = antiword.stderr.decode("utf-8", "replace")
            if "encrypted" in message.lower():
                raise EncryptedFileError(
                    f"Tệp Word {name} được bảo vệ bằng mật khẩu, không đọc được nội dung."
                )
            log.info("%s: antiword refused (%s), trying catdoc", name, message.strip()[:200])
            catdoc = _run(["catdoc", "-d", "utf-8", "-w", file.name])
            if catdoc.returncode != 0 or not catdoc.stdout.strip():
                raise CorruptFileError(
                    f"Tệp Word {name} (định dạng .doc cũ) bị hỏng hoặc không đọc được. "
                    "Đề nghị trường lưu lại thành .docx hoặc PDF rồi gửi lại."
                )
            raw = catdoc.stdout
    text, encoding = legacy.fix_mojibake(nfc(raw.decode("utf-8", "replace")))
    if encoding == "tcvn3":
        text = legacy.restore_lost_u(text)
    if antiword.returncode == 0:
        text = _text_boxes_first(text)
    text = tidy("\n".join(_table_line(line) for line in text.split("\n")))
    if not text:
        raise EmptyFileError(f"Tệp Word {name} không có nội dung chữ nào.")
    return Document(name=name, format="doc", text=text, encoding=encoding)


# antiword writes a document's text boxes after its body, below a rule of dashes.
_RULE = re.compile(r"^-{10,}[ \t]*$", re.MULTILINE)
_MOTTO = "cong hoa xa hoi chu nghia viet nam"  # the official header's motto line, folded


def _text_boxes_first(text: str) -> str:
    """antiword's text with the text boxes it writes last put first, when they hold the official header
    (its two columns laid out in text boxes, as many templates have it) and the body does not: a
    header is read from a document's first lines."""
    rules = list(_RULE.finditer(text))
    if not rules:
        return text
    body, boxes = text[: rules[-1].start()], text[rules[-1].end() :]
    if _MOTTO not in fold(boxes) or _MOTTO in fold(body):
        return text
    return f"{boxes.strip()}\n\n{body}"


def _table_line(line: str) -> str:
    """antiword draws a table row as "|cell |cell |": a two-column row (the official header, the
    signature block) becomes one line per cell, a wider row one line of cells joined by " | "."""
    if not (line.startswith("|") and line.rstrip().endswith("|")):
        return line
    cells = [c.strip() for c in line.strip().strip("|").split("|")]
    cells = [c for c in cells if c]
    return "\n".join(cells) if len(cells) <= 2 else " | ".join(cells)


def _run(command: list[str]) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(command, capture_output=True, env=_ENV, timeout=_SECONDS, check=False)
    except subprocess.TimeoutExpired as e:
        return subprocess.CompletedProcess(command, 1, b"", f"timed out: {e}".encode())
