from django.contrib import admin

from stageplein.planning.models import InternshipWindow


@admin.register(InternshipWindow)
class InternshipWindowAdmin(admin.ModelAdmin):
    list_display = ["school", "school_year", "year", "level", "class_name", "starts_on", "ends_on"]
    list_filter = ["school_year", "level"]
    search_fields = ["school__name", "school__brin", "class_name"]
    raw_id_fields = ["school", "created_by"]
