"""Legacy Vietnamese encodings (TCVN3/ABC and VNI) to Unicode NFC."""

from __future__ import annotations

import re
import unicodedata

ENCODINGS = ("tcvn3", "vni")

# TCVN 5712:1993 (VN1) bytes 0x80-0xFF as glibc's iconv decodes them (`iconv -f TCVN5712-1`);
# tests/parsers/test_legacy.py regenerates this table from iconv and compares. 0xB0-0xB4 are
# combining tone marks, composed by the final NFC.
_TCVN3_HIGH = (
    "ÀẢÃÁẠẶẬÈẺẼÉẸỆÌỈĨ"  # 0x80
    "ÍỊÒỎÕÓỌỘỜỞỠỚỢÙỦŨ"  # 0x90
    "\u00a0ĂÂÊÔƠƯĐăâêôơưđẰ"  # 0xA0
    "\u0300\u0309\u0303\u0301\u0323àảãáạẲằẳẵắẴ"  # 0xB0
    "ẮẦẨẪẤỀặầẩẫấậèỂẻẽ"  # 0xC0
    "éẹềểễếệìỉỄẾỒĩíịò"  # 0xD0
    "Ổỏõóọồổỗốộờởỡớợù"  # 0xE0
    "ỖủũúụừửữứựỳỷỹýỵỐ"  # 0xF0
)
# VN1 also puts capitals on some C0 control codes (same source).
_TCVN3_C0 = {
    0x01: "Ú", 0x02: "Ụ", 0x04: "Ừ", 0x05: "Ử", 0x06: "Ữ", 0x11: "Ứ",
    0x12: "Ự", 0x13: "Ỳ", 0x14: "Ỷ", 0x15: "Ỹ", 0x16: "Ý", 0x17: "Ỵ",
}  # fmt: skip


def _cp1252_high() -> dict[str, int]:
    """cp1252's printable forms of bytes 0x80-0x9F (five bytes have none and arrive as C1 controls)."""
    forms = {}
    for byte in range(0x80, 0xA0):
        try:
            forms[bytes([byte]).decode("cp1252")] = byte
        except UnicodeDecodeError:
            continue
    return forms


_CP1252_BYTE = _cp1252_high()
# Quotes, dashes, the ellipsis...: in everyday TCVN3 (ABC) fonts bytes 0x80-0x9F draw as this
# punctuation, so these stand for VN1 capitals only inside a word.
_CP1252_PUNCTUATION = frozenset(c for c in _CP1252_BYTE if unicodedata.category(c) not in ("Lu", "Ll"))

_TCVN3_TABLE: dict[str, str] = {chr(0x80 + i): c for i, c in enumerate(_TCVN3_HIGH)}
_TCVN3_TABLE.update({chr(code): c for code, c in _TCVN3_C0.items()})
_TCVN3_TABLE.update({c: _TCVN3_TABLE[chr(byte)] for c, byte in _CP1252_BYTE.items()})

# VNI: a base letter followed by a mark byte. Marks by (lower-case form, meaning).
_TONES = {"ù": "\u0301", "ø": "\u0300", "û": "\u0309", "õ": "\u0303", "ï": "\u0323"}
_CIRCUMFLEX = {"â": "", "á": "\u0301", "à": "\u0300", "å": "\u0309", "ã": "\u0303", "ä": "\u0323"}
_BREVE = {"ê": "", "é": "\u0301", "è": "\u0300", "ú": "\u0309", "ü": "\u0303", "ë": "\u0323"}
# Letters VNI writes as one byte.
_VNI_SINGLE = {
    "ô": "ơ", "Ô": "Ơ", "ö": "ư", "Ö": "Ư", "ñ": "đ", "Ñ": "Đ",
    "æ": "ỉ", "Æ": "Ỉ", "ó": "ĩ", "Ó": "Ĩ", "ò": "ị", "Ò": "Ị", "î": "ỵ", "Î": "Ỵ",
}  # fmt: skip


