"""Who talks to the API: systems (an OAuth2 client of one school, broker or municipality) and
staff who script (a personal access token). Both carry scopes; neither stores its secret in
the clear (django-oauth-toolkit hashes the client secret, a token is kept as its SHA-256)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from oauth2_provider.models import Application


class ApiScope(models.TextChoices):
    STUDENTS_READ = "students:read", _("read students")
    STUDENTS_WRITE = "students:write", _("create, update and mark students as left")
    HOURS_READ = "hours:read", _("read verified hours")
    HOURS_WRITE = "hours:write", _("submit hours on behalf of students")
    PLACEMENTS_READ = "placements:read", _("read placements and free seats")
    REACTIONS_READ = "reactions:read", _("read reactions and their state")
    INTERNSHIPS_READ = "internships:read", _("read internships")
    AGGREGATES_READ = "aggregates:read", _("read figures (never a person)")
    WEBHOOKS_MANAGE = "webhooks:manage", _("manage webhook subscriptions")


class OwnerKind(models.TextChoices):
    SCHOOL = "school", _("school")
    BROKER = "broker", _("broker")
    MUNICIPALITY = "municipality", _("municipality")


# What a client of each kind may be given: the same things its people see in the web UI.
SCOPES_FOR_KIND: dict[str, tuple[str, ...]] = {
    OwnerKind.SCHOOL: (
        ApiScope.STUDENTS_READ,
        ApiScope.STUDENTS_WRITE,
        ApiScope.HOURS_READ,
        ApiScope.HOURS_WRITE,
        ApiScope.PLACEMENTS_READ,
        ApiScope.REACTIONS_READ,
        ApiScope.INTERNSHIPS_READ,
        ApiScope.WEBHOOKS_MANAGE,
    ),
    OwnerKind.BROKER: (
        ApiScope.STUDENTS_READ,
        ApiScope.HOURS_READ,
        ApiScope.PLACEMENTS_READ,
        ApiScope.REACTIONS_READ,
        ApiScope.INTERNSHIPS_READ,
        ApiScope.WEBHOOKS_MANAGE,
    ),
    OwnerKind.MUNICIPALITY: (ApiScope.AGGREGATES_READ, ApiScope.WEBHOOKS_MANAGE),
}


class ApiClient(models.Model):
    """A system that signs in with OAuth2 client credentials on behalf of ONE organisation."""

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="api_client"
    )
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("belongs to"), max_length=20, choices=OwnerKind.choices)
    school = models.ForeignKey(
        "organisations.School", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    broker = models.ForeignKey(
        "organisations.Broker", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    municipality = models.ForeignKey(
        "geo.Municipality", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    scopes = models.JSONField(_("scopes"), default=list)
    rate_per_minute = models.PositiveIntegerField(_("requests per minute"), default=600)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked on"), null=True, blank=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("API client")
        verbose_name_plural = _("API clients")
        constraints = [
            # Exactly one owner, and the one its kind names: a client never spans organisations.
            models.CheckConstraint(
                name="apiclient_one_owner",
                condition=(
                    Q(kind="school", school__isnull=False, broker__isnull=True)
                    & Q(municipality__isnull=True)
                )
                | (
                    Q(kind="broker", broker__isnull=False, school__isnull=True)
                    & Q(municipality__isnull=True)
                )
                | (
                    Q(kind="municipality", municipality__isnull=False, school__isnull=True)
                    & Q(broker__isnull=True)
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def active(self) -> bool:
        return self.revoked_at is None

    @property
    def owner(self) -> object:
        return self.school or self.broker or self.municipality


class PersonalToken(models.Model):
    """A key for a staff member who scripts: it acts as that person, with at most the scopes
    chosen. Only its SHA-256 is stored; the key itself is shown once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=16, editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    scopes = models.JSONField(_("scopes"), default=list)
    rate_per_minute = models.PositiveIntegerField(_("requests per minute"), default=600)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("expires on"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked on"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("personal access token")
        verbose_name_plural = _("personal access tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
