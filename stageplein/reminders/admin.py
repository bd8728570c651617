from django.contrib import admin

from stageplein.reminders.models import ReminderSent, ReminderSetting, ScheduledJob
from stageplein.reminders.registry import discover


@admin.register(ReminderSetting)
class ReminderSettingAdmin(admin.ModelAdmin):
    list_display = ["rule", "label", "enabled", "days", "repeat_days"]
    list_editable = ["enabled", "days", "repeat_days"]
    readonly_fields = ["rule", "label"]

    @admin.display(description="")
    def label(self, obj):

        rule = discover().get(obj.rule)
        return f"{rule.label} — {rule.help}" if rule else "?"

    def has_add_permission(self, request):
        return False  # rows come from the registry


@admin.register(ReminderSent)
class ReminderSentAdmin(admin.ModelAdmin):
    list_display = ["rule", "recipient", "about", "sent_at"]
    list_filter = ["rule"]
    raw_id_fields = ["recipient"]
    date_hierarchy = "sent_at"


@admin.register(ScheduledJob)
class ScheduledJobAdmin(admin.ModelAdmin):
    list_display = ["key", "last_run_at", "last_result"]
