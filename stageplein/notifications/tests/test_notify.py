import pytest
from django.core import mail

from stageplein.notifications.models import EmailFrequency, Notification
from stageplein.notifications.services import notification_settings_update, notify

pytestmark = pytest.mark.django_db


def test_notification_is_shown_in_app_and_emailed_with_only_title_and_link(
    world, django_capture_on_commit_callbacks
):
    coordinator = world.users["coordinator"]
    with django_capture_on_commit_callbacks(execute=True):
        n = notify(coordinator, kind="test", title="Er is een contract klaar", url="/x/")
    assert Notification.objects.get(pk=n.pk).emailed_at is not None
    assert mail.outbox[0].to == [coordinator.email]
    assert "Er is een contract klaar" in mail.outbox[0].subject
    assert "/x/" in mail.outbox[0].body


def test_email_false_keeps_it_in_app(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify(world.users["mentor"], kind="test", title="Alleen hier", email=False)
    assert mail.outbox == []


def test_a_person_on_the_daily_digest_gets_no_immediate_email(
    world, django_capture_on_commit_callbacks
):
    mentor = world.users["mentor"]
    notification_settings_update(user=mentor, email_frequency=EmailFrequency.DAILY)
    with django_capture_on_commit_callbacks(execute=True):
        n = notify(mentor, kind="test", title="Voor de samenvatting")
    assert mail.outbox == []
    assert Notification.objects.get(pk=n.pk).emailed_at is None


def test_a_student_without_email_still_gets_the_in_app_notification(
    world, django_capture_on_commit_callbacks
):
    student = world.users["student"]
    student.email = None
    student.save()
    with django_capture_on_commit_callbacks(execute=True):
        notify(student, kind="test", title="Welkom")
    assert mail.outbox == []
    assert student.notifications.count() == 1
