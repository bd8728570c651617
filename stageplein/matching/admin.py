from django.contrib import admin

from stageplein.matching.models import MatchingSettings, Proposal, Run


@admin.register(MatchingSettings)
class MatchingSettingsAdmin(admin.ModelAdmin):
    list_display = ["broker", "rank_weight", "km_weight", "link_bonus", "updated_at"]
    raw_id_fields = ["broker", "updated_by"]


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    list_display = ["run", "student", "period", "engine_period", "cost", "outcome"]
    list_filter = ["outcome"]
    raw_id_fields = ["run", "student", "period", "placement", "engine_period", "application"]
    raw_id_fields += ["changed_by"]
    readonly_fields = ["candidates", "context", "unplaced"]


@admin.register(Run)
class RunAdmin(admin.ModelAdmin):
    list_display = ["__str__", "mode", "status", "n_students", "n_proposed", "n_created"]
    list_filter = ["status", "mode", "broker"]
    raw_id_fields = ["broker", "school", "created_by", "confirmed_by"]
    readonly_fields = ["weights", "selection", "stats", "error"]
    exclude = ["student_ids"]
