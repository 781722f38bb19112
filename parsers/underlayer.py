"""Whether a scan's hidden text layer reads as its page image does: the school it names, checked on the header."""

from __future__ import annotations

from dataclasses import dataclass

from parsers.facts import extract_header
from parsers.issuers import same_school

# A scanner's own OCR drawn invisible under a page image is another reading of the same picture: it
# names the school the image shows, give or take a misread letter. A layer put there by anyone else may
# be another document altogether (another school's report under this school's signed scan), and a layer
# trusted unread would credit that school. The header of the first such page (its top BAND_SHARE, where
# the school's name and the document's number stand) is read from the image and its issuer compared:
# the two agree when they name one school as parsers.issuers reads it: a misread letter or two of the
# name, but not another level, number or letter ("MỸ THẠNH A" is not "MỸ THẠNH B").
BAND_SHARE = 0.25


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
    if same_school(layer, image):
        return Verdict(True)
    return Verdict(False, layer.strip())
