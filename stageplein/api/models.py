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
    NATIONAL = "national", _("the national level")


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
    # The national monitor's system: figures per school and year, never a person.
    OwnerKind.NATIONAL: (ApiScope.AGGREGATES_READ,),
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
                )
                | (
                    Q(kind="national", municipality__isnull=True, school__isnull=True)
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
        if self.kind == OwnerKind.NATIONAL:
            return OwnerKind.NATIONAL.label
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


# --- Webhooks (docs/api.md "Webhooks") -------------------------------------------------------


class WebhookEventKind(models.TextChoices):
    HOURS_VERIFIED = "hours.verified", _("hours verified")
    INTERNSHIP_COMPLETED = "internship.completed", _("internship completed")
    CERTIFICATE_ISSUED = "certificate.issued", _("certificate issued")
    PLACEMENT_PUBLISHED = "placement.published", _("placement published")
    PLACEMENT_CLOSED = "placement.closed", _("placement closed")
    REACTION_DECIDED = "reaction.decided", _("reaction decided")
    TEST = "webhook.test", _("test event")


class WebhookSubscription(models.Model):
    """A URL of a client's organisation that receives the events it chose. The secret signs
    every delivery (Standard Webhooks); it is shown once. It is kept readable, because signing
    needs it (a hash would not do), and never shown again."""

    client = models.ForeignKey(ApiClient, on_delete=models.CASCADE, related_name="webhooks")
    url = models.URLField(_("address"), max_length=500)
    events = models.JSONField(_("subscribed events"), default=list)
    secret = models.CharField(max_length=100, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Failed attempts since the last success; at WEBHOOK_DISABLE_AFTER_FAILURES it is disabled.
    failures_in_a_row = models.PositiveIntegerField(default=0)
    disabled_at = models.DateTimeField(_("disabled on"), null=True, blank=True)
    disabled_reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["client", "pk"]
        verbose_name = _("webhook")
        verbose_name_plural = _("webhooks")

    def __str__(self) -> str:
        return self.url

    @property
    def active(self) -> bool:
        return self.disabled_at is None and self.client.revoked_at is None


class WebhookEvent(models.Model):
    """Something that happened, with the API representation of the record at that moment. Its
    id is the ``webhook-id`` of every delivery (also a replay): receivers deduplicate by it."""

    id = models.UUIDField(primary_key=True, editable=False)
    kind = models.CharField(max_length=40, choices=WebhookEventKind.choices)
    object_id = models.BigIntegerField(null=True, blank=True)
    payload = models.JSONField()
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["kind", "object_id"], name="webhookevent_kind_object")]

    def __str__(self) -> str:
        return f"{self.kind} {self.id}"


class WebhookDelivery(models.Model):
    """One event for one subscription: sent (and re-sent) until it succeeds or gives up."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting to be sent")
        SUCCEEDED = "succeeded", _("delivered")
        FAILED = "failed", _("gave up")

    subscription = models.ForeignKey(
        WebhookSubscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    event = models.ForeignKey(WebhookEvent, on_delete=models.CASCADE, related_name="deliveries")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            # One delivery per event and subscription: an event is never queued twice for one URL.
            models.UniqueConstraint(
                fields=["subscription", "event"], name="webhookdelivery_once_per_event"
            )
        ]

    def __str__(self) -> str:
        return f"{self.event_id} → {self.subscription_id}"


class WebhookAttempt(models.Model):
    """One HTTP request of a delivery, with what the receiver answered (the delivery log)."""

    delivery = models.ForeignKey(
        WebhookDelivery, on_delete=models.CASCADE, related_name="attempt_log"
    )
    number = models.PositiveIntegerField()
    at = models.DateTimeField()
    status_code = models.PositiveIntegerField(null=True, blank=True)
    response_body = models.TextField(blank=True)
    error = models.CharField(max_length=300, blank=True)
    duration_ms = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.delivery_id} #{self.number}"

    @property
    def succeeded(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300
