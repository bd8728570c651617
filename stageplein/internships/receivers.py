"""Internships' follow-ups of changes in apps below it (docs/architecture.md), connected in
InternshipsConfig.ready. They run inside the sender's transaction."""

from django.db import transaction
from django.dispatch import receiver

from stageplein.internships.models import LogbookEntry
from stageplein.students.models import ConsentPurpose
from stageplein.students.signals import consent_withdrawn


@receiver(consent_withdrawn, dispatch_uid="internships_remove_photos")
def remove_photos_without_consent(sender, *, student, purpose, by, **kwargs) -> None:
    """Withdrawing the photo consent removes the photos already in the student's logbooks; the
    entries' text stays. The files go once the withdrawal is committed, so a rollback keeps
    them."""
    if purpose != ConsentPurpose.PHOTOS:
        return
    entries = list(LogbookEntry.objects.filter(internship__student=student).exclude(photo=""))
    names = [entry.photo.name for entry in entries if entry.photo.name]
    storage = LogbookEntry._meta.get_field("photo").storage
    LogbookEntry.objects.filter(pk__in=[e.pk for e in entries]).update(photo="")

    def delete_files() -> None:
        for name in names:
            storage.delete(name)

    transaction.on_commit(delete_files)
