"""Notifications for changes in apps below (docs/architecture.md), connected in
NotificationsConfig.ready; they run inside the sender's transaction."""

from django.conf import settings
from django.dispatch import receiver
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from stageplein.accounts.models import Membership, Role
from stageplein.notifications.services import notify
from stageplein.students.signals import privacy_request_filed, privacy_request_handled


def _site_language(message) -> str:
    # Titles travel by e-mail in the platform's language and never name the student.
    with translation.override(settings.LANGUAGE_CODE):
        return str(message)


@receiver(privacy_request_filed, dispatch_uid="notify_privacy_request_filed")
def tell_coordinators(sender, *, privacy_request, **kwargs) -> None:
    url = reverse("privacy_request_detail", args=[privacy_request.pk])
    title = _site_language(_("A request to correct or remove data is waiting for the school"))
    coordinators = Membership.objects.filter(
        role=Role.COORDINATOR, school_id=privacy_request.student.school_id
    ).select_related("user")
    for membership in coordinators:
        notify(membership.user, kind="privacy_request", title=title, url=url)


@receiver(privacy_request_handled, dispatch_uid="notify_privacy_request_handled")
def tell_who_asked(sender, *, privacy_request, **kwargs) -> None:
    if privacy_request.requested_by is None:
        return
    url = reverse("student_privacy_request", args=[privacy_request.student_id])
    title = _site_language(_("The school has answered your request about your data"))
    notify(privacy_request.requested_by, kind="privacy_request", title=title, url=url)
