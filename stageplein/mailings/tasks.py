from django.tasks import task

from stageplein.mailings.services import SomeEmailsFailed, mailing_deliver, mailing_retry_failed
from stageplein.notifications.tasks import MAX_EMAIL_ATTEMPTS, _retry_later


@task(queue_name="email")
def send_mailing(mailing_id: int) -> int:

    try:
        return mailing_deliver(mailing_id=mailing_id)
    except SomeEmailsFailed:
        _retry_later(retry_mailing, 1, mailing_id, 2)
        raise


@task(queue_name="email")
def retry_mailing(mailing_id: int, attempt: int) -> int:
    """The recipients whose e-mail failed, again, with back-off (2, 4, 8, 16 minutes)."""

    still = mailing_retry_failed(mailing_id=mailing_id)
    if still:
        if attempt < MAX_EMAIL_ATTEMPTS:
            _retry_later(retry_mailing, attempt, mailing_id, attempt + 1)
        raise SomeEmailsFailed(f"{still} e-mail(s) of mailing {mailing_id} still fail")
    return 0
