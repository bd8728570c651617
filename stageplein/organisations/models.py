from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from stageplein.core.iban import validate_iban
from stageplein.geo.models import Municipality, PostcodeArea, Region


class Level(models.TextChoices):
    """School levels with their own MaS norm (R-HOURS-1)."""

    VMBO = "vmbo", _("vmbo")
    HAVO = "havo", _("havo")
    VWO = "vwo", _("vwo")
    PRO = "pro", _("praktijkonderwijs")


# The last year group of each level: a vmbo school has no year 5 or 6.
LAST_YEAR = {Level.VMBO: 4, Level.HAVO: 5, Level.VWO: 6, Level.PRO: 6}


def levels_and_years(schools) -> tuple[list[str], int]:
    """What forms for these schools offer: the levels they teach (every level when a school
    has not said) and the year groups up to the last one of those levels."""
    offered: set[str] = set()
    for school in schools:
        offered |= set(school.levels or Level.values)
    levels = [level for level in Level.values if level in (offered or set(Level.values))]
    return levels, max(LAST_YEAR[Level(level)] for level in levels)


class Sector(models.Model):
    """A field of work (R-PLACE-2). Data, so that a region can add its own."""

    code = models.SlugField(primary_key=True)
    name_nl = models.CharField(_("name (Dutch)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "nl").startswith("en") else self.name_nl


brin_validator = RegexValidator(r"^\d{2}[A-Z]{2}$", _("A BRIN code is two digits and two letters."))


class School(models.Model):
    """A school (bevoegd gezag level, BRIN). It has the lead for its students (R-ROLE-2)."""

    brin = models.CharField(_("BRIN code"), max_length=4, unique=True, validators=[brin_validator])
    name = models.CharField(_("name"), max_length=150)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="schools", verbose_name=_("region")
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="schools",
        verbose_name=_("municipality"),
    )
    levels = models.JSONField(_("levels offered"), default=list)
    requires_parent_signature_until_age = models.PositiveSmallIntegerField(
        _("parents sign the contract for students younger than"), default=16
    )
    # The school's own rules for internships its students arrange themselves (R-ROUTE-1).
    own_placements_allowed = models.BooleanField(
        _("students may arrange their own placement"), default=True
    )
    own_placement_min_hours = models.PositiveSmallIntegerField(
        _("hours an own placement has at least"),
        default=0,
        help_text=_("0: no minimum."),
    )
    own_placements_outside_region = models.BooleanField(
        _("own placements may lie outside the region"),
        default=False,
        help_text=_("For example at a grandparent's care home in another part of the country."),
    )
    own_projects_allowed = models.BooleanField(
        _("a project of the student's own club or hobby counts"), default=True
    )
    # The booklet: the coordinator is the providers' contact at the school, with a phone number.
    contact_name = models.CharField(_("contact person"), max_length=150, blank=True, default="")
    contact_phone = models.CharField(_("phone"), max_length=30, blank=True, default="")
    contact_email = models.EmailField(_("e-mail"), blank=True, default="")

    class Meta:
        ordering = ["name"]
        verbose_name = _("school")
        verbose_name_plural = _("schools")

    def __str__(self) -> str:
        return self.name

    def get_levels_display(self) -> str:
        labels = dict(Level.choices)
        return ", ".join(str(labels.get(level, level)) for level in self.levels)


class SchoolLocation(models.Model):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="locations")
    code = models.CharField(
        _("BRIN location code"),
        max_length=6,
        unique=True,
        validators=[RegexValidator(r"^\d{2}[A-Z]{2}\d{2}$")],
    )
    name = models.CharField(_("name"), max_length=150)
    address = models.CharField(_("address"), max_length=200)
    postcode = models.ForeignKey(
        PostcodeArea, on_delete=models.PROTECT, related_name="+", verbose_name=_("postcode area")
    )
    levels = models.JSONField(_("levels offered"), default=list)

    class Meta:
        ordering = ["code"]
        verbose_name = _("school location")
        verbose_name_plural = _("school locations")

    def __str__(self) -> str:
        return self.name

    def get_levels_display(self) -> str:
        labels = dict(Level.choices)
        return ", ".join(str(labels.get(level, level)) for level in self.levels)


class ReviewStatus(models.TextChoices):
    PENDING = "pending", _("not yet reviewed")
    APPROVED = "approved", _("approved")
    # The reviewer asked for changes with a message; the organisation resubmits through the
    # one-time link it was mailed, and the sign-up is pending again.
    CHANGES = "changes", _("changes asked")
    REFUSED = "refused", _("refused")


class JoinedVia(models.TextChoices):
    """How an organisation came onto the platform: it decides whether its first placement waits
    for a review (issue 15). One added by a broker or the administrator was checked by them;
    one that signed up itself, or that a student's own placement brought in, was not."""

    ADDED = "added", _("added by a broker or the administrator")
    SIGNUP = "signup", _("its own sign-up")
    OWN_PLACEMENT = "own_placement", _("a student's own placement")


