from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from stageplein.core.http import AuthedHttpRequest
from stageplein.core.paginate import paginate
from stageplein.notifications.models import Notification
from stageplein.notifications.services import mark_read


@login_required
def notification_list(request: AuthedHttpRequest) -> HttpResponse:
    page = paginate(request, Notification.objects.filter(recipient=request.user), per_page=30)
    return render(request, "notifications/list.html", {"page": page})


@login_required
@require_POST
def notification_mark_read(request: AuthedHttpRequest) -> HttpResponse:
    mark_read(request.user)
    return redirect("notification_list")
