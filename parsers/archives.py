"""Members of zip, 7z and rar archives, checked against limits before anything is decompressed.

zip through zipfile. 7z through the 7z program (p7zip), already on every machine that reads
archives, rather than py7zr and its half-dozen compiled dependencies. rar through rarfile, which
parses the headers itself (names, sizes, encryption) but needs a tool to decompress: it is given
unar or bsdtar (libarchive-tools), or a real unrar; Debian's unrar-free, often installed as
"unrar", speaks another command line, and Debian's 7z has no RAR codec. Outlook's winmail.dat
(TNEF), which carries the attachments of a message sent in Outlook's own format, through
tnefparse. Member names only ever serve as labels ("baocao.zip/BC NQ121.docx"): nothing is written
under a member's name.
"""

from __future__ import annotations

import errno
import io
import logging
import os
import re
import shutil
import struct
import subprocess
import tempfile
import unicodedata
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import rarfile
import tnefparse
from tnefparse import properties as tnef_properties

from parsers import legacy, plain, sniff
from parsers.document import Limits
from parsers.errors import (
    CorruptFileError,
    EncryptedFileError,
    ParseError,
    TooLargeError,
    UnsupportedFileError,
)

log = logging.getLogger(__name__)

# Files that operating systems add to archives; never reports.
_JUNK = re.compile(r"(^|/)(__MACOSX/|\._|Thumbs\.db$|desktop\.ini$|\.DS_Store$)", re.IGNORECASE)
# A small archive may compress well beyond the ratio (a page of blank lines): the ratio only
# applies past this many uncompressed bytes.
_RATIO_FLOOR = 1 << 20
_TOOL_SECONDS = 60.0
_UNICODE_PATH_EXTRA = 0x7075  # Info-ZIP: the UTF-8 name beside a legacy one
_ZIP_END = struct.Struct("<4s4H2LH")  # end of central directory record
_ZIP_ENTRY = struct.Struct("<4s4B4HL2L5H2L")  # central directory entry, before its name
_ZIP_READABLE = 20  # "version needed to extract" of a plain deflated member
# Given to 7z when no password is known: an encrypted archive then fails at once instead of prompting.
_NO_PASSWORD = "baocao"
# Pictures and videos: beside a report in an archive of too many files, they are left unread.
_PHOTO = re.compile(
    r"\.(?:jpe?g|png|heic|heif|gif|bmp|tiff?|webp|avif|mp4|mov|avi|3gp|mkv|wmv)$", re.IGNORECASE
)
# An archive may list at most this many times max_archive_files files, photos included (each is still
# written out by 7z).
_LISTED = 10


@dataclass(frozen=True)
class Member:
    """One file inside an archive: its label for staff and its bytes, or the error reading it."""

    label: str
    data: bytes = b""
    error: ParseError | None = None


@dataclass(frozen=True)
class _Entry:
    name: str
    size: int
    encrypted: bool


def members(
    name: str, data: bytes, kind: str, limits: Limits, passwords: tuple[str, ...] = ()
) -> list[Member]:
    """The files of an archive (kind "zip", "7z", "rar" or "tnef"), junk skipped; those locked with a
    password opened with the first of passwords (what the mail that carried it says) that fits.

    Raises TooLargeError when the archive breaks a limit (too many files, too many bytes, a
    compression ratio that marks a zip bomb), CorruptFileError or EncryptedFileError when it cannot
    be listed at all, UnsupportedFileError for rar when no tool can decompress it.
    """
    if kind == "zip":
        return _zip(name, data, limits, passwords)
    if kind == "7z":
        return _seven_zip(name, data, limits, passwords)
    if kind == "tnef":
        return _tnef(name, data, limits)
    return _rar(name, data, limits, passwords)


def label(archive: str, member: str) -> str:
    """ "baocao.zip/BC NQ121.docx": the member's path with no empty, "." or ".." parts, in NFC (windows-1258
    and macOS write tones as combining marks)."""
    parts = [p for p in re.split(r"[/\\]+", unicodedata.normalize("NFC", member)) if p not in ("", ".", "..")]
    return f"{archive}/{'/'.join(parts) or '(không tên)'}"