def _vni_pairs() -> dict[str, str]:
    pairs: dict[str, str] = {}

    def add(bases: str, marks: dict[str, str], quality: str) -> None:
        for base in bases:
            start = _VNI_SINGLE.get(base, base)
            for mark, tone in marks.items():
                letter = unicodedata.normalize("NFC", start + quality + tone)
                for m in (mark, mark.upper()):
                    pairs[base + m] = letter
                    pairs[base.upper() + m] = letter.upper()

    add("aeouyôö", _TONES, "")
    add("aeo", _CIRCUMFLEX, "\u0302")
    add("a", _BREVE, "\u0306")
    return pairs


_VNI_TABLE = _vni_pairs()
_VNI_TABLE.update(_VNI_SINGLE)
_VNI_RE = re.compile("|".join(sorted(map(re.escape, _VNI_TABLE), key=len, reverse=True)))

_SUBSET = re.compile(r"^[A-Z]{6}\+")
_STYLE = re.compile(r"(?:[,-](?:Bold|Italic|BoldItalic|Oblique|BoldOblique|Regular|Roman|Normal)\b.*)$", re.I)


def _font_base(font_name: str) -> str:
    name = _SUBSET.sub("", font_name.strip()).replace("#2E", ".").replace("#20", " ")
    return _STYLE.sub("", name.split(",")[0]).strip()


def encoding_of_font(font_name: str | None) -> str | None:
    """'tcvn3' for .Vn... fonts, 'vni' for VNI-... fonts, else None."""
    if not font_name:
        return None
    name = _font_base(font_name)
    if re.match(r"VNI[-_ ]", name, re.I):
        return "vni"
    if re.match(r"\.Vn", name, re.I) or re.match(r"Vn[A-Z]", name):
        return "tcvn3"
    return None


def is_capital_font(font_name: str | None) -> bool:
    """True for TCVN3 capital fonts (.VnTimeH, .VnArialH...), which draw lower-case codes as capitals."""
    return encoding_of_font(font_name) == "tcvn3" and _font_base(font_name or "").endswith("H")


def _wordish(c: str) -> bool:
    return c.isalpha() or 0x80 <= ord(c) <= 0xFF and c != "\u00a0" or c in _CP1252_BYTE


def _convert_tcvn3(text: str) -> str:
    out = []
    last = len(text) - 1
    for i, c in enumerate(text):
        if c in _CP1252_PUNCTUATION and not (
            0 < i < last and _wordish(text[i - 1]) and _wordish(text[i + 1])
        ):
            out.append(c)
        else:
            out.append(_TCVN3_TABLE.get(c, c))
    return "".join(out)


def convert(text: str, encoding: str, *, font_name: str | None = None) -> str:
    """Convert text typed in a legacy encoding ('tcvn3' or 'vni') to Unicode NFC.

    The text is what a reader got by taking the legacy bytes as Latin-1 or cp1252 ("B¸o c¸o").
    font_name lets TCVN3 capital fonts (.VnTimeH...) be upper-cased after conversion.
    Raises ValueError for an encoding other than 'tcvn3' or 'vni'.
    """
    if encoding == "tcvn3":
        converted = unicodedata.normalize("NFC", _convert_tcvn3(text))
        return converted.upper() if is_capital_font(font_name) else converted
    if encoding == "vni":
        return unicodedata.normalize("NFC", _VNI_RE.sub(lambda m: _VNI_TABLE[m.group(0)], text))
    raise ValueError(f"unknown legacy encoding {encoding!r}: expected one of {', '.join(ENCODINGS)}")


# --- detection ----------------------------------------------------------------------------------

