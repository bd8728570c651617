from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StudentsConfig(AppConfig):
    name = "stageplein.students"
    verbose_name = _("Students")

    def ready(self) -> None:
        # AppConfig.ready: auditlog's registry loads its own models, so only once they can load.
        from auditlog.registry import auditlog

        # Changes to a minor's record and to who is their parent are kept in the audit log.
        # Guidance needs, hobbies and the date of birth only as a hash (core/audit.py).
        auditlog.register(
            self.get_model("Student"),
            exclude_fields=["created_at"],
            mask_fields=["guidance_needs", "hobbies", "date_of_birth"],
            mask_callable="stageplein.core.audit.hash_value",
        )
        auditlog.register(self.get_model("Guardianship"))
        # Who changed a norm, and when: it decides every student's certificate.
        auditlog.register(self.get_model("HourNorm"))
        # A privacy request and how the school answered it (what was asked only as a hash).
        auditlog.register(
            self.get_model("PrivacyRequest"),
            mask_fields=["text", "answer"],
            mask_callable="stageplein.core.audit.hash_value",
        )
