"""The one place that decides who may see what.

Views never check roles by hand: they ask ``get_scope(request)`` for the person's scope and use
the selectors and ``get_*_for_user`` helpers, which scope querysets to the person's school,
organisation or region and answer 404 to outsiders (an outsider must not even learn that a
record exists). Municipality officers and national viewers get aggregates, never persons.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field, fields

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest

from stageplein.accounts.models import Membership, Role, User


@dataclass(frozen=True)
class Scope:
    user_id: int | None = None
    is_admin: bool = False
    student_id: int | None = None
    guardian_of: frozenset[int] = field(default_factory=frozenset)
    coordinator_schools: frozenset[int] = field(default_factory=frozenset)
    mentor_schools: frozenset[int] = field(default_factory=frozenset)
    contact_providers: frozenset[int] = field(default_factory=frozenset)
    supervisor_providers: frozenset[int] = field(default_factory=frozenset)
    student_supervisor: bool = False
    brokers: frozenset[int] = field(default_factory=frozenset)
    broker_regions: frozenset[int] = field(default_factory=frozenset)
    broker_municipalities: frozenset[str] = field(default_factory=frozenset)
    municipalities: frozenset[str] = field(default_factory=frozenset)
    is_national: bool = False

    @property
    def is_authenticated(self) -> bool:
        return self.user_id is not None

    @property
    def school_staff_schools(self) -> frozenset[int]:
        return self.coordinator_schools | self.mentor_schools

    @property
    def providers(self) -> frozenset[int]:
        return self.contact_providers | self.supervisor_providers

    @property
    def is_party_to_internships(self) -> bool:
        """Holds a role that is a party to students' reactions and internships: the student, a
        parent, school staff, a provider's people or a broker (officers only see figures)."""
        return self.is_admin or bool(
            self.student_id is not None
            or self.guardian_of
            or self.school_staff_schools
            or self.providers
            or self.brokers
        )

    @property
    def roles(self) -> list[Role]:
        """The roles held, in the order the home page shows them."""
        held = [
            (self.student_id is not None, Role.STUDENT),
            (bool(self.guardian_of), Role.PARENT),
            (bool(self.coordinator_schools), Role.COORDINATOR),
            (bool(self.mentor_schools), Role.MENTOR),
            (bool(self.contact_providers), Role.PROVIDER_CONTACT),
            (bool(self.supervisor_providers), Role.SUPERVISOR),
            (bool(self.brokers), Role.BROKER),
            (bool(self.municipalities), Role.MUNICIPALITY),
            (self.is_national, Role.NATIONAL),
            (self.is_admin, Role.ADMIN),
        ]
        return [role for has, role in held if has]

    def has(self, role: Role) -> bool:
        return role in self.roles


ANONYMOUS = Scope()


def build_scope(user: User) -> Scope:
    # Students, parents and brokers are read through the reverse relations of User and
    # Membership: accounts sits below organisations and students and imports neither.
    memberships = list(
        Membership.objects.filter(user=user).values_list(
            "role",
            "school_id",
            "provider_id",
            "broker_id",
            "municipality_id",
            "is_student_supervisor",
        )
    )

    def ids(role: Role, column: int) -> frozenset:
        return frozenset(m[column] for m in memberships if m[0] == role.value)

    brokers = ids(Role.BROKER, 3)
    broker_rows = (
        list(
            Membership.objects.filter(user=user, role=Role.BROKER)
            .exclude(broker=None)
            .values_list("broker__region_id", "broker__municipalities")
        )
        if brokers
        else []
    )
    return Scope(
        user_id=user.pk,
        is_admin=bool(user.is_superuser or user.is_staff),
        student_id=User.objects.filter(pk=user.pk).values_list("student__pk", flat=True).first(),
        guardian_of=frozenset(user.guardianships.values_list("student_id", flat=True)),
        coordinator_schools=ids(Role.COORDINATOR, 1),
        mentor_schools=ids(Role.MENTOR, 1),
        contact_providers=ids(Role.PROVIDER_CONTACT, 2),
        supervisor_providers=ids(Role.SUPERVISOR, 2),
        student_supervisor=any(m[5] for m in memberships),
        brokers=brokers,
        broker_regions=frozenset(r for r, _ in broker_rows),
        broker_municipalities=frozenset(m for _, m in broker_rows if m),
        municipalities=ids(Role.MUNICIPALITY, 4),
        is_national=any(m[0] == Role.NATIONAL.value for m in memberships),
    )


