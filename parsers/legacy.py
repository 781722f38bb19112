"""Legacy Vietnamese encodings (TCVN3/ABC and VNI, and VIQR typed in ASCII), and UTF-8 a mail program
encoded twice, to Unicode NFC."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import ftfy

ENCODINGS = ("tcvn3", "vni")
# How staff know them, in what they read.
LABELS = {"tcvn3": "TCVN3 (ABC)", "vni": "VNI"}

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


@lru_cache(maxsize=512)  # a document names a few fonts, for every run or text object drawn in them
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
VIETNAMESE_ONLY = re.compile("[ăđĩũơưĂĐĨŨƠƯ\u1ea0-\u1ef9]")
# TCVN3: Vietnamese letters that land on Latin-1 symbols or C1 codes, seen next to a letter: an ASCII
# one, or one of the Latin-1 letters TCVN3 puts other Vietnamese letters on ("®Ò" đề, "®­îc" được).
_TCVN3_SIGNS = "\u0080-\u009f\u00a1-\u00ae\u00b5-\u00b9\u00bb-\u00be\u00d7\u00f7" + re.escape(
    "".join(_CP1252_BYTE)
)
_LETTER = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u00ff"
_TCVN3_SIGN = re.compile(rf"(?<=[{_LETTER}])[{_TCVN3_SIGNS}]|[{_TCVN3_SIGNS}](?=[{_LETTER}])")
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


# Of a converted text's words with a letter beyond ASCII, the share that must be Vietnamese (reads_vietnamese).
_READ_SHARE = 0.8


def reads_vietnamese(text: str) -> bool:
    """Whether a text converted from a legacy encoding, or read in a guessed charset, reads as Vietnamese:
    nearly all its words with a character beyond ASCII read (vietnamese_share)."""
    return vietnamese_share(text) >= _READ_SHARE


def vietnamese_share(text: str) -> float:
    """Of a text's words with a character beyond ASCII, the share that read as Vietnamese: well-formed
    syllables with no capital beyond ASCII after a small letter («hiÒn», «quĨ», «KỈt»: the codes a font
    without a ToUnicode map gave small letters, where VN1 keeps capitals; «ThƠ», TCVN3's «Thế» read in
    windows-1258). A .VnTimeH heading's «TRƯờNG» is capitals typed with small codes, and reads. 1.0 for a
    text with no such word. Which of two readings of the same bytes is the sender's is the one that reads
    better."""
    # Words with a character beyond ASCII among letters: «h÷c» is one, a bullet or a dash alone is not.
    stripped = (w.strip(_WORD_EDGE) for w in text[:200_000].split())
    words = [w for w in stripped if not w.isascii() and any(c.isalpha() for c in w)]
    if not words:
        return 1.0
    return sum(1 for w in words if _is_syllable(w) and not _capital_after_small(w)) / len(words)


def _capital_after_small(word: str) -> bool:
    return any(c.islower() for c in word if c.isascii()) and any(
        c.isupper() and not c.isascii() for c in word[1:]
    )


def _evidence(text: str, encoding: str) -> tuple[int, float, float]:
    """(signs of this mojibake, Vietnamese share of the marked words before, after conversion)."""
    sign = _TCVN3_SIGN if encoding == "tcvn3" else _VNI_SIGN
    # Each distinct word is searched once: a text repeats its syllables over and over.
    split = text.split()
    signed = {w for w in set(split) if sign.search(w)}
    words = [w for w in split if w in signed]
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
    unicode_letters = len(VIETNAMESE_ONLY.findall(sample))
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
    """(converted text, encoding) when detect() recognises legacy mojibake in the text's lines that hold
    no letter only Unicode has, else (text, None). Only the lines in that encoding are converted
    (convert_lines): a report pasted from an old Word file under a greeting typed in Unicode."""
    encoding = detect("\n".join(line for line in text.split("\n") if not VIETNAMESE_ONLY.search(line)))
    if encoding is None:
        return text, None
    return convert_lines(text, encoding), encoding


def convert_lines(text: str, encoding: str) -> str:
    """The text with its lines typed in encoding converted and those already Unicode left as they are.

    A line holding a letter only Unicode has (ư, đ, ạ...) is Unicode, one whose words read better as
    Vietnamese once converted is legacy; a line that says neither (ASCII, a lone «Trêng» or «Bà Tâm»)
    goes with the line before it, or the first line that says, as a paragraph is typed in one font.
    """
    lines = text.split("\n")
    converted = [convert(line, encoding) for line in lines]
    decided = [_is_legacy_line(line, again) for line, again in zip(lines, converted, strict=True)]
    known = [d for d in decided if d is not None]
    if not known:
        return convert(text, encoding)
    last = known[0]
    out = []
    for line, again, legacy in zip(lines, converted, decided, strict=True):
        last = last if legacy is None else legacy
        out.append(again if last else line)
    return "\n".join(out)


def _is_legacy_line(line: str, converted: str) -> bool | None:
    """True when a line is typed in the legacy encoding it reads as converted, False when it is Unicode,
    None when it does not say."""
    if VIETNAMESE_ONLY.search(line):
        return False
    before = _vietnamese_share([w for w in line.split() if not w.isascii()])
    after = _vietnamese_share([w for w in converted.split() if not w.isascii()])
    if before == after:
        return None
    return after > before


# The words of a short text such as a file name: "_", "-" and "." part them as spaces do.
_NAME_WORD = re.compile(r"[^\s_.,;:()\[\]{}+=~-]+")
_MIN_NAME_SIGNS = 2


def fix_name(text: str) -> tuple[str, str | None]:
    """(converted text, encoding) for a short text typed in TCVN3 or VNI, as a file name is on Windows
    with an old Vietnamese keyboard ("B¸o c¸o NQ121 Tr­êng TH Mü An.docx"), else (text, None).

    Too short for detect's statistics, a name is converted only when it has no Unicode Vietnamese
    letter, at least two of its words have letters beyond ASCII, one of them a sign of the encoding,
    and every such word becomes a well-formed Vietnamese syllable, not all of them one before."""
    if VIETNAMESE_ONLY.search(text):
        return text, None
    marked = [w for w in _NAME_WORD.findall(text) if not w.isascii()]
    if len(marked) < _MIN_NAME_SIGNS:
        return text, None
    for encoding in ENCODINGS:
        sign = _TCVN3_SIGN if encoding == "tcvn3" else _VNI_SIGN
        if not any(sign.search(w) for w in marked) or _vietnamese_share(marked) == 1:
            continue
        if all(_is_syllable(convert(w, encoding).strip(_WORD_EDGE)) for w in marked):
            return convert(text, encoding), encoding
    return text, None


# Of those, the ones Portuguese or Icelandic text in latin-1 could not make a syllable of by chance: ơ, ư,
# đ and a tone mark ("lã" read as "lă" proves little).
_CP1258_STRONG = frozenset(b"\xcc\xd0\xd2\xd5\xdd\xde\xec\xf0\xf2\xf5\xfd")
# The bytes windows-1258 reads otherwise than windows-1252 and latin-1: ă Ă đ Đ ơ Ơ ư Ư ₫ and the five
# combining tone marks (latin-1's ã Ã ð Ð õ Õ ý Ý þ and Ì Ò Þ ì ò).
_CP1258_OWN = frozenset(b"\xc3\xcc\xd0\xd2\xd5\xdd\xde\xe3\xec\xf0\xf2\xf5\xfd\xfe")
# A run of letters, as windows-1258 reads its bytes.
_BYTE_WORD = re.compile(rb"[^\x00-\x40\x5b-\x60\x7b-\xbf\xd7\xf7\xfe]+")


def as_windows_1258(data: bytes, *, labelled: bool = False) -> str | None:
    """The NFC text of 8-bit bytes that are Vietnamese windows-1258, or None: bytes of no declared charset,
    or labelled latin-1 or windows-1252 (labelled), as old Outlook and Outlook Express label their
    Vietnamese.

    Conservative, so that text really in latin-1 stays as it is: the words holding bytes the two code
    pages read differently must nearly all be well-formed Vietnamese syllables in windows-1258, which
    Portuguese or Icelandic words with ã, õ, ý, ð ("não", "irmã", "põe") are not. Against a label, one
    such word must hold ơ, ư, đ or a tone mark, or two must be syllables."""
    try:
        data.decode("cp1258")
    except UnicodeDecodeError:
        return None
    marked = [w for w in _BYTE_WORD.findall(data) if _CP1258_OWN.intersection(w)]
    if not marked:
        return None
    syllables = [w for w in marked if _is_syllable(unicodedata.normalize("NFC", w.decode("cp1258")))]
    if not syllables or len(syllables) < 0.8 * len(marked):
        return None
    if labelled and len(syllables) < 2 and not any(_CP1258_STRONG.intersection(w) for w in syllables):
        return None
    return unicodedata.normalize("NFC", data.decode("cp1258"))


# --- UTF-8 encoded twice -----------------------------------------------------------------------------

# Of the words a repair changes, the share that must be well-formed Vietnamese syllables (names,
# abbreviations such as «GD&ĐT» and words of other languages are not).
_REPAIRED_SHARE = 0.6


def fix_double_utf8(text: str) -> str | None:
    """The NFC text a mail program broke by reading its UTF-8 bytes as windows-1252 or latin-1 and encoding
    what it read as UTF-8 again («BÃ¡o cÃ¡o NQ121 TrÆ°á»\x9dng TH Má»¹ An» for «Báo cáo NQ121 Trường TH Mỹ
    An»), repaired by ftfy; None when ftfy changes nothing or what it gives is not Vietnamese: no letter
    only Vietnamese has, or fewer than _REPAIRED_SHARE of the words it changed well-formed syllables.

    Only for text known to be Unicode (decoded from UTF-8 or its declared charset) that fix_mojibake and
    fix_name left as it was: TCVN3 and VNI text looks like mojibake too («B¸o c¸o»)."""
    if text.isascii():
        return None
    fixed = ftfy.fix_encoding(text)
    if fixed == text or not VIETNAMESE_ONLY.search(fixed):
        return None
    written = set(_NAME_WORD.findall(text))
    changed = [w for w in _NAME_WORD.findall(fixed) if w not in written and not w.isascii()]
    if not changed or _vietnamese_share(changed) < _REPAIRED_SHARE:
        return None
    return unicodedata.normalize("NFC", fixed)


# --- VIQR ------------------------------------------------------------------------------------------

# VIQR (RFC 1456) writes Vietnamese in ASCII where no Vietnamese keyboard is at hand: a letter's shape
# mark after it (a( ă, a^ â, e^ ê, o^ ô, o+ or o* ơ, u+ or u* ư; dd đ), then its tone mark (' sắc,
# ` huyền, ? hỏi, ~ ngã, . nặng): «Tru*o*`ng Tie^?u ho.c». The same characters are everyday punctuation,
# so a text is taken for VIQR only on strong evidence (detect_viqr), and "." or "?" ending a sentence
# stays punctuation unless the word reads better with the tone (_TONE_AT_END).
_VIQR_SHAPES = {"a(": "ă", "a^": "â", "e^": "ê", "o^": "ô", "o+": "ơ", "o*": "ơ", "u+": "ư", "u*": "ư"}
_VIQR_TONES = {"'": "\u0301", "`": "\u0300", "?": "\u0309", "~": "\u0303", ".": "\u0323"}
_VIQR_LETTER = re.compile(r"(?i)(a\(|a\^|e\^|o\^|o\+|o\*|u\+|u\*|[aeiouy])([`'?~.]?)")
_VIQR_DD = re.compile(r"(?<![A-Za-z])(D[Dd]|dd)(?=[aeiouyAEIOUY])|(?<=&)(DD)(?=T\b)")  # "GD&DDT": GD&ĐT
# Words a mark makes VIQR: a shape mark or "dd" (strong: English has none), a tone mark inside a word.
_VIQR_STRONG = re.compile(r"(?i)a\(|[aeo]\^|[ou][+*]|(?<![a-z])dd(?=[aeiouy])")
_VIQR_SIGN = re.compile(
    r"(?i)a\(|[aeo]\^|[ou][+*]|(?<![a-z])dd(?=[aeiouy])|[aeiouy][`'?~.](?=[a-z])|[aeiouy][`~]"
)
# Addresses and abbreviations of single letters are left as they are, and are no evidence:
# "example.com/~user?id=1", "8 a.m.", "e.g.", "U.S.A." (no word of a report is a lone vowel, a tone, a letter).
_VIQR_KEEP = re.compile(
    r"(?i)\b(?:https?://|www\.)\S+|(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+|(?<![^\W_])[a-z](?:\.[a-z])+\.?(?![^\W_])"
)
_MIN_VIQR_WORDS = 3
# Where a sentence may end, "a." is "a" and a full stop or "ạ" and one. The tone wins for particles
# that close a sentence («Được rồi a.»: rồi ạ.) and for syllables that are seldom a word without it
# and end sentences of reports (cụ thể, liên hệ, cán bộ, nhiệm vụ, bảo vệ, hỗ trợ); other words keep
# the punctuation («Thủ đô.», «phạm vi.», «Có không?»).
_TONE_AT_END = frozenset(
    ("ạ", "dạ", "nhỉ", "hả", "hở", "thể", "hệ", "trị", "kỷ", "bộ", "vụ", "vệ", "trợ", "dụ")
)
# A "?" before a capital is a hỏi tone ("Thu? Thu*`a" Thủ Thừa, "cu?a Pho`ng" của Phòng) unless the word
# closes a question ("Nha^.n ddu*o*.c chu*a? Em ...": chưa, not chửa).
_QUESTION_ENDS = frozenset(("chưa", "sao", "đâu", "kia", "nha"))
# The punctuation that, right after a "." or "?" ending a word, makes the mark a tone: «a..», «Da.,».
_STOPS_AFTER_TONE = {".": ".,;:!?", "?": ".,;:"}
# A tone typed after the syllable's final consonant instead of its vowel: «Tru*o*ng`» Trường, «hoc.» học,
# «Vie^t'» Viết. A stop (c, ch, p, t) takes only sắc or nặng, so there "." is a tone as surely as "'";
# after m, n, ng, nh a "." or "?" may end a sentence («ca?m o*n.») and stays punctuation, but for «..»
# (_STOPS_AFTER_TONE). The tone goes on the nucleus's last vowel, as before any final consonant.
_FINAL_TONE = re.compile(
    rf"(?i)(?<![^\W\d_])((?:{_ONSET})?)([aăâeêioôơuưy]{{1,3}})(ch|nh|ng|c|m|n|p|t)([`'~.])(?![^\W\d_])"
)
_FINAL_TONES = {"c": "'.", "ch": "'.", "p": "'.", "t": "'.", "m": "`'~", "n": "`'~", "ng": "`'~", "nh": "`'~"}
# Words whose "." after m, n, ng or nh is the tone as well as the stop: after the word before them the
# toneless syllable makes no word («Tra^n trong.» Trân trọng., a letter's closing), as _TONE_AT_END.
_TONED_AFTER = {"trọng": frozenset(("trân", "tôn", "quan", "thận", "nghiêm", "trịnh"))}
_WORD_BEFORE = re.compile(r"([^\W\d_]+)[^\S\n]+$")
# Where a sentence ends once VIQR tones are letters: what is left of "." "?" "!" are stops; looked for
# so far from a word at most.
_VIQR_SENTENCE = re.compile(r"[.?!](?=\s)|\n")
_VIQR_STOPS = (". ", "? ", "! ", "\n")
_SENTENCE_REACH = 300
_LINE_END = re.compile(r"[^\S\n]*(?:\n|\Z)")
_CONVERTED = re.compile(r"[^\W\d_A-Za-z]")  # a letter VIQR made: the text it converts was ASCII
_VIQR_TONELESS = re.compile(r"(?i)[a-zđ(^+*]*")  # "dd" is đ by now (_from_viqr)
_OPENING = '"(«“‘['


def _viqr_letter(found: re.Match[str]) -> str:
    base, tone = found.group(1), found.group(2)
    letter = _VIQR_SHAPES.get(base.lower(), base[0].lower())
    if base[0].isupper():
        letter = letter.upper()
    text, end = found.string, found.end()
    after = text[end : end + 1]
    if tone in (".", "?") and _tone_before_stop(text, found.start(), base, tone, text[end : end + 2]):
        return unicodedata.normalize("NFC", letter + _VIQR_TONES[tone])  # «ro^`i a..»: «rồi ạ.»
    if tone in (".", "?") and not after.isalpha():
        # A word's last letter followed by "." or "?" ends a sentence when the line ends there, when a
        # capital follows a full stop or a question's last word, and after a word toned already (a
        # second tone makes no syllable: "va^.y? Em"). Where a sentence may end, some words take the
        # tone as well (_TONE_AT_END).
        word, first = _viqr_word(text, found.start(), base)
        rest = text[end:].split("\n", 1)[0]
        capital = after.isspace() and rest.lstrip()[:1].isupper()
        if (
            word is None
            or not rest.strip()
            or not after.isspace()
            or capital
            and (tone == "." or word in _QUESTION_ENDS)
        ):
            if (
                (after.isspace() or not after)
                and word is not None
                and (not first or len(word) > 1)  # «a. Số …» labels a list, «Da. Em …» is «Dạ. Em …»
                and unicodedata.normalize("NFC", word + _VIQR_TONES[tone]) in _TONE_AT_END
            ):
                return unicodedata.normalize("NFC", letter + _VIQR_TONES[tone]) + tone  # «rồi a.»: «rồi ạ.»
            return letter + tone
    return unicodedata.normalize("NFC", letter + _VIQR_TONES.get(tone, ""))


def _tone_before_stop(text: str, at: int, base: str, tone: str, after: str) -> bool:
    """Whether the mark after a word's last letter `base` at `at` is its tone because punctuation
    follows it: «a..» is «ạ.», «Da., thầy» «Dạ, thầy», «thu?.» «thủ.»; not an ellipsis («a...»), a
    question ending in "?!" or a word toned already."""
    stops = _STOPS_AFTER_TONE[tone]
    if not after or after[0] not in stops or after[1:] == ".":
        return False
    word, _ = _viqr_word(text, at, base)
    return word is not None and _is_syllable(word)


def _viqr_word(text: str, at: int, base: str) -> tuple[str | None, bool]:
    """(the word of text ending in VIQR letter `base` at `at`, lower case, without tone, or None when a
    tone mark comes earlier in it; whether it is its line's first word, which a list label or a heading
    is: "a. Số …")."""
    line = text.rfind("\n", 0, at) + 1
    space = text.rfind(" ", line, at)
    first = not text[line : max(space, line)].strip()
    word = text[max(space + 1, line) : at].lstrip(_OPENING)
    if any(mark in word for mark in _VIQR_TONES):
        return None, first
    word = (word + base).lower()
    if _VIQR_TONELESS.fullmatch(word):  # else digits or signs: a word none of the lists hold
        word = word.replace("dd", "đ")
        for viqr, shaped in _VIQR_SHAPES.items():
            word = word.replace(viqr, shaped)
    return word, first


def _from_viqr(text: str) -> str:
    text = _VIQR_DD.sub(lambda m: "đ" if m.group(0) == "dd" else "Đ", text)
    return _FINAL_TONE.sub(_final_tone, _VIQR_LETTER.sub(_viqr_letter, text))


def _final_tone(found: re.Match[str]) -> str:
    """A syllable whose tone mark follows its final consonant (_FINAL_TONE), toned, when its sentence holds
    letters VIQR made (English in a VIQR mail: «Check it.» stays). The "." of «hoc.» is its tone; it also
    ends the sentence only where the line ends."""
    onset, nucleus, final, tone = found.groups()
    text, start, end = found.string, found.start(), found.end()
    stopped = tone == "." and text[end : end + 1] == "." and text[end + 1 : end + 2] != "."  # «hie^n..»
    toned = f"{onset}{unicodedata.normalize('NFC', nucleus + _VIQR_TONES[tone])}{final}"
    paired = not stopped and tone == "." and _toned_after(text, start, toned)
    if tone not in _FINAL_TONES[final.lower()] and not stopped and not paired:
        return found.group(0)
    # Without its horns «ươ» is typed «uo» («Truong`»): a syllable all the same, its horns not guessed.
    if not _is_syllable(f"{onset}{nucleus}{final}".replace("uo", "uô")):
        return found.group(0)
    reach = max(0, start - _SENTENCE_REACH)
    begin = max([reach, *(at + len(s) for s in _VIQR_STOPS if (at := text.rfind(s, reach, start)) >= 0)])
    stop = _VIQR_SENTENCE.search(text, end - (tone == "."), end + _SENTENCE_REACH)  # «it.» may end one
    if not _CONVERTED.search(text, begin, stop.start() if stop else end + _SENTENCE_REACH):
        return found.group(0)
    ends = paired or tone == "." and _LINE_END.match(text, end) is not None
    return f"{toned}{'.' if ends else ''}"


def _toned_after(text: str, start: int, toned: str) -> bool:
    """Whether the syllable at start, toned with a dot below (toned), makes a word with the word before
    it that it makes none without (_TONED_AFTER): «Trân trong.» is «Trân trọng.»."""
    before = _WORD_BEFORE.search(text, max(0, start - _SENTENCE_REACH), start)
    return before is not None and before.group(1).lower() in _TONED_AFTER.get(toned.lower(), ())


def detect_viqr(text: str) -> bool:
    """Whether text is Vietnamese typed in VIQR: several words with its marks, at least one a shape mark
    or "dd" that English never writes, nearly all of them Vietnamese syllables once converted, in a text
    with little Unicode Vietnamese. English ("I'm sure you're right"), addresses and URLs are not."""
    sample = _VIQR_KEEP.sub(" ", text[:200_000])
    words = [w for w in sample.split() if _VIQR_SIGN.search(w)]
    if len(words) < _MIN_VIQR_WORDS or len(words) < 3 * len(VIETNAMESE_ONLY.findall(sample)):
        return False
    if not any(_VIQR_STRONG.search(w) for w in words):
        return False
    return _vietnamese_share([_from_viqr(w) for w in words]) >= 0.8


def fix_viqr(text: str) -> tuple[str, bool]:
    """(text converted to Unicode, True) when detect_viqr() recognises VIQR, else (text, False); web
    and mail addresses and abbreviations («a.m.», «e.g.») in it are left as they are."""
    if not detect_viqr(text):
        return text, False
    parts, at = [], 0
    for kept in _VIQR_KEEP.finditer(text):
        parts += [_from_viqr(text[at : kept.start()]), kept.group(0)]
        at = kept.end()
    parts.append(_from_viqr(text[at:]))
    return "".join(parts), True


# --- the lost "ư" ---------------------------------------------------------------------------------

# antiword and catdoc drop U+00AD, which is where TCVN3 puts the bare (toneless) "ư"; capital
# fonts (.VnTimeH) draw "Ư" from the same code. Tone-marked ừ ứ ử ữ ự have bytes of their own and
# survive, so only syllables whose ư carries no mark lose it: those with "ươ" (the tone sits on ơ)
# and toneless ones (như, thư, chưa, lưu, nhưng). Each rule below restores ư only where spelling
# or a fixed collocation proves it was there.

_LETTER_RUN = re.compile(r"(?:[^\W\d_]|[\u0300-\u036f])+")
_HORN_O = "ơờớởỡợ"
# "ơng", "ơc" and "ơu" exist only as "ương", "ước", "ươu": an ơ before these finals lost its ư.
_NO_U_RHYME = re.compile(
    rf"(ch|gi|kh|ng|nh|ph|th|tr|b|c|d|đ|g|h|l|m|n|p|r|s|t|v|x)?([{_HORN_O}])(?:ng|c|u)", re.I
)

# Lost forms whose reading with ư is the only word (ơi, ơn, ơm, ơp, ơt rhymes exist both ways:
# chơi/người, sơn/vườn, cơm/bướm, lớp/cướp, bớt/lướt). Three are words themselves but rare beside
# their ư twin in reports: cời (cười), vờn (vườn), trợt (dialect spelling of trượt).
_LOST_WORDS = {
    "mơi": "mươi", "rỡi": "rưỡi", "dới": "dưới", "lới": "lưới", "lỡi": "lưỡi", "cới": "cưới",
    "rới": "rưới", "cời": "cười", "mợn": "mượn", "vợn": "vượn", "trờn": "trườn", "vờn": "vườn",
    "bớm": "bướm", "gơm": "gươm", "ơm": "ươm", "đợm": "đượm", "lớt": "lướt", "mợt": "mượt",
    "mớt": "mướt", "trợt": "trượt", "thợt": "thượt", "rợt": "rượt", "cớp": "cướp", "mớp": "mướp",
    "ớp": "ướp", "nợp": "nượp",
}  # fmt: skip

# Lost forms that are words too, restored only beside a word that proves the ư reading:
# lost form -> (with ư, words before that prove it, words after that prove it).
_NUMERALS = frozenset("lăm bốn sáu bảy tám chín".split())
_CHUA_AFTER = frozenset(
    "được có đạt cao tốt đầy đồng kịp hoàn thật thực đủ rõ sâu chặt đều thường xảy phát nắm qua "
    "từng bao nhiêu nhiều hiệu phù hợp thể biết thấy quan chú đáp đảm triển tham ổn hết".split()
)
_LOST_BESIDE: dict[str, tuple[str, frozenset[str], frozenset[str]]] = {
    "ngời": ("người", frozenset(), frozenset()),  # see _KEEP_BESIDE: sáng ngời, ngời ngời
    "mời": ("mười", frozenset({"tháng", "thứ"}), _NUMERALS),
    "lợt": ("lượt", frozenset(), frozenset()),  # after a number: "559 lợt học sinh"
    "vợt": ("vượt", frozenset(), frozenset("qua khó trội mức lên chỉ cấp bậc ngưỡng kế".split())),
    "cha": ("chưa", frozenset("còn vẫn hầu cũng".split()), _CHUA_AFTER),
    "đa": ("đưa", frozenset(), frozenset("vào ra đón lên về đến tới đi tin".split())),
    "tha": ("thưa", frozenset({"kính", "dạ"}), frozenset({"thớt"})),
    "tra": ("trưa", frozenset("buổi ăn ngủ bữa giữa".split()), frozenset()),
    "ma": ("mưa", frozenset("mùa trời cơn trận".split()), frozenset("bão lũ gió phùn rào".split())),
    "sa": ("sưa", frozenset({"say"}), frozenset()),
    "xa": ("xưa", frozenset({"thuở"}), frozenset({"nay"})),
    "u": ("ưu", frozenset(), frozenset("điểm tiên tú đãi thế việt ái".split())),
    "bu": ("bưu", frozenset(), frozenset("điện chính phẩm cục kiện tá thiếp ảnh".split())),
    "su": ("sưu", frozenset(), frozenset({"tầm", "tập"})),
    "cu": ("cưu", frozenset(), frozenset({"mang"})),
    "lu": ("lưu", frozenset(), frozenset()),  # see _KEEP_BESIDE: lu mờ, cái lu
    "hu": ("hưu", frozenset(), frozenset()),  # see _KEEP_BESIDE: hu hu
}
# Lost forms restored unless a neighbour shows the word as written: (before, after).
_KEEP_BESIDE: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "ngời": (frozenset("sáng rạng chói ngời".split()), frozenset({"ngời"})),
    "lu": (frozenset({"cái", "chiếc"}), frozenset({"mờ", "bu", "loa"})),
    "hu": (frozenset({"hu"}), frozenset({"hu"})),
}

# Syllables with ư and no other vowel whose onset is one letter (tư, sư, cư...): one letter is
# also a list marker or a label ("điểm c khoản 2", "Phụ lục B"), so only a collocation proves it.
_U_COLLOCATIONS = frozenset(
    (
        "tư vấn|tư tưởng|tư duy|tư cách|tư pháp|tư liệu|tư thế|tư nhân|tư thục|tư chất|tư hữu|"
        "tư lệnh|tư bản|tư trang|tư lợi|riêng tư|thứ tư|đầu tư|sư phạm|giáo sư|kỹ sư|luật sư|"
        "sư đoàn|sư tử|sư phụ|nhà sư|cư trú|cư dân|dân cư|định cư|di cư|cư xử|cư ngụ|chung cư|"
        "dư luận|số dư|dư thừa|dư nợ|dư âm|thặng dư|hư hỏng|hư cấu|hư hại|làm hư|ngư dân|"
        "ngư nghiệp|ngư trường|ngư lưới|ưng ý|ưng thuận|chư hầu|chư vị"
    ).split("|")
)
# Onsets before a toneless ư with no final (như, thư), and before "ưng" (nhưng, trưng, hưng).
_ONSET_ALONE = frozenset({"nh", "th"})
_ONSET_BEFORE_NG = frozenset("b c ch d h l m ng nh r s t th tr x".split())
_ONSET_IN_COLLOCATIONS = frozenset({"c", "d", "h", "s", "t", "ch", "ng"})
_VOWELS = frozenset("aăâeêioôơuưyáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ")
# Characters that glue a letter run into a code, a number, an address or an abbreviation.
_GLUE = frozenset("0123456789&@/_\\#%+=*<>|~^$")
_JOINERS = frozenset(".-'’")
# A line is Vietnamese when it holds a letter with a Vietnamese mark (Latin-1 ones included).
_VIETNAMESE_LETTER = re.compile("[àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝăđĩũơưĂĐĨŨƠƯ\u1ea0-\u1ef9]")


def _case_like(word: str, model: str) -> str | None:
    """word (lower case) in the case of model: all capitals, capitalised or lower; None if mixed."""
    if model.isupper() and len(model) > 1:
        return word.upper()
    if model[0].isupper() and (len(model) == 1 or model[1:].islower()):
        return word[0].upper() + word[1:]
    return word if model.islower() else None


def _restore_no_u_rhyme(word: str) -> str | None:
    """ơng/ơc/ơu after an onset (or alone) -> ương/ước/ươu, the tone kept on ơ."""
    match = _NO_U_RHYME.fullmatch(word)
    if match is None:
        return None
    at = match.start(2)
    horn = word[at]
    u = "Ư" if horn.isupper() else "ư"
    if at == 0 and not (word.isupper() and len(word) > 1):
        return u + horn.lower() + word[1:]
    return word[:at] + u + word[at:]


def _consonants_only(word: str) -> bool:
    return not any(c in _VOWELS for c in word.lower())


def _vowelless_readings(lower: str) -> list[str]:
    """The syllables a vowel-less run can be once its ư is put back, the likelier first."""
    readings = []
    if lower.endswith("ng") and lower[:-2] in _ONSET_BEFORE_NG:
        readings.append(lower[:-2] + "ưng")
    if lower in _ONSET_ALONE or lower in _ONSET_IN_COLLOCATIONS:
        readings.append(lower + "ư")
    if lower == "ng":
        readings.append("ưng")
    return readings


def _glued(line: str, start: int, end: int) -> bool:
    """True when the run at line[start:end] belongs to a number, code, address or abbreviation."""
    chunk_start = line.rfind(" ", 0, start) + 1
    chunk_end = line.find(" ", end)
    chunk = line[chunk_start : chunk_end if chunk_end >= 0 else len(line)]
    if "@" in chunk or "://" in chunk or chunk.lower().startswith("www."):
        return True
    before = line[start - 1] if start > 0 else " "
    after = line[end] if end < len(line) else " "
    if before in _GLUE or after in _GLUE:
        return True
    if before in _JOINERS and start > 1 and line[start - 2].isalnum():
        return True
    return after in _JOINERS and end + 1 < len(line) and line[end + 1].isalnum()


class _Line:
    """One line's letter runs, with the neighbours a rule may consult."""

    def __init__(self, line: str) -> None:
        self.line = line
        self.runs = [(m.start(), m.end()) for m in _LETTER_RUN.finditer(line)]
        self.vietnamese = _VIETNAMESE_LETTER.search(line) is not None

    def word(self, i: int) -> str:
        start, end = self.runs[i]
        return self.line[start:end]

    def neighbour(self, i: int, step: int, *, raw: bool = False) -> str:
        """The run next to run i (lower-cased unless raw) when only spaces part them, else ''."""
        j = i + step
        if not 0 <= j < len(self.runs):
            return ""
        gap = (
            self.line[self.runs[i][1] : self.runs[j][0]]
            if step > 0
            else self.line[self.runs[j][1] : self.runs[i][0]]
        )
        if not (gap and gap.isspace()):
            return ""
        return self.word(j) if raw else self.word(j).lower()

    def number_before(self, i: int) -> bool:
        """Whether a number stands right before word i ("559 lợt"), not a code ending in digits ("QH14")."""
        return re.search(r"(?<!\w)\d[\d.,]*\s+$", self.line[: self.runs[i][0]]) is not None


