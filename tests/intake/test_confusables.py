"""Every pair of schools in the shipped config.toml whose names can be confused, found from the config.

Two schools are confusable when their places are the same letters (Long Thạnh and Long Thành, the
schools of one commune at different levels or numbers) or nearly so (a typo away). For each pair, both
ways round: a clear header decides from a personal address; from the other's own address it waits for
staff naming both (a sister school's file attached by mistake), unless the mail says whose report it
sends, and when only tones tell the two apart it says so (a typed tone is the commonest slip); a
subject alone never overrides an address; a header
without tones decides only when no other school has the same letters; an OCR'd header whose tones
turned into the other school's is settled by the address, never by the tones.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from rapidfuzz import fuzz

from intake.matching import MatchResult, match
from intake.registry import Registry
from kernel import config as config_mod
from kernel.config import Config, SchoolConfig
from parsers.text import fold
from samples.papers import short_name
from tests.intake.mails import message, plain, report

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = config_mod.load(ROOT / "config.toml")
REGISTRY = Registry.build(SHIPPED.schools, {})
PERSONAL = "hieutruong.truong@gmail.com"


def confusable_pairs(config: Config) -> list[tuple[str, str]]:
    registry = Registry.build(config.schools, {})
    pairs = []
    for a, b in itertools.combinations(config.schools, 2):
        places = [(fold(x.place), fold(y.place)) for x in registry.names[a.id] for y in registry.names[b.id]]
        if any(p == q or fuzz.ratio(p, q) >= 80 for p, q in places):
            pairs.append((a.id, b.id))
    return pairs


PAIRS = confusable_pairs(SHIPPED)
ORDERED = [p for pair in PAIRS for p in (pair, pair[::-1])]
# Pairs whose full names differ only in tones: an OCR'd header may show either.
TONES_ONLY = [(a, b) for a, b in ORDERED if fold(SHIPPED.school(a).name) == fold(SHIPPED.school(b).name)]


def _school(school_id: str) -> SchoolConfig:
    return SHIPPED.school(school_id)


def _assigned(result: MatchResult) -> list[str]:
    return [a.school_id for a in result.assignments]


def _header_mail(
    sender: str, issuer: str, school: SchoolConfig, *, ocr: bool = False, subject: str = "Báo cáo NQ121"
) -> MatchResult:
    document = report(school, "bc.pdf", issuer=issuer, named=False, method="ocr" if ocr else "text")
    return match(message(sender, subject, files=["bc.pdf"]), [document], REGISTRY)


def test_the_pairs_named_in_the_district_are_among_those_found() -> None:
    expected = {
        ("mg-long-thanh", "mg-long-thanh-tl"),
        ("th-long-thanh", "th-long-thanh-tl"),
        ("th-binh-thanh-1", "th-binh-thanh-2"),
        ("th-my-thanh-a", "th-my-thanh-b"),
        ("mg-tan-long", "th-thcs-tan-long"),
        ("mg-my-an", "th-my-an"),
        ("th-my-an", "thcs-my-an"),
        ("mn-thi-tran", "th-thi-tran"),
        ("th-thi-tran", "thcs-thi-tran"),
    }
    assert expected <= {tuple(sorted(p)) for p in PAIRS}


@pytest.mark.parametrize(("a", "b"), ORDERED, ids=[f"{a}~{b}" for a, b in ORDERED])
def test_a_clear_header_decides_from_a_personal_address_and_against_the_other_schools_address(
    a: str, b: str
) -> None:
    """From the other school's own address with nothing in the mail saying why, the sister school's clear
    header and the address are both strong and disagree: the mail waits for staff naming both, since a
    clerk attaching the school next door's file by mistake is as likely as one sending it on. A subject
    naming the header's school says why, and the header decides. Against the address of a school whose
    name the header writes but for a tone mark, a typed «LONG THÀNH» may be the sender's own «Long Thạnh»
    mistyped, and the reason says so."""
    school = _school(a)
    assert _assigned(_header_mail(PERSONAL, school.name.upper(), school)) == [a]
    against = _header_mail(_school(b).emails[0], school.name.upper(), school)
    assert not against.assignments and set(against.candidates) == {a, b}
    assert against.review_reason is not None
    if (a, b) in TONES_ONLY:
        assert "chỉ khác dấu thanh" in against.review_reason
    else:
        assert school.name in against.review_reason and _school(b).name in against.review_reason
        said = _header_mail(
            _school(b).emails[0], school.name.upper(), school, subject=f"Gửi báo cáo NQ121 của {school.name}"
        )
        assert _assigned(said) == [a]


@pytest.mark.parametrize(("a", "b"), ORDERED, ids=[f"{a}~{b}" for a, b in ORDERED])
def test_a_subject_naming_one_never_overrides_the_others_address(a: str, b: str) -> None:
    document = report(_school(b), "anh.jpg", header=False, named=False, method="ocr")
    mail = message(_school(b).emails[0], f"BC NQ121 {short_name(_school(a).name)}", files=["anh.jpg"])
    result = match(mail, [document], REGISTRY)
    assert a not in _assigned(result)
    assert not result.assignments and result.review_reason and a in result.candidates


@pytest.mark.parametrize(("a", "b"), ORDERED, ids=[f"{a}~{b}" for a, b in ORDERED])
def test_a_header_without_tones_decides_only_when_no_other_school_has_the_same_letters(
    a: str, b: str
) -> None:
    school = _school(a)
    result = _header_mail(PERSONAL, plain(school.name.upper()), school)
    same_letters = [s.id for s in SHIPPED.schools if fold(s.name) == fold(school.name)]
    if len(same_letters) > 1:
        assert not result.assignments and set(same_letters) <= set(result.candidates)
    else:
        assert _assigned(result) == [a]


def test_the_tones_only_pairs_are_the_long_thanh_schools() -> None:
    assert {tuple(sorted(p)) for p in TONES_ONLY} == {
        ("mg-long-thanh", "mg-long-thanh-tl"),
        ("th-long-thanh", "th-long-thanh-tl"),
    }


@pytest.mark.parametrize(("a", "b"), TONES_ONLY, ids=[f"{a}~{b}" for a, b in TONES_ONLY])
def test_an_ocr_header_in_the_other_schools_tones_is_settled_by_the_address(a: str, b: str) -> None:
    school, other = _school(a), _school(b)
    misread = other.name.upper()  # every letter of a's name, with b's tones
    assert _assigned(_header_mail(school.emails[0], misread, school, ocr=True)) == [a]
    assert not _header_mail(PERSONAL, misread, school, ocr=True).assignments
