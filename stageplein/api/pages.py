"""The keys page: staff connect their organisation's systems (OAuth2 clients) and make personal
access tokens for their scripts. A secret is shown once, on the answer to the POST that made it,
and never again (only its hash is kept)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from stageplein.accounts.access import get_scope, require
from stageplein.api import services
from stageplein.api.access import (
    api_clients_visible_to,
    client_owners,
    get_api_client_for_user,
    get_delivery_for_user,
    get_personal_token_for_user,
    get_webhook_for_user,
    may_manage_api_clients,
    may_use_personal_tokens,
    personal_tokens_of,
)
from stageplein.api.forms import ClientForm, TokenForm, WebhookForm
from stageplein.api.models import ApiClient, WebhookEventKind
from stageplein.api.webhooks import services as webhook_services
from stageplein.api.webhooks.events import kinds_for
from stageplein.core.http import AuthedHttpRequest


def _page(request: AuthedHttpRequest, status: int = 200, **context) -> HttpResponse:
    scope = get_scope(request)
    owners = client_owners(scope) if may_manage_api_clients(scope) else []
    context.setdefault("client_form", ClientForm(owners=owners))
    context.setdefault("token_form", TokenForm())
    response = render(
        request,
        "api/keys.html",
        {
            "may_manage_clients": may_manage_api_clients(scope),
            "clients": api_clients_visible_to(scope).order_by("revoked_at", "name")[:100],
            "tokens": personal_tokens_of(request.user)[:100],
            **context,
        },
        status=status,
    )
    # The page may carry a secret: never kept by a cache or the back-forward cache.
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def api_keys(request: AuthedHttpRequest) -> HttpResponse:
    require(may_use_personal_tokens(get_scope(request)))
    return _page(request)


@login_required
@require_POST
def api_client_new(request: AuthedHttpRequest) -> HttpResponse:
    scope = get_scope(request)
    require(may_manage_api_clients(scope))
    owners = client_owners(scope)
    form = ClientForm(request.POST, owners=owners)
    if not form.is_valid():
        return _page(request, status=400, client_form=form)
    kind, owner_id = form.cleaned_data["owner"].split(":", 1)
    try:
        issued = services.api_client_create(
            by=request.user,
            name=form.cleaned_data["name"],
            kind=kind,
            owner_id=owner_id,
            scopes=form.cleaned_data["scopes"],
        )
    except services.ApiKeyError as exc:
        form.add_error("scopes", str(exc))
        return _page(request, status=400, client_form=form)
    return _page(request, issued=issued)


@login_required
@require_POST
def api_client_revoke(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    client = get_api_client_for_user(request, pk)
    services.api_client_revoke(client=client, by=request.user)
    messages.success(request, _("The client has been revoked; its tokens no longer work."))
    return redirect("api_keys")


@login_required
@require_POST
def api_token_new(request: AuthedHttpRequest) -> HttpResponse:
    require(may_use_personal_tokens(get_scope(request)))
    form = TokenForm(request.POST)
    if not form.is_valid():
        return _page(request, status=400, token_form=form)
    token, raw = services.personal_token_create(
        user=request.user,
        name=form.cleaned_data["name"],
        scopes=form.cleaned_data["scopes"],
        valid_days=form.cleaned_data["valid_days"],
    )
    return _page(request, new_token=raw, new_token_name=token.name)


@login_required
@require_POST
def api_token_revoke(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    token = get_personal_token_for_user(request, pk)
    services.personal_token_revoke(token=token, by=request.user)
    messages.success(request, _("The token has been revoked."))
    return redirect("api_keys")


# --- Webhooks: a client's subscriptions and their delivery log (docs/api.md) -----------------


def _kind_choices(client: ApiClient) -> list[tuple[str, str]]:
    labels = dict(WebhookEventKind.choices)
    return [(kind, f"{labels[kind]} ({kind})") for kind in kinds_for(client)]


def _webhooks_page(
    request: AuthedHttpRequest, client: ApiClient, status: int = 200, **context
) -> HttpResponse:
    context.setdefault("form", WebhookForm(kinds=_kind_choices(client)))
    response = render(
        request,
        "api/webhooks.html",
        {
            "client": client,
            "webhooks": client.webhooks.order_by("pk"),
            "may_receive_events": bool(kinds_for(client)),
            **context,
        },
        status=status,
    )
    response["Cache-Control"] = "private, no-store"  # may carry the new secret
    return response


@login_required
def api_client_webhooks(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    client = get_api_client_for_user(request, pk)
    if request.method != "POST":
        return _webhooks_page(request, client)
    form = WebhookForm(request.POST, kinds=_kind_choices(client))
    if not form.is_valid():
        return _webhooks_page(request, client, status=400, form=form)
    try:
        subscription, secret = webhook_services.subscription_create(
            client=client,
            url=form.cleaned_data["url"],
            events=form.cleaned_data["events"],
            by=request.user,
        )
    except webhook_services.WebhookError as exc:
        form.add_error(None, str(exc))
        return _webhooks_page(request, client, status=400, form=form)
    return _webhooks_page(request, client, new_webhook=subscription, new_secret=secret)


@login_required
def webhook_detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    subscription = get_webhook_for_user(request, pk)
    deliveries = (
        subscription.deliveries.select_related("event")
        .prefetch_related("attempt_log")
        .order_by("-created_at", "-pk")[:50]
    )
    return render(
        request,
        "api/webhook_detail.html",
        {"webhook": subscription, "deliveries": deliveries},
    )


@login_required
@require_POST
def webhook_test(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    subscription = get_webhook_for_user(request, pk)
    webhook_services.test_event_send(subscription=subscription)
    messages.success(request, _("A test event is on its way; reload the page to see the answer."))
    return redirect("webhook_detail", pk)


@login_required
@require_POST
def webhook_enable(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    subscription = get_webhook_for_user(request, pk)
    webhook_services.subscription_enable(subscription=subscription)
    messages.success(request, _("The webhook is on again."))
    return redirect("webhook_detail", pk)


@login_required
@require_POST
def webhook_delete(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    subscription = get_webhook_for_user(request, pk)
    client_pk = subscription.client_id
    webhook_services.subscription_delete(subscription=subscription)
    messages.success(request, _("The webhook has been deleted."))
    return redirect("api_client_webhooks", client_pk)


@login_required
@require_POST
def webhook_delivery_replay(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    delivery = get_delivery_for_user(request, pk)
    webhook_services.delivery_replay(delivery=delivery)
    messages.success(request, _("The event will be sent again, with the same id."))
    return redirect("webhook_detail", delivery.subscription_id)
