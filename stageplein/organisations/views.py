from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from stageplein.accounts.access import get_scope, require
from stageplein.core.http import HtmxHttpRequest
from stageplein.core.paginate import paginate
from stageplein.organisations.access import (
    get_provider_for_user,
    get_school_for_user,
    may_edit_provider,
    may_list_providers,
    providers_visible_to,
)
from stageplein.organisations.filters import ProviderFilter
from stageplein.organisations.forms import ProviderForm
from stageplein.organisations.services import provider_update


@login_required
def provider_list(request: HtmxHttpRequest) -> HttpResponse:
    scope = get_scope(request)
    require(may_list_providers(scope))
    qs = providers_visible_to(scope).select_related("sector", "municipality")
    filterset = ProviderFilter(request.GET, queryset=qs)
    page = paginate(request, filterset.qs.order_by("name"))
    template = (
        "organisations/provider_list.html#results"
        if request.htmx
        else "organisations/provider_list.html"
    )
    return render(request, template, {"filter": filterset, "page": page})


@login_required
def provider_detail(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    provider = get_provider_for_user(request, pk)
    scope = get_scope(request)
    return render(
        request,
        "organisations/provider_detail.html",
        {
            "provider": provider,
            "locations": provider.locations.select_related("postcode"),
            "may_edit": may_edit_provider(scope, provider),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def provider_edit(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    provider = get_provider_for_user(request, pk)
    if not may_edit_provider(get_scope(request), provider):
        raise Http404  # a school sees the provider, but must not learn more by trying
    form = ProviderForm(request.POST or None, instance=provider)
    if request.method == "POST" and form.is_valid():
        provider_update(
            provider=provider,
            by=request.user,  # type: ignore[arg-type]
            **{name: form.cleaned_data[name] for name in form.Meta.fields},
        )
        messages.success(request, _("The details have been saved."))
        return redirect("provider_detail", provider.pk)
    return render(request, "organisations/provider_form.html", {"provider": provider, "form": form})


@login_required
def school_detail(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    school = get_school_for_user(request, pk)
    levels = (
        school.students.filter(left_on__isnull=True)
        .values("level")
        .annotate(n=Count("pk"))
        .order_by("level")
    )
    return render(
        request,
        "organisations/school_detail.html",
        {
            "school": school,
            "locations": school.locations.select_related("postcode"),
            "levels": levels,
            "students_total": school.students.filter(left_on__isnull=True).count(),
            "staff": school.staff.select_related("user")
            .filter(Q(role="coordinator") | Q(role="mentor"))
            .order_by("role", "user__last_name"),
        },
    )
