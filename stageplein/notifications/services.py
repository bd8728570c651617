"""The one way to tell a person something: in-app, and by e-mail through the task worker, at
once or in a daily digest, as the person chose."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from functools import partial

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from stageplein.accounts.models import User

# tasks.py imports this module too: both import the module, not its names, so either may
# be imported first.
from stageplein.notifications import tasks
from stageplein.notifications.models import (
    EmailFrequency,
    Notification,
    NotificationSettings,
    PushKind,
    PushSubscription,
    push_kind_of,
)


def email_frequency_of(user: User) -> str:
    return (
        NotificationSettings.objects.filter(user=user)
        .values_list("email_frequency", flat=True)
        .first()
        or EmailFrequency.IMMEDIATELY
    )


def notify(
    recipient: User, *, kind: str, title: str, url: str = "", email: bool = True
) -> Notification:
    """Create an in-app notification and, after the transaction commits, queue its e-mail
    (or leave it for the daily digest, when the recipient chose that).

    ``title`` must not contain another person's personal data: it travels by e-mail.
    """
    return notify_many([recipient], kind=kind, title=title, url=url, email=email)[0]


def notify_many(
    recipients: Iterable[User], *, kind: str, title: str, url: str = "", email: bool = True
) -> list[Notification]:
    """``notify`` for several people at once (each gets their own notification, in the given
    order), in three queries however many they are: their settings, their devices (only when
    one of them wants this kind pushed) and one insert. A busy action (a school approving a
    match tells the student, the provider's people and the parents) would otherwise cost
    three queries per person."""
    people = list(recipients)
    if not people:
        return []
    chosen = {
        user_id: (list(push_kinds or []), frequency or EmailFrequency.IMMEDIATELY)
        for user_id, push_kinds, frequency in NotificationSettings.objects.filter(
            user__in=[u.pk for u in people]
        ).values_list("user_id", "push_kinds", "email_frequency")
    }
    push_kind = push_kind_of(kind)
    wanting = [
        u.pk for u in people if push_kind is not None and push_kind in _push_kinds(chosen, u)
    ]
    pushed = (
        set(PushSubscription.objects.filter(user__in=wanting).values_list("user_id", flat=True))
        if wanting
        else set()
    )
    notifications = Notification.objects.bulk_create(
        [
            Notification(recipient=u, kind=kind, title=title, url=url, send_email=email)
            for u in people
        ]
    )
    for user, notification in zip(people, notifications, strict=True):
        if user.pk in pushed:
            # The push task e-mails instead when no device takes the message (the fallback).
            transaction.on_commit(partial(tasks.send_push.enqueue, notification.pk))
        elif (
            email
            and user.email
            and chosen.get(user.pk, ([], EmailFrequency.IMMEDIATELY))[1]
            == EmailFrequency.IMMEDIATELY
        ):
            transaction.on_commit(partial(tasks.send_notification_email.enqueue, notification.pk))
    return notifications


def _push_kinds(chosen: dict[int, tuple[list[str], str]], user: User) -> list[str]:
    return chosen.get(user.pk, ([], ""))[0]


def push_kinds_of(user: User) -> list[str]:
    kinds = NotificationSettings.objects.filter(user=user).values_list("push_kinds", flat=True)
    return list(kinds.first() or [])


def wants_push(user: User, kind: str) -> bool:
    push_kind = push_kind_of(kind)
    return (
        push_kind is not None
        and push_kind in push_kinds_of(user)
        and PushSubscription.objects.filter(user=user).exists()
    )


def push_settings_update(*, user: User, kinds: list[str]) -> NotificationSettings:
    chosen = [kind for kind in PushKind.values if kind in kinds]
    settings, _created = NotificationSettings.objects.update_or_create(
        user=user, defaults={"push_kinds": chosen}
    )
    return settings


def push_subscribe(*, user: User, endpoint: str, p256dh: str, auth: str) -> PushSubscription:
    """Remember a device. The endpoint is unique: a device someone else used before (a shared
    tablet) now belongs to the person who turned push on last."""
    subscription, _created = PushSubscription.objects.update_or_create(
        endpoint=endpoint, defaults={"user": user, "p256dh": p256dh, "auth": auth}
    )
    return subscription


def push_unsubscribe(*, user: User, endpoint: str) -> int:
    deleted, _ = PushSubscription.objects.filter(user=user, endpoint=endpoint).delete()
    return deleted


def mark_read(recipient: User, notification_ids: list[int] | None = None) -> int:
    qs = Notification.objects.filter(recipient=recipient, read_at__isnull=True)
    if notification_ids is not None:
        qs = qs.filter(pk__in=notification_ids)
    return qs.update(read_at=timezone.now())


def unread_count(user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def notification_settings_update(*, user: User, email_frequency: str) -> NotificationSettings:
    was = email_frequency_of(user)
    settings, _created = NotificationSettings.objects.update_or_create(
        user=user, defaults={"email_frequency": email_frequency}
    )
    if (
        was == EmailFrequency.DAILY
        and email_frequency == EmailFrequency.IMMEDIATELY
        and user.email
        and pending_email(user).exists()
    ):
        # What was saved up for tomorrow's digest goes out now, in one e-mail: otherwise it
        # would never be e-mailed at all.
        pk = user.pk
        transaction.on_commit(lambda: tasks.send_digest_email.enqueue(pk))
    return settings


def pending_email(user: User):
    return Notification.objects.filter(
        recipient=user, send_email=True, emailed_at__isnull=True, pushed_at__isnull=True
    ).order_by("created_at")


def digests_send(*, now: datetime.datetime | None = None) -> int:
    """Queue one digest e-mail for each person on the daily digest who has something new.
    Run once a day by the scheduler (stageplein.reminders.scheduler)."""
    now = now or timezone.now()
    pending = Notification.objects.filter(
        recipient=OuterRef("user"), send_email=True, emailed_at__isnull=True, pushed_at__isnull=True
    )
    user_ids = list(
        NotificationSettings.objects.filter(
            email_frequency=EmailFrequency.DAILY, user__email__isnull=False
        )
        .filter(Exists(pending))
        .values_list("user_id", flat=True)
    )
    for user_id in user_ids:
        tasks.send_digest_email.enqueue(user_id)
    NotificationSettings.objects.filter(user_id__in=user_ids).update(last_digest_at=now)
    return len(user_ids)
