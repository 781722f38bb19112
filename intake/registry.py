"""The schools of the district, the addresses known to belong to each, and who a name can mean."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from typing import Any, TypeVar, cast

from intake.names import (
    EXACT_PLACE,
    PTDTBT,
    PTDTNT,
    TYPO_PLACE,
    Fit,
    Mention,
    SchoolName,
    bare_province,
    fit,
    fitting_places,
    parse_name,
    school_code,
    with_level_code,
    words_taken,
    writes_place,
)
from kernel.config import Config, SchoolConfig
from kernel.schoolnames import commune_kind, commune_office_place, unqualified, without_kind
from parsers.text import fold, has_diacritics, tone_key

_T = TypeVar("_T")

# A level written before "xã" or "phường" and the place ("MN xã Mỹ Lạc", "MN X. Mỹ Lạc"), folded: the place
# is a commune.
_COMMUNE_WRITTEN = re.compile(r"\b(?:xa?|phuong|p)\.?$")
# A folded place with a school's number or letter after it: "binh thanh 1", "my thanh a", "tan long ii".
_NUMBERED_PLACE = re.compile(r"(.+?)\s+(?:\d+|[a-z]|[ivx]+)")


@dataclass(frozen=True)
class Resolution:
    """The schools a mention can mean: those it fits best, and how well."""

    schools: tuple[str, ...]  # ids, in registry order
    fit: Fit | None  # the best fit; None when it fits no school
    # Namesakes the name fits as well, told apart by the commune written after it ("TH Kim Đồng xã Mỹ
    # An"): the schools it named before that; () when nothing was told apart.
    namesakes: tuple[str, ...] = ()
    # Of a mention whose level word names one school and whose commune written after the name is that of
    # a school of the same name at a near level ("MG Hoa Sen xã Mỹ An", the Mầm non Hoa Sen being Mỹ An's):
    # the schools the commune names, listed after the one the level names.
    placed: tuple[str, ...] = ()

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
    # The communes each school is in, by name: what tells namesakes apart ("Trường Tiểu học Kim Đồng"
    # of xã Mỹ An and of xã Tân Long), from _homes().
    homes: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # The names of the units collecting each school in any season ([[schools.memberships]]), from _bodies():
    # a former district's office among them tells namesakes of several districts apart by a letterhead.
    bodies: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # The unit whose own mailbox the mail reached (its name) and the schools it collects that season:
    # among namesakes the mail names alike, the one this unit collects. Empty: no unit's mailbox.
    inbox: tuple[str, frozenset[str]] = ("", frozenset())
    # The schools that other units collect that season whose own mailboxes the mail was also addressed to
    # (To, Cc): a namesake among them is one the sender may have meant, so the inbox tells none apart.
    addressed: frozenset[str] = frozenset()
    # The provinces the schools are in ([district].provinces), their names without «Tỉnh», «Thành phố»,
    # «TP.» (names.bare_province), as everything compared with them is read; empty: not configured.
    provinces: tuple[str, ...] = ()
    # The schools the office's mail that this one answers went to: its In-Reply-To or References name the
    # Message-ID of our reminder or acknowledgement to them (Store.schools_written).
    answered: tuple[str, ...] = ()
    # How a staff reason names the office whose mail this one answers (kernel.units.answered_speaker):
    # «Phòng», the unit collecting the schools that mail went to, or «đơn vị» when several units collect.
    speaker: str = "Phòng"
    # How a staff reason names the staff who tied each learned address of the mail (its sender's, a
    # forward's senders') to its school: the unit collecting that school in the season the address was
    # taught (kernel.units.speaker), «Phòng», «Sở» or «UBND xã Mỹ An»; «Phòng» for one left out.
    taught_by: Mapping[str, str] = field(default_factory=dict)
    # The senders of the mail, recorded here, that this one answers (Store.senders_of), and the author of
    # the mail it quotes (Mail.replied_to) when that is another's: a reply's subject is theirs.
    threaded: frozenset[str] = frozenset()
    # Of mail from an address staff taught for one school, the other schools its mail of the season was
    # credited to by their papers, or waits for staff offering (a paper headed with another school's name):
    # the address sends for them too, and alone tells none apart.
    also_sent_for: frozenset[str] = frozenset()
    # What was worked out from the schools' names and communes alone: the copies a mail's matching makes
    # (its season, its inbox) share it, and so do the mails of a run (of_config).
    _worked: _Worked | None = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        # A copy (dataclasses.replace) keeps its original's, unless its schools, names or communes are others.
        if self._worked is None or not self._worked.of(self.schools, self.names, self.homes):
            object.__setattr__(self, "_worked", _Worked(self.schools, self.names, self.homes))

    @classmethod
    def build(
        cls,
        schools: Sequence[SchoolConfig],
        learned: Mapping[str, str],
        offices: Sequence[str] = (),
        taught: Mapping[str, int] | None = None,
        units: Mapping[str, str] | None = None,
        provinces: Sequence[str] = (),
    ) -> Registry:
        """units: each collecting unit's name by id ([[units]]), whose commune its schools are in;
        provinces: the provinces they are in ([district].provinces)."""
        schools = tuple(schools)
        ids = {s.id for s in schools}
        learned_ids = {a.lower(): i for a, i in learned.items() if i in ids}
        years = {a.lower(): y for a, y in (taught or {}).items()}
        # An office that is itself one commune's People's Committee, split into no units, collects every
        # school in its commune.
        communes = tuple(dict.fromkeys(p for o in offices if (p := commune_office_place(o))))
        communes = communes if not units and len({fold(p) for p in communes}) == 1 else ()
        named_units = tuple(sorted((units or {}).items()))
        return cls(
            schools,
            learned_ids,
            _names(schools),
            tuple(offices),
            taught=years,
            homes=_homes(schools, named_units, communes),
            bodies=_bodies(schools, named_units),
            provinces=tuple(dict.fromkeys(bare_province(p) for p in provinces)),
        )

    def in_commune(self, schools: Sequence[str], place: str, *, tones_reliable: bool) -> tuple[str, ...]:
        """Those of schools that are in the commune named place: by the place in brackets after its name,
        its configured commune, or the commune People's Committee that collects it."""
        key = tone_key if tones_reliable and has_diacritics(place) else fold
        wanted = key(place)
        return tuple(s for s in schools if any(key(home) == wanted for home in self.homes.get(s, ())))

    def apart(self, first: str, second: str) -> bool:
        """Whether two schools are known to be in different communes: each has a commune, none shared. A
        commune that is only the words of a school's own name (read from "Trường THCS Nguyễn Du" when the
        config writes none) is not counted when its unit or config says another."""
        a, b = (self._communes(s) for s in (first, second))
        return bool(a) and bool(b) and not a & b

    def _communes(self, school_id: str) -> set[str]:
        homes = {fold(h) for h in self.homes.get(school_id, ())}
        return (homes - {fold(n.place) for n in self.names.get(school_id, ())}) or homes

    def told_communes(self, school_id: str) -> frozenset[str]:
        """The communes, folded and without the word saying their kind, that something besides the words of
        the school's own name says it is in: the config's commune, the place in brackets after its name, a
        commune People's Committee collecting it. «Tiểu học Kim Sơn» alone may stand in any commune."""
        school = self.get(school_id)
        if school is None:
            return frozenset()
        named = {fold(n.place) for n in self.names.get(school_id, ())}
        places = [h for h in self.homes.get(school_id, ()) if fold(without_kind(h)) not in named]
        places += [] if school.commune_read else [school.commune]
        places += [p for body in self.bodies.get(school_id, ()) if (p := commune_office_place(body))]
        return frozenset(fold(without_kind(p)) for p in places if p)

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
        return self._memo.by_address.get(address.lower())

    def get(self, school_id: str) -> SchoolConfig | None:
        return self._memo.by_id.get(school_id)

    def name(self, school_id: str) -> str:
        school = self.get(school_id)
        return school.name if school else school_id

    def in_order(self, schools: Iterable[str]) -> tuple[str, ...]:
        """schools as the roster lists them, as staff read them: «Hoa Hồng 1, Hoa Hồng 2 hoặc Hoa Hồng 10»,
        which their ids' order («…-1, …-10, …-2») is not. An id the roster lacks comes last."""
        rank = self._memo.positions
        return tuple(sorted(set(schools), key=lambda s: (rank.get(s, len(rank)), s)))

    @property
    def places(self) -> tuple[str, ...]:
        """Every place name the schools are named after, with diacritics."""
        return self._memo.places

    def by_symbol(self, code: str) -> tuple[str, ...]:
        """The schools that abbreviate themselves as code in their documents' numbers ("THMTA")."""
        return _codes(self.schools).get(code, ())

    def numbered_after(self, code: str) -> tuple[str, ...]:
        """The schools whose code is code and a number or a letter ("THMA2", "THMAB" after "THMA"): a
        paper numbered with code may be theirs, its clerk leaving the number out as many do when schools
        are numbered after a merger («Tiểu học Mỹ An» became «Mỹ An 1» and «Mỹ An 2»)."""
        return tuple(
            school
            for other, schools in _codes(self.schools).items()
            if other.startswith(code) and _CODE_SUFFIX.fullmatch(other[len(code) :])
            for school in schools
        )

    def names_going_on(self, words: tuple[str, ...], *, tones_reliable: bool) -> frozenset[str]:
        """The schools on the roster with a name ("Trường …", folded as words are: without tones unless
        reliable) that starts with these words and has more, the level compared in any of its spellings
        ("TRƯỜNG MG MỸ" starts "Trường Mẫu giáo Mỹ Lạc")."""
        words = with_level_code(words)
        return frozenset(
            school_id
            for school_id, full in _name_words(self.schools, tones_reliable)
            if _starts_and_goes_on(full, words) and school_id not in self.closed
        )

    def former_name_going_on(
        self, school_id: str, words: tuple[str, ...], *, tones_reliable: bool
    ) -> str | None:
        """The former name (alias) of the school that words start and go on past when its name as
        configured now does not (names_going_on found it by that name), None otherwise."""
        school = self.get(school_id)
        if school is None:
            return None
        words = with_level_code(words)
        if _starts_and_goes_on(_words_of(school.name, tones_reliable), words):
            return None
        return next(
            (
                alias
                for alias in school.aliases
                if _starts_and_goes_on(_words_of(alias, tones_reliable), words)
            ),
            None,
        )

    def in_town(self, mention: Mention) -> frozenset[str]:
        """The schools of mention's level named after a town («Trường Mầm non Thị trấn Thủ Thừa») when mention
        writes the level and «thị trấn» with no town's name after it («MN Thị Trấn», «TH thi tran»), as the
        district calls its town's school; none when a place's name follows («MN Thị trấn Bến Lức»)."""
        if mention.compact:
            return frozenset()
        if town_in_lead(mention):  # «Mầm non Thị trấn gửi báo cáo»: read with the level
            town, after = mention.lead.split()[-2:], mention.words
        elif [fold(w) for w in mention.words[:2]] == ["thi", "tran"]:
            town, after = list(mention.words[:2]), mention.words[2:]
        else:
            return frozenset()
        if after and goes_on(after[0], capitals=town[-1].isupper()):
            return frozenset()
        return frozenset(
            school_id
            for level in mention.levels
            for school_id in self.names_going_on(("truong", level, "thi", "tran"), tones_reliable=False)
        )

    def unnumbered(self, mention: Mention, *, tones_reliable: bool = True) -> frozenset[str]:
        """The schools whose name mention writes in full but for its number ("TH Mỹ An" of "Trường Tiểu
        học Mỹ An 2", while the whole name, once renamed the former name, of Mỹ An 1): it may be theirs,
        the number left out as people write it. A mention of no level ("Mỹ An") is read at every level."""
        return self._fitting(mention, tones_reliable, level=2 if mention.levels else 1, suffix=1)

    def at_near_level(self, mention: Mention, *, tones_reliable: bool = True) -> frozenset[str]:
        """The schools whose name mention writes in full but for its level, written as a near one ("TRƯỜNG
        MẦM NON HOA SEN" of "Trường Mẫu giáo Hoa Sen"): people call a kindergarten either."""
        if not mention.levels:
            return frozenset()
        return self._fitting(mention, tones_reliable, level=1, suffix=2)

    def _fitting(self, mention: Mention, tones_reliable: bool, *, level: int, suffix: int) -> frozenset[str]:
        """The schools a name of which mention fits with its place exactly and its level and suffix as given."""
        return self._memo.get(
            ("fitting", mention, tones_reliable, level, suffix),
            lambda: self._fitting_now(mention, tones_reliable, level, suffix),
        )

    def _fitting_now(self, mention: Mention, tones_reliable: bool, level: int, suffix: int) -> frozenset[str]:
        widest = self._widest(mention, tones_reliable)
        return frozenset(
            school.id
            for school in self._plausible(mention, tones_reliable)
            for name in self.names.get(school.id, ())
            if len(name.place.split()) >= widest
            and (f := fit(mention, name, tones_reliable=tones_reliable)) is not None
            and f.place == EXACT_PLACE
            and f.level == level
            and f.suffix == suffix
        )

    def level_alone(self, mention: Mention, school_id: str, *, tones_reliable: bool = True) -> bool:
        """Whether only mention's level word tells school from a school of a near level with its name
        ("MN Hoa Sen" beside a Mẫu giáo Hoa Sen of another commune), no commune written after the name
        telling them apart: people call a kindergarten either."""
        near = self.at_near_level(mention, tones_reliable=tones_reliable) - {school_id}
        if not near:
            return False
        return school_id not in self._told_apart(mention, (school_id, *sorted(near)), tones_reliable)

    def by_alias_only(self, mention: Mention, school_id: str, *, tones_reliable: bool) -> bool:
        """Whether mention fits school in full by one of its aliases only, not by its name as configured
        now: "TRƯỜNG TIỂU HỌC MỸ AN" for Mỹ An 1 once renamed, its former name kept as an alias."""
        names = self.names.get(school_id, ())
        if not names:
            return False
        current = fit(mention, names[0], tones_reliable=tones_reliable)
        return current is None or not current.full

    def resolve(self, mention: Mention, *, tones_reliable: bool = True) -> Resolution:
        """The schools mention fits best. Fits of a lower rank are dropped: "Long Thạnh" written
        with its tones does not mean "Long Thành", but "Long Thanh" without tones means either. A place
        of the roster written whole is no typo of another: "THCS Long Thuận", when the roster has only
        Mẫu giáo and Tiểu học Long Thuận, is no THCS Long Thạnh.
        Namesakes it fits alike are told apart by a commune written right after the name.
        A boarding kind written fits no school without it (names.fit), but a list may leave the kind out of
        a boarding school's name («Trường THCS Ea Sol» for the PTDTBT THCS Ea Sol): with no boarding school of
        that name on the roster, the schools of it without a kind are the ones meant."""
        found = self._resolve(mention, tones_reliable)
        if found.schools or mention.kind not in (PTDTBT, PTDTNT):
            return found
        plain = self._resolve(replace(mention, kind=""), tones_reliable)
        boarding = any(n.kind for s in plain.schools for n in self.names.get(s, ()))
        return found if boarding else plain

    def _resolve(self, mention: Mention, tones_reliable: bool) -> Resolution:
        return self._memo.get(
            ("resolve", mention, tones_reliable), lambda: self._resolve_now(mention, tones_reliable)
        )

    def _resolve_now(self, mention: Mention, tones_reliable: bool) -> Resolution:
        best: Fit | None = None
        chosen: list[str] = []
        tops: dict[str, Fit] = {}
        widest = self._widest(mention, tones_reliable)
        for school in self._plausible(mention, tones_reliable):
            fits = [
                f
                for n in self.names.get(school.id, ())
                if len(n.place.split()) >= widest
                and (f := fit(mention, n, tones_reliable=tones_reliable))
                and not (widest and f.place == TYPO_PLACE)
            ]
            if not fits:
                continue
            top = tops[school.id] = max(fits)
            if best is None or top > best:
                best, chosen = top, [school.id]
            elif top == best:
                chosen.append(school.id)
        if len(chosen) > 1 and best is not None and best.full:
            told = self._told_apart(mention, tuple(chosen), tones_reliable)
            if told:
                return Resolution(told, best, tuple(chosen))
        if len(chosen) == 1 and best is not None and best.full:
            near = tuple(
                s for s, f in tops.items() if (f.place, f.suffix) == (best.place, best.suffix) and f.level < 2
            )
            placed = self._told_apart(mention, (*chosen, *near), tones_reliable) if near else ()
            if placed and chosen[0] not in placed:
                return Resolution((*chosen, *placed), best, placed=placed)
            in_commune = self._of_commune_written(mention, chosen[0], tones_reliable)
            if len(in_commune) > 1:
                return Resolution(in_commune, best)
        return Resolution(tuple(chosen), best)

    def _widest(self, mention: Mention, tones_reliable: bool) -> int:
        """The words of the longest place on the roster that mention's words begin with, at any level: «TH
        Bình Hưng Hòa» names Bình Hưng Hòa, not Bình Hưng, even where only a kindergarten is of Bình Hưng Hòa.
        A name of a shorter place does not fit it."""
        return self._memo.get(
            ("widest", mention, tones_reliable),
            lambda: max(
                (
                    len(name.place.split())
                    for school in self._plausible(mention, tones_reliable)
                    for name in self.names.get(school.id, ())
                    if writes_place(mention.words, name.place, tones_reliable=tones_reliable)
                ),
                default=0,
            ),
        )

    def _of_commune_written(self, mention: Mention, school_id: str, tones_reliable: bool) -> tuple[str, ...]:
        """The schools of mention's level in the commune it writes as a commune («MN xã Mỹ Lạc»), when
        school_id, the school named after that commune, is one of them: a commune with several schools of a
        level (Mầm non Mỹ Lạc and Mầm non Mỹ Phú in xã Mỹ Lạc) names none of them by «trường … xã»."""
        if not _COMMUNE_WRITTEN.search(fold(mention.lead)):
            return ()
        name = next(iter(self.names.get(school_id, ())), None)
        if name is None:
            return ()
        levelled = tuple(
            s.id for s in self.schools if any(n.level in mention.levels for n in self.names.get(s.id, ()))
        )
        found = self.in_commune(levelled, name.place, tones_reliable=tones_reliable)
        return found if school_id in found else ()

    def _plausible(self, mention: Mention, tones_reliable: bool) -> tuple[SchoolConfig, ...]:
        """The schools, in registry order, with a name whose place mention's words may name (within a
        typo): fit() finds nothing in the others' names, so they are not tried."""
        return self._memo.get(
            ("plausible", mention, tones_reliable), lambda: self._plausible_now(mention, tones_reliable)
        )

    def _plausible_now(self, mention: Mention, tones_reliable: bool) -> tuple[SchoolConfig, ...]:
        positions: set[int] = set()
        for count, by_place in self._memo.by_place.items():
            for place in fitting_places(mention, count, tuple(by_place), tones_reliable=tones_reliable):
                positions.update(by_place[place])
        return tuple(self.schools[i] for i in sorted(positions))

    @property
    def _memo(self) -> _Worked:
        """What was worked out for this registry's schools, names and communes."""
        assert self._worked is not None  # __post_init__
        return self._worked

    @cached_property
    def communes(self) -> frozenset[str]:
        """Every commune, folded and without its kind word, that a school of the roster is known to be in
        (homes) or a collecting unit is named after; one numbered or lettered as its schools are ("Bình
        Thạnh 1", "Mỹ Thạnh A") also without its number or letter."""
        places = [h for homes in self.homes.values() for h in homes]
        places += [p for office in self.offices if (p := commune_office_place(office))]
        folded = {fold(without_kind(p)) for p in places}
        return frozenset(folded | {m.group(1) for p in folded if (m := _NUMBERED_PLACE.fullmatch(p))})

    @cached_property
    def has_wards(self) -> bool:
        """Whether a school of the roster is known to be in a ward (phường), or a unit is a ward's."""
        offices = (commune_kind(o) == "phường" for o in self.offices)
        homes = (fold(h).startswith("phuong ") for found in self.homes.values() for h in found)
        return any(offices) or any(homes)

    def _told_apart(
        self, mention: Mention, schools: tuple[str, ...], tones_reliable: bool
    ) -> tuple[str, ...]:
        """The namesakes a mention names by the commune written right after the name ("TH Kim Đồng xã Mỹ
        An", "Trường Tiểu học Kim Đồng, xã Tân Long"); () when what follows names none of their communes."""
        name = next(iter(self.names.get(schools[0], ())), None)
        if name is None or mention.compact:
            return ()
        after = " ".join(mention.words[words_taken(mention, name.place) :])
        after = without_kind(after) if after else ""
        told = [
            s
            for s in schools
            for home in self.homes.get(s, ())
            if after and self._starts_with(after, home, tones_reliable)
        ]
        found = tuple(dict.fromkeys(told))
        return found if len(found) < len(schools) else ()

    @staticmethod
    def _starts_with(text: str, place: str, tones_reliable: bool) -> bool:
        """Whether text starts with the commune place, and not with a longer place name that starts with
        it: «Đức Hòa Hạ», another commune, after «TH Kim Đồng xã» is not «Đức Hòa»."""
        key = tone_key if tones_reliable and has_diacritics(text) else fold  # "BC_THKimDong_MyAn.docx"
        words, wanted = key(text).split(), key(place).split()
        if not wanted or words[: len(wanted)] != wanted:
            return False
        written = text.split()
        following = written[len(wanted) : len(wanted) + 2]
        if [fold(w) for w in following] == ["nam", "hoc"]:  # «… xã Đức Hòa Năm học 2025-2026»
            return True
        capitals = all(w.isupper() for w in written[: len(wanted)])  # «XÃ ĐỨC HÒA HẠ»
        return not following or not goes_on(following[0], capitals)


