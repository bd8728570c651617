"""Forms of mediation: the request, the proposal, the answer."""

from __future__ import annotations

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from stageplein.placements.models import PlacementPeriod
from stageplein.students.models import Student


class AskForm(forms.Form):
    student = forms.ModelChoiceField(
        queryset=Student.objects.none(), label=_("Student"), required=False
    )
    wishes = forms.CharField(
        label=_("What is the student looking for?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Interests, when the student is free, how far they can travel."),
    )

    def __init__(self, *args, students: QuerySet[Student], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["student"].queryset = students  # type: ignore[attr-defined]
        self.fields["student"].label_from_instance = lambda s: s.user.get_full_name()  # type: ignore[attr-defined]
        self.only_student = students[0] if len(students) == 1 else None
        if self.only_student is not None:
            # A student asks for themselves: there is nothing to choose.
            del self.fields["student"]

    def clean(self):
        data = super().clean() or {}
        if self.only_student is not None:
            data["student"] = self.only_student
        elif not data.get("student"):
            self.add_error("student", _("Choose the student."))
        return data


def period_label(period: PlacementPeriod) -> str:
    placement = period.placement
    return f"{placement.title} · {placement.provider.name} · {period}"


class ProposeForm(forms.Form):
    period = forms.ModelChoiceField(
        queryset=PlacementPeriod.objects.none(), label=_("Placement and period")
    )
    note = forms.CharField(
        label=_("Why this place suits the student"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, periods: list[PlacementPeriod], **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["period"]
        field.queryset = PlacementPeriod.objects.filter(  # type: ignore[attr-defined]
            pk__in=[p.pk for p in periods]
        ).select_related("placement__provider")
        field.label_from_instance = period_label  # type: ignore[attr-defined]


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Why does this place not suit?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
