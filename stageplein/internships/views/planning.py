import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from stageplein.accounts.access import get_scope, require
from stageplein.accounts.models import User
from stageplein.core.http import AuthedHttpRequest
from stageplein.internships.access import access_to, internships_visible_to
from stageplein.internships.documents import calendar_feed as build_feed
from stageplein.internships.forms import SessionForm
from stageplein.internships.models import Internship, PlannedSession
from stageplein.internships.services.common import InternshipError
from stageplein.internships.services.planning import feed_token_rotate, session_cancel, session_plan
from stageplein.internships.views.common import load


@login_required
@require_POST
def session_add(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    internship, access = load(request, pk)
    require(access.may_plan)
    form = SessionForm(request.POST)
    if not form.is_valid():
        errors = "; ".join(str(e) for errs in form.errors.values() for e in errs)
        messages.error(request, _("The session was not added: %(errors)s") % {"errors": errors})
        return redirect("internship_detail", pk)
    try:
        session_plan(internship=internship, by=request.user, **form.cleaned_data)
    except InternshipError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The session has been added to the planning."))
    return redirect("internship_detail", pk)


@login_required
@require_POST
def session_delete(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    scope = get_scope(request)
    session = get_object_or_404(
        PlannedSession.objects.filter(internship__in=internships_visible_to(scope)), pk=pk
    )
    require(access_to(scope, session.internship).may_plan)
    session_cancel(session=session, by=request.user)
    messages.success(request, _("The session has been removed from the planning."))
    return redirect("internship_detail", session.internship_id)


def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The person's secret iCal feed: their own sessions, their mentees' and the sessions of
    the internships they supervise (R-INT-2). The token is the only key: no sign-in."""
    user = User.objects.filter(feed_token=token, is_active=True).first()
    if user is None:
        raise Http404
    since = timezone.localdate() - datetime.timedelta(days=90)
    sessions = list(
        PlannedSession.objects.filter(
            Q(internship__student__user=user)
            | Q(internship__student__mentor=user)
            | Q(internship__supervisor=user)
            | Q(internship__student__guardianships__guardian=user),
            date__gte=since,
        )
        .exclude(internship__status=Internship.Status.CANCELLED)
        .select_related("internship__student__user", "internship__provider")
        .distinct()
        .order_by("date", "start_time")
    )
    response = HttpResponse(build_feed(user, sessions), content_type="text/calendar")
    response["Content-Disposition"] = 'inline; filename="stageplein.ics"'
    response["Cache-Control"] = "private, max-age=900"
    return response


@login_required
@require_POST
def calendar_feed_rotate(request: AuthedHttpRequest) -> HttpResponse:
    feed_token_rotate(user=request.user)
    messages.success(request, _("You have a new calendar link. The old link no longer works."))
    return redirect("internship_list")
