"""Who may do what through the API (docs/architecture.md, docs/api.md).

The API decides nothing about people or records itself: a caller is turned into the same
``Scope`` the web UI builds for a person, and every resource asks the other apps' access modules
(``students_visible_to(scope)``, ``placements_visible_to(scope)``, …) with it. A client of a
school gets the scope of that school's coordinators, a broker's client that of its brokers, a
municipality's client that of its officers; a personal access token acts as its owner. On top of
that a caller needs the resource's OAuth2 scope (``students:read``, …).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from stageplein.accounts.access import ANONYMOUS, Scope, any_of, get_scope
from stageplein.accounts.models import User
from stageplein.api.models import (
    SCOPES_FOR_KIND,
    ApiClient,
    ApiScope,
    OwnerKind,
    PersonalToken,
    WebhookDelivery,
    WebhookSubscription,
)
from stageplein.geo.models import Municipality
from stageplein.internships.models import Internship
from stageplein.organisations.models import Broker, School
from stageplein.placements.access import may_manage_placements, may_search_placements

ALL_SCOPES = frozenset(s.value for s in ApiScope)


def client_scope(client: ApiClient) -> Scope:
    """The scope of the people the client's organisation is made of."""
    if client.kind == OwnerKind.SCHOOL and client.school_id is not None:
        return Scope(coordinator_schools=frozenset({client.school_id}))
    if client.kind == OwnerKind.BROKER and client.broker_id is not None:
        broker = Broker.objects.get(pk=client.broker_id)
        return Scope(
            brokers=frozenset({broker.pk}),
            broker_regions=frozenset({broker.region_id}),
            broker_municipalities=frozenset(broker.municipalities.values_list("pk", flat=True)),
        )
    if client.kind == OwnerKind.MUNICIPALITY and client.municipality_id is not None:
        return Scope(municipalities=frozenset({client.municipality_id}))
    if client.kind == OwnerKind.NATIONAL:
        return Scope(is_national=True)
    return ANONYMOUS


@dataclass(frozen=True)
class Caller:
    """Who is calling: the scope the access modules are asked with, the OAuth2 scopes granted,
    the person answerable for writes, and the key rate limits and idempotency keys count by."""

    scope: Scope
    scopes: frozenset[str]
    actor: User | None
    key: str
    rate_per_minute: int
    client: ApiClient | None = None
    token: PersonalToken | None = None


def caller_of(request: HttpRequest) -> Caller:
    """The caller of an API request: set by BearerAuthentication, or a signed-in person using the
    API from the browser (then with every scope: the person's own rights decide)."""
    auth = getattr(request, "auth", None)
    if isinstance(auth, Caller):
        return auth
    user = getattr(request, "user", None)
    if isinstance(user, User):
        return Caller(
            scope=get_scope(user),
            scopes=ALL_SCOPES,
            actor=user,
            key=f"user:{user.pk}",
            rate_per_minute=600,
        )
    return Caller(
        scope=ANONYMOUS, scopes=frozenset(), actor=None, key="anonymous", rate_per_minute=0
    )


def api_scope(request: HttpRequest) -> Scope:
    return caller_of(request).scope


def may_manage_api_clients(scope: Scope) -> bool:
    """Coordinators (for their school), brokers, municipality officers and national viewers
    (the national monitor's system) connect systems."""
    return scope.is_admin or bool(
        scope.coordinator_schools or scope.brokers or scope.municipalities or scope.is_national
    )


def may_use_personal_tokens(scope: Scope) -> bool:
    """Staff who script: not students, parents or provider people (they have no lists to sync)."""
    return scope.is_admin or bool(
        scope.school_staff_schools or scope.brokers or scope.municipalities or scope.is_national
    )


