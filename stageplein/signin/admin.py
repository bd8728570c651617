from django.contrib import admin

from stageplein.signin.models import SchoolSignOn


@admin.register(SchoolSignOn)
class SchoolSignOnAdmin(admin.ModelAdmin):
    list_display = ("school", "app", "match_students_by", "staff_allowed", "enabled")
    list_filter = ("enabled", "match_students_by")
    autocomplete_fields = ("school",)
