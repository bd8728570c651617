from django.tasks import task


@task(queue_name="email")
def send_mailing(mailing_id: int) -> int:
    from stageplein.mailings.services import mailing_deliver

    return mailing_deliver(mailing_id=mailing_id)
