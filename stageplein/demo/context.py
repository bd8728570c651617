"""What one part of the demo build hands to the next, as small typed records."""

from __future__ import annotations

from dataclasses import dataclass, field

from stageplein.accounts.models import User
from stageplein.demo.words import Offer
from stageplein.geo.models import Municipality, Region
from stageplein.geo.pilots import Pilot
from stageplein.organisations.models import Broker, Provider, School
from stageplein.placements.models import Placement
from stageplein.students.models import Student


@dataclass
class SchoolPlan:
    school: School
    profile: str  # one of words.SCHOOL_PROFILES
    students: int


@dataclass
class ProviderSet:
    all: list[Provider]  # not including schools acting as providers
    by_municipality: dict[str, list[Provider]]
    verifier: dict[int, User]  # provider pk -> who confirms hours: supervisor, else contact
    contacts: dict[int, User]  # provider pk -> contact person
    supervisors: dict[int, User]  # provider pk -> supervisor (about half the providers)


@dataclass
class Desk:
    """A broker organisation and the person who works there."""

    broker: Broker
    user: User


@dataclass
class Listing:
    """A placement of the story and what becomes of it."""

    placement: Placement
    offer: Offer
    fate: str  # one of FATES
    by: User  # who keeps it up to date for the provider


FATES = ("kept", "stale", "closed")


@dataclass
class PilotContext:
    """What the people step made for one pilot, handed to the steps that follow."""

    pilot: Pilot
    region: Region
    municipalities: list[Municipality]
    schools: list[School]
    students: list[Student]
    providers: ProviderSet
    brokers: list[Desk]
    officers: dict[str, User]  # municipality code -> officer
    fixed: bool  # this pilot holds the README's demo accounts
    listings: list[Listing] = field(default_factory=list)  # the story's placements

    @property
    def contacts(self) -> dict[int, User]:
        return self.providers.contacts


@dataclass
class Stats:
    regions: int = 0
    schools: int = 0
    students: int = 0
    parents: int = 0
    staff: int = 0
    providers: int = 0
    brokers: int = 0
    internships: int = 0
    hour_entries: int = 0
    seconds: dict[str, float] = field(default_factory=dict)
    # Seconds per phase of the build, summed over the pilots (bench/load_pilots.py prints them).
    phases: dict[str, float] = field(default_factory=dict)
