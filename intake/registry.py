"""The schools of the district, the addresses known to belong to each, and who a name can mean."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from intake.names import Fit, Mention, SchoolName, fit, parse_name, school_code
from kernel.config import SchoolConfig
from kernel.schoolnames import unqualified
from parsers.text import fold, tone_key


@dataclass(frozen=True)
class Resolution:
    """The schools a mention can mean: those it fits best, and how well."""

    schools: tuple[str, ...]  # ids, in registry order
    fit: Fit | None  # the best fit; None when it fits no school

    @property
    def clear(self) -> bool:
        """Exactly one school, by level, place (and tones) and number."""
        return len(self.schools) == 1 and self.fit is not None and self.fit.full


@dataclass(frozen=True)
class Registry:
    schools: tuple[SchoolConfig, ...]
    learned: Mapping[str, str] = field(default_factory=dict)  # address -> school id, from staff decisions
    names: Mapping[str, tuple[SchoolName, ...]] = field(default_factory=dict)  # school id -> parsed names
    # The office and its collecting units by name: the bodies these schools answer to. Empty: unknown.
    offices: tuple[str, ...] = ()
    # Schools off the roster of the season being matched (closed, merged into another, not open yet):
    # their names still match, but a header's words are not taken for the cut-off start of theirs.
    closed: frozenset[str] = frozenset()
    # The season (year) of the report being matched, and the season of the mail that taught each learned
    # address: an address learned in another season may belong to someone who has moved school since.
    season: int | None = None
    taught: Mapping[str, int] = field(default_factory=dict)

    @classmethod
    def build(
        cls,
        schools: Sequence[SchoolConfig],
        learned: Mapping[str, str],
        offices: Sequence[str] = (),
        taught: Mapping[str, int] | None = None,
    ) -> Registry:
        schools = tuple(schools)
        ids = {s.id for s in schools}
        learned_ids = {a.lower(): i for a, i in learned.items() if i in ids}
        years = {a.lower(): y for a, y in (taught or {}).items()}
        return cls(schools, learned_ids, _names(schools), tuple(offices), taught=years)

    def learned_in_another_season(self, address: str) -> int | None:
        """The season in which staff tied this learned address to its school, if it is not the season
        being matched: a principal or clerk may have moved school since (or had not yet come)."""
        year = self.taught.get(address.lower())
        return year if year is not None and self.season is not None and year != self.season else None

    def by_address(self, address: str) -> SchoolConfig | None:
        """The school an address is registered or learned for."""
        return self.registered(address) or self.get(self.learned.get(address.lower(), ""))

    def registered(self, address: str) -> SchoolConfig | None:
        """The school whose config lists this address."""
        address = address.lower()
        return next((s for s in self.schools if address in s.emails), None)

    def get(self, school_id: str) -> SchoolConfig | None:
        return next((s for s in self.schools if s.id == school_id), None)

    def name(self, school_id: str) -> str:
        school = self.get(school_id)
        return school.name if school else school_id

    @property
    def places(self) -> tuple[str, ...]:
        """Every place name the schools are named after, with diacritics."""
        return tuple(dict.fromkeys(n.place for names in self.names.values() for n in names if n.place))

    def by_symbol(self, code: str) -> tuple[str, ...]:
        """The schools that abbreviate themselves as code in their documents' numbers ("THMTA")."""
        return _codes(self.schools).get(code, ())

    def names_going_on(self, words: tuple[str, ...], *, tones_reliable: bool) -> frozenset[str]:
        """The schools on the roster with a name ("Trường …", folded as words are: without tones unless
        reliable) that starts with these words and has more."""
        return frozenset(
            school_id
            for school_id, full in _name_words(self.schools, tones_reliable)
            if full[: len(words)] == words and len(full) > len(words) and school_id not in self.closed
        )

    def resolve(self, mention: Mention, *, tones_reliable: bool = True) -> Resolution:
        """The schools mention fits best. Fits of a lower rank are dropped: "Long Thạnh" written
        with its tones does not mean "Long Thành", but "Long Thanh" without tones means either."""
        best: Fit | None = None
        chosen: list[str] = []
        for school in self.schools:
            fits = [
                f
                for n in self.names.get(school.id, ())
                if (f := fit(mention, n, tones_reliable=tones_reliable))
            ]
            if not fits:
                continue
            top = max(fits)
            if best is None or top > best:
                best, chosen = top, [school.id]
            elif top == best:
                chosen.append(school.id)
        return Resolution(tuple(chosen), best)


@lru_cache(maxsize=8)
def _names(schools: tuple[SchoolConfig, ...]) -> Mapping[str, tuple[SchoolName, ...]]:
    """Each school's parsed names, once per roster: the pipeline builds a registry per message."""
    return {s.id: tuple(dict.fromkeys(parse_name(n) for n in (s.name, *s.aliases))) for s in schools}


@lru_cache(maxsize=8)
def _name_words(
    schools: tuple[SchoolConfig, ...], tones_reliable: bool
) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Each name of each school as "Trường …" in words, once per roster (a header is compared to them all)."""
    key = tone_key if tones_reliable else fold
    return tuple(
        (s.id, tuple(key(n if fold(n).startswith("truong ") else f"Trường {n}").split()))
        for s in schools
        for n in (unqualified(name)[0] for name in (s.name, *s.aliases))
    )


@lru_cache(maxsize=8)
def _codes(schools: tuple[SchoolConfig, ...]) -> Mapping[str, tuple[str, ...]]:
    """The schools by the code they abbreviate themselves as, once per roster: a document's number is
    looked up for every document read."""
    found: dict[str, list[str]] = {}
    for school_id, names in _names(schools).items():
        for code in dict.fromkeys(school_code(n) for n in names):
            if code is not None:
                found.setdefault(code, []).append(school_id)
    return {code: tuple(ids) for code, ids in found.items()}