class Provider(models.Model):
    """A stagebieder: a non-profit organisation, club or association offering placements."""

    class Kind(models.TextChoices):
        FOUNDATION = "foundation", _("foundation or institution")
        ASSOCIATION = "association", _("club or association")
        SCHOOL = "school", _("school (internship at school)")
        MUNICIPAL = "municipal", _("municipal service")

    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.FOUNDATION)
    sector = models.ForeignKey(
        Sector, on_delete=models.PROTECT, related_name="providers", verbose_name=_("main sector")
    )
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="providers", verbose_name=_("region")
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="providers",
        verbose_name=_("municipality"),
    )
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    # Contact details are shown to students only after a match is approved (R-PLACE-4).
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    school = models.OneToOneField(
        School,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="as_provider",
        help_text=_("Set when the school itself offers internships at school (R-HOURS-6)."),
    )
    weekly_intake_cap = models.PositiveSmallIntegerField(
        _("maximum new students per week"), null=True, blank=True
    )
    # What a municipality needs to pay the provider its compensation (R-PLAN-4); the
    # organisation fills these in itself. Several organisations may share a name.
    kvk_number = models.CharField(
        _("KvK number"),
        max_length=8,
        blank=True,
        validators=[RegexValidator(r"^[0-9]{8}$", _("A KvK number has 8 digits."))],
    )
    iban = models.CharField(_("IBAN"), max_length=34, blank=True, validators=[validate_iban])
    account_holder = models.CharField(_("account holder"), max_length=150, blank=True)
    postal_address = models.CharField(
        _("postal address"),
        max_length=250,
        blank=True,
        help_text=_("Street, number, postcode and place, for the payment of compensation."),
    )
    # An organisation recorded by a student's own placement or a sign-up has not yet been
    # checked by a broker or the school: its placements must not reach students until it is.
    review_status = models.CharField(
        _("review"), max_length=20, choices=ReviewStatus.choices, default=ReviewStatus.APPROVED
    )
    joined_via = models.CharField(
        _("joined via"), max_length=20, choices=JoinedVia.choices, default=JoinedVia.ADDED
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # The public page (issue 19): what a student learns here, and a logo. Images are checked,
    # re-encoded without metadata and named by us (organisations/images.py).
    learning = models.TextField(_("what a student learns here"), blank=True, default="")
    logo = models.FileField(_("logo"), upload_to="public/logos/", blank=True, default="")

    class Meta:
        ordering = ["name"]
        verbose_name = _("provider")
        verbose_name_plural = _("providers")

    def __str__(self) -> str:
        return self.name


class ProviderLocation(models.Model):
    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="locations")
    name = models.CharField(_("name"), max_length=150)
    address = models.CharField(_("address"), max_length=200)
    postcode = models.ForeignKey(
        PostcodeArea, on_delete=models.PROTECT, related_name="+", verbose_name=_("postcode area")
    )

    class Meta:
        ordering = ["provider", "name"]
        verbose_name = _("provider location")
        verbose_name_plural = _("provider locations")

    def __str__(self) -> str:
        return f"{self.provider} – {self.name}"


class Broker(models.Model):
    """A stagemakelaar or vrijwilligerscentrale, serving a set of municipalities."""

    name = models.CharField(_("name"), max_length=150)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="brokers", verbose_name=_("region")
    )
    municipalities = models.ManyToManyField(
        Municipality, related_name="brokers", verbose_name=_("municipalities served")
    )
    website = models.URLField(_("website"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("broker")
        verbose_name_plural = _("brokers")

    def __str__(self) -> str:
        return self.name


class ProviderSignup(models.Model):
    """An organisation that signed up itself: who asked, and the review of the broker of its
    area (or the school coordinator where the region has no broker)."""

    provider = models.OneToOneField(Provider, on_delete=models.CASCADE, related_name="signup")
    address = models.CharField(_("address"), max_length=200)
    postcode = models.ForeignKey(
        PostcodeArea, on_delete=models.PROTECT, related_name="+", verbose_name=_("postcode area")
    )
    contact_name = models.CharField(_("contact person"), max_length=150)
    contact_email = models.EmailField(_("contact person's e-mail"))
    contact_phone = models.CharField(_("contact person's phone"), max_length=30, blank=True)
    kvk_number = models.CharField(_("KvK number (optional)"), max_length=8, blank=True)
    motivation = models.TextField(_("why you offer MaS places"))
    reviewed_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # The contact person confirmed the e-mail address through the link we sent: only then does
    # the sign-up reach a reviewer (nobody can sign up an organisation in someone else's name).
    email_confirmed_at = models.DateTimeField(_("e-mail confirmed on"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("organisation sign-up")
        verbose_name_plural = _("organisation sign-ups")

    def __str__(self) -> str:
        return str(self.provider)


class ProviderPhoto(models.Model):
    """A photo on the organisation's public page. The alt text is required: the page must be
    usable with a screen reader (WCAG 1.1.1)."""

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(_("photo"), upload_to="public/photos/")
    alt_text = models.CharField(_("what the photo shows"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self) -> str:
        return self.alt_text
