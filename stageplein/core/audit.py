"""Which changes are kept in the audit log (django-auditlog): who changed roles, students'
records and guardianships, and when. Apps register their own models the same way."""

from auditlog.registry import auditlog


def register() -> None:
    from stageplein.accounts.models import Membership, User
    from stageplein.students.models import Guardianship, Student

    auditlog.register(
        User, include_fields=["email", "first_name", "last_name", "is_active", "is_staff"]
    )
    auditlog.register(Membership)
    auditlog.register(Student, exclude_fields=["created_at"])
    auditlog.register(Guardianship)
