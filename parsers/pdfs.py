"""PDF to text: pypdfium2 for the text layer (pdfplumber where fonts or layout need it), OCR for scans."""

from __future__ import annotations

import dataclasses
import io
import logging
import re
import unicodedata
from collections.abc import Iterator
from typing import Any

import pypdfium2 as pdfium

from parsers import archives, images, legacy, ocr, pdflayout, scanpages, underlayer
from parsers.document import Document, Limits, Page, TrustAnchors
from parsers.errors import CorruptFileError, EmptyFileError, EncryptedFileError, ParseTimeoutError
from parsers.text import CharTable, nfc

log = logging.getLogger(__name__)

_POINTS_PER_INCH = 72
# Words whose tops differ by less than this (points) sit on one line.
_LINE_TOLERANCE = 3.0
_REMOVE_SECURITY = 3  # PDFium's FPDF_REMOVE_SECURITY: save a copy without its encryption


def read_pdf(
    name: str,
    data: bytes,
    limits: Limits,
    trust: TrustAnchors = TrustAnchors(),  # noqa: B008 - frozen
    reader: ocr.PageReader = ocr.recognise_all,
) -> Document:
    """A PDF as a Document of format "pdf"; pages without a text layer are OCR'd by reader; its
    digital signatures are checked against trust.

    Raises EncryptedFileError for a password-protected PDF, CorruptFileError when it cannot be
    parsed, EmptyFileError when no page yields text, ParseTimeoutError when every OCR'd page ran
    out of time.
    """
    try:
        rendered = pdfium.PdfDocument(data)
        rendered.init_forms()  # before any page is loaded: fields' values are read, and drawn for OCR
    except pdfium.PdfiumError as e:
        if "password" in str(e).lower():
            raise EncryptedFileError(
                f"Tệp PDF {name} được bảo vệ bằng mật khẩu, không đọc được nội dung."
            ) from e
        raise CorruptFileError(f"Tệp PDF {name} bị hỏng, không mở được. Đề nghị trường gửi lại tệp.") from e
    try:
        document = _read(name, data, rendered, limits, reader)
    except pdfium.PdfiumError as e:  # a page object too damaged to load or render
        raise CorruptFileError(f"Tệp PDF {name} bị hỏng, không đọc được. Đề nghị trường gửi lại tệp.") from e
    finally:
        rendered.close()
    if b"/ByteRange" not in data:  # every signature dictionary has one, written uncompressed
        return document
    # Imported for signed PDFs only: pyHanko takes half a second to import, and most PDFs are unsigned.
    from parsers.signatures import read_signatures

    found, warnings = read_signatures(data, trust)
    return dataclasses.replace(document, signatures=found, warnings=document.warnings + warnings)


def unlocked(data: bytes, passwords: tuple[str, ...]) -> bytes | None:
    """A PDF locked with a password saved again without the lock, opened with the first of passwords that
    fits; None when none does."""
    for password in passwords:
        try:
            document = pdfium.PdfDocument(data, password=password)
        except pdfium.PdfiumError:
            continue
        try:
            out = io.BytesIO()
            document.save(out, flags=_REMOVE_SECURITY)
            return out.getvalue()
        except pdfium.PdfiumError:
            return None
        finally:
            document.close()
    return None


def attachments(name: str, data: bytes, limits: Limits) -> list[archives.Member]:
    """The files attached to a PDF (Acrobat's "Attach file", a PDF portfolio), labelled like an archive's
    members; none when it cannot be opened (read_pdf says why). Beyond limits.max_archive_files files or
    limits.max_archive_total bytes in all, the rest are not read."""
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        return []
    found: list[archives.Member] = []
    total = 0
    try:
        for index in range(min(document.count_attachments(), limits.max_archive_files)):
            attachment = document.get_attachment(index)
            try:
                content = bytes(attachment.get_data() or b"")
            except pdfium.PdfiumError:
                continue
            total += len(content)
            if total > limits.max_archive_total:
                log.warning("%s: attachments beyond %d bytes not read", name, limits.max_archive_total)
                break
            if content:
                found.append(archives.Member(archives.label(name, attachment.get_name()), content))
    finally:
        document.close()
    return found


