"""Events (R-COM-4, R-INT-6): the stage market where students meet organisations, the return
day, provider trainings, the teachers' kick-off. A broker organises for its region, or a
school for its own students and staff; people of the audience sign up within the limit."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stageplein.accounts.models import User
from stageplein.geo.models import Region
from stageplein.organisations.models import Broker, Provider, School


class Kind(models.TextChoices):
    STAGE_MARKET = "market", _("stage market")
    RETURN_DAY = "return", _("return day")
    PROVIDER_TRAINING = "training", _("provider training")
    KICK_OFF = "kickoff", _("teachers' kick-off")
    OTHER = "other", _("other")


class Event(models.Model):
    Kind = Kind

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=150)
    description = models.TextField(_("description"), max_length=4000, blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=200)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="events", verbose_name=_("region")
    )
    # The organiser: a broker (for its region) or a school (for its own people); exactly one.
    broker = models.ForeignKey(
        Broker, on_delete=models.CASCADE, null=True, blank=True, related_name="events"
    )
    school = models.ForeignKey(
        School, on_delete=models.CASCADE, null=True, blank=True, related_name="events"
    )
    # The audience. Students of the chosen schools (none chosen: every school of the region;
    # a school's own event: its own students only), providers of the region, school staff.
    for_students = models.BooleanField(_("for students"), default=False)
    schools = models.ManyToManyField(
        School,
        blank=True,
        related_name="invited_to_events",
        verbose_name=_("only the students of these schools"),
    )
    for_providers = models.BooleanField(_("for providers"), default=False)
    for_staff = models.BooleanField(_("for school staff"), default=False)
    capacity = models.PositiveIntegerField(
        _("places"), null=True, blank=True, help_text=_("Empty: no limit.")
    )
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.CheckConstraint(
                name="event_one_organiser",
                condition=(Q(broker__isnull=False) & Q(school__isnull=True))
                | (Q(broker__isnull=True) & Q(school__isnull=False)),
            ),
            models.CheckConstraint(
                name="event_ends_after_start", condition=Q(ends_at__gt=F("starts_at"))
            ),
            models.CheckConstraint(
                name="event_capacity_positive",
                condition=Q(capacity__isnull=True) | Q(capacity__gte=1),
            ),
        ]
        indexes = [models.Index(fields=["region", "starts_at"], name="event_region_start")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_market(self) -> bool:
        return self.kind == Kind.STAGE_MARKET


class SignupStatus(models.TextChoices):
    SIGNED_UP = "signed_up", _("signed up")
    CANCELLED = "cancelled", _("cancelled")


class Signup(models.Model):
    """One person signed up; for a provider at a stage market, on behalf of the organisation
    (it will stand there: students see it)."""

    Status = SignupStatus

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="signups")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="event_signups")
    provider = models.ForeignKey(
        Provider,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="event_signups",
        verbose_name=_("for the organisation"),
    )
    status = models.CharField(
        max_length=10, choices=SignupStatus.choices, default=SignupStatus.SIGNED_UP
    )
    signed_up_at = models.DateTimeField(default=timezone.now)
    attended = models.BooleanField(_("was there"), default=False)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["signed_up_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "user"],
                condition=Q(status="signed_up"),
                name="event_signup_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.event_id}"