def _check(
    name: str, entries: list[_Entry], packed: int, limits: Limits
) -> tuple[list[_Entry], list[Member]]:
    """The entries to read, junk skipped, and a failure for the photos left unread: an archive of more than
    max_archive_files files is read for its documents alone when they are few enough (a report zipped with
    its activities' photos), the photos said unread. TooLargeError when it breaks a limit all the same."""
    entries = listed = [e for e in entries if not _JUNK.search(e.name)]
    left: list[Member] = []
    if len(entries) > limits.max_archive_files:
        photos = [e.name for e in entries if _PHOTO.search(e.name)]
        papers = [e for e in entries if not _PHOTO.search(e.name)]
        if (
            not papers
            or len(papers) > limits.max_archive_files
            or len(entries) > _LISTED * limits.max_archive_files
        ):
            raise TooLargeError(
                f"Tệp nén {name} chứa {len(entries)} tệp, vượt giới hạn {limits.max_archive_files} tệp. "
                "Đề nghị trường chỉ gửi các tệp báo cáo."
            )
        left = [_photos_left(name, len(entries), photos, limits)]
        entries = papers
    total = sum(e.size for e in listed)  # photos too: 7z writes them out all the same
    if (
        total > limits.max_archive_total
        or total > max(packed, 1) * limits.max_compression_ratio
        and total > _RATIO_FLOOR
    ):
        raise TooLargeError(
            f"Tệp nén {name} giải nén ra quá lớn ({total // (1 << 20)} MB) hoặc bất thường, không xử lý được. "
            "Đề nghị trường gửi trực tiếp các tệp báo cáo."
        )
    return entries, left


def _photos_left(name: str, count: int, photos: list[str], limits: Limits) -> Member:
    """The failure that says which photos of an archive of too many files were left unread, named first
    to last as a person numbers them (IMG_2 before IMG_10)."""
    photos = sorted(
        photos, key=lambda n: [int(t) if t.isdigit() else t.lower() for t in re.split(r"(\d+)", n)]
    )
    shown = (
        photos[0] if len(photos) == 1 else f"{photos[0].rsplit('/', 1)[-1]} … {photos[-1].rsplit('/', 1)[-1]}"
    )
    return Member(
        label(name, f"({len(photos)} ảnh)"),
        error=TooLargeError(
            f"Tệp nén {name} chứa {count} tệp, vượt giới hạn {limits.max_archive_files} tệp: chỉ đọc các văn "
            f"bản, không đọc {len(photos)} ảnh, video ({shown}). Nếu ảnh là báo cáo chụp lại, đề nghị trường "
            "gửi riêng các ảnh ấy."
        ),
    )


def _encrypted(label_: str) -> EncryptedFileError:
    return EncryptedFileError(f"Tệp {label_} trong tệp nén được đặt mật khẩu, không đọc được.")


def _locked(name: str) -> EncryptedFileError:
    """A whole archive locked with a password, its list of files too."""
    return EncryptedFileError(f"Tệp nén {name} được đặt mật khẩu, không giải nén được.")


# Office files are zips: a damaged one is the school's Word or Excel file, not an archive it made.
_OFFICE_NAMES = {
    ".docx": "Tệp Word",
    ".docm": "Tệp Word",
    ".dotx": "Tệp Word",
    ".xlsx": "Tệp Excel",
    ".pptx": "Tệp PowerPoint",
    ".odt": "Tệp văn bản",
    ".ods": "Tệp bảng tính",
}


def _corrupt(name: str) -> CorruptFileError:
    office = _OFFICE_NAMES.get(os.path.splitext(name)[1].lower())
    if office is not None:
        return CorruptFileError(f"{office} {name} bị hỏng, không mở được. Đề nghị trường gửi lại tệp.")
    return CorruptFileError(f"Tệp nén {name} bị hỏng, không giải nén được. Đề nghị trường nén và gửi lại.")


