import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from stageplein.accounts.models import User

KEEP_DAYS = getattr(settings, "EXPORT_KEEP_DAYS", 7)


class Export(models.Model):
    """A large export written by the task worker. The file is kept in the database, not under
    MEDIA_URL: only the person who asked can download it (it may hold students' names), and
    it is deleted after EXPORT_KEEP_DAYS."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("waiting for the task worker")
        RUNNING = "running", _("being written")
        DONE = "done", _("ready")
        FAILED = "failed", _("failed")

    class Format(models.TextChoices):
        CSV = "csv", _("CSV (Excel, Dutch settings)")
        XLSX = "xlsx", _("Excel")

    requested_by = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    table = models.CharField(max_length=60)
    params = models.JSONField(default=dict, blank=True)
    format = models.CharField(_("format"), max_length=10, choices=Format.choices)
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.QUEUED
    )
    rows_total = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    content = models.BinaryField(null=True, editable=False)
    filename = models.CharField(max_length=200, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        indexes = [models.Index(fields=["requested_by", "-created_at"], name="export_by_user")]

    def __str__(self) -> str:
        return f"{self.title} ({self.format}, {self.created_at:%Y-%m-%d %H:%M})"

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        if not self.rows_total:
            return 0
        return min(99, 100 * self.rows_done // self.rows_total)

    @property
    def is_busy(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def expires_at(self) -> datetime.datetime:
        return self.created_at + datetime.timedelta(days=KEEP_DAYS)