# Vietnamese letters that only Unicode text has (ă đ ơ ư ĩ ũ and the U+1EA0 block).
_UNICODE_VIET = re.compile("[ăđĩũơưĂĐĨŨƠƯ\u1ea0-\u1ef9]")
# TCVN3: Vietnamese letters that land on Latin-1 symbols or C1 codes, seen next to a letter.
_TCVN3_SIGNS = "\u0080-\u009f\u00a1-\u00ae\u00b5-\u00b9\u00bb-\u00be\u00d7\u00f7" + re.escape(
    "".join(_CP1252_BYTE)
)
_TCVN3_SIGN = re.compile(rf"(?<=[A-Za-z])[{_TCVN3_SIGNS}]|[{_TCVN3_SIGNS}](?=[A-Za-z])")
# VNI: a vowel followed by a mark byte, or the one-byte ư/đ/ỉ.
_VNI_SIGN = re.compile(r"[aeouyAEOUYôöÔÖ][ùøûõïÙØÛÕÏ]|[aeoAEO][âäåÂÄÅ]|[aA][êëüÊËÜ]|[öÖñÑæÆ]")

_ONSET = "ngh|ng|nh|ch|gh|gi|kh|ph|th|tr|qu|b|c|d|đ|g|h|k|l|m|n|p|r|s|t|v|x"
_NUCLEUS = (
    "uyê|uya|uyu|ươi|ươu|iêu|yêu|oai|oay|oao|oeo|uây|uôi|"
    "ai|ao|au|ay|âu|ây|eo|êu|ia|iê|iu|oa|oă|oe|oi|ôi|ơi|ua|uâ|uê|ui|uô|uơ|uy|ưa|ưi|ưu|ươ|yê|"
    "a|ă|â|e|ê|i|o|ô|ơ|u|ư|y"
)
_SYLLABLE = re.compile(rf"(?:{_ONSET})?(?:{_NUCLEUS})(?:ch|nh|ng|c|m|n|p|t)?")
_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"
_WORD_EDGE = "\"'()[]{}.,;:!?-–—…“”‘’«»"


def _is_syllable(word: str) -> bool:
    """A well-formed Vietnamese syllable (at most one tone mark)."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    if sum(decomposed.count(m) for m in _TONE_MARKS) > 1:
        return False
    toneless = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONE_MARKS))
    return _SYLLABLE.fullmatch(toneless) is not None


def _vietnamese_share(words: list[str]) -> float:
    if not words:
        return 0.0
    return sum(_is_syllable(w.strip(_WORD_EDGE)) for w in words) / len(words)


def _evidence(text: str, encoding: str) -> tuple[int, float, float]:
    """(signs of this mojibake, Vietnamese share of the marked words before, after conversion)."""
    sign = _TCVN3_SIGN if encoding == "tcvn3" else _VNI_SIGN
    words = [w for w in text.split() if sign.search(w)]
    if not words:
        return 0, 0.0, 0.0
    converted = [convert(w, encoding) for w in words]
    return len(words), _vietnamese_share(words), _vietnamese_share(converted)


_MIN_SIGNS = 4


def detect(text: str) -> str | None:
    """Guess from character statistics whether a whole text is TCVN3 or VNI mojibake.

    Fires only on strong evidence: several words carrying signs of the encoding that become
    well-formed Vietnamese syllables once converted, far more than before, in a text with
    little genuine Unicode Vietnamese.
    """
    sample = text[:200_000]
    unicode_letters = len(_UNICODE_VIET.findall(sample))
    best: tuple[float, str] | None = None
    for encoding in ENCODINGS:
        signs, before, after = _evidence(sample, encoding)
        if signs < _MIN_SIGNS or signs < 3 * unicode_letters:
            continue
        if after < 0.6 or after - before < 0.4:
            continue
        if best is None or after > best[0]:
            best = (after, encoding)
    return best[1] if best else None


def fix_mojibake(text: str) -> tuple[str, str | None]:
    """(converted text, encoding) when detect() recognises legacy mojibake, else (text, None)."""
    encoding = detect(text)
    if encoding is None:
        return text, None
    return convert(text, encoding), encoding