def town_in_lead(mention: Mention) -> bool:
    """Whether mention's level was read with «thị trấn» after it («Mầm non Thị trấn, em gửi …»), the words
    after it being the rest of the sentence."""
    return fold(mention.lead).rstrip(",.;:").endswith(" thi tran")


# Capitalised words that follow a commune's name in a subject or a file name without being part of it.
_NOT_PLACE_WORDS = frozenset({"bao", "gui", "kinh", "nop", "xin", "ve", "nq", "bc"})


def goes_on(word: str, capitals: bool) -> bool:
    """Whether a word after a commune's name (or a level's initials, «MNTT Hoa Sen») is more of a place's or
    a school's name: a capitalised syllable («Hạ», «Đông», «Hưng»), or one in capitals after a name written
    in capitals («ĐỨC HÒA HẠ»), that is not a word a subject goes on with («Báo cáo», «GỬI»). After «Đức
    Hòa» a word in capitals is another thing («PGD»)."""
    return (
        word.isalpha()
        and word[:1].isupper()
        and (len(word) == 1 or word[1:].islower() or capitals and word[1:].isupper())
        and fold(word) not in _NOT_PLACE_WORDS
    )


# Answers a _Worked keeps before it starts again: a run reads a season of mail, each naming a few schools.
_WORKED_LIMIT = 50_000
_UNKNOWN = object()