def _restore_word(line: _Line, i: int) -> str | None:
    word = line.word(i)
    lower = word.lower()
    if "ư" in lower:
        return None
    restored = _restore_no_u_rhyme(word)
    if restored is not None:
        return restored
    start, end = line.runs[i]
    if _glued(line.line, start, end):
        return None
    before, after = line.neighbour(i, -1), line.neighbour(i, 1)
    if lower in _LOST_WORDS:
        return _case_like(_LOST_WORDS[lower], word)
    if lower in _LOST_BESIDE:
        return _restore_beside(line, i, before, after)
    if not _consonants_only(lower):
        return None
    return _restore_vowelless(line, i, before, after)


def _restore_beside(line: _Line, i: int, before: str, after: str) -> str | None:
    word = line.word(i)
    lower = word.lower()
    with_u, proving_before, proving_after = _LOST_BESIDE[lower]
    if lower in _KEEP_BESIDE:
        keep_before, keep_after = _KEEP_BESIDE[lower]
        # "Lưu: VT" (the filing note) often sits on a line with no other Vietnamese letter.
        filing = lower == "lu" and line.line[line.runs[i][1] :].startswith(":")
        proven = not (before in keep_before or after in keep_after) and (line.vietnamese or filing)
    elif lower == "lợt":
        proven = line.number_before(i)
    else:
        proven = before in proving_before or after in proving_after
    return _case_like(with_u, word) if proven else None


