"""Compose and send mailings. Sending is a background task that keeps a record per
recipient, so a retried task continues where it stopped instead of mailing people twice."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from stageplein.accounts.models import User
from stageplein.core.links import absolute_url

# tasks.py imports this module too: both import the module, not its names, so either may
# be imported first.
from stageplein.mailings import tasks
from stageplein.mailings.audiences import Sender, registry, sender_of
from stageplein.mailings.models import Mailing, MailingRecipient
from stageplein.notifications.services import notify

PROGRESS_EVERY = 25


def audience_users(*, sender: Sender, audience: str, options: dict):
    return registry()[audience].recipients(sender, options)


def mailing_create(
    *, user: User, sender: Sender, audience: str, options: dict, subject: str, body: str
) -> Mailing:
    if audience not in registry():
        raise ValueError(audience)
    return Mailing.objects.create(
        broker=sender.broker,
        school=sender.school,
        created_by=user,
        audience=audience,
        audience_options=options,
        subject=subject,
        body=body,
    )


def mailing_send(*, mailing: Mailing) -> bool:
    """Queue a draft for sending; a guarded UPDATE, so a double click sends it once."""
    claimed = Mailing.objects.filter(pk=mailing.pk, status=Mailing.Status.DRAFT).update(
        status=Mailing.Status.QUEUED
    )
    if claimed:
        pk = mailing.pk
        transaction.on_commit(lambda: tasks.send_mailing.enqueue(pk))
    return bool(claimed)


def mailing_deliver(*, mailing_id: int) -> int:
    """What the worker does. The audience is fixed when sending starts (people joining later
    do not receive it); each recipient is e-mailed once, or told on the platform only when
    they have no e-mail address (many students)."""
    with transaction.atomic():
        mailing = Mailing.objects.select_for_update().get(pk=mailing_id)
        if mailing.status == Mailing.Status.QUEUED:
            users = audience_users(
                sender=sender_of(mailing),
                audience=mailing.audience,
                options=mailing.audience_options,
            ).values_list("pk", flat=True)
            MailingRecipient.objects.bulk_create(
                [MailingRecipient(mailing=mailing, user_id=pk) for pk in users],
                ignore_conflicts=True,
            )
            mailing.total = mailing.recipients.count()
            mailing.status = Mailing.Status.SENDING
            mailing.save(update_fields=["total", "status"])
        elif mailing.status != Mailing.Status.SENDING:
            return 0  # sent already, or still a draft
    url = reverse("mailing_detail", args=[mailing.pk])
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string(
            "mailings/email.txt",
            {"mailing": mailing, "link": absolute_url(url), "sender": mailing.sender},
        )
    pending = list(
        MailingRecipient.objects.filter(
            mailing=mailing, status=MailingRecipient.Status.PENDING
        ).select_related("user")
    )
    done = 0
    failed = 0
    for recipient in pending:
        now = timezone.now()
        status, error = MailingRecipient.Status.IN_APP, ""
        if recipient.user.email:
            message = EmailMessage(subject=mailing.subject, body=body, to=[recipient.user.email])
            try:
                message.send()
                status = MailingRecipient.Status.SENT
            except Exception as exc:
                status, error = MailingRecipient.Status.FAILED, str(exc)[:300]
                failed += 1
        # The bell shows it too, so a student without e-mail still receives it.
        notify(recipient.user, kind="mailing", title=mailing.subject, url=url, email=False)
        MailingRecipient.objects.filter(pk=recipient.pk).update(
            status=status, sent_at=now, error=error
        )
        done += 1
        if done % PROGRESS_EVERY == 0:
            Mailing.objects.filter(pk=mailing.pk).update(
                sent_count=F("sent_count") + PROGRESS_EVERY
            )
    Mailing.objects.filter(pk=mailing.pk).update(
        sent_count=mailing.recipients.exclude(status=MailingRecipient.Status.PENDING).count(),
        status=Mailing.Status.SENT,
        sent_at=timezone.now(),
    )
    if failed:
        raise SomeEmailsFailed(f"{failed} e-mail(s) of mailing {mailing.pk} failed")
    return done


class SomeEmailsFailed(RuntimeError):
    """Raised after the rest went out, so that the task shows the failure; the task worker
    tries the failed recipients again later (tasks.py)."""


def mailing_retry_failed(*, mailing_id: int) -> int:
    """E-mail again the recipients whose e-mail failed (they already have it in the bell).
    Returns how many still fail."""
    mailing = Mailing.objects.get(pk=mailing_id)
    url = reverse("mailing_detail", args=[mailing.pk])
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string(
            "mailings/email.txt",
            {"mailing": mailing, "link": absolute_url(url), "sender": mailing.sender},
        )
    still = 0
    failed = MailingRecipient.objects.filter(
        mailing=mailing, status=MailingRecipient.Status.FAILED
    ).select_related("user")
    for recipient in failed:
        if not recipient.user.email:
            continue
        message = EmailMessage(subject=mailing.subject, body=body, to=[recipient.user.email])
        try:
            message.send()
        except Exception as exc:
            still += 1
            MailingRecipient.objects.filter(pk=recipient.pk).update(error=str(exc)[:300])
            continue
        MailingRecipient.objects.filter(pk=recipient.pk).update(
            status=MailingRecipient.Status.SENT, sent_at=timezone.now(), error=""
        )
    return still
