"""Forms of the own placement (zelf geregeld)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from stageplein.geo.models import PostcodeArea
from stageplein.internships.forms import DateInput
from stageplein.internships.models import OwnPlacement
from stageplein.organisations.models import Provider, ReviewStatus, Sector
from stageplein.students.models import Student


class OwnPlacementForm(forms.Form):
    student = forms.ModelChoiceField(
        queryset=Student.objects.none(), label=_("Student"), required=False
    )
    kind = forms.ChoiceField(
        label=_("What kind of internship"),
        choices=OwnPlacement.Kind.choices,
        initial=OwnPlacement.Kind.ORGANISATION,
        widget=forms.RadioSelect,
    )
    provider = forms.ModelChoiceField(
        queryset=Provider.objects.none(),
        required=False,
        label=_("Organisation already on Stageplein"),
        empty_label=_("— a new organisation (fill in below) —"),
    )
    organisation_name = forms.CharField(
        label=_("Name of a new organisation"), max_length=150, required=False
    )
    organisation_address = forms.CharField(label=_("Address"), max_length=200, required=False)
    organisation_postcode = forms.CharField(
        label=_("Postcode"),
        max_length=7,
        required=False,
        help_text=_("For example 7201 AB."),
        widget=forms.TextInput(attrs={"autocomplete": "postal-code"}),
    )
    organisation_sector = forms.ModelChoiceField(
        queryset=Sector.objects.all(), required=False, label=_("Sector")
    )
    organisation_phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    organisation_email = forms.EmailField(label=_("E-mail of the organisation"), required=False)
    title = forms.CharField(label=_("Title"), max_length=200)
    tasks = forms.CharField(label=_("What I will do"), widget=forms.Textarea(attrs={"rows": 4}))
    start_date = forms.DateField(label=_("Start"), widget=DateInput())
    end_date = forms.DateField(label=_("End"), widget=DateInput())
    planned_hours = forms.IntegerField(label=_("Planned hours"), min_value=1, max_value=500)
    supervisor_name = forms.CharField(label=_("Supervisor's name"), max_length=150)
    supervisor_email = forms.EmailField(label=_("Supervisor's e-mail"))

    def __init__(self, *args, students, region_ids, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["student"].queryset = students  # type: ignore[attr-defined]
        self.only_student = students[0] if len(students) == 1 else None
        if self.only_student is not None:
            # A student registers for themselves: there is nothing to choose.
            del self.fields["student"]
        self.fields["provider"].queryset = Provider.objects.filter(  # type: ignore[attr-defined]
            region_id__in=region_ids, school__isnull=True
        ).exclude(review_status=ReviewStatus.REFUSED)

    def clean_organisation_postcode(self) -> PostcodeArea | None:
        digits = self.cleaned_data["organisation_postcode"].strip()[:4]
        if not digits:
            return None
        area = PostcodeArea.objects.filter(pk=digits).first()
        if area is None:
            raise forms.ValidationError(_("We do not know this postcode."))
        return area

    def clean(self):
        data = super().clean() or {}
        if self.only_student is not None:
            data["student"] = self.only_student
        elif not data.get("student"):
            self.add_error("student", _("Choose the student."))
        return data


class RefuseForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (the student and parents read it)"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