# --- zip --------------------------------------------------------------------------------------------


def _zip(name: str, data: bytes, limits: Limits, passwords: tuple[str, ...]) -> list[Member]:
    try:
        archive, too_new = _open_zip(data)
        infos = [i for i in archive.infolist() if not i.is_dir()]
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, struct.error, NotImplementedError) as e:
        raise _corrupt(name) from e
    by_name = {id(i): _zip_name(i) for i in infos}
    entries, out = _check(
        name, [_Entry(by_name[id(i)], i.file_size, bool(i.flag_bits & 0x1)) for i in infos], len(data), limits
    )
    wanted = {e.name for e in entries}
    for info in infos:
        member = by_name[id(info)]
        if member not in wanted:
            continue
        where = label(name, member)
        if info.flag_bits & 0x1:
            unlocked = _unlocked_zip_member(archive, info, data, passwords)
            out.append(
                Member(where, error=_encrypted(where)) if unlocked is None else Member(where, unlocked)
            )
            continue
        if id(info) in too_new:
            out.append(
                Member(where, error=_unsupported(where, f"phiên bản ZIP {too_new[id(info)] / 10:.1f}"))
            )
            continue
        try:
            with archive.open(info) as file:
                content = file.read(info.file_size + 1)  # never more than the header promised
            if len(content) > info.file_size:
                raise zipfile.BadZipFile("member longer than its header says")
            out.append(Member(where, content))
        except NotImplementedError as e:  # a compression method zipfile lacks (Deflate64, zstd, PPMd...)
            out.append(Member(where, error=_unsupported(where, f"phương pháp nén số {info.compress_type}")))
            log.info("%s: %s", where, e)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, zlib.error, struct.error) as e:
            out.append(
                Member(
                    where, error=CorruptFileError(f"Tệp {where} trong tệp nén bị hỏng, không giải nén được.")
                )
            )
            log.info("%s: %s", where, e)
    return out


def _unlocked_zip_member(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, data: bytes, passwords: tuple[str, ...]
) -> bytes | None:
    """A member locked with a password, opened with the first of passwords that fits; None when none does.
    zipfile knows the old ZIP encryption only; AES (7-Zip's, WinZip's, WinRAR's option) goes to 7z."""
    for password in passwords:
        try:
            with archive.open(info, pwd=password.encode("utf-8")) as file:
                content: bytes | None = file.read(info.file_size + 1)
        except NotImplementedError:
            content = _seven_zip_piped(data, info.filename, password)
        except (RuntimeError, zipfile.BadZipFile, OSError, ValueError, EOFError, zlib.error):
            continue  # zipfile's "Bad password", or a wrong one that passed its one-byte check
        if content is not None and len(content) <= info.file_size:
            return content
    return None


def _seven_zip_piped(data: bytes, member: str, password: str) -> bytes | None:
    """One member of an archive as 7z extracts it with password, None when it does not."""
    with tempfile.TemporaryDirectory(prefix="baocao-7z-") as tmp:
        archive = Path(tmp, "archive")
        archive.write_bytes(data)
        piped = _tool(["7z", "x", "-so", "-spd", f"-p{password}", str(archive), "--", member])
    return piped.stdout if piped.returncode == 0 else None


def _open_zip(data: bytes) -> tuple[zipfile.ZipFile, dict[int, int]]:
    """The archive, and the members (by id of their ZipInfo) a newer ZIP version than zipfile's made.

    zipfile refuses the whole archive when one member needs a version it does not know; the
    version bytes are lowered in a copy so that the other members can still be read.
    """
    try:
        return zipfile.ZipFile(io.BytesIO(data)), {}
    except NotImplementedError:
        patched, versions = _lowered_versions(data)
        archive = zipfile.ZipFile(io.BytesIO(patched))
        infos = archive.infolist()
        return archive, {id(infos[i]): v for i, v in versions.items() if i < len(infos)}


