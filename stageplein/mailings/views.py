from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from stageplein.accounts.access import get_scope, require
from stageplein.core.http import AuthedHttpRequest
from stageplein.core.paginate import paginate
from stageplein.mailings.access import (
    get_mailing_for_user,
    mailings_sent_by,
    may_list_mailings,
    may_manage_mailing,
    may_send_mailings,
)
from stageplein.mailings.audiences import registry, sender_of, senders_for
from stageplein.mailings.forms import MailingForm
from stageplein.mailings.models import Mailing
from stageplein.mailings.services import audience_users, mailing_create, mailing_send


@login_required
def mailing_list(request: AuthedHttpRequest) -> HttpResponse:
    scope = get_scope(request)
    require(may_list_mailings(scope))
    page = paginate(request, mailings_sent_by(scope).select_related("broker", "school"), 30)
    labels = {k: a.label for k, a in registry().items()}
    return render(
        request,
        "mailings/list.html",
        {"page": page, "labels": labels, "may_send": may_send_mailings(scope)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def mailing_create_view(request: AuthedHttpRequest) -> HttpResponse:
    require(may_send_mailings(get_scope(request)))
    form = MailingForm(request.POST or None, senders=senders_for(request.user))
    if request.method == "POST" and form.is_valid():
        mailing = mailing_create(
            user=request.user,
            sender=form.cleaned_data["sender"],
            audience=form.cleaned_data["audience"],
            options=form.options(),
            subject=form.cleaned_data["subject"],
            body=form.cleaned_data["body"],
        )
        return redirect("mailing_detail", mailing.pk)
    return render(request, "mailings/form.html", {"form": form})


@login_required
def mailing_detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    mailing = get_mailing_for_user(request, pk)
    scope = get_scope(request)
    if not may_manage_mailing(scope, mailing):
        # A recipient reads the message, nothing about who else received it.
        return render(request, "mailings/read.html", {"mailing": mailing})
    context = {"mailing": mailing, "audience_label": registry()[mailing.audience].label}
    if mailing.status == Mailing.Status.DRAFT:
        audience = audience_users(
            sender=_sender(mailing), audience=mailing.audience, options=mailing.audience_options
        )
        context["audience_count"] = audience.count()
        # Who it will reach, by name, before anything is sent (not only how many).
        context["audience_page"] = paginate(
            request, audience.order_by("last_name", "first_name", "pk"), 100
        )
    else:
        context["recipients"] = paginate(
            request, mailing.recipients.select_related("user").order_by("user__last_name"), 100
        )
    template = "mailings/detail.html#progress" if request.htmx else "mailings/detail.html"
    return render(request, template, context)


def _sender(mailing):

    return sender_of(mailing)


@login_required
@require_POST
def mailing_send_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    mailing = get_mailing_for_user(request, pk)
    require(may_manage_mailing(get_scope(request), mailing))
    mailing_send(mailing=mailing)
    return redirect("mailing_detail", pk)
