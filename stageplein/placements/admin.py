from django.contrib import admin

from stageplein.placements.models import Placement, PlacementPeriod, SchoolLink, TaskRule


class PeriodInline(admin.TabularInline):
    model = PlacementPeriod
    extra = 0


@admin.register(Placement)
class PlacementAdmin(admin.ModelAdmin):
    list_display = ["title", "provider", "sector", "status", "confirmed_at"]
    list_filter = ["status", "sector", "kind"]
    search_fields = ["title", "provider__name"]
    raw_id_fields = ["provider", "postcode", "contact", "created_by"]
    readonly_fields = ["lat", "lon", "published_at", "confirmed_at", "renewal_requested_at"]
    # Who reviewed is a record of what happened (issue 15), set by the review service.
    readonly_fields += ["reviewed_by", "reviewed_at"]
    inlines = [PeriodInline]


@admin.register(TaskRule)
class TaskRuleAdmin(admin.ModelAdmin):
    list_display = ["text", "sector", "kind", "region"]
    list_filter = ["sector", "kind", "region"]
    readonly_fields = ["updated_by"]


@admin.register(SchoolLink)
class SchoolLinkAdmin(admin.ModelAdmin):
    list_display = ["school", "provider", "placement", "school_year"]
    list_filter = ["school_year"]
    raw_id_fields = ["school", "provider", "placement", "created_by"]
