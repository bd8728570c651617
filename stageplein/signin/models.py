"""Ways in for people without an e-mail address: a printed sign-in card per student and a
class sign-in a mentor runs in the classroom (docs/signin.md).

Codes are stored as a keyed hash (HMAC with the secret key): a leaked database hands out no
working codes, and the short codes cannot be brute-forced offline without the key.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class SigninCard(models.Model):
    """One printed card: a code that signs one student in once, before it expires."""

    student = models.ForeignKey(
        "students.Student", on_delete=models.CASCADE, related_name="signin_cards"
    )
    code_hash = models.CharField(max_length=64, unique=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("valid until"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    # A reissued card replaces the older ones: they stop working, and say so.
    revoked_at = models.DateTimeField(_("replaced at"), null=True, blank=True)

    class Meta:
        verbose_name = _("sign-in card")
        verbose_name_plural = _("sign-in cards")
        indexes = [models.Index(fields=["student", "created_at"])]
        constraints = [
            models.CheckConstraint(
                name="signincard_not_used_and_revoked",
                condition=Q(used_at__isnull=True) | Q(revoked_at__isnull=True),
            )
        ]

    def __str__(self) -> str:
        return f"card of {self.student_id} until {self.expires_at:%Y-%m-%d}"


class ClassSignin(models.Model):
    """A class sign-in session: a mentor shows the class code on the classroom screen and each
    student picks their own name and confirms with their date of birth."""

    school = models.ForeignKey(
        "organisations.School", on_delete=models.CASCADE, related_name="class_signins"
    )
    class_name = models.CharField(_("class"), max_length=20)
    code_hash = models.CharField(max_length=64, unique=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("open until"))
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("class sign-in")
        verbose_name_plural = _("class sign-ins")

    def __str__(self) -> str:
        return f"{self.class_name} at {self.school_id}"


class ClassSigninAttempt(models.Model):
    """One student's confirmations during one class sign-in: a success is recorded once (the
    unique constraint), wrong dates of birth are counted and limited."""

    session = models.ForeignKey(ClassSignin, on_delete=models.CASCADE, related_name="attempts")
    student = models.ForeignKey("students.Student", on_delete=models.CASCADE, related_name="+")
    failures = models.PositiveSmallIntegerField(default=0)
    signed_in_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["session", "student"], name="classsigninattempt_once_per_student"
            )
        ]

    def __str__(self) -> str:
        return f"{self.student_id} in {self.session_id}"


class SchoolSignOn(models.Model):
    """A school signs in through an OpenID Connect identity provider (docs/signin.md).

    The provider itself (issuer URL, client id and secret) is an allauth ``SocialApp`` of kind
    ``openid_connect``; a federation's app serves several schools, told apart by the BRIN claim.
    Which claims carry the school, the role and the student number is configured here, so that a
    new school or federation is data, not code."""

    class MatchStudentsBy(models.TextChoices):
        STUDENT_NUMBER = "student_number", _("school and student number")
        EMAIL = "email", _("school and verified e-mail address")

    school = models.OneToOneField(
        "organisations.School",
        on_delete=models.CASCADE,
        related_name="sign_on",
        verbose_name=_("school"),
    )
    app = models.ForeignKey(
        "socialaccount.SocialApp",
        on_delete=models.PROTECT,
        related_name="school_sign_ons",
        verbose_name=_("identity provider"),
    )
    match_students_by = models.CharField(
        _("link a student's first sign-in by"),
        max_length=20,
        choices=MatchStudentsBy.choices,
        default=MatchStudentsBy.STUDENT_NUMBER,
    )
    brin_claim = models.CharField(_("claim with the BRIN code"), max_length=60, default="brin")
    role_claim = models.CharField(
        _("claim with the role"), max_length=60, default="eduperson_affiliation"
    )
    student_number_claim = models.CharField(
        _("claim with the student number"), max_length=60, default="student_number"
    )
    # Staff who linked their school account may use it; a school may keep staff on passwords.
    staff_allowed = models.BooleanField(_("staff may sign in this way"), default=True)
    enabled = models.BooleanField(_("enabled"), default=True)

    class Meta:
        verbose_name = _("school single sign-on")
        verbose_name_plural = _("school single sign-ons")

    def __str__(self) -> str:
        return f"{self.school} via {self.app}"

    def clean(self) -> None:
        # Here, not only in SocialApp's admin: an app saved before the https rule must not be
        # put to use for another school.
        from stageplein.signin.oidc import server_url_problem

        if self.app_id is not None:
            problem = server_url_problem(self.app)
            if problem:
                raise ValidationError({"app": problem})