def api_clients_visible_to(scope: Scope) -> QuerySet[ApiClient]:
    condition = any_of(
        (scope.is_admin, Q()),
        (bool(scope.coordinator_schools), Q(school_id__in=scope.coordinator_schools)),
        (bool(scope.brokers), Q(broker_id__in=scope.brokers)),
        (bool(scope.municipalities), Q(municipality_id__in=scope.municipalities)),
        (scope.is_national, Q(kind=OwnerKind.NATIONAL)),
    )
    return ApiClient.objects.filter(condition).select_related(
        "school", "broker", "municipality", "application"
    )


def get_api_client_for_user(request: HttpRequest, pk: int) -> ApiClient:
    return get_object_or_404(api_clients_visible_to(get_scope(request)), pk=pk)


def webhooks_visible_to(scope: Scope) -> QuerySet[WebhookSubscription]:
    """A client's webhooks are managed by whoever manages the client (its organisation)."""
    return WebhookSubscription.objects.filter(
        client__in=api_clients_visible_to(scope).values("pk")
    ).select_related("client")


def get_webhook_for_user(request: HttpRequest, pk: int) -> WebhookSubscription:
    return get_object_or_404(webhooks_visible_to(get_scope(request)), pk=pk)


def get_delivery_for_user(request: HttpRequest, pk: int) -> WebhookDelivery:
    return get_object_or_404(
        WebhookDelivery.objects.filter(
            subscription__in=webhooks_visible_to(get_scope(request)).values("pk")
        ).select_related("subscription"),
        pk=pk,
    )


def client_owners(scope: Scope) -> list[tuple[str, str, object]]:
    """The organisations a person may connect a system for: (kind, value, organisation)."""
    schools = (
        School.objects.all()
        if scope.is_admin
        else School.objects.filter(pk__in=scope.coordinator_schools)
    )
    brokers = (
        Broker.objects.all() if scope.is_admin else Broker.objects.filter(pk__in=scope.brokers)
    )
    municipalities = (
        Municipality.objects.all()
        if scope.is_admin
        else Municipality.objects.filter(pk__in=scope.municipalities)
    )
    return [
        *((OwnerKind.SCHOOL.value, f"school:{s.pk}", s) for s in schools.order_by("name")),
        *((OwnerKind.BROKER.value, f"broker:{b.pk}", b) for b in brokers.order_by("name")),
        *(
            (OwnerKind.MUNICIPALITY.value, f"municipality:{m.pk}", m)
            for m in municipalities.order_by("name")
        ),
        *(
            [(OwnerKind.NATIONAL.value, "national:0", OwnerKind.NATIONAL.label)]
            if scope.is_admin or scope.is_national
            else []
        ),
    ]


def scopes_for_kind(kind: str) -> tuple[str, ...]:
    return SCOPES_FOR_KIND.get(kind, ())


def personal_tokens_of(user: User) -> QuerySet[PersonalToken]:
    return PersonalToken.objects.filter(user=user)


def get_personal_token_for_user(request: HttpRequest, pk: int) -> PersonalToken:
    user_id = getattr(request.user, "pk", None) or 0
    return get_object_or_404(PersonalToken.objects.filter(user_id=user_id), pk=pk)


def may_read_placements(scope: Scope) -> bool:
    """The placements list: those who search (the web search) and those who manage them."""
    return may_search_placements(scope) or may_manage_placements(scope)


def may_submit_any_hours(scope: Scope) -> bool:
    return scope.is_admin or bool(scope.coordinator_schools)


def may_submit_hours_for(scope: Scope, internship: Internship) -> bool:
    """A trusted school system (the school's client, or a coordinator's token) submits hours
    for its own students; the provider still verifies them (R-HOURS-4)."""
    return scope.is_admin or internship.student.school_id in scope.coordinator_schools


def may_read_school_year_figures(scope: Scope) -> bool:
    """The per-school, per-year figures: national viewers for all schools, municipality
    officers for the schools in their municipality. Numbers only, never a person."""
    return scope.is_admin or scope.is_national or bool(scope.municipalities)


def schools_for_figures(scope: Scope) -> QuerySet[School]:
    if scope.is_admin or scope.is_national:
        return School.objects.all()
    return School.objects.filter(municipality_id__in=scope.municipalities)
