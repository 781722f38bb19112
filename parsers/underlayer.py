"""Whether a scan's hidden text layer reads as its page image does: the school it names, checked on the header."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz

from parsers.facts import extract_header
from parsers.text import fold

# A scanner's own OCR drawn invisible under a page image is another reading of the same picture: it
# names the school the image shows, give or take a misread letter. A layer put there by anyone else may
# be another document altogether (another school's report under this school's signed scan), and a layer
# trusted unread would credit that school. The header of the first such page (its top BAND_SHARE, where
# the school's name and the document's number stand) is read from the image and its issuer compared:
# the two agree when their letters match to _SAME_NAME (a misread letter or two of a name of twenty)
# and their digits are the same ("TRƯỜNG TIỂU HỌC SỐ 1" is not "SỐ 2").
BAND_SHARE = 0.25
_SAME_NAME = 85.0
_NOT_ALNUM = re.compile(r"[\W_]+")
_DIGITS = re.compile(r"\d+")


@dataclass(frozen=True)
class Verdict:
    """What comparing a hidden layer's header with its image's found."""

    agrees: bool  # the layer may stand for the page's text
    layer_issuer: str | None = None  # the layer's issuer line, when the image names another school


def compare(layer_text: str, band_text: str) -> Verdict:
    """The layer of a page against the OCR reading of the same page's header band: it agrees when it names
    no school (nothing to credit by it), or the school the image names; not when the image names none (the
    layer would decide alone), nor another (the Verdict keeps the layer's issuer, for staff)."""
    layer = extract_header(layer_text).issuer
    if layer is None:
        return Verdict(True)
    image = extract_header(band_text).issuer
    if image is None:
        return Verdict(False)
    if same_name(layer, image):
        return Verdict(True)
    return Verdict(False, layer.strip())


def same_name(a: str, b: str) -> bool:
    """Two readings of one issuer line: their letters alike (see _SAME_NAME), their digits equal."""
    left, right = _NOT_ALNUM.sub("", fold(a)), _NOT_ALNUM.sub("", fold(b))
    return _DIGITS.findall(left) == _DIGITS.findall(right) and fuzz.ratio(left, right) >= _SAME_NAME