def _read(
    name: str, data: bytes, rendered: pdfium.PdfDocument, limits: Limits, reader: ocr.PageReader
) -> Document:
    count = len(rendered)
    warnings: list[str] = []
    if count > limits.max_pages:
        warnings.append(f"Tệp có {count} trang, chỉ đọc {limits.max_pages} trang đầu.")
    numbers = range(min(count, limits.max_pages))
    layers = [_layer(rendered, i) for i in numbers]
    with_text = [i for i in numbers if layers[i].chars >= limits.ocr_min_chars or _typed_few(layers[i])]
    texts: dict[int, tuple[str, str | None]] = {}
    for i in with_text:
        text = layers[i].text
        if text is not None:
            texts[i] = (nfc(text), None)
    # pdfplumber is ten times slower: only for the pages pypdfium2 cannot read as it would.
    slow = [i for i in with_text if i not in texts]
    for i, (text, encoding) in (pdfplumber_pages(name, data, slow) if slow else {}).items():
        # pdfplumber reads the page's content only: its filled-in fields and annotations go after it.
        texts[i] = (f"{text}\n{layers[i].shown}" if layers[i].shown else text, encoding)
    texts = _legacy_by_text(texts)
    garbled = [i for i in sorted(texts) if _unreliable_layer(texts[i][0], hidden=layers[i].hidden)]
    if garbled:
        pages_named = ", ".join(str(i + 1) for i in garbled)
        warnings.append(
            f"Lớp chữ của trang {pages_named} không đọc được (phông chữ thiếu bảng mã, hoặc chữ do phần mềm "
            "quét nhận dạng sẵn không có dấu tiếng Việt): đã nhận dạng lại chữ từ ảnh trang."
        )
    scanned = [
        i
        for i in numbers
        if not texts.get(i, ("", None))[0].strip()
        or (len(texts[i][0].strip()) < limits.ocr_min_chars and not _typed_few(layers[i]))
        or i in garbled
        or _scan_with_a_few_words(texts.get(i, ("", None))[0], layers[i])
    ]
    under = [i for i in numbers if i not in scanned and _read_off_image(layers[i])]
    verdict = _checked_layer(rendered, under[0], texts[under[0]][0], limits, reader) if under else None
    if verdict is not None and not verdict.agrees:
        scanned = sorted([*scanned, *under])
        warnings.append(_layer_warning(under[0], verdict))
    prepared: list[images.Prepared] = []
    readings = reader(_kept(_renders(rendered, scanned, limits.ocr_dpi), prepared), limits)
    negatives = [k for k, p in enumerate(prepared) if p.negative]
    pngs = [p.png for p in prepared]
    checked = scanpages.check([i + 1 for i in scanned], pngs, readings, limits, reader, negatives=negatives)
    warnings.extend(checked.warnings)
    ocr_pages = dict(zip(scanned, checked.pages, strict=True))
    inked_full = {scanned[k] for k in checked.inked_full}
    blurred = {scanned[k] for k in checked.blurred}
    if len(scanned) == len(numbers) and all(p.timed_out for p in ocr_pages.values()):
        raise ParseTimeoutError(
            f"Nhận dạng chữ tệp PDF {name} quá thời gian cho phép ({limits.ocr_page_seconds:.0f} giây mỗi trang). "
            "Hệ thống sẽ thử lại sau."
        )
    pages = []
    encodings = []
    emphasised: list[str] = []
    for i in numbers:
        if i in ocr_pages:
            result = ocr_pages[i]
            if result.timed_out:
                warnings.append(f"Trang {i + 1}: nhận dạng chữ quá thời gian, bỏ qua trang này.")
            pages.append(
                Page(
                    i + 1,
                    result.text,
                    "ocr",
                    result.confidence,
                    inked_full=i in inked_full,
                    blurred=i in blurred,
                    timed_out=result.timed_out,
                )
            )
        else:
            text, encoding = texts[i]
            encodings.append(encoding)
            # A scanner app's own OCR kept as the page's text is still a reading of a picture: its tone
            # marks are no more typed than tesseract's ("LONG THÀNH" read off a scan of "LONG THẠNH").
            read_off_image = _read_off_image(layers[i])
            pages.append(Page(i + 1, text, "ocr" if read_off_image else "text"))
            if layers[i].text is not None and encoding is None and not read_off_image:
                emphasised.extend(nfc(line) for line in layers[i].emphasised)
    text = "\n\n".join(p.text for p in pages if p.text.strip()).strip()
    if not text:
        raise EmptyFileError(
            f"Tệp PDF {name} không có chữ nào đọc được, kể cả khi nhận dạng chữ từ ảnh trang (trang trắng, "
            "hoặc bản quét quá mờ). Đề nghị trường quét lại rõ hơn, hoặc gửi bản DOCX hay PDF của báo cáo."
        )
    read = {p.method for p in pages}
    method = read.pop() if len(read) == 1 else "mixed"
    return Document(
        name=name,
        format="pdf",
        text=text,
        pages=tuple(pages),
        method=method,
        encoding=next((e for e in encodings if e), None),
        ocr_confidence=ocr.worst_confidence(pages),
        warnings=tuple(warnings),
        emphasised=tuple(dict.fromkeys(emphasised)),
        hidden_issuer=verdict.layer_issuer if verdict is not None else None,
    )


