from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from stageplein.accounts.models import User


class ReminderSetting(models.Model):
    """An admin's settings for one registered rule; created with the rule's defaults the first
    time the rule runs."""

    rule = models.CharField(_("rule"), max_length=60, unique=True)
    enabled = models.BooleanField(_("enabled"), default=True)
    days = models.PositiveSmallIntegerField(
        _("days"),
        validators=[MaxValueValidator(365)],
        help_text=_("The rule's N: days waiting, or days before the window."),
    )
    repeat_days = models.PositiveSmallIntegerField(
        _("repeat every (days)"),
        validators=[MaxValueValidator(365)],
        help_text=_("0 means remind only once."),
    )

    class Meta:
        ordering = ["rule"]
        verbose_name = _("reminder setting")
        verbose_name_plural = _("reminder settings")

    def __str__(self) -> str:
        return self.rule


class ReminderSent(models.Model):
    """A record of each reminder sent: keeps reminders from repeating too often, and shows
    what was sent to whom."""

    rule = models.CharField(_("rule"), max_length=60)
    recipient = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    about = models.CharField(_("about"), max_length=100)
    sent_at = models.DateTimeField(_("sent at"))

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        indexes = [models.Index(fields=["rule", "recipient", "about", "sent_at"])]

    def __str__(self) -> str:
        return f"{self.rule} → {self.recipient_id} ({self.about})"


class ScheduledJob(models.Model):
    """When a periodic job last ran. The claim on ``last_run_at`` is a guarded UPDATE, so two
    schedulers (cron and the worker, or two workers) never run the same job twice."""

    key = models.CharField(max_length=60, primary_key=True)
    last_run_at = models.DateTimeField(null=True, blank=True)
    last_result = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = _("scheduled job")
        verbose_name_plural = _("scheduled jobs")

    def __str__(self) -> str:
        return self.key


class WorkerLease(models.Model):
    """A running task worker (``manage.py worker``) and when it last said it was alive. A
    RUNNING task whose worker has not done so within the lease was left by a worker that died
    (killed, out of memory, machine restarted) and is queued again (reminders/workers.py)."""

    worker_id = models.CharField(_("worker id"), max_length=64, unique=True)
    host = models.CharField(_("host"), max_length=255, blank=True)
    pid = models.PositiveIntegerField(_("process id"))
    started_at = models.DateTimeField(_("started at"), auto_now_add=True)
    heartbeat_at = models.DateTimeField(_("last heartbeat"), db_index=True)

    class Meta:
        verbose_name = _("task worker")
        verbose_name_plural = _("task workers")

    def __str__(self) -> str:
        return f"{self.worker_id} ({self.host}:{self.pid})"
