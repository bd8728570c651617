import pytest
from django.core import mail

from stageplein.notifications.models import EmailFrequency, Notification
from stageplein.notifications.services import digests_send, notification_settings_update, notify

pytestmark = pytest.mark.django_db


def test_daily_digest_sends_one_email_with_everything_new_and_only_once(world):
    mentor = world.users["mentor"]
    notification_settings_update(user=mentor, email_frequency=EmailFrequency.DAILY)
    notify(mentor, kind="a", title="Eerste melding", url="/een/")
    notify(mentor, kind="b", title="Tweede melding", url="/twee/")
    notify(mentor, kind="c", title="Niet mailen", email=False)
    assert digests_send() == 1
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "Eerste melding" in body and "Tweede melding" in body and "/twee/" in body
    assert "Niet mailen" not in body
    assert not Notification.objects.filter(recipient=mentor, send_email=True, emailed_at=None)
    assert digests_send() == 0
    assert len(mail.outbox) == 1


def test_people_who_want_email_immediately_are_not_in_the_digest(world):
    notify(world.users["coordinator"], kind="a", title="Meteen")
    mail.outbox.clear()
    assert digests_send() == 0
    assert mail.outbox == []


def test_switching_back_to_immediately_sends_what_was_saved_for_the_digest(
    world, django_capture_on_commit_callbacks
):
    mentor = world.users["mentor"]
    notification_settings_update(user=mentor, email_frequency=EmailFrequency.DAILY)
    notify(mentor, kind="a", title="Bewaard voor morgen", url="/een/")
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        notification_settings_update(user=mentor, email_frequency=EmailFrequency.IMMEDIATELY)
    assert len(mail.outbox) == 1
    assert "Bewaard voor morgen" in mail.outbox[0].body
