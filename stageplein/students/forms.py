from django import forms
from django.utils.translation import gettext_lazy as _

from stageplein.accounts.models import User
from stageplein.core.schoolyear import current_school_year, school_year_label
from stageplein.organisations.models import Level, School
from stageplein.students.models import ConsentPurpose, PrivacyRequest


class HourNormForm(forms.Form):
    level = forms.ChoiceField(label=_("Level"), choices=Level.choices)
    from_cohort = forms.TypedChoiceField(
        label=_("For students entering from school year"), coerce=int
    )
    hours = forms.IntegerField(label=_("Hours"), min_value=1, max_value=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        now = current_school_year()
        self.fields["from_cohort"].choices = [  # type: ignore[attr-defined]
            (year, school_year_label(year)) for year in range(now - 6, now + 3)
        ]
        self.fields["from_cohort"].initial = now


class StaffInviteForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    email = forms.EmailField(label=_("E-mail"))
    role = forms.ChoiceField(
        label=_("Role"), choices=[("mentor", _("mentor")), ("coordinator", _("school coordinator"))]
    )
    staff_code = forms.CharField(
        label=_("Staff code (optional)"),
        max_length=10,
        required=False,
        help_text=_("The teacher's code in the administration system; the import may use it."),
    )


class AssignMentorForm(forms.Form):
    class_name = forms.ChoiceField(label=_("Class"))
    mentor = forms.ModelChoiceField(label=_("Mentor"), queryset=User.objects.none())

    def __init__(self, *args, classes: list[str], mentors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["class_name"].choices = [(c, c) for c in classes]  # type: ignore[attr-defined]
        self.fields["mentor"].queryset = mentors  # type: ignore[attr-defined]


class ConsentForm(forms.Form):
    """Give or withdraw one consent (the buttons on the consent page)."""

    purpose = forms.ChoiceField(choices=ConsentPurpose.choices)
    action = forms.ChoiceField(choices=[("give", _("give")), ("withdraw", _("withdraw"))])


class PrivacyRequestForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What do you ask?"), choices=PrivacyRequest.Kind.choices, widget=forms.RadioSelect
    )
    text = forms.CharField(
        label=_("Which data, and what should change?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class PrivacyAnswerForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Outcome"),
        choices=[
            (PrivacyRequest.Status.DONE, _("done: the data has been corrected or removed")),
            (PrivacyRequest.Status.REFUSED, _("refused")),
        ],
        widget=forms.RadioSelect,
    )
    answer = forms.CharField(
        label=_("Answer to the person who asked"),
        help_text=_(
            "Required when you refuse: say why, and that they may complain to the "
            "Autoriteit Persoonsgegevens."
        ),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class SchoolProfileForm(forms.ModelForm):
    """The school's contact for providers and its own rules (R-ROUTE-1, R-ONB-2), with the
    levels each location offers as one group of boxes per location."""

    class Meta:
        model = School
        fields = [
            "contact_name",
            "contact_phone",
            "contact_email",
            "own_placements_allowed",
            "own_placement_min_hours",
            "own_placements_outside_region",
            "own_projects_allowed",
            "requires_parent_signature_until_age",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        school = self.instance
        labels = dict(Level.choices)
        self.locations = list(school.locations.order_by("code"))
        for location in self.locations:
            self.fields[f"location_{location.pk}"] = forms.MultipleChoiceField(
                label=_("Levels offered at %(location)s") % {"location": location.name},
                choices=[(level, labels.get(level, level)) for level in school.levels],
                widget=forms.CheckboxSelectMultiple,
                required=False,
                initial=location.levels,
            )

    def location_levels(self) -> dict[int, list[str]]:
        return {loc.pk: self.cleaned_data[f"location_{loc.pk}"] for loc in self.locations}

    def profile_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class StudentMentorForm(forms.Form):
    mentor = forms.ModelChoiceField(
        label=_("Mentor"), queryset=User.objects.none(), required=False, empty_label=_("no mentor")
    )

    def __init__(self, *args, mentors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mentor"].queryset = mentors  # type: ignore[attr-defined]
