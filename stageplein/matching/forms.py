from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from stageplein.matching.models import MatchingSettings, Mode
from stageplein.students.models import Student


class RunForm(forms.Form):
    mode = forms.ChoiceField(
        label=_("How to divide the places"),
        choices=Mode.choices,
        initial=Mode.OPTIMAL,
        widget=forms.RadioSelect,
    )


class SettingsForm(forms.ModelForm):
    class Meta:
        model = MatchingSettings
        fields = [
            "rank_weight",
            "km_weight",
            "link_bonus",
            "max_km_vmbo",
            "max_km_havo",
            "max_km_vwo",
            "max_km_pro",
        ]


NO_PLACE = "none"


class ProposalChangeForm(forms.Form):
    choice = forms.ChoiceField(label=_("Proposal"), widget=forms.RadioSelect)

    def __init__(self, *args, options: list[tuple[str, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["choice"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [*options, (NO_PLACE, _("No place for now"))]

    def period_id(self) -> int | None:
        value = self.cleaned_data["choice"]
        return None if value == NO_PLACE else int(value)


class GuidanceForm(forms.ModelForm):
    class Meta:
        model = Student
        fields = ["needs_teacher_present", "needs_pair", "guidance_needs"]
