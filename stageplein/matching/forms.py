from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from stageplein.matching.models import MatchingSettings, Mode
from stageplein.organisations.models import Sector
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


INTEREST_FIELDS = ("interest_1", "interest_2", "interest_3")


class GuidanceForm(forms.ModelForm):
    """What drives the student (interests in order, hobbies) and the guidance they need: what
    the matching works from (R-MATCH-3, R-INT-5)."""

    interest_1 = forms.ModelChoiceField(
        label=_("1st interest"), queryset=Sector.objects.all(), required=False
    )
    interest_2 = forms.ModelChoiceField(
        label=_("2nd interest"), queryset=Sector.objects.all(), required=False
    )
    interest_3 = forms.ModelChoiceField(
        label=_("3rd interest"), queryset=Sector.objects.all(), required=False
    )

    class Meta:
        model = Student
        fields = ["hobbies", "needs_teacher_present", "needs_pair", "guidance_needs"]

    def __init__(self, *args, interests: list[str] | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name, code in zip(INTEREST_FIELDS, interests or [], strict=False):
            self.initial[name] = code
        for name in INTEREST_FIELDS:
            self.fields[name].empty_label = _("(none)")  # type: ignore[attr-defined]

    def interests(self) -> list[str]:
        chosen = [self.cleaned_data.get(name) for name in INTEREST_FIELDS]
        return list(dict.fromkeys(s.code for s in chosen if s is not None))