def _read_off_image(layer: pdflayout.Layer) -> bool:
    """A page image with a hidden text layer under it: a scanner app's OCR, or whatever else was put there."""
    return layer.hidden and layer.pictured >= _PICTURE_SHARE


def _checked_layer(
    rendered: pdfium.PdfDocument, index: int, layer_text: str, limits: Limits, reader: ocr.PageReader
) -> underlayer.Verdict:
    """The hidden layer of page index compared with its image's header band, read by reader (see
    underlayer.BAND_SHARE). Cost: OCR of a quarter of one page (about 1 s) for a scanner app's PDF."""
    page = rendered[index]
    try:
        longest = max(page.get_size())
        scale = min(limits.ocr_dpi / _POINTS_PER_INCH, _A3_LONG_INCHES * limits.ocr_dpi / longest)
        image = page.render(scale=scale).to_pil()
    finally:
        page.close()
    band = image.crop((0, 0, image.width, round(image.height * underlayer.BAND_SHARE)))
    (reading,) = reader([images.cleaned(band).png], limits)
    return underlayer.compare(layer_text, reading.text)


def _layer_warning(index: int, verdict: underlayer.Verdict) -> str:
    if verdict.layer_issuer is None:
        return (
            f"Lớp chữ ẩn dưới ảnh trang {index + 1} chưa đối chiếu được với tên trường trên ảnh trang: đã nhận "
            "dạng lại chữ từ ảnh trang."
        )
    return (
        f"Lớp chữ ẩn dưới ảnh trang {index + 1} ghi «{verdict.layer_issuer}», khác với tên trường trên ảnh "
        "trang: tệp có thể chứa văn bản của trường khác nằm dưới ảnh. Đã đọc chữ từ ảnh trang."
    )


# A text layer is not the page's text when many of its characters are control or private-use codes (a
# font without a ToUnicode map gives its glyph numbers), or when a page of its words has almost none with
# a letter only Vietnamese has (ă đ ơ ư ĩ ũ, ạ...ỹ) and it is either hidden under the page's image (a
# scanner app's own OCR, which knew no Vietnamese) or made of tokens that are no words at all: letters run
# into symbols, a capital after a small letter ("@9b>8", "KoTN"), the character codes of a font without
# a ToUnicode map that land on printable letters (Type 3 fonts, fonts re-encoded by a PDF printer). Typed
# Vietnamese has such letters in about 60 % of its words, and hardly a token that is no word; typed
# without tone marks, it has no more of those than with them. A layer is not text either when it holds
# hardly a word at all: when of its _LAYER_WORDS or more tokens with a letter, fewer than _WORD_TOKEN_SHARE
# hold two letters in a row, or over _SYMBOL_SHARE of its characters are symbols (neither letters, digits
# nor punctuation) — the glyph codes of a font without a ToUnicode map placed one by one, «† þ ƒ æ ð ‹».
# Typed text has a word in nine tokens with a letter in ten (the rest: "a)", "I.", a unit), and a symbol
# in a hundred characters; a table of figures has few tokens with a letter and no more symbols. Such a
# page is read from its image instead.
_JUNK_CATEGORIES = frozenset({"Cc", "Co", "Cn", "Cs"})
# A page's characters kept by a str.translate table, to be counted at C speed: those that are not spaces,
# and those of them that are junk.
_VISIBLE = CharTable(lambda c: None if c.isspace() else c)
_JUNK = CharTable(
    lambda c: (
        c if not c.isspace() and (c == "\ufffd" or unicodedata.category(c) in _JUNK_CATEGORIES) else None
    )
)
_JUNK_SHARE = 0.1
_LAYER_WORDS = 30
_VIETNAMESE_WORD_SHARE = 0.1
_WORD = re.compile(r"[^\W\d_]{2,}")
_LETTER = re.compile(r"[^\W\d_]")
_SYMBOL = r"[^\w\s.,;:!?()\[\]/%&'\"+*-]"
_NOT_A_WORD = re.compile(rf"[^\W\d_]{_SYMBOL}|{_SYMBOL}[^\W\d_]|[a-z][A-Z]")
_NOT_A_WORD_SHARE = 0.2
_WORD_TOKEN_SHARE = 0.5
_SYMBOLS = CharTable(lambda c: c if re.fullmatch(_SYMBOL, c) and not c.isspace() else None)
_SYMBOL_SHARE = 0.3


