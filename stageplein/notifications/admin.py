from functools import partial

from django.contrib import admin
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from stageplein.notifications.models import Notification, NotificationSettings
from stageplein.notifications.tasks import send_notification_email


class EmailStateFilter(admin.SimpleListFilter):
    title = _("e-mail")
    parameter_name = "email"

    def lookups(self, request, model_admin):
        return [
            ("failed", _("failed, not sent yet")),
            ("pending", _("waiting")),
            ("sent", _("sent")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "failed":
            return queryset.filter(emailed_at__isnull=True).exclude(email_error="")
        if self.value() == "pending":
            return queryset.filter(send_email=True, emailed_at__isnull=True, email_error="")
        if self.value() == "sent":
            return queryset.filter(emailed_at__isnull=False)
        return queryset


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "recipient",
        "kind",
        "created_at",
        "read_at",
        "emailed_at",
        "email_attempts",
        "email_error",
    ]
    list_filter = [EmailStateFilter, "kind"]
    raw_id_fields = ["recipient"]
    actions = ["retry_email"]

    @admin.action(description=_("Send the e-mail again"))
    def retry_email(self, request, queryset):

        ids = list(queryset.filter(emailed_at__isnull=True).values_list("pk", flat=True))
        for pk in ids:
            transaction.on_commit(partial(send_notification_email.enqueue, pk))
        self.message_user(request, _("%(n)d e-mail(s) queued again.") % {"n": len(ids)})


@admin.register(NotificationSettings)
class NotificationSettingsAdmin(admin.ModelAdmin):
    list_display = ["user", "email_frequency", "last_digest_at"]
    list_filter = ["email_frequency"]
    raw_id_fields = ["user"]