# The scope is kept in the (shared) cache between requests: building it costs three queries on
# every page. Every save or delete of what it is built from (a membership, a guardianship, a
# student record, the user, a broker's area) drops the person's entry at once
# (stageplein.accounts.apps); SCOPE_CACHE_SECONDS bounds what signals cannot see (bulk_create,
# QuerySet.update): a role granted that way shows within a minute. The key carries the Scope's
# field names, so a new version of the code never reads an old version's entry.
_SCOPE_KEY = f"scope:{zlib.crc32(','.join(f.name for f in fields(Scope)).encode()):x}"


def scope_cache_key(user_id: int) -> str:
    return f"{_SCOPE_KEY}:{user_id}"


def forget_scope(*user_ids: int | None) -> None:
    """Drop the cached scopes of these people: what they may see has changed."""
    cache.delete_many([scope_cache_key(pk) for pk in user_ids if pk is not None])


def get_scope(request_or_user: HttpRequest | User | AnonymousUser) -> Scope:
    """The scope of the signed-in person: once per request, and kept in the cache between
    requests (see _SCOPE_KEY)."""
    if isinstance(request_or_user, HttpRequest):
        user = getattr(request_or_user, "user", None)
    else:
        user = request_or_user
    if not isinstance(user, User):
        return ANONYMOUS
    cached = getattr(user, "_stageplein_scope", None)
    if cached is None:
        seconds = settings.SCOPE_CACHE_SECONDS
        key = scope_cache_key(user.pk)
        cached = cache.get(key) if seconds > 0 else None
        if not isinstance(cached, Scope):
            cached = build_scope(user)
            if seconds > 0:
                cache.set(key, cached, seconds)
        user._stageplein_scope = cached  # type: ignore[attr-defined]
    return cached


NOTHING = Q(pk__in=[])


def any_of(*conditions: tuple[bool, Q]) -> Q:
    """OR together the conditions that apply; nothing at all when none does."""
    q = NOTHING
    for applies, condition in conditions:
        if applies:
            if not condition:
                return Q()  # "everything": OR-ing an empty Q would silently drop it
            q |= condition
    return q


def student_circle(scope: Scope) -> Q:
    """Rows of a student (``student_id``) seen by the student, their parents and their school
    (coordinators; mentors their mentees'), and by the admin."""
    return any_of(
        (scope.is_admin, Q()),
        (scope.student_id is not None, Q(student_id=scope.student_id)),
        (bool(scope.guardian_of), Q(student_id__in=scope.guardian_of)),
        (bool(scope.coordinator_schools), Q(student__school_id__in=scope.coordinator_schools)),
        (
            bool(scope.mentor_schools),
            Q(student__mentor_id=scope.user_id, student__school_id__in=scope.mentor_schools),
        ),
    )


def require(allowed: bool) -> None:
    """Refuse with 403 a signed-in person whose role has no business on a page at all (lists);
    single records use get_*_for_user, which answers 404 so as not to reveal they exist."""
    if not allowed:
        raise PermissionDenied


def may_open_admin(scope: Scope) -> bool:
    return scope.is_admin


# R-ROLE-4: the people who come twice a year. Staff who see many students (school, broker,
# municipality, national) and admins sign in with a password (and their second step, if set):
# a link in a mailbox must never be the only key to that much personal data.
LINK_ROLES = frozenset({Role.STUDENT, Role.PARENT, Role.PROVIDER_CONTACT, Role.SUPERVISOR})


def may_sign_in_by_link(user: User) -> bool:
    if user.is_staff or user.is_superuser:
        return False
    if Authenticator.objects.filter(user=user).exists():
        return False
    return set(build_scope(user).roles) <= LINK_ROLES


def may_sign_in_by_code(user: User) -> bool:
    """allauth's "e-mail me a sign-in code": for the people a link is for, and for anyone
    whose second factor allauth asks for right after the code (the mailbox alone is then not
    the key). Staff without a second factor use their password."""
    if not user.is_active:
        return False
    return may_sign_in_by_link(user) or Authenticator.objects.filter(user=user).exists()
