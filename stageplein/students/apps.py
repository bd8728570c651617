from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StudentsConfig(AppConfig):
    name = "stageplein.students"
    verbose_name = _("Students")

    def ready(self) -> None:
        # Models can be imported only once the app registry is ready.
        from auditlog.registry import auditlog

        from stageplein.students.models import Guardianship, Student

        # Changes to a minor's record and to who is their parent are kept in the audit log.
        auditlog.register(Student, exclude_fields=["created_at"])
        auditlog.register(Guardianship)
