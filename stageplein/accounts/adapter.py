from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.login import get_authentication_records
from django.contrib import messages
from django.contrib.sites.shortcuts import get_current_site
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _

from stageplein.accounts.access import may_sign_in_by_code
from stageplein.accounts.lockout import client_ip, login_name
from stageplein.accounts.login import just_signed_in_by_code
from stageplein.accounts.models import User


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        # Accounts come from schools, providers and brokers; nobody signs up on their own.
        return False

    def is_reauthentication_required(self, *, app: str, **kwargs: Any) -> bool:
        # A student signed in by card or class code has no password and no e-mail to
        # "confirm it is you" with; right after that sign-in they may add a passkey.
        request = self.request
        if app == "allauth.mfa" and request is not None and just_signed_in_by_code(request):
            return False
        return super().is_reauthentication_required(app=app, **kwargs)

    def _get_login_attempts_cache_key(self, request: HttpRequest, **credentials: Any) -> str:
        # allauth counts failures per account; we count per account *and* client address, so
        # that wrong passwords sent from elsewhere cannot lock a staff member out.
        site = get_current_site(request)
        return f"{site.domain}:{login_name(None, credentials)}:{client_ip(request) or ''}"

    def pre_login(self, request: HttpRequest, user: Any, **kwargs: Any) -> HttpResponse | None:
        # Checked again when the code is used: the person may have become staff since.
        records = get_authentication_records(request, user)
        if records and records[-1].get("method") == "code" and not may_sign_in_by_code(user):
            messages.error(request, _("Sign in with your password."))
            return HttpResponseRedirect(reverse("account_login"))
        return super().pre_login(request, user, **kwargs)

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        if template_prefix == "account/email/login_code" and not context.get("reauthentication"):
            user = User.objects.filter(email__iexact=email).first()
            if user is None or not may_sign_in_by_code(user):
                # Staff without a second factor get no code: the same page, nothing sent.
                return
        # Rendered now (the context holds the request and the user), sent by the task worker:
        # the answer then takes as long for a known address as for an unknown one, and a mail
        # server that is down does not turn the page into an error.
        request = self.request
        ctx = {"request": request, "email": email, "current_site": get_current_site(request)}
        ctx.update(context)
        message = self.render_mail(template_prefix, email, ctx)
        # The task module imports nothing of ours but is loaded only when mail is sent.
        from stageplein.accounts.tasks import send_rendered_email

        html = ""
        for content, mimetype in getattr(message, "alternatives", []) or []:
            if mimetype == "text/html":
                html = str(content)
        send_rendered_email.enqueue(
            subject=message.subject,
            body=str(message.body),
            html=html,
            to=list(message.to),
        )
