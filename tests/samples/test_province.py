"""A generated province is deterministic, its schools are unique and tell apart, and its config loads."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from rapidfuzz import fuzz

from intake.names import parse_name
from kernel import config as config_mod
from parsers.text import fold
from samples.province import DEADLINE_DAY, Province, ProvinceSize, make_province, make_schools

SMALL = ProvinceSize(schools=150, units=30, messages=60)


@pytest.fixture(scope="module")
def province() -> Province:
    return make_province(SMALL, seed=1)


def test_the_same_seed_gives_the_same_province_and_another_seed_another(province: Province) -> None:
    again = make_province(SMALL, seed=1)
    assert again.config_text() == province.config_text()
    assert [m.raw for m in again.messages] == [m.raw for m in province.messages]
    assert make_schools(SMALL, seed=2)[1] != province.schools


def test_a_full_size_province_has_thirty_units_and_fifteen_hundred_distinct_schools() -> None:
    units, schools = make_schools(ProvinceSize())
    assert len(units) >= 30 and len(schools) >= 1500
    assert len({s.id for s in schools}) == len(schools)
    assert len({fold(s.name) for s in schools}) == len(schools)
    emails = [e for s in schools for e in s.emails]
    assert len(set(emails)) == len(emails)
    assert all(
        any(s.membership_on(DEADLINE_DAY) and s.memberships[0].unit == u.id for s in schools) for u in units
    )


def test_no_two_places_pass_for_a_typo_of_each_other() -> None:
    """The matcher reads a place within rapidfuzz 85 of another as a typo: such pairs would make the truth undecidable."""
    places = {fold(parse_name(s.name).place) for s in make_schools(ProvinceSize())[1]}
    assert all(fuzz.ratio(a, b) < 85 for a, b in itertools.combinations(sorted(places), 2))


def test_the_config_loads_with_dated_memberships_and_every_truth_names_a_school_on_the_roster(
    province: Province, tmp_path: Path
) -> None:
    path = tmp_path / "config.toml"
    path.write_text(province.config_text(), encoding="utf-8")
    config = config_mod.load(path)
    assert len(config.units) == 30
    assert len(config.schools) == len(province.schools)
    moved = [s for s in config.schools if len(s.memberships) == 2]
    closed = [s for s in config.schools if s.membership_on(DEADLINE_DAY) is None]
    assert moved and closed
    on_roster = {s.id for s in config.roster(DEADLINE_DAY)}
    assert len(province.messages) == SMALL.messages
    assert len({m.message_id for m in province.messages}) == len(province.messages)
    named = [school for m in province.messages for school in m.truth.school_ids]
    assert named and set(named) <= on_roster
