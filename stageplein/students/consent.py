"""Consent (R-PRIV-1, issue 13): the texts a parent or student agrees to, by version, and the
questions other apps ask (``consent_in_force``). A new wording gets a new version number; a
consent given to an older version stays valid for what that version said, and the record keeps
the text as it was shown."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from stageplein.students.models import Consent, ConsentPurpose, Student

# UAVG art. 5: below 16 a parent consents for the child; from 16 the student decides alone.
CONSENT_AGE = 16


@dataclass(frozen=True)
class ConsentText:
    purpose: str
    version: int
    text: Promise
    # What happens until consent is given, and what a withdrawal does: shown next to the text.
    without: Promise

    @property
    def label(self) -> str:
        return str(ConsentPurpose(self.purpose).label)


TEXTS: dict[str, ConsentText] = {
    ConsentPurpose.PHOTOS: ConsentText(
        ConsentPurpose.PHOTOS,
        1,
        _(
            "Photos may be added to the logbook of the internship. The student, the parents, "
            "the mentor and coordinators of the school and the people of the organisation of "
            "that internship can see them. They are removed with the rest of the logbook when "
            "the student's data is removed."
        ),
        _(
            "Without this consent no photo can be added to the logbook. Withdrawing it removes "
            "the photos already in the logbook."
        ),
    ),
    ConsentPurpose.SHARING: ConsentText(
        ConsentPurpose.SHARING,
        1,
        _(
            "The guidance the student needs, as written down by the school, may be shared with "
            "the organisation of an internship, in the internship's guidance notes and "
            "contract, so that the organisation can take it into account."
        ),
        _(
            "Without this consent a new internship starts without the student's own guidance "
            "notes; the school writes what the organisation must know. Withdrawing it does not "
            "change contracts that have been signed."
        ),
    ),
}


def consent_from_parent(student: Student) -> bool:
    """Whether a parent (not the student) gives and withdraws consent for this student."""
    return student.age_on(timezone.localdate()) < CONSENT_AGE


def consent_in_force(student: Student, purpose: str) -> bool:
    """Whether ``purpose`` has consent now. Other apps ask this before they act."""
    return Consent.objects.filter(
        student=student, purpose=purpose, withdrawn_at__isnull=True
    ).exists()


def consents_of(student: Student) -> list[Consent]:
    return list(Consent.objects.filter(student=student).order_by("purpose", "-given_at"))