class _Worked:
    """What a registry works out from its schools' names and communes alone, by mention: which schools a
    mention may name (_plausible), the widest place it writes, the schools it resolves to; and the schools
    by address, by id and their places, looked up for every clue. Kept across the copies of one registry
    and the mails of a run, which name the same schools again and again."""

    def __init__(
        self,
        schools: tuple[SchoolConfig, ...],
        names: Mapping[str, tuple[SchoolName, ...]],
        homes: Mapping[str, tuple[str, ...]],
    ) -> None:
        self._roster = (schools, names, homes)
        self._answers: dict[tuple[object, ...], Any] = {}

    def of(
        self,
        schools: tuple[SchoolConfig, ...],
        names: Mapping[str, tuple[SchoolName, ...]],
        homes: Mapping[str, tuple[str, ...]],
    ) -> bool:
        """Whether it was worked out for these very schools, names and communes."""
        return all(a is b for a, b in zip(self._roster, (schools, names, homes), strict=True))

    def get(self, key: tuple[object, ...], work: Callable[[], _T]) -> _T:
        """The answer for key, worked out once (or again, by a thread that asked at the same moment: the
        same answer)."""
        found = self._answers.get(key, _UNKNOWN)
        if found is _UNKNOWN:
            if len(self._answers) >= _WORKED_LIMIT:
                self._answers.clear()
            found = self._answers[key] = work()
        return cast(_T, found)

    @cached_property
    def by_address(self) -> Mapping[str, SchoolConfig]:
        """Each address the config lists, with the first school that lists it."""
        found: dict[str, SchoolConfig] = {}
        for school in self._roster[0]:
            for address in school.emails:
                found.setdefault(address, school)
        return found

    @cached_property
    def positions(self) -> Mapping[str, int]:
        """Each school's place in the roster."""
        found: dict[str, int] = {}
        for school in self._roster[0]:
            found.setdefault(school.id, len(found))
        return found

    @cached_property
    def by_id(self) -> Mapping[str, SchoolConfig]:
        found: dict[str, SchoolConfig] = {}
        for school in self._roster[0]:
            found.setdefault(school.id, school)
        return found

    @cached_property
    def places(self) -> tuple[str, ...]:
        names = self._roster[1]
        return tuple(dict.fromkeys(n.place for found in names.values() for n in found if n.place))

    @cached_property
    def by_place(self) -> Mapping[int, Mapping[str, tuple[int, ...]]]:
        """The schools' positions by the word count and the folded letters of their names' places."""
        schools, names, _ = self._roster
        found: dict[int, dict[str, list[int]]] = {}
        for i, school in enumerate(schools):
            for name in names.get(school.id, ()):
                found.setdefault(len(name.place.split()), {}).setdefault(fold(name.place), []).append(i)
        return {
            count: {p: tuple(dict.fromkeys(at)) for p, at in places.items()}
            for count, places in found.items()
        }


