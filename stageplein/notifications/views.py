import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from stageplein.core.http import AuthedHttpRequest
from stageplein.core.paginate import paginate
from stageplein.notifications import tasks, vapid
from stageplein.notifications.forms import PushForm, PushSubscriptionForm, SettingsForm
from stageplein.notifications.models import Notification
from stageplein.notifications.services import (
    email_frequency_of,
    mark_read,
    notification_settings_update,
    push_kinds_of,
    push_settings_update,
    push_subscribe,
    push_unsubscribe,
    unread_count,
)


@login_required
def notification_list(request: AuthedHttpRequest) -> HttpResponse:
    page = paginate(request, Notification.objects.filter(recipient=request.user), per_page=30)
    return render(request, "notifications/list.html", {"page": page})


@login_required
@require_POST
def notification_mark_read(request: AuthedHttpRequest) -> HttpResponse:
    mark_read(request.user)
    return redirect("notification_list")


@login_required
@require_GET
def notification_bell(request: AuthedHttpRequest) -> HttpResponse:
    """The bell with its unread count, polled by htmx from every page's header."""
    return render(
        request,
        "notifications/bell.html",
        {"unread_notifications": unread_count(request.user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def notification_settings(request: AuthedHttpRequest) -> HttpResponse:
    posted = request.POST if request.method == "POST" else None
    part = request.POST.get("part", "email") if posted else None
    form = SettingsForm(
        posted if part == "email" else None,
        initial={"email_frequency": email_frequency_of(request.user)},
    )
    push_form = PushForm(
        posted if part == "push" else None, initial={"push_kinds": push_kinds_of(request.user)}
    )
    if part == "email" and form.is_valid():
        notification_settings_update(
            user=request.user, email_frequency=form.cleaned_data["email_frequency"]
        )
        messages.success(request, _("Your e-mail settings have been saved."))
        return redirect("notification_settings")
    if part == "push" and push_form.is_valid():
        push_settings_update(user=request.user, kinds=push_form.cleaned_data["push_kinds"])
        messages.success(request, _("Your push settings have been saved."))
        return redirect("notification_settings")
    return render(
        request,
        "notifications/settings.html",
        {
            "form": form,
            "push_form": push_form,
            "application_server_key": vapid.application_server_key(),
            "devices": request.user.push_subscriptions.count(),
        },
    )


def _subscription(request: AuthedHttpRequest) -> PushSubscriptionForm:
    try:
        data = json.loads(request.body or b"{}")
    except ValueError:
        data = {}
    keys = data.get("keys") if isinstance(data, dict) else None
    return PushSubscriptionForm(
        {
            "endpoint": data.get("endpoint", "") if isinstance(data, dict) else "",
            "p256dh": keys.get("p256dh", "") if isinstance(keys, dict) else "",
            "auth": keys.get("auth", "") if isinstance(keys, dict) else "",
        }
    )


@login_required
@require_POST
def push_device_add(request: AuthedHttpRequest) -> JsonResponse:
    """The browser on this device subscribed (static/js/push.js) and tells us where to send."""
    form = _subscription(request)
    if not form.is_valid():
        return JsonResponse({"message": _("This device could not be registered.")}, status=400)
    if not tasks.push_service_allowed(form.cleaned_data["endpoint"]):
        return JsonResponse(
            {"message": _("This browser's push service is not supported.")}, status=400
        )
    push_subscribe(user=request.user, **form.cleaned_data)
    return JsonResponse({"message": _("Push messages are on for this device.")}, status=201)


@login_required
@require_POST
def push_device_remove(request: AuthedHttpRequest) -> JsonResponse:
    form = _subscription(request)
    endpoint = form.data.get("endpoint", "")
    push_unsubscribe(user=request.user, endpoint=endpoint)
    return JsonResponse({"message": _("Push messages are off for this device.")})
