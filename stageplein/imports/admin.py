from django.contrib import admin

from stageplein.imports.models import ImportMapping, StudentImport


@admin.register(StudentImport)
class StudentImportAdmin(admin.ModelAdmin):
    list_display = ["created_at", "school", "filename", "status", "rows_total", "finished_at"]
    list_filter = ["status"]
    raw_id_fields = ["school", "uploaded_by"]
    # The uploaded file (a school's personal data) is not shown; the report is.
    exclude = ["content"]
    readonly_fields = ["report", "error", "columns"]


@admin.register(ImportMapping)
class ImportMappingAdmin(admin.ModelAdmin):
    list_display = ["school", "updated_at"]
    raw_id_fields = ["school"]