@dataclass(frozen=True)
class _Built:
    """A registry with what it was built from."""

    config: Config
    learned: Mapping[str, str]
    taught: Mapping[str, int]
    registry: Registry


_last_built: list[_Built] = []  # the registry of_config built last, in this process


def of_config(config: Config, learned: Mapping[str, str], taught: Mapping[str, int]) -> Registry:
    """The registry of the config's schools, offices, units and provinces, with the addresses staff taught
    (learned) and the season each was taught in (taught): built once for a run, and again when staff
    teach or forget an address (their decisions are read for each mail) or when the config is another.
    A registry built for each mail compared the whole roster to find its parsed names again."""
    last = _last_built[0] if _last_built else None
    if last is None or last.config is not config or last.learned != learned or last.taught != taught:
        registry = Registry.build(
            config.schools,
            learned,
            config.office_names,
            taught,
            {u.id: u.name for u in config.units},
            config.district.provinces,
        )
        last = _Built(config, dict(learned), dict(taught), registry)
        _last_built[:] = [last]
    return last.registry


@lru_cache(maxsize=8)
def _names(schools: tuple[SchoolConfig, ...]) -> Mapping[str, tuple[SchoolName, ...]]:
    """Each school's parsed names, once per roster: a registry is built again whenever staff teach an address."""
    return {s.id: tuple(dict.fromkeys(parse_name(n) for n in (s.name, *s.aliases))) for s in schools}


