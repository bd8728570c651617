"""The internship (stagevolgsysteem): contract and signatures, planning, hours, logbook, reports,
evaluations and the certificate. Only MaS internships live here; vocational ones never do.

One module per part; every model is imported here so Django (and every caller) finds it as
``stageplein.internships.models``."""

from stageplein.internships.models.contract import Contract, ContractTemplate, Party, Signature
from stageplein.internships.models.hours import (
    GroupSession,
    HourEntry,
    HourEntryQuerySet,
    PlannedSession,
)
from stageplein.internships.models.internship import (
    GroupActivity,
    GuidanceBy,
    Insurance,
    Internship,
)
from stageplein.internships.models.outcome import (
    Certificate,
    Concern,
    LogbookEntry,
    ProviderAssessment,
    Rating,
    Report,
    StudentEvaluation,
)
from stageplein.internships.models.own_placement import OwnPlacement

__all__ = [
    "Certificate",
    "Concern",
    "Contract",
    "ContractTemplate",
    "GroupActivity",
    "GroupSession",
    "GuidanceBy",
    "HourEntry",
    "HourEntryQuerySet",
    "Insurance",
    "Internship",
    "LogbookEntry",
    "OwnPlacement",
    "Party",
    "PlannedSession",
    "ProviderAssessment",
    "Rating",
    "Report",
    "Signature",
    "StudentEvaluation",
]
