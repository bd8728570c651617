from django.contrib import admin

from stageplein.applications.models import Application


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    """Read-mostly: decisions go through the services (docs/capacity.md), never through here."""

    list_display = ["placement", "status", "submitted_at", "flagged_at"]
    list_filter = ["status"]
    raw_id_fields = ["student", "placement", "period", "internship"]
    readonly_fields = [
        "status",
        "submitted_at",
        "accepted_at",
        "decided_at",
        "decided_by",
        "approved_at",
        "approved_by",
        "withdrawn_at",
        "withdrawn_by",
        "withdrawn_side",
        "submitted_by",
        "flagged_at",
        "flagged_by",
    ]