def _lowered_versions(data: bytes) -> tuple[bytes, dict[int, int]]:
    """A copy whose central directory asks no version beyond zipfile's, and each raised entry's version."""
    end = data.rfind(b"PK\x05\x06", max(0, len(data) - (1 << 16) - _ZIP_END.size))
    if end < 0:
        raise zipfile.BadZipFile("no end of central directory")
    size = _ZIP_END.unpack_from(data, end)[5]
    patched = bytearray(data)
    versions: dict[int, int] = {}
    at, index = end - size, 0
    while 0 <= at and at + _ZIP_ENTRY.size <= end:
        entry = _ZIP_ENTRY.unpack_from(data, at)
        if entry[0] != b"PK\x01\x02":
            raise zipfile.BadZipFile("bad central directory entry")
        if entry[3] > zipfile.MAX_EXTRACT_VERSION:
            versions[index] = entry[3]
            patched[at + 6] = _ZIP_READABLE
        at += _ZIP_ENTRY.size + entry[12] + entry[13] + entry[14]
        index += 1
    return bytes(patched), versions


def _unsupported(label_: str, what: str) -> UnsupportedFileError:
    return UnsupportedFileError(
        f"Tệp {label_} trong tệp nén dùng {what}, hệ thống chưa giải nén được. "
        "Đề nghị trường nén lại bằng chức năng nén .zip có sẵn của Windows hoặc gửi trực tiếp tệp này."
    )


# Code page 437's box-drawing and shading characters: read from the letters of a name in UTF-8 or
# windows-1258 («B├ío c├ío»), never typed in a Vietnamese one.
_DRAWN = re.compile("[\u2500-\u259f]")


def _zip_name(info: zipfile.ZipInfo) -> str:
    """The member name as the sender saw it.

    Without the UTF-8 flag zipfile decodes names as cp437; Windows wrote them in the OEM code page
    of the sender's machine, and many tools write UTF-8 without setting the flag.
    """
    extra = _unicode_path(info.extra)
    if extra:
        return _read_as_437_before(extra)
    if info.flag_bits & 0x800:
        return _read_as_437_before(info.filename)
    raw = info.filename.encode("cp437", errors="replace")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    return _code_page_name(raw)


def _read_as_437_before(name: str) -> str:
    """A name as it was before a tool that unzipped it read it in code page 437 and the files were zipped
    again (an old unzip, a Mac's): «B├ío c├ío» is «Báo cáo». Only a name with 437's box-drawing or
    shading characters, which no Vietnamese name has, whose bytes in 437 read as more letters in UTF-8 or
    an old Windows code page (_code_page_name); any other stays as it is."""
    if not _DRAWN.search(name):
        return name
    try:
        raw = name.encode("cp437")
    except UnicodeEncodeError:  # a character 437 has not: not a name 437 made
        return name
    try:
        restored = raw.decode("utf-8")
    except UnicodeDecodeError:
        restored = _code_page_name(raw)
    return restored if _lettered(_above_ascii(restored)) > _lettered(_above_ascii(name)) else name


def _above_ascii(text: str) -> str:
    return "".join(c for c in text if ord(c) >= 0x80)


def _code_page_name(raw: bytes) -> str:
    """A name in an old Windows code page: windows-1258 (a Vietnamese Windows), or code page 437 (an English
    Windows, the zip format's own) when that reads more of its bytes above ASCII as Latin letters: 437's
    "á", "é", "ô" are the bytes 1258 reads as a no-break space, "‚", "“", and every such byte of a
    Vietnamese name is a letter or a tone mark in 1258 (an en dash aside)."""
    high = bytes(b for b in raw if b >= 0x80)
    try:
        if _lettered(high.decode("cp1258")) >= _lettered(high.decode("cp437")):
            return raw.decode("cp1258")
    except UnicodeDecodeError:  # a byte windows-1258 leaves undefined
        pass
    return raw.decode("cp437")


def _lettered(text: str) -> int:
    """How many more of text's characters are Latin letters or combining marks than are not."""
    return sum(
        1 if unicodedata.category(c).startswith("M") or unicodedata.name(c, "").startswith("LATIN") else -1
        for c in text
    )


