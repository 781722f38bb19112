"""The entry point: any attachment (or mail body) to documents and failures; never raises for bad input."""

from __future__ import annotations

import dataclasses
import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from parsers import (
    archives,
    facts,
    images,
    legacy,
    msword,
    odt,
    officelock,
    outlook,
    pdfs,
    plain,
    sniff,
    stapled,
    word,
    wordxml,
    workbook,
)
from parsers.document import Document, Failure, FailureCode, Limits, Reading, TrustAnchors
from parsers.errors import (
    ASK_PASSWORD,
    EmptyFileError,
    EncryptedFileError,
    ParseError,
    ProgramFileError,
    TooLargeError,
    UnreadableFormatError,
    UnsupportedFileError,
)
from parsers.ocr import PageReader, recognise_all
from parsers.text import fold, nfc, without_eth

log = logging.getLogger(__name__)

# Bump whenever the text, pages or facts read from the same bytes would change: readings are
# cached by (attachment SHA-256, PARSER_VERSION).
PARSER_VERSION = "70"

BODY_NAME = "(nội dung thư)"
# A mail body shorter than this is a greeting ("Kính gửi PGD, trường gửi báo cáo..."), not a report.
_BODY_MIN_CHARS = 200
_REPORT_HEADING = re.compile(r"^\s*bao cao\s*$", re.MULTILINE)
_ARCHIVE_DEPTH = 1  # an archive inside an archive is read; one level deeper is not
# The kinds of _UNSUPPORTED a paper or a photo of it comes in, or a shortcut to one: the sender meant to send
# a paper (the others are spreadsheets, slides, videos...).
_PAPER_FORMATS = frozenset(
    (sniff.Kind.XPS, sniff.Kind.IWORK, sniff.Kind.JPEG_XL, sniff.Kind.SHORTCUT, sniff.Kind.WEB_SHORTCUT)
)
_UNSUPPORTED = {
    sniff.Kind.ODS: "Tệp {name} là bảng tính OpenDocument (.ods); hệ thống chưa đọc được bảng tính .ods. Đề nghị trường gửi báo cáo dạng Word hoặc PDF, hoặc lưu bảng tính thành tệp Excel (.xlsx).",
    sniff.Kind.PRESENTATION: "Tệp {name} là bản trình chiếu (PowerPoint); hệ thống không đọc bản trình chiếu. Đề nghị trường gửi báo cáo dạng Word hoặc PDF.",
    sniff.Kind.XPS: "Tệp {name} là tệp in dạng XPS; hệ thống không đọc được. Đề nghị trường in ra PDF (Microsoft Print to PDF) hoặc gửi tệp Word.",
    sniff.Kind.IWORK: "Tệp {name} là tệp Pages, Numbers hoặc Keynote của iPhone, iPad hay máy Mac; hệ thống không đọc được. Đề nghị trường xuất ra PDF hoặc Word (Chia sẻ > Xuất) rồi gửi lại.",
    sniff.Kind.JPEG_XL: "Tệp {name} là ảnh JPEG XL; hệ thống chưa đọc được ảnh dạng này. Đề nghị trường gửi báo cáo dạng PDF, hoặc ảnh chụp dạng JPEG hay PNG.",
    sniff.Kind.WEB_SHORTCUT: "Tệp {name} chỉ là lối tắt tới một tệp trên mạng (Google Drive, OneDrive…), không chứa báo cáo; hệ thống không tải tệp từ đường dẫn. Đề nghị trường tải tệp báo cáo về máy rồi đính kèm (Word hoặc PDF).",
    sniff.Kind.SHORTCUT: "Tệp {name} là lối tắt (shortcut) của Windows: chỉ trỏ đến tệp nằm trên máy tính của trường, không chứa báo cáo. Đề nghị trường đính kèm chính tệp báo cáo (Word hoặc PDF), không kéo lối tắt trên màn hình vào thư.",
    sniff.Kind.OLE: "Tệp {name} là tệp Office cũ nhưng không phải văn bản Word. Đề nghị trường gửi báo cáo dạng Word hoặc PDF.",
    sniff.Kind.PROGRAM: "Tệp {name} là một chương trình chạy được, không phải báo cáo, và có thể chứa virus: hệ thống không mở tệp này. Nếu trường không gửi tệp này, có thể máy tính hoặc hộp thư của trường đã bị nhiễm virus hoặc bị lấy mật khẩu; đề nghị trường kiểm tra, đổi mật khẩu hộp thư và gửi báo cáo dạng Word hoặc PDF.",
    sniff.Kind.UNKNOWN: "Tệp {name} không phải văn bản, ảnh hay tệp nén mà hệ thống đọc được. Đề nghị trường gửi báo cáo dạng Word hoặc PDF.",
}


def read_attachment(
    name: str,
    data: bytes,
    limits: Limits = Limits(),  # noqa: B008 - frozen
    trust: TrustAnchors = TrustAnchors(),  # noqa: B008 - frozen
    ocr: PageReader = recognise_all,
    passwords: tuple[str, ...] = (),
) -> Reading:
    """Read one attachment, whatever its name claims; every problem becomes a Failure.

    A PDF's digital signatures are checked against trust (no roots: none is trusted); scanned pages
    are read by ocr; an archive locked with a password is opened with the first of passwords (those
    the mail states) that fits.
    """
    return _read(name, data, _How(limits, trust, ocr, passwords), depth=0)


