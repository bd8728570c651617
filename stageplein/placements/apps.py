from django.apps import AppConfig
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class PlacementsConfig(AppConfig):
    name = "stageplein.placements"
    verbose_name = _("Placements")

    def ready(self) -> None:
        # AppConfig.ready: auditlog's registry loads its own models, so only once they can load.
        from auditlog.registry import auditlog

        # Who published, closed or changed capacity is asked after the fact (R-PLACE-4).
        auditlog.register(self.get_model("Placement"), exclude_fields=["lat", "lon", "updated_at"])
        auditlog.register(self.get_model("PlacementPeriod"))

        # The search form's sector and region choices are cached (forms.reference_choices).
        from django.core.cache import cache
        from django.db.models.signals import post_delete, post_save

        from stageplein.placements.forms import reference_cache_key

        def forget_choices(sender, **kwargs) -> None:
            prefix = reference_cache_key(sender)
            languages = [code for code, _name in settings.LANGUAGES]
            keys = [f"{prefix}:{k}:{lang}" for k in ("pk", "code") for lang in languages]
            cache.delete_many(keys)

        for model in ("organisations.Sector", "geo.Region"):
            for signal in (post_save, post_delete):
                signal.connect(
                    forget_choices, sender=model, weak=False, dispatch_uid=f"choices-{model}"
                )
