"""The event form."""

from __future__ import annotations

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from stageplein.events.models import Kind
from stageplein.organisations.models import School


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class EventForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=150)
    description = forms.CharField(
        label=_("Description"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    starts_at = forms.DateTimeField(label=_("Starts"), widget=DateTimeInput())
    ends_at = forms.DateTimeField(label=_("Ends"), widget=DateTimeInput())
    place = forms.CharField(label=_("Place"), max_length=200)
    capacity = forms.IntegerField(
        label=_("Places"),
        min_value=1,
        max_value=100000,
        required=False,
        help_text=_("Empty: no limit."),
    )
    for_students = forms.BooleanField(label=_("For students"), required=False)
    for_providers = forms.BooleanField(label=_("For providers of the region"), required=False)
    for_staff = forms.BooleanField(label=_("For school staff"), required=False)
    schools = forms.ModelMultipleChoiceField(
        label=_("Only the students of these schools"),
        queryset=School.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None chosen: the students of every school of the region."),
    )

    def __init__(self, *args, schools: QuerySet[School] | None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if schools is None:
            # A school's own event: its own students and staff, never providers.
            del self.fields["schools"]
            del self.fields["for_providers"]
        else:
            self.fields["schools"].queryset = schools  # type: ignore[attr-defined]
