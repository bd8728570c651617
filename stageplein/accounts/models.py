import secrets
from typing import ClassVar

from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class UserManager(DjangoUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str | None, password: str | None, **extra) -> "User":
        user = self.model(email=self.normalize_email(email) if email else None, **extra)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_user(  # type: ignore[override]
        self, email: str | None = None, password: str | None = None, **extra
    ) -> "User":
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(  # type: ignore[override]
        self, email: str | None = None, password: str | None = None, **extra
    ) -> "User":
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)


def new_feed_token() -> str:
    return secrets.token_urlsafe(24)


class User(AbstractUser):
    """A person. Signs in with e-mail; students imported without e-mail cannot sign in yet."""

    username = None  # type: ignore[assignment]
    email = models.EmailField(  # type: ignore[assignment]
        _("e-mail address"), unique=True, null=True, blank=True
    )
    # Secret for personal feeds (iCal); rotating it revokes the old URL.
    feed_token = models.CharField(
        max_length=64, unique=True, default=new_feed_token, editable=False
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    objects: ClassVar[UserManager] = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.email or f"#{self.pk}"


class Role(models.TextChoices):
    """R-ROLE-1. Student and parent follow from the student record; the rest are memberships."""

    STUDENT = "student", _("student")
    PARENT = "parent", _("parent or guardian")
    COORDINATOR = "coordinator", _("school coordinator")
    MENTOR = "mentor", _("mentor")
    PROVIDER_CONTACT = "provider_contact", _("provider contact")
    SUPERVISOR = "supervisor", _("provider supervisor")
    BROKER = "broker", _("broker staff")
    MUNICIPALITY = "municipality", _("municipality officer")
    NATIONAL = "national", _("national viewer")
    ADMIN = "admin", _("platform admin")


SCHOOL_ROLES = (Role.COORDINATOR, Role.MENTOR)
PROVIDER_ROLES = (Role.PROVIDER_CONTACT, Role.SUPERVISOR)
MEMBERSHIP_ROLES = (
    *SCHOOL_ROLES,
    *PROVIDER_ROLES,
    Role.BROKER,
    Role.MUNICIPALITY,
    Role.NATIONAL,
)


class Membership(models.Model):
    """One role of a person at one organisation. A person may hold several (R-ROLE-1)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(
        _("role"), max_length=20, choices=[(r.value, r.label) for r in MEMBERSHIP_ROLES]
    )
    school = models.ForeignKey(
        "organisations.School",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="staff",
    )
    provider = models.ForeignKey(
        "organisations.Provider",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="staff",
    )
    broker = models.ForeignKey(
        "organisations.Broker",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="staff",
    )
    municipality = models.ForeignKey(
        "geo.Municipality", on_delete=models.CASCADE, null=True, blank=True, related_name="officers"
    )
    # R-ROLE-3: an mbo/hbo student supervisor registers hours and notes but does not evaluate.
    is_student_supervisor = models.BooleanField(_("mbo/hbo student supervisor"), default=False)
    # The school's own short code for a teacher (docentcode/afkorting in Magister or SOMtoday):
    # the student import's mentor column may hold it instead of an e-mail address.
    staff_code = models.CharField(_("staff code"), max_length=10, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            # Exactly the organisation that the role needs, and no other.
            models.CheckConstraint(
                name="membership_org_matches_role",
                condition=(
                    Q(
                        role__in=[r.value for r in SCHOOL_ROLES],
                        school__isnull=False,
                        provider__isnull=True,
                        broker__isnull=True,
                        municipality__isnull=True,
                    )
                    | Q(
                        role__in=[r.value for r in PROVIDER_ROLES],
                        school__isnull=True,
                        provider__isnull=False,
                        broker__isnull=True,
                        municipality__isnull=True,
                    )
                    | Q(
                        role=Role.BROKER.value,
                        school__isnull=True,
                        provider__isnull=True,
                        broker__isnull=False,
                        municipality__isnull=True,
                    )
                    | Q(
                        role=Role.MUNICIPALITY.value,
                        school__isnull=True,
                        provider__isnull=True,
                        broker__isnull=True,
                        municipality__isnull=False,
                    )
                    | Q(
                        role=Role.NATIONAL.value,
                        school__isnull=True,
                        provider__isnull=True,
                        broker__isnull=True,
                        municipality__isnull=True,
                    )
                ),
            ),
            models.CheckConstraint(
                name="membership_student_supervisor_at_provider",
                condition=Q(is_student_supervisor=False) | Q(role=Role.SUPERVISOR.value),
            ),
            models.UniqueConstraint(
                fields=["user", "role", "school"],
                condition=Q(school__isnull=False),
                name="membership_unique_school_role",
            ),
            models.UniqueConstraint(
                fields=["school", "role", "staff_code"],
                condition=Q(school__isnull=False) & ~Q(staff_code=""),
                name="membership_unique_staff_code",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "provider"],
                condition=Q(provider__isnull=False),
                name="membership_unique_provider_role",
            ),
            models.UniqueConstraint(
                fields=["user", "broker"],
                condition=Q(broker__isnull=False),
                name="membership_unique_broker",
            ),
            models.UniqueConstraint(
                fields=["user", "municipality"],
                condition=Q(municipality__isnull=False),
                name="membership_unique_municipality",
            ),
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(role=Role.NATIONAL.value),
                name="membership_unique_national",
            ),
        ]

    def __str__(self) -> str:
        org = self.school or self.provider or self.broker or self.municipality or _("national")
        return f"{self.user} – {self.get_role_display()} – {org}"


class OneTimeLink(models.Model):
    """A secret link that works once, before it expires: sign-in for people who come twice a
    year, and (in other apps) signing a contract or verifying hours without an account.

    Only a hash of the secret is stored, so a database leak does not hand out working links.
    """

    purpose = models.CharField(max_length=40)
    token_hash = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, null=True, blank=True, related_name="one_time_links"
    )
    payload = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("one-time link")
        verbose_name_plural = _("one-time links")
        indexes = [models.Index(fields=["user", "purpose", "created_at"])]

    def __str__(self) -> str:
        return f"{self.purpose} for {self.user}"