def _unreliable_layer(text: str, *, hidden: bool) -> bool:
    """True when a page's text layer is not its text (see _JUNK_SHARE, _VIETNAMESE_WORD_SHARE and
    _NOT_A_WORD_SHARE)."""
    visible = len(text.translate(_VISIBLE))
    if not visible:
        return False
    if len(text.translate(_JUNK)) > _JUNK_SHARE * visible or _no_words(text, visible):
        return True
    words = _WORD.findall(text)
    if len(words) < _LAYER_WORDS:
        return False
    marked = sum(1 for w in words if legacy.VIETNAMESE_ONLY.search(w))
    if marked >= _VIETNAMESE_WORD_SHARE * len(words):
        return False
    if hidden:
        return True
    tokens = [t for t in text.split() if _LETTER.search(t)]
    return sum(1 for t in tokens if _NOT_A_WORD.search(t)) >= _NOT_A_WORD_SHARE * len(tokens)


def _no_words(text: str, visible: int) -> bool:
    """True when a layer of visible characters holds hardly a word (see _WORD_TOKEN_SHARE)."""
    tokens = text.split()
    if len(tokens) < _LAYER_WORDS:
        return False
    if len(text.translate(_SYMBOLS)) > _SYMBOL_SHARE * visible:
        return True
    lettered = [t for t in tokens if _LETTER.search(t)]
    return len(lettered) >= _LAYER_WORDS and (
        sum(1 for t in lettered if _WORD.search(t)) < _WORD_TOKEN_SHARE * len(lettered)
    )


def _legacy_by_text(texts: dict[int, tuple[str, str | None]]) -> dict[int, tuple[str, str | None]]:
    """Pages typed in TCVN3 or VNI whose font names do not say so (a PDF printer that renames its
    fonts): when the pages read as plain text show that mojibake throughout, they are converted. Not
    when the conversion reads as no Vietnamese (legacy.reads_vietnamese): a font without a ToUnicode map
    that keeps ASCII codes and gives Vietnamese letters codes from 128 up looks like TCVN3, and its
    layer is left for _unreliable_layer to judge."""
    plain = {i: text for i, (text, encoding) in texts.items() if encoding is None}
    encoding = legacy.detect("\n".join(plain.values())) if plain else None
    if encoding is None:
        return texts
    converted = {i: nfc(legacy.convert(text, encoding)) for i, text in plain.items()}
    if not legacy.reads_vietnamese("\n".join(converted.values())):
        return texts
    return {i: (converted[i], encoding) if i in plain else texts[i] for i in texts}


# A page that is an image (a scan) with a few words of text over it is still a scan: the visible
# appearance of a digital signature added after scanning ("Ký bởi: …, Thời gian ký: …"), or a scanner
# app's mark ("Scanned with CamScanner"). A typed page holds well over this many characters.
_PICTURE_SHARE = 0.5
_FEW_CHARS = 300


def _scan_with_a_few_words(text: str, layer: pdflayout.Layer) -> bool:
    """True for a page mostly covered by images whose text layer is only a few words (_FEW_CHARS)."""
    return layer.pictured >= _PICTURE_SHARE and len("".join(text.split())) < _FEW_CHARS


def _typed_few(layer: pdflayout.Layer) -> bool:
    """A typed page with a few words on it and hardly any picture: the signature block or the last lines
    of a report that ran onto one more page. Its text layer is its text; OCR would only make the whole
    document a scan, whose tone marks are not trusted."""
    return layer.chars > 0 and layer.pictured < _PICTURE_SHARE


def _layer(rendered: pdfium.PdfDocument, index: int) -> pdflayout.Layer:
    page = rendered[index]
    form = rendered.formenv
    try:
        return pdflayout.read_page(page, form.raw if form is not None else None)
    finally:
        page.close()


