from django.contrib import admin

from stageplein.geo.models import Municipality, PostcodeArea, Region


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["cbs_code", "name", "province"]
    search_fields = ["name", "cbs_code"]
    list_filter = ["province"]


@admin.register(PostcodeArea)
class PostcodeAreaAdmin(admin.ModelAdmin):
    list_display = ["pc4", "place", "municipality"]
    search_fields = ["pc4", "place"]
    list_select_related = ["municipality"]


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "funding_rule", "provider_compensation"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["municipalities"]
