import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.tasks import default_task_backend, task
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext

from stageplein.accounts.links import issue_link
from stageplein.accounts.models import User
from stageplein.accounts.services import SIGN_IN
from stageplein.core.links import absolute_reverse
from stageplein.core.queue import WAITED_FOR

# services.py imports this module too: both import the module, not its names, so either
# may be imported first.
from stageplein.imports import services

INVITATION_MAX_AGE = datetime.timedelta(days=14)
MAX_ATTEMPTS = 5


@task(priority=WAITED_FOR)
def run_student_import(import_id: int) -> None:

    services.import_run(import_id=import_id)


@task(queue_name="email")
def send_invitations(user_ids: list[int], attempt: int = 1) -> int:
    """E-mail each new student and parent a one-time sign-in link. Those that fail are tried
    again later (with back-off); the task fails visibly in the admin when any failed."""
    failed = []
    sent = 0
    for user in User.objects.filter(pk__in=user_ids, is_active=True).exclude(email=None):
        raw = issue_link(SIGN_IN, user=user, max_age=INVITATION_MAX_AGE)
        with translation.override(settings.LANGUAGE_CODE):
            body = render_to_string(
                "imports/email/invitation.txt",
                {
                    "link": absolute_reverse("signin_link_use", raw),
                    "days": INVITATION_MAX_AGE.days,
                    "again": absolute_reverse("account_request_login_code"),
                },
            )
            subject = "Stageplein: " + gettext("you are invited")
        try:
            send_mail(subject, body, None, [str(user.email)])
            sent += 1
        except Exception:
            failed.append(user.pk)
    if failed:
        if attempt < MAX_ATTEMPTS and default_task_backend.supports_defer:
            delay = datetime.timedelta(minutes=2**attempt)
            send_invitations.using(run_after=timezone.now() + delay).enqueue(failed, attempt + 1)
        raise RuntimeError(f"{len(failed)} invitation(s) could not be sent")
    return sent