def pdfplumber_pages(name: str, data: bytes, indexes: list[int]) -> dict[int, tuple[str, str | None]]:
    """Text and legacy encoding (if converted) of the given pages, read by pdfplumber.

    The reference reading: pdflayout gives the same text for pages without legacy fonts
    (tests/parsers/test_pdflayout.py checks it on every sample PDF). Imported here: pdfplumber and
    pdfminer took a fifth of a worker process's start, for the few pages only they read right.
    """
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    out: dict[int, tuple[str, str | None]] = {}
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for i in indexes:
                out[i] = _page_text(pdf.pages[i])
    except PDFPasswordIncorrect as e:
        raise EncryptedFileError(f"Tệp PDF {name} được bảo vệ bằng mật khẩu, không đọc được nội dung.") from e
    except Exception as e:  # noqa: BLE001 - pdfminer raises many unrelated types on damaged files
        if out:
            log.warning("%s: text layer unreadable after page %d: %s", name, max(out) + 1, e)
        else:
            raise CorruptFileError(
                f"Tệp PDF {name} bị hỏng, không đọc được lớp chữ. Đề nghị trường gửi lại tệp."
            ) from e
    return out


def _page_text(page: Any) -> tuple[str, str | None]:
    import pdfplumber  # loaded already by pdfplumber_pages, the one caller

    chars = _marks_after_bases(page.chars)
    fonts = {c.get("fontname") for c in chars}
    encodings = {f: legacy.encoding_of_font(f) for f in fonts}
    if not any(encodings.values()):
        return nfc(pdfplumber.utils.extract_text(chars) or ""), None
    # Legacy fonts: pdfplumber splits words where the font changes, so each word is one run.
    words = pdfplumber.utils.extract_words(chars, extra_attrs=["fontname"])
    converted = []
    for word in words:
        encoding = encodings.get(word["fontname"])
        text = (
            legacy.convert(word["text"], encoding, font_name=word["fontname"]) if encoding else word["text"]
        )
        converted.append({**word, "text": text})
    found = next(e for e in encodings.values() if e)
    return nfc("\n".join(_lines(converted))), found


def _marks_after_bases(chars: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Text drawn decomposed (NFD) puts each zero-width mark at the x of the next letter, and
    pdfplumber's left-to-right sort may then put the mark after that letter: "Thạnh" would read
    "Thanḥ". Move each mark onto the right edge of the letter it follows in the content stream."""
    out: list[dict[str, Any]] = []
    for char in chars:
        if out and unicodedata.combining(char["text"][:1] or " "):
            base = out[-1]
            x = max(base["x0"], base["x1"] - 0.01)
            char = {**char, "x0": x, "x1": x}
        out.append(char)
    return out


def _lines(words: list[dict[str, Any]]) -> Iterator[str]:
    """Words grouped into lines by their top edge, each line read left to right."""
    line: list[dict[str, Any]] = []
    for word in sorted(words, key=lambda w: (w["top"], w["x0"])):
        if line and abs(word["top"] - line[0]["top"]) > _LINE_TOLERANCE:
            yield " ".join(w["text"] for w in sorted(line, key=lambda w: w["x0"]))
            line = []
        line.append(word)
    if line:
        yield " ".join(w["text"] for w in sorted(line, key=lambda w: w["x0"]))


# A page is rendered at the OCR resolution but never with a longer side than an A3 sheet's at it: scanning
# software that writes a scan's pixel count as its page size in points makes an A4 page of 48 inches at
# 300 dpi (138 at 600), which rendered whole would take gigabytes.
_A3_LONG_INCHES = 16.54


def _kept(pages: Iterator[images.Prepared], kept: list[images.Prepared]) -> Iterator[bytes]:
    """The page images as they come, each also kept (for scanpages.check once they are read)."""
    for page in pages:
        kept.append(page)
        yield page.png


def _renders(rendered: pdfium.PdfDocument, indexes: list[int], dpi: int) -> Iterator[images.Prepared]:
    """Greyscale PNGs of the pages, rendered one at a time (pdfium is not thread-safe) in colour and
    cleaned up as a photo is (images.cleaned): an office copier feeds sheets a few degrees askew, and
    a school stamps its red seal over the header's name or the signer's."""
    for i in indexes:
        page = rendered[i]
        try:
            longest = max(page.get_size())
            scale = dpi / _POINTS_PER_INCH
            if longest * scale > _A3_LONG_INCHES * dpi:
                scale = _A3_LONG_INCHES * dpi / longest
            bitmap = page.render(scale=scale)
            yield images.cleaned(bitmap.to_pil())
        finally:
            page.close()
