from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from stageplein.core.http import AuthedHttpRequest
from stageplein.core.paginate import paginate
from stageplein.notifications.forms import SettingsForm
from stageplein.notifications.models import Notification
from stageplein.notifications.services import (
    email_frequency_of,
    mark_read,
    notification_settings_update,
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
    form = SettingsForm(
        request.POST or None, initial={"email_frequency": email_frequency_of(request.user)}
    )
    if request.method == "POST" and form.is_valid():
        notification_settings_update(
            user=request.user, email_frequency=form.cleaned_data["email_frequency"]
        )
        messages.success(request, _("Your e-mail settings have been saved."))
        return redirect("notification_settings")
    return render(request, "notifications/settings.html", {"form": form})