def _unicode_path(extra: bytes) -> str | None:
    i = 0
    while i + 4 <= len(extra):
        kind, size = struct.unpack_from("<HH", extra, i)
        body = extra[i + 4 : i + 4 + size]
        if kind == _UNICODE_PATH_EXTRA and len(body) > 5 and body[0] == 1:
            try:
                return body[5:].decode("utf-8")
            except UnicodeDecodeError:
                return None
        i += 4 + size
    return None


# --- winmail.dat (TNEF) ---------------------------------------------------------------------------


def _tnef(name: str, data: bytes, limits: Limits) -> list[Member]:
    try:
        packed = tnefparse.TNEF(data, do_checksum=False)
    except Exception as e:  # tnefparse raises whatever its struct reads and decodes hit on damaged input
        raise CorruptFileError(
            f"Tệp {name} (gói tệp đính kèm của Outlook) bị hỏng, không đọc được. "
            "Đề nghị trường gửi lại, đính kèm báo cáo dạng Word hoặc PDF."
        ) from e
    # Without files it only carries the formatting of a message written in Outlook's rich text: no
    # file was sent, and none failed.
    return checked(
        name, [(_tnef_name(a), bytes(a.data)) for a in packed.attachments if a.data], len(data), limits
    )


def formatting_only(data: bytes) -> bool:
    """Whether data is Outlook's winmail.dat (TNEF) that carries no file, only the formatting of a message
    written in its rich text: Outlook sends one with such a mail even when nothing was attached. One
    tnefparse cannot list is not: what it held cannot be told, and reading it says so."""
    if not sniff.is_tnef(data):
        return False
    try:
        packed = tnefparse.TNEF(data, do_checksum=False)
    except Exception:  # tnefparse raises whatever its struct reads hit on damaged input (see _tnef)
        return False
    return not any(a.data for a in packed.attachments)


def tnef_body(data: bytes) -> str:
    """The words typed in the message a winmail.dat (TNEF) packs, as plain text: Outlook sending in its rich
    text may put the whole mail there, its body included, with no text part beside it. Its rich text, else
    its HTML, else its plain text; "" when it carries none, or is no winmail.dat tnefparse can read."""
    if not sniff.is_tnef(data):
        return ""
    try:
        packed = tnefparse.TNEF(data, do_checksum=False)
        rtf = packed.rtfbody
    except Exception:  # tnefparse and compressed_rtf raise whatever their reads hit on damaged input
        return ""
    if rtf:
        # Converted before tidy()'s nfc(), which drops the soft hyphen: TCVN3's «ư» (as read_text does).
        return plain.tidy(legacy.fix_mojibake(plain.rtf_to_unicode(bytes(rtf)))[0])
    if packed.htmlbody:
        return plain.html_to_text(_body_text(packed.htmlbody), links=True)
    return plain.tidy(_body_text(packed.body)) if packed.body else ""


def _body_text(value: str | bytes) -> str:
    """A TNEF body as text: tnefparse decodes it only when the message names its code page."""
    return value if isinstance(value, str) else plain.decode(bytes(value))[0]


def checked(name: str, files: list[tuple[str, bytes]], packed: int, limits: Limits) -> list[Member]:
    """Files some container already unpacked ((name, bytes), as Outlook's winmail.dat or .msg carries
    them) as its members, junk skipped; TooLargeError when they break the limits an archive's do."""
    entries, left = _check(name, [_Entry(n, len(d), False) for n, d in files], packed, limits)
    wanted = {e.name for e in entries}
    return [*(Member(label(name, n), d) for n, d in files if n in wanted), *left]


def _tnef_name(attachment: tnefparse.TNEFAttachment) -> str:
    """The file name Outlook gave an attachment: its long name, else the short one, in the sender's code page."""
    long_names = [
        p.data for p in attachment.mapi_attrs if p.name == tnef_properties.MAPI_ATTACH_LONG_FILENAME
    ]
    # The short name (attAttachTitle) stays bytes: tnefparse would decode it as UTF-8 only.
    for raw in [*long_names, attachment._name]:
        text = raw if isinstance(raw, str) else _decoded(bytes(raw), attachment.codepage)
        text = unicodedata.normalize("NFC", text.strip("\x00").strip())
        if text:
            return text
    return "(không tên)"


