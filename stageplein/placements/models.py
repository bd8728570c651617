"""The vacancy bank: placements (stageplaatsen) with their periods, sector rules and school links.

A placement's free seats are never stored: they are the period's capacity minus the reactions
that hold a seat (see stageplein.applications and docs/capacity.md).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stageplein.accounts.models import User
from stageplein.core.schoolyear import school_year_label
from stageplein.geo.models import PostcodeArea, Region
from stageplein.organisations.models import Level, Provider, ReviewStatus, School, Sector

MIN_AGE_LOWEST = 10
MIN_AGE_HIGHEST = 18
LEVEL_FIELDS = {level.value: f"level_{level.value}" for level in Level}


def stale_cutoff(now: datetime.datetime | None = None) -> datetime.datetime:
    """Placements confirmed before this moment are stale (R-PLACE-7)."""
    return (now or timezone.now()) - datetime.timedelta(days=settings.PLACEMENT_STALE_AFTER_DAYS)


def search_text_of(*parts: str) -> str:
    return " ".join(" ".join(part.split()) for part in parts if part).lower()


class PlacementReview(models.TextChoices):
    """The broker's review of an organisation's first placement (issue 15): an organisation
    that joined by its own sign-up reaches students only after a broker of its area has seen
    what it actually offers. Later placements of an organisation with an approved one, and
    placements published by the broker, need no review."""

    NOT_NEEDED = "not_needed", _("no review needed")
    WAITING = "waiting", _("waiting for review")
    CHANGES = "changes", _("changes asked")
    APPROVED = "approved", _("approved")
    REFUSED = "refused", _("refused")


# The review states in which a published placement may reach students.
REVIEW_PASSED = (PlacementReview.NOT_NEEDED, PlacementReview.APPROVED)


class PlacementQuerySet(models.QuerySet["Placement"]):
    def published(self) -> PlacementQuerySet:
        return self.filter(status=Placement.Status.PUBLISHED)

    def findable(self, now: datetime.datetime | None = None) -> PlacementQuerySet:
        """What students can find: published and confirmed recently enough (R-PLACE-7), of an
        organisation that has been reviewed, and not a first placement still under review
        (nothing unchecked reaches minors)."""
        return self.published().filter(
            confirmed_at__gte=stale_cutoff(now),
            provider__review_status=ReviewStatus.APPROVED,
            review__in=REVIEW_PASSED,
        )

    def stale(self, now: datetime.datetime | None = None) -> PlacementQuerySet:
        return self.published().filter(confirmed_at__lt=stale_cutoff(now))

    def for_level(self, level: str) -> PlacementQuerySet:
        return self.filter(**{LEVEL_FIELDS[level]: True})


class Placement(models.Model):
    """A stageplaats: one concrete opportunity at a provider, with one or more periods."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")
        CLOSED = "closed", _("closed")

    class Kind(models.TextChoices):
        INDIVIDUAL = "individual", _("individual")
        GROUP = "group", _("group")

    provider = models.ForeignKey(
        Provider,
        on_delete=models.CASCADE,
        related_name="placements",
        verbose_name=_("provider"),
    )
    title = models.CharField(_("title"), max_length=120)
    tasks = models.TextField(
        _("what you will do"),
        max_length=3000,
        help_text=_("The fixed task description: what a student does here, in plain words."),
    )
    sector = models.ForeignKey(
        Sector, on_delete=models.PROTECT, related_name="placements", verbose_name=_("sector")
    )
    address = models.CharField(_("address"), max_length=200)
    postcode = models.ForeignKey(
        PostcodeArea, on_delete=models.PROTECT, related_name="+", verbose_name=_("postcode area")
    )
    # A copy of the PC4 centroid, so that distance search needs no join (bounding box index).
    lat = models.FloatField(editable=False)
    lon = models.FloatField(editable=False)
    level_vmbo = models.BooleanField(_("vmbo"), default=True)
    level_havo = models.BooleanField(_("havo"), default=True)
    level_vwo = models.BooleanField(_("vwo"), default=True)
    level_pro = models.BooleanField(_("praktijkonderwijs"), default=True)
    min_age = models.PositiveSmallIntegerField(
        _("minimum age"),
        default=12,
        validators=[MinValueValidator(MIN_AGE_LOWEST), MaxValueValidator(MIN_AGE_HIGHEST)],
    )
    kind = models.CharField(
        _("individual or group"), max_length=20, choices=Kind.choices, default=Kind.INDIVIDUAL
    )
    group_size = models.PositiveSmallIntegerField(
        _("group size"),
        null=True,
        blank=True,
        validators=[MinValueValidator(2), MaxValueValidator(60)],
        help_text=_("How many students do it together (group placements only)."),
    )
    guidance = models.TextField(
        _("guidance offered"),
        max_length=1000,
        help_text=_("Who guides the student, and how (e.g. a volunteer is always present)."),
    )
    # What the guidance offers, in a form the matching can filter on (R-INT-5).
    teacher_welcome = models.BooleanField(
        _("a teacher of the school may be present"),
        default=False,
        db_default=False,
        help_text=_("A protected setting: suits students who need their teacher with them."),
    )
    pairs_welcome = models.BooleanField(
        _("students may come in pairs"),
        default=False,
        db_default=False,
        help_text=_("Two or more students do the work together."),
    )
    may_do = models.TextField(_("a student may"), max_length=1500, blank=True)
    may_not_do = models.TextField(_("a student may not"), max_length=1500, blank=True)
    contact = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="placements_as_contact",
        verbose_name=_("contact person"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(_("published on"), null=True, blank=True)
    # Set on publication and on every renewal; stale when older than PLACEMENT_STALE_AFTER_DAYS.
    confirmed_at = models.DateTimeField(_("last confirmed"), null=True, blank=True)
    # When the provider was sent a renewal link for its current staleness (once per staleness).
    renewal_requested_at = models.DateTimeField(null=True, blank=True, editable=False)
    review = models.CharField(
        _("review"),
        max_length=20,
        choices=PlacementReview.choices,
        default=PlacementReview.NOT_NEEDED,
        db_default=PlacementReview.NOT_NEEDED,
    )
    # The reviewer's message: what should change, or why it was refused (the provider reads it).
    review_note = models.TextField(
        _("message of the reviewer"), blank=True, default="", db_default=""
    )
    reviewed_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    # Lower-case title, tasks, provider and place in one column: the text search matches words
    # in it (with a trigram index on PostgreSQL, see migration 0003), without joins.
    search_text = models.TextField(editable=False, default="")

    objects = PlacementQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        constraints = [
            models.CheckConstraint(
                name="placement_some_level",
                condition=Q(level_vmbo=True)
                | Q(level_havo=True)
                | Q(level_vwo=True)
                | Q(level_pro=True),
            ),
            models.CheckConstraint(
                name="placement_min_age_range",
                condition=Q(min_age__gte=MIN_AGE_LOWEST, min_age__lte=MIN_AGE_HIGHEST),
            ),
            models.CheckConstraint(
                name="placement_group_size_fits_kind",
                condition=Q(kind="individual", group_size__isnull=True)
                | Q(kind="group", group_size__gte=2),
            ),
            models.CheckConstraint(
                name="placement_published_is_confirmed",
                condition=~Q(status="published")
                | Q(published_at__isnull=False, confirmed_at__isnull=False),
            ),
        ]
        indexes = [
            # Distance search: a bounding box on the centroid, among published placements.
            models.Index(
                fields=["lat", "lon"],
                condition=Q(status="published"),
                name="placement_published_latlon",
            ),
            models.Index(fields=["status", "confirmed_at"], name="placement_status_confirmed"),
            models.Index(fields=["provider", "status"], name="placement_provider_status"),
            # The reviewers' queue: the few placements that wait, among many.
            models.Index(
                fields=["created_at"],
                condition=Q(review="waiting"),
                name="placement_review_waiting",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        # Derived columns, kept in step on every save (bulk inserts fill them themselves).
        self.search_text = self.build_search_text()
        if self.postcode_id and (self.lat is None or self.lon is None):
            self.lat, self.lon = self.postcode.lat, self.postcode.lon
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)

    def build_search_text(self) -> str:
        return search_text_of(
            self.title, self.tasks, self.provider.name, self.postcode.place, self.sector.name_nl
        )

    @property
    def levels(self) -> list[str]:
        return [level for level, name in LEVEL_FIELDS.items() if getattr(self, name)]

    def get_levels_display(self) -> str:
        labels = dict(Level.choices)
        return ", ".join(str(labels[level]) for level in self.levels)

    def is_stale(self, now: datetime.datetime | None = None) -> bool:
        return (
            self.status == self.Status.PUBLISHED
            and self.confirmed_at is not None
            and self.confirmed_at < stale_cutoff(now)
        )

    def is_findable(self, now: datetime.datetime | None = None) -> bool:
        return (
            self.status == self.Status.PUBLISHED
            and not self.is_stale(now)
            and self.provider.review_status == ReviewStatus.APPROVED
            and self.review in REVIEW_PASSED
        )


class PlacementPeriod(models.Model):
    """When students can come, for how many hours, and how many at once (the capacity)."""

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="periods")
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    hours = models.PositiveSmallIntegerField(
        _("hours"),
        validators=[MinValueValidator(1), MaxValueValidator(200)],
        help_text=_("The MaS hours a student does in this period."),
    )
    schedule = models.CharField(
        _("when"),
        max_length=200,
        blank=True,
        help_text=_("Days and times, e.g. Wednesday afternoons 14.00-17.00."),
    )
    capacity = models.PositiveSmallIntegerField(
        _("places"),
        validators=[MinValueValidator(1), MaxValueValidator(500)],
        help_text=_("How many students can take part in this period."),
    )

    class Meta:
        ordering = ["starts_on", "pk"]
        verbose_name = _("period")
        verbose_name_plural = _("periods")
        constraints = [
            models.CheckConstraint(name="period_capacity_positive", condition=Q(capacity__gte=1)),
            models.CheckConstraint(name="period_hours_positive", condition=Q(hours__gte=1)),
            models.CheckConstraint(
                name="period_ends_after_start", condition=Q(ends_on__gte=models.F("starts_on"))
            ),
        ]
        indexes = [models.Index(fields=["placement", "ends_on"], name="period_placement_ends")]

    def __str__(self) -> str:
        return f"{self.starts_on:%d-%m-%Y} – {self.ends_on:%d-%m-%Y}"


class TaskRule(models.Model):
    """What students may and may not do in a sector (R-PLACE-3), e.g. the care-sector list.

    Rules without a region apply everywhere; a broker keeps the rules of its own region.
    """

    class Kind(models.TextChoices):
        MAY = "may", _("a student may")
        MAY_NOT = "may_not", _("a student may not")

    sector = models.ForeignKey(
        Sector, on_delete=models.CASCADE, related_name="task_rules", verbose_name=_("sector")
    )
    region = models.ForeignKey(
        Region,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="task_rules",
        verbose_name=_("region"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    text = models.CharField(_("rule"), max_length=300)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    updated_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["sector", "kind", "order", "pk"]
        verbose_name = _("task rule")
        verbose_name_plural = _("task rules")

    def __str__(self) -> str:
        return self.text


class SchoolLink(models.Model):
    """A school supplies a provider (or one of its placements) this school year (R-MATCH-6):
    its students see those placements first."""

    school = models.ForeignKey(
        School, on_delete=models.CASCADE, related_name="placement_links", verbose_name=_("school")
    )
    provider = models.ForeignKey(
        Provider,
        on_delete=models.CASCADE,
        related_name="school_links",
        verbose_name=_("provider"),
    )
    placement = models.ForeignKey(
        Placement,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="school_links",
        verbose_name=_("placement (project)"),
        help_text=_("Leave empty to link all placements of the provider."),
    )
    school_year = models.PositiveSmallIntegerField(_("school year"))
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-school_year", "school", "provider"]
        verbose_name = _("school link")
        verbose_name_plural = _("school links")
        constraints = [
            models.UniqueConstraint(
                fields=["school", "provider", "school_year"],
                condition=Q(placement__isnull=True),
                name="schoollink_unique_provider",
            ),
            models.UniqueConstraint(
                fields=["school", "placement", "school_year"],
                condition=Q(placement__isnull=False),
                name="schoollink_unique_placement",
            ),
        ]
        indexes = [models.Index(fields=["school", "school_year"], name="schoollink_school_year")]

    def __str__(self) -> str:
        target = self.placement or self.provider
        return f"{self.school} → {target} ({school_year_label(self.school_year)})"

    @property
    def school_year_display(self) -> str:
        return school_year_label(self.school_year)
