from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SimulationConfig(AppConfig):
    name = "stageplein.simulation"
    verbose_name = _("Season simulator")