def _decoded(raw: bytes, codepage: str | None) -> str:
    try:
        return raw.decode(codepage or "cp1252", "replace")
    except LookupError:  # a code page Python does not know
        return raw.decode("cp1252", "replace")


# --- 7z ---------------------------------------------------------------------------------------------


def _seven_zip(name: str, data: bytes, limits: Limits, passwords: tuple[str, ...]) -> list[Member]:
    with tempfile.TemporaryDirectory(prefix="baocao-7z-") as tmp:
        archive = Path(tmp, "archive.7z")
        archive.write_bytes(data)
        password, listing = _seven_zip_listing(name, archive, passwords)
        entries = list(_slt_entries(listing.decode("utf-8", "replace")))
        entries, left = _check(name, entries, len(data), limits)
        if password == _NO_PASSWORD and any(e.encrypted for e in entries):
            password = next(
                (p for p in passwords if _tool(["7z", "t", f"-p{p}", str(archive)]).returncode == 0), password
            )
        out_dir = Path(tmp, "out")
        extract = _tool(["7z", "x", "-y", f"-p{password}", f"-o{out_dir}", str(archive)])
        out = left
        for entry in entries:
            where = label(name, entry.name)
            locked = entry.encrypted and password == _NO_PASSWORD
            content = None if locked else _seven_zip_member(archive, out_dir, entry.name, password)
            if locked:
                out.append(Member(where, error=_encrypted(where)))
            elif content is not None:
                out.append(Member(where, content))
            else:
                log.info("%s: not extracted: %s", where, extract.stderr[-300:])
                out.append(
                    Member(
                        where,
                        error=CorruptFileError(f"Tệp {where} trong tệp nén bị hỏng, không giải nén được."),
                    )
                )
        return out


def _seven_zip_listing(name: str, archive: Path, passwords: tuple[str, ...]) -> tuple[str, bytes]:
    """The password that lists the archive (_NO_PASSWORD unless its list of files is locked) and the listing.

    Raises EncryptedFileError when its list is locked and no password fits, CorruptFileError when 7z
    cannot list it."""
    for password in (_NO_PASSWORD, *passwords):
        listing = _tool(["7z", "l", "-slt", "-ba", f"-p{password}", str(archive)])
        refused = b"Wrong password" in listing.stderr or b"encrypted" in listing.stderr.lower()
        if listing.returncode == 0 and not refused:
            return password, listing.stdout
        if not refused:
            raise _corrupt(name)
    raise _locked(name)


def _seven_zip_member(archive: Path, out_dir: Path, member: str, password: str) -> bytes | None:
    """The bytes of a member 7z extracted into out_dir, None when it extracted none there. A name the disk
    does not take (over 255 bytes: 200 Vietnamese letters, which Windows takes) is piped out of the archive
    instead, the name matched as written, not as a wildcard."""
    path = (out_dir / member).resolve()
    try:
        return path.read_bytes() if path.is_relative_to(out_dir.resolve()) and path.is_file() else None
    except OSError as e:
        if e.errno != errno.ENAMETOOLONG:
            raise
    piped = _tool(["7z", "x", "-so", "-spd", f"-p{password}", str(archive), "--", member])
    return piped.stdout if piped.returncode == 0 else None


def _slt_entries(listing: str) -> Iterator[_Entry]:
    """Files from `7z l -slt` output: blocks of "Key = value" lines separated by blank lines."""
    for block in re.split(r"\n\s*\n", listing):
        fields = dict(line.split(" = ", 1) for line in block.splitlines() if " = " in line)
        if "Path" not in fields or fields.get("Folder") == "+" or "D" in fields.get("Attributes", "")[:1]:
            continue
        size = fields.get("Size", "0")
        yield _Entry(fields["Path"], int(size) if size.isdigit() else 0, fields.get("Encrypted") == "+")


