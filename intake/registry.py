"""The schools of the district and the addresses known to belong to each."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from intake.config import SchoolConfig


@dataclass(frozen=True)
class Registry:
    schools: tuple[SchoolConfig, ...]
    learned: Mapping[str, str] = field(default_factory=dict)  # address -> school id, from staff decisions

    @classmethod
    def build(cls, schools: Sequence[SchoolConfig], learned: Mapping[str, str]) -> Registry:
        return cls(tuple(schools), dict(learned))

    def by_address(self, address: str) -> SchoolConfig | None:
        address = address.lower()
        for school in self.schools:
            if address in school.emails:
                return school
        school_id = self.learned.get(address)
        return self.get(school_id) if school_id else None

    def get(self, school_id: str) -> SchoolConfig | None:
        return next((s for s in self.schools if s.id == school_id), None)
