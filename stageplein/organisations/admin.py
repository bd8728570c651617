from django.contrib import admin

from stageplein.organisations.models import (
    Broker,
    Provider,
    ProviderLocation,
    School,
    SchoolLocation,
    Sector,
)


class ProviderLocationInline(admin.TabularInline):
    model = ProviderLocation
    extra = 0
    raw_id_fields = ["postcode"]


@admin.register(Provider)
class ProviderAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "sector", "municipality", "weekly_intake_cap"]
    list_filter = ["kind", "sector", "region"]
    search_fields = ["name"]
    raw_id_fields = ["municipality", "school"]
    inlines = [ProviderLocationInline]


class SchoolLocationInline(admin.TabularInline):
    model = SchoolLocation
    extra = 0
    raw_id_fields = ["postcode"]


@admin.register(School)
class SchoolAdmin(admin.ModelAdmin):
    list_display = ["name", "brin", "municipality", "region"]
    list_filter = ["region"]
    search_fields = ["name", "brin"]
    raw_id_fields = ["municipality"]
    inlines = [SchoolLocationInline]


@admin.register(Broker)
class BrokerAdmin(admin.ModelAdmin):
    list_display = ["name", "region"]
    list_filter = ["region"]
    filter_horizontal = ["municipalities"]


@admin.register(Sector)
class SectorAdmin(admin.ModelAdmin):
    list_display = ["code", "name_nl", "name_en", "order"]
