"""The annual calendar (jaarkalender, R-PLAN-1): when which school sends which students."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from stageplein.accounts.models import User
from stageplein.core.schoolyear import school_year_bounds, school_year_label
from stageplein.geo.models import HolidayRegion
from stageplein.organisations.models import Level, School


class InternshipWindow(models.Model):
    """A period in which a group of a school's students does its internship, e.g. "3 havo,
    weeks 10-14, 20 hours each". The group is a year group, optionally narrowed to one level
    and one class; the number of students is counted from the student records unless the
    school enters it (before its students are imported, say)."""

    school = models.ForeignKey(
        School, on_delete=models.CASCADE, related_name="windows", verbose_name=_("school")
    )
    school_year = models.PositiveSmallIntegerField(_("school year"))
    year = models.PositiveSmallIntegerField(
        _("school year group"), validators=[MinValueValidator(1), MaxValueValidator(6)]
    )
    level = models.CharField(
        _("level"),
        max_length=10,
        choices=Level.choices,
        blank=True,
        help_text=_("Leave empty for every level of the year group."),
    )
    class_name = models.CharField(
        _("class"),
        max_length=20,
        blank=True,
        help_text=_("Leave empty for the whole year group."),
    )
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    hours_per_student = models.PositiveSmallIntegerField(
        _("hours per student"), validators=[MinValueValidator(1), MaxValueValidator(200)]
    )
    expected_students = models.PositiveIntegerField(
        _("number of students"),
        null=True,
        blank=True,
        help_text=_("Leave empty to count the students of this group in Stageplein."),
    )
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # Set by selectors.with_student_counts.
    n_students: int

    class Meta:
        ordering = ["school_year", "starts_on", "school", "year", "level", "class_name"]
        verbose_name = _("internship window")
        verbose_name_plural = _("internship windows")
        constraints = [
            models.CheckConstraint(
                name="window_ends_after_start", condition=Q(ends_on__gte=models.F("starts_on"))
            ),
            models.CheckConstraint(
                name="window_hours_positive", condition=Q(hours_per_student__gte=1)
            ),
            models.UniqueConstraint(
                fields=["school", "school_year", "year", "level", "class_name", "starts_on"],
                name="window_unique_group_start",
            ),
        ]
        indexes = [models.Index(fields=["school_year", "starts_on"], name="window_year_start")]

    def __str__(self) -> str:
        return f"{self.school} · {self.group_label} · {self.weeks_label}"

    @property
    def group_label(self) -> str:
        """ "3 havo", "3 havo (3H2)", "2 (all levels)"."""
        if self.class_name:
            return f"{self.year} {self.get_level_display() or ''} ({self.class_name})".replace(
                "  ", " "
            )
        if self.level:
            return f"{self.year} {self.get_level_display()}"
        return str(_("year %(year)d, all levels") % {"year": self.year})

    @property
    def weeks(self) -> tuple[int, int]:
        return self.starts_on.isocalendar().week, self.ends_on.isocalendar().week

    @property
    def weeks_label(self) -> str:
        first, last = self.weeks
        if first == last:
            return str(_("week %(week)d") % {"week": first})
        return str(_("weeks %(first)d–%(last)d") % {"first": first, "last": last})

    @property
    def school_year_label(self) -> str:
        return school_year_label(self.school_year)

    def clean(self) -> None:
        """The period lies in its school year and ends after it starts; the level is one the
        school offers. (The service adds the checks that need other records.)"""
        errors: dict[str, object] = {}
        if self.starts_on and self.ends_on and self.school_year:
            first, last = school_year_bounds(self.school_year)
            if self.ends_on < self.starts_on:
                errors["ends_on"] = _("The last day comes before the first day.")
            if not first <= self.starts_on <= last:
                errors["starts_on"] = _(
                    "This is outside school year %(year)s (1 August to 31 July)."
                ) % {"year": school_year_label(self.school_year)}
            if not first <= self.ends_on <= last and "ends_on" not in errors:
                errors["ends_on"] = _(
                    "This is outside school year %(year)s (1 August to 31 July)."
                ) % {"year": school_year_label(self.school_year)}
        if self.level and self.school_id and self.level not in (self.school.levels or []):
            errors["level"] = _("%(school)s does not offer %(level)s.") % {
                "school": self.school.name,
                "level": self.get_level_display(),
            }
        if errors:
            raise ValidationError(errors)

    def contains(self, day: datetime.date) -> bool:
        return self.starts_on <= day <= self.ends_on

    def overlaps(self, starts_on: datetime.date, ends_on: datetime.date) -> bool:
        return self.starts_on <= ends_on and starts_on <= self.ends_on


class SchoolHoliday(models.Model):
    """A school holiday of one holiday region in one school year (R-PLAN-5), as data: the
    national admin enters and corrects them (Django admin). The matching offers no period
    whose days after the round fall mostly in one."""

    class Kind(models.TextChoices):
        AUTUMN = "autumn", _("autumn holiday")
        CHRISTMAS = "christmas", _("Christmas holiday")
        SPRING = "spring", _("spring holiday")
        MAY = "may", _("May holiday")
        SUMMER = "summer", _("summer holiday")

    holiday_region = models.CharField(
        _("school holiday region"), max_length=10, choices=HolidayRegion.choices
    )
    school_year = models.PositiveSmallIntegerField(_("school year"))
    kind = models.CharField(_("holiday"), max_length=20, choices=Kind.choices)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))

    class Meta:
        ordering = ["school_year", "starts_on", "holiday_region"]
        verbose_name = _("school holiday")
        verbose_name_plural = _("school holidays")
        constraints = [
            models.CheckConstraint(
                name="holiday_ends_after_start", condition=Q(ends_on__gte=models.F("starts_on"))
            ),
            models.UniqueConstraint(
                fields=["holiday_region", "school_year", "kind"], name="holiday_unique_kind"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.get_holiday_region_display()} {self.school_year}"
