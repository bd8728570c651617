from django.contrib import admin

from stageplein.documents.models import Document, DocumentVersion


class VersionInline(admin.TabularInline):
    model = DocumentVersion
    readonly_fields = ("number", "original_name", "content_type", "size", "uploaded_by")
    fields = ("number", "original_name", "content_type", "size", "uploaded_by")
    extra = 0
    can_delete = False


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "region", "school", "category", "visibility", "updated_at"]
    list_filter = ["category", "visibility", "region"]
    raw_id_fields = ["school", "created_by"]
    inlines = [VersionInline]
