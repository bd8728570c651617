"""Messages between the student and the provider about a reaction."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from stageplein.accounts.models import User
from stageplein.applications.models import (
    Application,
    Message,
    Status,
)
from stageplein.applications.refusals import Refused
from stageplein.applications.services.people import notify_about, provider_people_of


def message_send(*, application: Application, author: User, body: str) -> Message:
    body = body.strip()
    if not body:
        raise Refused(_("Write a message first."))
    if application.status in (Status.DECLINED, Status.WITHDRAWN):
        raise Refused(_("This reaction is closed."))
    message = Message.objects.create(application=application, author=author, body=body)
    if author.pk == application.student.user_id:
        recipients = provider_people_of(application)
    else:
        recipients = [application.student.user]
    notify_about(
        recipients,
        application,
        "application_message",
        gettext_noop("New message about “%(title)s”"),
    )
    return message
