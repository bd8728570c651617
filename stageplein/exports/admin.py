from django.contrib import admin

from stageplein.exports.models import Export


@admin.register(Export)
class ExportAdmin(admin.ModelAdmin):
    list_display = ["created_at", "requested_by", "title", "format", "status", "rows_total"]
    list_filter = ["status", "format"]
    raw_id_fields = ["requested_by"]
    # The file may hold students' names: it is for the person who asked, not for the admin.
    exclude = ["content"]
    readonly_fields = ["table", "params", "error"]
