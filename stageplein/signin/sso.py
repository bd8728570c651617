"""School single sign-on through OpenID Connect (allauth's ``openid_connect`` provider).

allauth does the protocol: discovery, the authorisation-code flow with PKCE and ``state``, the
code exchanged for tokens on the back channel with the client secret, and the ID token's
issuer, audience and expiry checked (and, in signin/oidc.py, its signature and https). This
module decides *who* that is (docs/signin.md):

- the school follows from the provider (``SchoolSignOn``) and, for a federation serving several
  schools, from the BRIN claim; an unknown school is refused;
- the role claim must say student or staff; anything else (or both) is refused;
- an account already linked to this provider's subject signs in, if it still fits the school
  and role;
- a student's first sign-in is linked to the imported student by school + student number, or by
  school + *verified* e-mail if the school chose that; never by name;
- staff are never linked on the provider's word: a coordinator's or mentor's account guards
  hundreds of minors' data, and a school's provider can assert any e-mail address. Staff link
  their school account themselves once, while signed in with password and second factor
  (allauth's "connect" on ``/accounts/3rdparty/``).

Nothing is ever created: an unknown person gets a page that says what to do, not an account.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialAccount, SocialApp, SocialLogin
from django.http import HttpRequest
from django.shortcuts import render
from django.urls import reverse

from stageplein.accounts.access import build_scope
from stageplein.accounts.models import User
from stageplein.signin.access import may_sign_on_as_staff, may_sign_on_as_student
from stageplein.signin.models import SchoolSignOn
from stageplein.signin.oidc import server_url_problem
from stageplein.students.models import Student

logger = logging.getLogger(__name__)

# eduPerson affiliation values (Entree and most school providers send these), plus Dutch ones.
STUDENT_ROLES = frozenset({"student", "leerling"})
STAFF_ROLES = frozenset({"staff", "employee", "faculty", "medewerker", "docent", "teacher"})

STUDENT = "student"
STAFF = "staff"

# Why a sign-in was refused; signin/sso_refused.html says what to do for each.
UNKNOWN_SCHOOL = "unknown_school"
UNEXPECTED_ROLE = "unexpected_role"
UNKNOWN_PERSON = "unknown_person"
STAFF_NOT_LINKED = "staff_not_linked"
STAFF_NOT_ALLOWED = "staff_not_allowed"
NOT_ALLOWED = "not_allowed"
ALREADY_LINKED = "already_linked"


@dataclass(frozen=True)
class Decision:
    refusal: str = ""
    link: SchoolSignOn | None = None
    link_to: User | None = None  # a first sign-in: attach the provider's subject to this account


@dataclass(frozen=True)
class SignOnChoice:
    label: str
    url: str


def id_token_claims(sociallogin: SocialLogin) -> dict[str, Any]:
    """The claims of the ID token allauth checked. Userinfo (if fetched) is ignored on purpose:
    the school, role and student number must come from the token that was verified."""
    data = sociallogin.account.extra_data or {}
    claims = data.get("id_token")
    return claims if isinstance(claims, dict) else {}


def _values(claim: Any) -> list[str]:
    items = claim if isinstance(claim, list | tuple) else [claim]
    # "student@school.nl" (eduPersonScopedAffiliation) counts as "student".
    return [str(v).split("@")[0].strip().lower() for v in items if v not in (None, "")]


def school_for(app: SocialApp, claims: dict[str, Any]) -> SchoolSignOn | None:
    links = list(SchoolSignOn.objects.filter(app=app, enabled=True).select_related("school"))
    said = {link.pk: str(claims.get(link.brin_claim) or "").strip().upper() for link in links}
    if any(said.values()):
        return next((link for link in links if said[link.pk] == link.school.brin.upper()), None)
    # A school's own provider need not name the school; a federation's must.
    return links[0] if len(links) == 1 else None


def role_of(link: SchoolSignOn, claims: dict[str, Any]) -> str:
    values = set(_values(claims.get(link.role_claim)))
    kinds = {STUDENT for v in values if v in STUDENT_ROLES} | {
        STAFF for v in values if v in STAFF_ROLES
    }
    return kinds.pop() if len(kinds) == 1 else ""


def _fits(user: User, link: SchoolSignOn, kind: str) -> bool:
    if kind == STUDENT:
        return may_sign_on_as_student(user, link.school)
    return may_sign_on_as_staff(user, link.school)


def _first_student(link: SchoolSignOn, claims: dict[str, Any]) -> Student | None:
    students = Student.objects.filter(school=link.school, left_on__isnull=True).select_related(
        "user"
    )
    if link.match_students_by == SchoolSignOn.MatchStudentsBy.EMAIL:
        email = str(claims.get("email") or "").strip()
        # Only an address the provider itself vouches for.
        verified = claims.get("email_verified") in (True, "true", "True", 1)
        if not email or not verified:
            return None
        found = list(students.filter(user__email__iexact=email)[:2])
    else:
        number = str(claims.get(link.student_number_claim) or "").strip()
        if not number:
            return None
        found = list(students.filter(student_number=number)[:2])
    return found[0] if len(found) == 1 else None


def decide(sociallogin: SocialLogin, app: SocialApp, connecting_user: User | None) -> Decision:
    claims = id_token_claims(sociallogin)
    link = school_for(app, claims)
    if link is None:
        return Decision(refusal=UNKNOWN_SCHOOL)
    kind = role_of(link, claims)
    if not kind:
        return Decision(refusal=UNEXPECTED_ROLE, link=link)
    if kind == STAFF and not link.staff_allowed:
        return Decision(refusal=STAFF_NOT_ALLOWED, link=link)
    if connecting_user is not None:
        # Linking one's own account, signed in the usual way: it must be this school's
        # student or staff member as the provider says.
        if not _fits(connecting_user, link, kind):
            return Decision(refusal=NOT_ALLOWED, link=link)
        return Decision(link=link)
    if sociallogin.is_existing:
        user = sociallogin.user
        if not isinstance(user, User) or not _fits(user, link, kind):
            return Decision(refusal=NOT_ALLOWED, link=link)
        return Decision(link=link)
    if kind == STAFF:
        return Decision(refusal=STAFF_NOT_LINKED, link=link)
    student = _first_student(link, claims)
    if student is None or not may_sign_on_as_student(student.user, link.school):
        return Decision(refusal=UNKNOWN_PERSON, link=link)
    if SocialAccount.objects.filter(user=student.user, provider=app.provider_id).exists():
        # The account is linked to another subject of this provider already: a second person
        # claiming the same student number is not let in.
        return Decision(refusal=ALREADY_LINKED, link=link)
    return Decision(link=link, link_to=student.user)


class SchoolSignOnAdapter(DefaultSocialAccountAdapter):
    def list_apps(
        self, request: HttpRequest | None, provider: str | None = None, client_id: str | None = None
    ) -> list[SocialApp]:
        # An identity provider reached over plain http is ignored (its login URL answers 404):
        # the admin refuses such an app, this covers one saved before the rule or by code.
        apps = []
        for app in super().list_apps(request, provider=provider, client_id=client_id):
            problem = server_url_problem(app)
            if problem:
                logger.warning("school sign-on app %s ignored: %s", app.provider_id, problem)
            else:
                apps.append(app)
        return apps

    def is_open_for_signup(self, request: HttpRequest, sociallogin: SocialLogin) -> bool:
        return False  # accounts come from the school's import, never from a provider's claims

    def on_authentication_error(
        self,
        request: HttpRequest,
        provider: Any,
        error: str | None = None,
        exception: BaseException | None = None,
        extra_context: dict[str, Any] | None = None,
    ) -> None:
        # A wrong issuer, an expired token, a provider that is down: allauth shows its error
        # page; the log says which provider and why, for the school's administrator.
        logger.warning(
            "school sign-on failed: provider=%s error=%s exception=%r",
            getattr(provider, "id", provider),
            error,
            exception,
        )

    def pre_social_login(self, request: HttpRequest, sociallogin: SocialLogin) -> None:
        app = sociallogin.account.get_provider(request).app
        connecting = None
        if sociallogin.state.get("process") == "connect" and request.user.is_authenticated:
            connecting = User.objects.get(pk=request.user.pk)
        decision = decide(sociallogin, app, connecting)
        if decision.refusal:
            context = {"reason": decision.refusal, "link": decision.link}
            raise ImmediateHttpResponse(
                render(request, "signin/sso_refused.html", context, status=403)
            )
        if decision.link_to is not None:
            sociallogin.connect(request, decision.link_to)


def sign_on_choices() -> list[SignOnChoice]:
    """The "Sign in with <school>" buttons of the sign-in page: one per provider, named after
    the school if it serves one, after the provider (a federation) if it serves several."""
    links = SchoolSignOn.objects.filter(enabled=True, app__provider="openid_connect")
    by_app: dict[int, list[SchoolSignOn]] = {}
    for link in links.select_related("school", "app").order_by("school__name"):
        by_app.setdefault(link.app_id, []).append(link)
    choices = []
    for group in by_app.values():
        app = group[0].app
        if server_url_problem(app):
            continue
        label = group[0].school.name if len(group) == 1 else app.name
        url = reverse("openid_connect_login", kwargs={"provider_id": app.provider_id})
        choices.append(SignOnChoice(label=label, url=url))
    return sorted(choices, key=lambda c: c.label)


def has_school_sign_on(user: User) -> bool:
    """Whether the person's school signs in through a provider (the account page then offers
    to link the school account)."""
    scope = build_scope(user)
    schools = set(scope.school_staff_schools)
    student = getattr(user, "student", None)
    if student is not None:
        schools.add(student.school_id)
    return SchoolSignOn.objects.filter(school_id__in=schools, enabled=True).exists()


def sign_on_origins() -> list[str]:
    """The origins of the enabled identity providers (for the sign-in pages' CSP)."""
    apps = SocialApp.objects.filter(
        provider="openid_connect", school_sign_ons__enabled=True
    ).distinct()
    origins = set()
    for app in apps:
        if server_url_problem(app):
            continue
        url = urlsplit(str((app.settings or {}).get("server_url", "")))
        if url.netloc:
            origins.add(f"{url.scheme}://{url.netloc}")
    return sorted(origins)
