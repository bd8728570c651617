from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from stageplein.accounts.access import get_scope
from stageplein.accounts.models import Role
from stageplein.dashboards.panels import PANELS


def home(request: HttpRequest) -> HttpResponse:
    scope = get_scope(request)
    if not scope.is_authenticated:
        return render(request, "dashboards/welcome.html")
    roles = scope.roles
    if roles == [Role.ADMIN]:
        return redirect("admin:index")
    panels = [(role, PANELS[role](scope)) for role in roles if role in PANELS]
    return render(request, "dashboards/home.html", {"panels": panels, "roles": roles})
