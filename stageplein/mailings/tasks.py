from django.tasks import task

# services.py imports this module too: both import the module, not its names, so either
# may be imported first.
from stageplein.mailings import services
from stageplein.notifications.tasks import MAX_EMAIL_ATTEMPTS, _retry_later


@task(queue_name="email")
def send_mailing(mailing_id: int) -> int:

    try:
        return services.mailing_deliver(mailing_id=mailing_id)
    except services.SomeEmailsFailed:
        _retry_later(retry_mailing, 1, mailing_id, 2)
        raise


@task(queue_name="email")
def retry_mailing(mailing_id: int, attempt: int) -> int:
    """The recipients whose e-mail failed, again, with back-off (2, 4, 8, 16 minutes)."""

    still = services.mailing_retry_failed(mailing_id=mailing_id)
    if still:
        if attempt < MAX_EMAIL_ATTEMPTS:
            _retry_later(retry_mailing, attempt, mailing_id, attempt + 1)
        raise services.SomeEmailsFailed(f"{still} e-mail(s) of mailing {mailing_id} still fail")
    return 0