def body_text(text: str) -> tuple[str, str | None]:
    """(the mail body's text as read, the legacy encoding it was converted from or None)."""
    fixed, encoding = legacy.fix_mojibake(nfc(text))
    return plain.tidy(fixed if encoding else without_eth(fixed)), encoding


def read_body(text: str) -> Document | None:
    """The mail body as a Document when it holds the report itself, else None (a greeting)."""
    content, encoding = body_text(text)
    if len(content) < _BODY_MIN_CHARS and not _REPORT_HEADING.search(_fold_lines(content)):
        return None
    document = Document(name=BODY_NAME, format="text", text=content, encoding=encoding)
    return _with_header(document)


def _fold_lines(text: str) -> str:
    return "\n".join(fold(line) for line in text.split("\n"))


@dataclass(frozen=True)
class _How:
    """What every file of one attachment is read with, however deep inside it: the limits, the trusted
    roots for its signatures, the OCR, and the passwords its mail states (none once one has opened it)."""

    limits: Limits
    trust: TrustAnchors
    ocr: PageReader
    passwords: tuple[str, ...]


def _read(
    name: str,
    data: bytes,
    how: _How,
    depth: int,
) -> Reading:
    try:
        if len(data) > how.limits.max_bytes:
            raise TooLargeError(
                f"Tệp {name} dung lượng {len(data) // (1 << 20)} MB, vượt giới hạn "
                f"{how.limits.max_bytes // (1 << 20)} MB. Đề nghị trường gửi tệp nhỏ hơn (nén ảnh quét hoặc chia tệp)."
            )
        if not data.strip():
            raise EmptyFileError(f"Tệp {name} rỗng, không có nội dung. Đề nghị trường gửi lại tệp.")
        kind = sniff.sniff(data)
        if kind in (sniff.Kind.ZIP, sniff.Kind.RAR, sniff.Kind.SEVEN_ZIP, sniff.Kind.TNEF):
            return _read_archive(name, data, kind, how, depth)
        if kind == sniff.Kind.OUTLOOK_MSG:
            return _read_outlook(name, data, how, depth)
        if kind == sniff.Kind.PDF and depth <= _ARCHIVE_DEPTH:
            return _read_pdf(name, data, how, depth)
        if (
            kind == sniff.Kind.ENCRYPTED_OFFICE
            and (plain := officelock.unlocked(data, how.passwords)) is not None
        ):
            return _read(name, plain, dataclasses.replace(how, passwords=()), depth)
        return Reading(documents=stapled.split_reports(_with_header(_read_file(name, data, kind, how))))
    except ParseError as e:
        return Reading(failures=(_failure(name, e, how),))
    except RecursionError as e:  # deeply nested PDF or XML objects
        log.warning("%s: %s", name, e)
        return Reading(
            failures=(
                Failure(name, FailureCode.CORRUPT, f"Tệp {name} có cấu trúc bất thường, không đọc được."),
            )
        )


def _read_pdf(
    name: str,
    data: bytes,
    how: _How,
    depth: int,
) -> Reading:
    """A PDF, then the files attached to it, read like an archive's members: a cover letter in PDF may
    carry the report inside it, which a reader opens from the paperclip. One locked with a password is
    opened with the first of passwords that fits."""
    try:
        own = Reading(
            documents=stapled.split_reports(
                _with_header(pdfs.read_pdf(name, data, how.limits, how.trust, how.ocr))
            )
        )
    except EncryptedFileError as e:
        plain = pdfs.unlocked(data, how.passwords)
        if plain is None:
            own = Reading(failures=(_failure(name, e, how),))
        else:
            return _read_pdf(name, plain, dataclasses.replace(how, passwords=()), depth)
    except ParseError as e:
        own = Reading(failures=(_failure(name, e, how),))
    attached = _read_members(pdfs.attachments(name, data, how.limits), how, depth + 1)
    return Reading(own.documents + attached.documents, own.failures + attached.failures)


