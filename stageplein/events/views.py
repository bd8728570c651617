"""Events: the list, creating one, the page with sign-up, attendance and the iCal entry."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from stageplein.accounts.access import get_scope, require
from stageplein.accounts.actions import action_view
from stageplein.core.http import AuthedHttpRequest
from stageplein.events import services
from stageplein.events.access import (
    event_provider_for,
    events_visible_to,
    get_event_for_user,
    may_create_event,
    may_list_events,
    may_manage_event,
    may_sign_up,
)
from stageplein.events.calendar import event_ical_bytes
from stageplein.events.forms import EventForm
from stageplein.events.models import Signup, SignupStatus
from stageplein.organisations.models import Broker, Provider, School


@login_required
def event_list(request: AuthedHttpRequest) -> HttpResponse:
    scope = get_scope(request)
    require(may_list_events(scope))
    events = (
        events_visible_to(scope)
        .filter(ends_at__gte=timezone.now())
        .select_related("broker", "school")
        .order_by("starts_at", "pk")[:100]
    )
    mine = set(
        Signup.objects.filter(
            user=request.user, status=SignupStatus.SIGNED_UP, event__in=[e.pk for e in events]
        ).values_list("event_id", flat=True)
    )
    return render(
        request,
        "events/list.html",
        {"events": events, "mine": mine, "may_create": may_create_event(scope)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def event_create_view(request: AuthedHttpRequest) -> HttpResponse:
    scope = get_scope(request)
    require(may_create_event(scope))
    broker = Broker.objects.filter(pk__in=scope.brokers).order_by("pk").first()
    school = (
        None
        if broker is not None
        else School.objects.filter(pk__in=scope.coordinator_schools).order_by("pk").first()
    )
    schools = School.objects.filter(region_id=broker.region_id) if broker is not None else None
    form = EventForm(request.POST or None, schools=schools)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            event = services.event_create(
                by=request.user,
                broker=broker,
                school=school,
                kind=data["kind"],
                title=data["title"],
                description=data["description"],
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                place=data["place"],
                capacity=data["capacity"],
                for_students=data["for_students"],
                for_providers=data.get("for_providers", False),
                for_staff=data["for_staff"],
                schools=data.get("schools") or (),
            )
        except services.EventError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The event is created."))
            return redirect("event_detail", event.pk)
    return render(request, "events/form.html", {"form": form, "organiser": broker or school})


@login_required
@require_http_methods(["GET", "POST"])
def event_edit_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """The organiser changes the event; those signed up hear of a new time or place."""
    event = get_event_for_user(request, pk)
    require(may_manage_event(get_scope(request), event))
    broker = event.broker
    schools = School.objects.filter(region_id=event.region_id) if broker is not None else None
    initial = {
        name: getattr(event, name)
        for name in (
            "kind",
            "title",
            "description",
            "place",
            "capacity",
            "for_students",
            "for_providers",
            "for_staff",
        )
    }
    initial |= {
        "starts_at": timezone.localtime(event.starts_at),
        "ends_at": timezone.localtime(event.ends_at),
        "schools": list(event.schools.all()),
    }
    form = EventForm(request.POST or None, schools=schools, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.event_update(
                event=event,
                by=request.user,
                kind=data["kind"],
                title=data["title"],
                description=data["description"],
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                place=data["place"],
                capacity=data["capacity"],
                for_students=data["for_students"],
                for_providers=data.get("for_providers", False),
                for_staff=data["for_staff"],
                schools=data.get("schools") if broker is not None else None,
            )
        except services.EventError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The event is changed."))
            return redirect("event_detail", event.pk)
    return render(
        request,
        "events/form.html",
        {"form": form, "organiser": broker or event.school, "event": event},
    )


@login_required
def event_detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    event = get_event_for_user(request, pk)
    scope = get_scope(request)
    manages = may_manage_event(scope, event)
    signups = event.signups.filter(status=SignupStatus.SIGNED_UP)
    exhibitors = Provider.objects.filter(
        pk__in=signups.exclude(provider=None).values("provider_id")
    ).order_by("name")
    return render(
        request,
        "events/detail.html",
        {
            "event": event,
            "taken": signups.count(),
            "mine": signups.filter(user=request.user).first(),
            "may_sign_up": may_sign_up(scope, event) and event.cancelled_at is None,
            "stand_for": event_provider_for(scope, event),
            "exhibitors": exhibitors,
            "manages": manages,
            "attendance": signups.select_related("user", "provider") if manages else None,
        },
    )


def _stand_for(request: AuthedHttpRequest, event) -> Provider | None:
    """The organisation a provider's contact signs up for (a stand at the market), if any."""
    provider_id = event_provider_for(get_scope(request), event)
    return Provider.objects.get(pk=provider_id) if provider_id else None


event_sign_up_view = action_view(
    load=get_event_for_user,
    may=may_sign_up,
    run=lambda request, event: services.event_sign_up(
        event=event, user=request.user, provider=_stand_for(request, event)
    ),
    refused=services.EventError,
    done=gettext_lazy("You are signed up."),
    back="event_detail",
)

# Signing oneself off: the service refuses what is not one's own sign-up.
event_sign_off_view = action_view(
    load=get_event_for_user,
    run=lambda request, event: services.event_sign_off(event=event, user=request.user),
    refused=services.EventError,
    done=gettext_lazy("You are signed off."),
    back="event_detail",
)


@login_required
@require_POST
def event_attendance_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    event = get_event_for_user(request, pk)
    require(may_manage_event(get_scope(request), event))
    present = [int(v) for v in request.POST.getlist("present") if v.isdigit()]
    n = services.event_record_attendance(event=event, present=present)
    messages.success(request, _("Attendance saved: %(n)s present.") % {"n": n})
    return redirect("event_detail", event.pk)


event_cancel_view = action_view(
    load=get_event_for_user,
    may=may_manage_event,
    run=lambda request, event: services.event_cancel(event=event, by=request.user),
    refused=services.EventError,
    done=gettext_lazy("The event is cancelled; those signed up are told."),
    back="event_detail",
)


@login_required
def event_ical(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    event = get_event_for_user(request, pk)
    response = HttpResponse(event_ical_bytes(event), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="event-{event.pk}.ics"'
    return response