# What a school's code has after a namesake's when the school is numbered or lettered apart from it.
_CODE_SUFFIX = re.compile(r"[0-9]+|[A-Z]")
# Between the places a merged school's name joins: a dash, spaced or not («Ea Tir – Ea Nam», «Ea Tir-Ea Nam»).
_JOINED = re.compile(r"\s*[–—-]\s*")


@lru_cache(maxsize=8)
def _homes(
    schools: tuple[SchoolConfig, ...], units: tuple[tuple[str, str], ...], communes: tuple[str, ...] = ()
) -> Mapping[str, tuple[str, ...]]:
    """Each school's communes by name, once per roster: the place in brackets after its names, its
    configured commune, and the commune of each People's Committee that collects it in any season (of
    units, or communes: the office's own, when it is a commune's). A merged school's name joining two
    places («Tiểu học Ea Tir – Ea Nam») is of each of them too."""
    unit_places = {uid: commune_office_place(name) for uid, name in units}
    found: dict[str, tuple[str, ...]] = {}
    for school in schools:
        places = [unqualified(n)[1] for n in (school.name, *school.aliases)]
        places.append(school.commune)
        places += [unit_places.get(m.unit or "") or "" for m in school.memberships]
        places += communes
        places += [part for p in places if len(parts := _JOINED.split(p)) > 1 for part in parts]
        found[school.id] = tuple(dict.fromkeys(p for p in places if p))
    return found


