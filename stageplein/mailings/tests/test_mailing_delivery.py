"""A mail server that fails for a moment does not lose a mailing's recipients."""

import pytest
from django.core import mail
from django.core.mail import EmailMessage

from stageplein.mailings.models import Mailing, MailingRecipient
from stageplein.mailings.services import (
    SomeEmailsFailed,
    mailing_deliver,
    mailing_retry_failed,
    mailing_send,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def failing_once(monkeypatch):
    real = EmailMessage.send
    calls = {"n": 0}

    def send(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 1:
            raise ConnectionError("mail server down")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(EmailMessage, "send", send)
    return calls


def queued(world) -> Mailing:
    mailing = world.mailing_draft
    Mailing.objects.filter(pk=mailing.pk).update(status=Mailing.Status.QUEUED)
    return mailing


def test_a_failed_recipient_is_e_mailed_again_by_the_retry(world, failing_once):
    mailing = queued(world)
    with pytest.raises(SomeEmailsFailed):
        mailing_deliver(mailing_id=mailing.pk)
    record = MailingRecipient.objects.get(mailing=mailing)
    assert record.status == MailingRecipient.Status.FAILED
    assert "mail server down" in record.error
    assert mail.outbox == []
    assert mailing_retry_failed(mailing_id=mailing.pk) == 0
    record.refresh_from_db()
    assert record.status == MailingRecipient.Status.SENT
    assert [m.to for m in mail.outbox] == [["contact@delinde.test"]]
    assert mailing_retry_failed(mailing_id=mailing.pk) == 0
    assert len(mail.outbox) == 1  # a sent recipient is never e-mailed twice


def test_the_worker_queues_a_retry_with_back_off(world, failing_once, settings):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "email"]}
    }
    from django_tasks_db.models import DBTaskResult

    from stageplein.mailings.tasks import send_mailing

    mailing = queued(world)
    with pytest.raises(SomeEmailsFailed):
        send_mailing.func(mailing.pk)
    retry = DBTaskResult.objects.get(task_path__endswith="retry_mailing")
    assert retry.status == "READY" and retry.run_after is not None
    assert retry.args_kwargs["args"] == [mailing.pk, 2]


def test_sending_queues_the_mailing_once(world, django_capture_on_commit_callbacks):
    mailing = world.mailing_draft
    with django_capture_on_commit_callbacks(execute=True):
        assert mailing_send(mailing=mailing) is True
        assert mailing_send(mailing=mailing) is False
    assert len(mail.outbox) == 1