# --- rar --------------------------------------------------------------------------------------------

_rar_ready: bool | None = None


def _rar_tool() -> bool:
    """Set rarfile up with a tool that can decompress, once; False when there is none."""
    global _rar_ready
    if _rar_ready is None:
        unrar = shutil.which("unrar")
        real_unrar = unrar is not None and "unrar-free" not in os.path.realpath(unrar)
        try:
            rarfile.tool_setup(
                unrar=real_unrar, unar=True, bsdtar=True, sevenzip=False, sevenzip2=False, force=True
            )
            _rar_ready = True
        except rarfile.RarCannotExec:
            _rar_ready = False
    return _rar_ready


def _rar(name: str, data: bytes, limits: Limits, passwords: tuple[str, ...]) -> list[Member]:
    try:
        archive = rarfile.RarFile(io.BytesIO(data))
        if archive.needs_password() and not archive.infolist() and not _rar_listed(archive, passwords):
            raise _locked(name)
        infos = [i for i in archive.infolist() if not i.is_dir()]
    except rarfile.Error as e:
        raise _corrupt(name) from e
    entries, out = _check(
        name, [_Entry(_rar_name(i), i.file_size, i.needs_password()) for i in infos], len(data), limits
    )
    if not _rar_tool():
        raise UnsupportedFileError(
            f"Tệp .rar {name}: máy chủ chưa có công cụ giải nén RAR. Đề nghị trường nén lại thành .zip hoặc gửi trực tiếp các tệp."
        )
    wanted = {e.name for e in entries}
    for info in infos:
        if _rar_name(info) not in wanted:
            continue
        where = label(name, _rar_name(info))
        if info.needs_password():
            unlocked = _unlocked_rar_member(archive, info, passwords)
            out.append(
                Member(where, error=_encrypted(where)) if unlocked is None else Member(where, unlocked)
            )
            continue
        try:
            out.append(Member(where, archive.read(info)))
        except (rarfile.Error, OSError) as e:
            log.info("%s: %s", where, e)
            out.append(
                Member(
                    where,
                    error=CorruptFileError(
                        f"Tệp {where} không giải nén được (tệp .rar dạng nén liền khối hoặc bị hỏng). "
                        "Đề nghị trường nén lại thành .zip."
                    ),
                )
            )
    return out


def _rar_name(info: rarfile.RarInfo) -> str:
    """The member name as the sender saw it: a RAR 4 name without the Unicode flag is in the code page
    of the sender's Windows, which rarfile reads as windows-1252 when it is not UTF-8 (as _zip_name)."""
    raw = info.orig_filename
    if (
        not isinstance(info, rarfile.Rar3Info)
        or info.flags & rarfile.RAR_FILE_UNICODE
        or not isinstance(raw, bytes)
    ):
        return info.filename
    try:
        decoded = raw.decode("utf-8")
    except UnicodeDecodeError:
        decoded = _code_page_name(raw)
    return decoded.replace("\\", "/")


def _rar_listed(archive: rarfile.RarFile, passwords: tuple[str, ...]) -> bool:
    """Whether one of passwords opens an archive whose list of files is locked (set on it if so)."""
    for password in passwords:
        try:
            archive.setpassword(password)
            if archive.infolist():
                return True
        except (rarfile.Error, OSError):
            continue
    return False


def _unlocked_rar_member(
    archive: rarfile.RarFile, info: rarfile.RarInfo, passwords: tuple[str, ...]
) -> bytes | None:
    """A member locked with a password, opened with the first of passwords that fits; None when none does."""
    for password in passwords:
        try:
            return archive.read(info, pwd=password)
        except (rarfile.Error, OSError):
            continue
    return None


def _tool(command: list[str]) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(
            command, capture_output=True, stdin=subprocess.DEVNULL, timeout=_TOOL_SECONDS, check=False
        )
    except subprocess.TimeoutExpired as e:
        # Not the command in the message: it may hold a password.
        return subprocess.CompletedProcess(command, 1, b"", f"timed out after {e.timeout:.0f} s".encode())
