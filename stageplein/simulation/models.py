"""A simulation started from the page: who started it for which region, its parameters, its
progress and, once finished, its report (counts only, never a person)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from stageplein.accounts.models import User
from stageplein.geo.models import Region


class SimulationRun(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        FINISHED = "finished", _("finished")
        VIOLATED = "violated", _("stopped: a rule was broken")
        FAILED = "failed", _("failed")

    # None: the whole country (all pilots), as the national viewer may start it.
    region = models.ForeignKey(
        Region, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    label = models.CharField(_("label"), max_length=100, blank=True)
    seed = models.PositiveIntegerField(_("seed"), default=2009)
    weeks = models.PositiveSmallIntegerField(_("weeks"), default=44)
    params = models.JSONField(default=dict)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    done_weeks = models.PositiveSmallIntegerField(default=0)
    report = models.JSONField(null=True, blank=True)
    error = models.TextField(blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("season simulation")
        verbose_name_plural = _("season simulations")

    def __str__(self) -> str:
        return self.label or f"#{self.pk}"

    @property
    def percent(self) -> int:
        return round(100 * self.done_weeks / self.weeks) if self.weeks else 0

    @property
    def is_done(self) -> bool:
        return self.status in (self.Status.FINISHED, self.Status.VIOLATED, self.Status.FAILED)
