"""The labels Word draws before numbered paragraphs ("I.", "2.", "a)"): they are not in the text."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from docx.oxml.ns import qn
from lxml import etree

_ROMAN = tuple(
    zip(
        (1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1),
        ("M", "CM", "D", "CD", "C", "XC", "L", "XL", "X", "IX", "V", "IV", "I"),
        strict=True,
    )
)
_MAX_LEVELS = 9
_PLACEHOLDER = re.compile(r"%([1-9])")


def _roman(number: int) -> str:
    out = []
    for value, numeral in _ROMAN:
        count, number = divmod(number, value)
        out.append(numeral * count)
    return "".join(out)


def _letter(number: int) -> str:
    """A, B, ... Z, AA, BB, ... as Word repeats the letter after Z."""
    return chr(ord("A") + (number - 1) % 26) * ((number - 1) // 26 + 1) if number > 0 else ""


# Formats that print a number; bullets and "none" print no label worth reading.
_FORMATS: dict[str, Callable[[int], str]] = {
    "decimal": str,
    "decimalZero": lambda n: f"{n:02d}",
    "upperRoman": _roman,
    "lowerRoman": lambda n: _roman(n).lower(),
    "upperLetter": _letter,
    "lowerLetter": lambda n: _letter(n).lower(),
}


@dataclass(frozen=True)
class _Level:
    format: str  # w:numFmt: "decimal", "upperRoman", "bullet"...
    text: str  # w:lvlText: "%1.", "%1.%2", "-"
    start: int


def _value(parent: etree._Element | None, tag: str) -> str | None:
    found = parent.find(qn(tag)) if parent is not None else None
    return found.get(qn("w:val")) if found is not None else None


def _int(text: str | None, default: int) -> int:
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default


class Numbering:
    """Counts numbered paragraphs in document order, as Word does, and gives each its label."""

    def __init__(self, numbering: etree._Element | None, styles: Mapping[str | None, etree._Element]) -> None:
        """numbering: the numbering definitions part; styles: the w:style elements by w:styleId."""
        self._styles = styles
        self._levels: dict[str, dict[int, _Level]] = {}  # numId -> level -> definition
        self._list_of: dict[str, str] = {}  # numId -> the counters it shares (its abstract list's)
        self._counters: dict[str, dict[int, int]] = {}
        if numbering is None:
            return
        abstracts = {a.get(qn("w:abstractNumId")): a for a in numbering.findall(qn("w:abstractNum"))}
        for num in numbering.findall(qn("w:num")):
            num_id = num.get(qn("w:numId"))
            abstract_id = _value(num, "w:abstractNumId")
            abstract = abstracts.get(abstract_id)
            if num_id is None or abstract is None:
                continue
            levels = {
                _int(lvl.get(qn("w:ilvl")), 0): _Level(
                    _value(lvl, "w:numFmt") or "decimal",
                    _value(lvl, "w:lvlText") or "",
                    _int(_value(lvl, "w:start"), 1),
                )
                for lvl in abstract.findall(qn("w:lvl"))
            }
            restarted = False
            for override in num.findall(qn("w:lvlOverride")):
                start = _value(override, "w:startOverride")
                level = _int(override.get(qn("w:ilvl")), 0)
                if start is not None and level in levels:
                    old = levels[level]
                    levels[level] = _Level(old.format, old.text, _int(start, old.start))
                    restarted = True
            self._levels[num_id] = levels
            # Word continues one list across the instances of an abstract list unless one restarts it.
            self._list_of[num_id] = f"num:{num_id}" if restarted else f"abstract:{abstract_id}"

    def label(self, paragraph: etree._Element) -> str:
        """The label Word shows before this paragraph ("II."), "" when it is not numbered.

        Call it once per paragraph, in document order: it advances the list's counters.
        """
        num_id, level = self._reference(paragraph)
        levels = self._levels.get(num_id or "")
        if num_id is None or not levels or level not in levels:
            return ""
        counters = self._counters.setdefault(self._list_of[num_id], {})
        counters[level] = counters.get(level, levels[level].start - 1) + 1
        for deeper in [k for k in counters if k > level]:
            del counters[deeper]
        if levels[level].format not in _FORMATS:
            return ""

        def number(found: re.Match[str]) -> str:
            at = int(found.group(1)) - 1
            definition = levels.get(at, _Level("decimal", "", 1))
            return _FORMATS.get(definition.format, str)(counters.get(at, definition.start))

        return _PLACEHOLDER.sub(number, levels[level].text).strip()

    def _reference(self, paragraph: etree._Element) -> tuple[str | None, int]:
        """(numId, level) from the paragraph's own properties, else from its style and the styles it is
        based on; numId "0" switches numbering off."""
        p_pr = paragraph.find(qn("w:pPr"))
        num_pr = p_pr.find(qn("w:numPr")) if p_pr is not None else None
        num_id, level = _value(num_pr, "w:numId"), _value(num_pr, "w:ilvl")
        style_id = _value(p_pr, "w:pStyle")
        seen: set[str] = set()
        while num_id is None and style_id is not None and style_id not in seen:
            seen.add(style_id)
            style = self._styles.get(style_id)
            if style is None:
                break
            style_num = style.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
            num_id = _value(style_num, "w:numId")
            level = level if level is not None else _value(style_num, "w:ilvl")
            style_id = _value(style, "w:basedOn")
        if num_id in (None, "0"):
            return None, 0
        return num_id, min(max(_int(level, 0), 0), _MAX_LEVELS - 1)
