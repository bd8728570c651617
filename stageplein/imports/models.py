from django.db import models
from django.utils.translation import gettext_lazy as _

from stageplein.accounts.models import User
from stageplein.organisations.models import School


class ImportMapping(models.Model):
    """Which of the school's own column headers holds which of our fields; remembered so that
    the next export from the same administration system maps itself."""

    school = models.OneToOneField(School, on_delete=models.CASCADE, related_name="import_mapping")
    columns = models.JSONField(default=dict)  # our field key -> the school's header
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("import column mapping")
        verbose_name_plural = _("import column mappings")

    def __str__(self) -> str:
        return str(self.school)


class StudentImport(models.Model):
    """One upload of a school's student list, from upload through mapping and preview to the
    all-or-nothing import by the task worker."""

    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("columns to map")
        CHECKED = "checked", _("checked, waiting for confirmation")
        REJECTED = "rejected", _("rejected: the file has problems")
        QUEUED = "queued", _("waiting for the task worker")
        RUNNING = "running", _("importing")
        DONE = "done", _("imported")
        FAILED = "failed", _("not imported")

    class Phase(models.TextChoices):
        WAITING = "waiting", _("waiting")
        CHECKING = "checking", _("checking rows")
        SAVING = "saving", _("saving")
        FINISHED = "finished", _("finished")

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="student_imports")
    uploaded_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    filename = models.CharField(_("file"), max_length=200)
    # The upload is kept only until it is imported: the report below is what stays.
    content = models.BinaryField(null=True, editable=False)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.UPLOADED
    )
    columns = models.JSONField(default=dict, blank=True)  # the mapping used
    send_invitations = models.BooleanField(_("send invitations"), default=True)
    phase = models.CharField(max_length=20, choices=Phase.choices, default=Phase.WAITING)
    rows_total = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    # Counts and per-row problems: {"new": n, "updated": n, "unchanged": n, "left": n,
    # "returned": n, "errors": [[line, student number, message], ...]}
    report = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("student import")
        verbose_name_plural = _("student imports")

    def __str__(self) -> str:
        return f"{self.school} {self.filename} ({self.created_at:%Y-%m-%d})"

    @property
    def error_message(self) -> str:
        """What the coordinator reads; ``error`` itself may hold details for the admin."""
        if self.error == "expired":
            return str(
                _(
                    "The file was kept for a week without being imported and has been deleted. "
                    "Upload it again."
                )
            )
        if self.error.startswith("internal: "):
            return str(
                _(
                    "Something went wrong on our side. Nothing was changed; try again later, "
                    "or ask the platform's administrators."
                )
            )
        return self.error

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        if not self.rows_total:
            return 0
        # Checking is the first 80 %, saving the rest: saving is one transaction.
        share = 80 * self.rows_done // self.rows_total
        return share + (10 if self.phase == self.Phase.SAVING else 0)

    @property
    def is_busy(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)
