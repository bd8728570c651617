from django.contrib import admin

from stageplein.planning.models import InternshipWindow, SchoolHoliday


@admin.register(InternshipWindow)
class InternshipWindowAdmin(admin.ModelAdmin):
    list_display = ["school", "school_year", "year", "level", "class_name", "starts_on", "ends_on"]
    list_filter = ["school_year", "level"]
    search_fields = ["school__name", "school__brin", "class_name"]
    raw_id_fields = ["school", "created_by"]


@admin.register(SchoolHoliday)
class SchoolHolidayAdmin(admin.ModelAdmin):
    """The national admin keeps the holidays per holiday region and school year (R-PLAN-5)."""

    list_display = ["school_year", "holiday_region", "kind", "starts_on", "ends_on"]
    list_filter = ["school_year", "holiday_region", "kind"]
