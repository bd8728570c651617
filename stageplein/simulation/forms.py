from __future__ import annotations

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from stageplein.geo.models import Region
from stageplein.simulation.calendar import WEEKS_IN_YEAR
from stageplein.simulation.params import Calendar, Params

DEFAULTS = Params()


class StartForm(forms.Form):
    region = forms.ModelChoiceField(
        queryset=Region.objects.none(),
        required=False,
        label=_("Region"),
        empty_label=None,
    )
    label = forms.CharField(label=_("Name of this run"), max_length=100, required=False)
    calendar = forms.ChoiceField(label=_("Calendar"), choices=Calendar.choices)
    react_rate = forms.FloatField(
        label=_("Chance a student reacts in a week of their window"),
        min_value=0,
        max_value=1,
        initial=DEFAULTS.react_rate,
    )
    decline_rate = forms.FloatField(
        label=_("Share of reactions providers decline"),
        min_value=0,
        max_value=1,
        initial=DEFAULTS.decline_rate,
    )
    broker_every_weeks = forms.IntegerField(
        label=_("A broker round every so many weeks"),
        min_value=1,
        max_value=12,
        initial=DEFAULTS.broker_every_weeks,
    )
    weeks = forms.IntegerField(
        label=_("Weeks"), min_value=1, max_value=WEEKS_IN_YEAR, initial=WEEKS_IN_YEAR
    )
    seed = forms.IntegerField(label=_("Seed"), min_value=0, max_value=10**9, initial=2009)

    def __init__(self, *args, regions: QuerySet[Region], country: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["region"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = regions
        if country:
            field.empty_label = str(_("The whole country"))
        else:
            field.required = True

    def params(self) -> Params:
        data = self.cleaned_data
        return Params.from_dict(
            {k: data[k] for k in ("calendar", "react_rate", "decline_rate", "broker_every_weeks")}
        )


class CompareForm(forms.Form):
    a = forms.IntegerField(label=_("First run"))
    b = forms.IntegerField(label=_("Second run"))
