from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Municipality(models.Model):
    """A Dutch gemeente (CBS indeling 2025); also the organisation of municipality officers."""

    cbs_code = models.CharField(_("CBS code"), max_length=4, primary_key=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    province = models.CharField(_("province"), max_length=50)
    lat = models.FloatField()
    lon = models.FloatField()

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self) -> str:
        return self.name


class PostcodeArea(models.Model):
    """A four-digit postcode area (PC4) with an approximate centroid (GeoNames)."""

    pc4 = models.CharField(_("postcode (4 digits)"), max_length=4, primary_key=True)
    place = models.CharField(_("place"), max_length=100)
    lat = models.FloatField()
    lon = models.FloatField()
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="postcode_areas"
    )

    class Meta:
        ordering = ["pc4"]
        verbose_name = _("postcode area")
        verbose_name_plural = _("postcode areas")

    def __str__(self) -> str:
        return f"{self.pc4} {self.place}"


class HolidayRegion(models.TextChoices):
    """The three regions the Dutch school holidays are set for (R-PLAN-5)."""

    NORTH = "north", _("north")
    MIDDLE = "middle", _("middle")
    SOUTH = "south", _("south")


class Region(models.Model):
    """A group of municipalities that work together on the MaS (a pilot, a broker's area)."""

    class FundingRule(models.TextChoices):
        HOME = "home", _("municipality where the student lives")
        SCHOOL = "school", _("municipality of the student's school")

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(unique=True)
    municipalities = models.ManyToManyField(
        Municipality, related_name="regions", verbose_name=_("municipalities")
    )
    funding_rule = models.CharField(
        _("which municipality serves a student"),
        max_length=10,
        choices=FundingRule.choices,
        default=FundingRule.HOME,
    )
    # R-PLAN-5: the school holidays of this holiday region bound when its students can go.
    holiday_region = models.CharField(
        _("school holiday region"),
        max_length=10,
        choices=HolidayRegion.choices,
        default=HolidayRegion.MIDDLE,
        db_default=HolidayRegion.MIDDLE,
    )
    # R-PLAN-4: some regions pay providers a small amount per completed internship (one pilot
    # paid 15 euro per student). Empty: no compensation.
    provider_compensation = models.DecimalField(
        _("compensation to providers per completed internship (euro)"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return self.name