def _restore_vowelless(line: _Line, i: int, before: str, after: str) -> str | None:
    word = line.word(i)
    lower = word.lower()
    readings = _vowelless_readings(lower)
    if not readings or (len(word) == 1 and line.line[line.runs[i][1] :].startswith(")")):
        return None  # «c)», «d)»: a list's marker, «dân c)» no lost «cư»
    collocated = [
        r for r in readings if f"{before} {r}" in _U_COLLOCATIONS or f"{r} {after}" in _U_COLLOCATIONS
    ]
    if collocated:
        reading = collocated[0]
    elif lower in _ONSET_ALONE or (lower.endswith("ng") and len(lower) > 2):
        if not line.vietnamese or line.line[line.runs[i][1] :].startswith("."):
            return None
        if word.isupper() and lower in _ONSET_ALONE:
            return None  # TH, NH: abbreviations (TH = tiểu học) far more often than THƯ, NHƯ
        reading = readings[0]
    else:
        return None
    if len(word) == 1 and word.isupper():
        capitals = any(
            len(w) > 1 and w.isupper()
            for w in (line.neighbour(i, -1, raw=True), line.neighbour(i, 1, raw=True))
        )
        return reading.upper() if capitals else reading[0].upper() + reading[1:]
    return _case_like(reading, word)


def _restore_line(line: str) -> str:
    parsed = _Line(line)
    out: list[str] = []
    last = 0
    for i, (start, end) in enumerate(parsed.runs):
        restored = _restore_word(parsed, i)
        if restored is not None:
            out.append(line[last:start] + restored)
            last = end
    out.append(line[last:])
    return "".join(out)


def restore_lost_u(text: str) -> str:
    """Put back the bare "ư"/"Ư" that TCVN3 text loses when a reader drops U+00AD.

    Restores only where Vietnamese spelling or a fixed collocation proves the letter was there:
    trờng -> trường, nh -> như, Lu: VT -> Lưu: VT, cha được -> chưa được. Text already correct is
    returned unchanged, and so are numbers, codes, abbreviations, addresses and list markers.
    """
    return "\n".join(_restore_until_stable(line) for line in text.split("\n"))


def _restore_until_stable(line: str) -> str:
    # A restored word can be the proof its neighbour needs ("cha đợc"), so repeat until nothing
    # changes; every pass adds an ư and no rule touches a word holding one, so this ends.
    while True:
        restored = _restore_line(line)
        if restored == line:
            return line
        line = restored