def _read_file(name: str, data: bytes, kind: sniff.Kind, how: _How) -> Document:
    limits, ocr = how.limits, how.ocr
    if kind == sniff.Kind.PDF:
        return pdfs.read_pdf(name, data, limits, how.trust, ocr)  # converts legacy text by page itself
    if kind == sniff.Kind.DOCX:
        return _without_mojibake(word.read_docx(name, data, limits, ocr))
    if kind == sniff.Kind.WORD_XML:
        return _without_mojibake(wordxml.read_word_xml(name, data, limits, ocr))
    if kind == sniff.Kind.DOC:
        return msword.read_doc(name, data)
    if kind == sniff.Kind.ODT:
        return odt.read_odt(name, data, limits)
    if kind == sniff.Kind.XLSX:
        return workbook.read_xlsx(name, data, limits)
    if kind == sniff.Kind.MHTML:
        return plain.read_mhtml(name, data)
    if kind in (sniff.Kind.TEXT, sniff.Kind.HTML, sniff.Kind.RTF):
        return plain.read_text(name, data, kind)
    if kind == sniff.Kind.IMAGE:
        return images.read_image(name, data, limits, ocr)
    if kind == sniff.Kind.ENCRYPTED_OFFICE:
        raise EncryptedFileError(f"Tệp {name} được bảo vệ bằng mật khẩu, không đọc được nội dung.")
    unsupported = (
        ProgramFileError
        if kind == sniff.Kind.PROGRAM
        else UnreadableFormatError
        if kind in _PAPER_FORMATS
        else UnsupportedFileError
    )
    raise unsupported(_UNSUPPORTED.get(kind, _UNSUPPORTED[sniff.Kind.UNKNOWN]).format(name=name))


def _without_mojibake(document: Document) -> Document:
    """A Word document's TCVN3 or VNI text converted when its fonts did not say so: text pasted from an
    old file into a Unicode font (a PDF's pages are converted the same way in parsers.pdfs)."""
    if document.encoding is not None or document.method == "ocr":
        return document
    text, encoding = legacy.fix_mojibake(document.text)
    if encoding is None:
        return _unicode(document, without_eth)
    log.info("%s: text converted from %s by its characters", document.name, encoding)

    def converted(page: str) -> str:
        fixed = legacy.convert_lines(page, encoding)
        return legacy.restore_lost_u(fixed) if encoding == "tcvn3" else fixed

    return dataclasses.replace(_unicode(document, converted), encoding=encoding)


def _unicode(document: Document, converted: Callable[[str], str]) -> Document:
    """The document with its text and its text pages converted (an OCR'd page is Unicode already)."""
    text = converted(document.text)
    if text == document.text:
        return document
    pages = tuple(
        dataclasses.replace(p, text=converted(p.text)) if p.method == "text" else p for p in document.pages
    )
    return dataclasses.replace(document, text=text, pages=pages)


def _read_archive(
    name: str,
    data: bytes,
    kind: sniff.Kind,
    how: _How,
    depth: int,
) -> Reading:
    if depth > _ARCHIVE_DEPTH:
        raise UnsupportedFileError(
            f"Tệp nén {name} nằm trong nhiều lớp tệp nén khác; hệ thống chỉ mở một lớp. "
            "Đề nghị trường gửi trực tiếp các tệp báo cáo."
        )
    found = archives.members(name, data, kind, how.limits, how.passwords)
    if not found and kind == sniff.Kind.TNEF:
        return Reading()  # Outlook's formatting of a message that carries no file
    if not found:
        raise EmptyFileError(  # an archive damaged past listing shows no file either
            f"Tệp nén {name} không có tệp nào đọc được (tệp rỗng hoặc bị hỏng). Đề nghị trường nén và gửi "
            "lại, hoặc đính kèm trực tiếp các tệp báo cáo."
        )
    return _read_members(found, how, depth + 1)


def _read_outlook(
    name: str,
    data: bytes,
    how: _How,
    depth: int,
) -> Reading:
    """A mail saved from Outlook, read as an attached message is: its files like an archive's members,
    and its words when they hold the report itself."""
    if depth > _ARCHIVE_DEPTH:
        raise UnsupportedFileError(
            f"Thư lưu từ Outlook {name} nằm trong nhiều lớp tệp khác; hệ thống chỉ mở một lớp. "
            "Đề nghị trường gửi trực tiếp các tệp báo cáo."
        )
    saved = outlook.read_msg(name, data, how.limits)
    reading = _read_members(saved.members, how, depth + 1)
    body = read_body(saved.body)
    if body is None:
        return reading
    return dataclasses.replace(
        reading,
        documents=(*reading.documents, dataclasses.replace(body, name=archives.label(name, BODY_NAME))),
    )


def _read_members(members: Sequence[archives.Member], how: _How, depth: int) -> Reading:
    """The files inside an archive, a PDF's paperclip or a saved Outlook mail, each read as an attachment
    at depth; a member that could not be taken out is its failure."""
    documents: list[Document] = []
    failures: list[Failure] = []
    for member in members:
        if member.error is not None:
            failures.append(_failure(member.label, member.error, how))
            continue
        reading = _read(member.label, member.data, how, depth)
        documents.extend(reading.documents)
        failures.extend(reading.failures)
    return Reading(tuple(documents), tuple(failures))


def _failure(name: str, error: ParseError, how: _How) -> Failure:
    """The failure of a file that error stopped; a locked file that the passwords its school sent did not
    open says so, rather than asking for a copy without the lock as if none had been sent."""
    if isinstance(error, EncryptedFileError) and how.passwords:
        wrong = "Mật khẩu trường gửi không mở được tệp này (có thể gõ nhầm)."
        return Failure(name, error.code, f"{error.locked} {wrong} {ASK_PASSWORD}")
    return Failure(name, error.code, str(error))


def _with_header(document: Document) -> Document:
    return dataclasses.replace(document, header=facts.extract_header(document.text))