@lru_cache(maxsize=8)
def _bodies(
    schools: tuple[SchoolConfig, ...], units: tuple[tuple[str, str], ...]
) -> Mapping[str, tuple[str, ...]]:
    """Each school's collecting units by name, once per roster: those of all its memberships, a district's
    office that collected it until the districts were abolished among them."""
    names = dict(units)
    return {
        s.id: tuple(dict.fromkeys(names[m.unit] for m in s.memberships if m.unit in names)) for s in schools
    }


@lru_cache(maxsize=8)
def _name_words(
    schools: tuple[SchoolConfig, ...], tones_reliable: bool
) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Each name of each school as "Trường …" in words, once per roster (a header is compared to them all)."""
    return tuple((s.id, _words_of(name, tones_reliable)) for s in schools for name in (s.name, *s.aliases))


def _starts_and_goes_on(full: tuple[str, ...], words: tuple[str, ...]) -> bool:
    """Whether a name's words start with words and have more."""
    return full[: len(words)] == words and len(full) > len(words)


def _words_of(name: str, tones_reliable: bool) -> tuple[str, ...]:
    """A configured name or alias as "Trường …" in words, folded as a header's words are compared."""
    key = tone_key if tones_reliable else fold
    bare = unqualified(name)[0]
    return with_level_code(tuple(key(bare if fold(bare).startswith("truong ") else f"Trường {bare}").split()))


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
