from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import render

from stageplein.accounts.access import get_scope, may_list_providers, require
from stageplein.core.http import HtmxHttpRequest
from stageplein.core.paginate import paginate
from stageplein.organisations.filters import ProviderFilter
from stageplein.organisations.selectors import (
    get_provider_for_user,
    get_school_for_user,
    may_edit_provider,
    providers_visible_to,
)


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
