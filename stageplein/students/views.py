"""The hour norms page of the national administrator."""

from auditlog.models import LogEntry
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from stageplein.accounts.access import get_scope, require
from stageplein.core.http import AuthedHttpRequest
from stageplein.students.access import may_edit_hour_norms
from stageplein.students.forms import HourNormForm
from stageplein.students.models import HourNorm
from stageplein.students.services import NormError, hour_norm_set


@login_required
@require_http_methods(["GET", "POST"])
def hour_norms(request: AuthedHttpRequest) -> HttpResponse:
    require(may_edit_hour_norms(get_scope(request)))
    form = HourNormForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            hour_norm_set(**form.cleaned_data, by=request.user)
        except NormError as error:
            form.add_error("hours", str(error))
        else:
            messages.success(request, _("The norm has been saved."))
            return redirect("hour_norms")
    history = (
        LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(HourNorm))
        .select_related("actor")
        .order_by("-timestamp")[:50]
    )
    return render(
        request,
        "students/hour_norms.html",
        {
            "form": form,
            "norms": HourNorm.objects.order_by("level", "-from_cohort"),
            "history": history,
        },
    )
