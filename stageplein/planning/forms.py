from __future__ import annotations

from typing import cast

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from stageplein.core.schoolyear import school_year_label
from stageplein.geo.models import Region
from stageplein.organisations.models import Level, School, Sector, levels_and_years
from stageplein.planning.models import InternshipWindow
from stageplein.planning.selectors.targets import Subject, subject_of
from stageplein.planning.selectors.windows import school_year_choices
from stageplein.planning.weeks import dates_of_weeks, monday_of_week
from stageplein.students.models import YearlyTarget


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


def year_choices(extra: int | None = None) -> list[tuple[int, str]]:
    years = school_year_choices()
    if extra is not None and extra not in years:
        years = sorted([*years, extra])
    return [(y, school_year_label(y)) for y in years]


class WindowForm(forms.ModelForm):
    """A window entered as ISO weeks ("weeks 10-14") or as dates. The model and the service
    check the rest (inside the school year, a known class, no overlap for the group)."""

    ENTRY_WEEKS, ENTRY_DATES = "weeks", "dates"

    school = forms.ModelChoiceField(
        label=_("School"), queryset=School.objects.none(), empty_label=None
    )
    school_year = forms.TypedChoiceField(label=_("School year"), coerce=int)
    year = forms.TypedChoiceField(
        label=_("Year group"), coerce=int, choices=[(n, str(n)) for n in range(1, 7)]
    )
    level = forms.ChoiceField(
        label=_("Level"),
        required=False,
        choices=[("", _("all levels")), *Level.choices],
    )
    entry = forms.ChoiceField(
        label=_("Enter the period as"),
        choices=[(ENTRY_WEEKS, _("week numbers")), (ENTRY_DATES, _("dates"))],
        widget=forms.RadioSelect,
        initial=ENTRY_WEEKS,
    )
    first_week = forms.IntegerField(
        label=_("First week"),
        required=False,
        min_value=1,
        max_value=53,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    last_week = forms.IntegerField(
        label=_("Last week"),
        required=False,
        min_value=1,
        max_value=53,
        help_text=_(
            "ISO week numbers: the period runs from Monday of the first week to Friday of the last."
        ),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    starts_on = forms.DateField(label=_("First day"), required=False, widget=DateInput())
    ends_on = forms.DateField(label=_("Last day"), required=False, widget=DateInput())
    hours_per_student = forms.IntegerField(
        label=_("Hours per student"),
        min_value=1,
        max_value=200,
        error_messages={"min_value": _("Enter at least 1 hour.")},
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    expected_students = forms.IntegerField(
        label=_("Number of students"),
        required=False,
        min_value=1,
        help_text=_("Leave empty to count the students of this group in Stageplein."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )

    class Meta:
        model = InternshipWindow
        fields = [
            "school",
            "school_year",
            "year",
            "level",
            "class_name",
            "entry",
            "first_week",
            "last_week",
            "starts_on",
            "ends_on",
            "hours_per_student",
            "expected_students",
        ]
        labels = {"class_name": _("Class")}

    def __init__(self, *args, schools: QuerySet[School], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        school_field = cast(forms.ModelChoiceField, self.fields["school"])
        school_field.queryset = schools
        # A vmbo-only school is offered vmbo and year groups 1 to 4 only.
        levels, last_year = levels_and_years(schools)
        labels = dict(Level.choices)
        level_field = cast(forms.ChoiceField, self.fields["level"])
        level_field.choices = [("", _("all levels")), *[(lv, labels[lv]) for lv in levels]]
        year_field_group = cast(forms.TypedChoiceField, self.fields["year"])
        year_field_group.choices = [(n, str(n)) for n in range(1, last_year + 1)]
        instance = self.instance
        year_field = cast(forms.TypedChoiceField, self.fields["school_year"])
        year_field.choices = year_choices(instance.school_year if instance.pk else None)
        if instance.pk:
            school_field.disabled = True
            first, last = instance.weeks
            self.initial.setdefault("first_week", first)
            self.initial.setdefault("last_week", last)
        elif len(schools) == 1:
            self.initial.setdefault("school", schools[0].pk)
        self.initial.setdefault("school_year", year_field.choices[0][0])

    @property
    def uses_weeks(self) -> bool:
        return self.data.get(self.add_prefix("entry"), self.ENTRY_WEEKS) != self.ENTRY_DATES

    def add_error(self, field, error) -> None:
        """Errors about the first and last day land on the week fields when the period was
        entered in weeks: the message belongs next to what the person typed."""
        if self.uses_weeks:
            alias = {"starts_on": "first_week", "ends_on": "last_week"}
            if field in alias:
                field = alias[field]
            elif isinstance(error, ValidationError) and hasattr(error, "error_dict"):
                error = ValidationError({alias.get(k, k): v for k, v in error.error_dict.items()})
        super().add_error(field, error)

    def validate_unique(self) -> None:
        """The service checks the group's windows, with messages people understand."""

    def validate_constraints(self) -> None:
        """See validate_unique."""

    def clean(self) -> dict:
        data = super().clean() or {}
        year = data.get("school_year")
        if self.uses_weeks:
            first, last = data.get("first_week"), data.get("last_week")
            for name, week in (("first_week", first), ("last_week", last)):
                if week is None and name not in self.errors:
                    self.add_error(name, _("Enter a week number."))
            if year is None or first is None or last is None:
                return data
            missing = False
            for name, week in (("first_week", first), ("last_week", last)):
                if monday_of_week(year, week) is None:
                    missing = True
                    self.add_error(
                        name,
                        _("School year %(year)s has no school days in week %(week)d.")
                        % {"year": school_year_label(year), "week": week},
                    )
            if missing:
                return data
            start, end = dates_of_weeks(year, first, last)
            if end < start:
                self.add_error("last_week", _("The last week comes before the first week."))
                return data
            data["starts_on"], data["ends_on"] = start, end
        else:
            for name in ("starts_on", "ends_on"):
                if data.get(name) is None and name not in self.errors:
                    self.add_error(name, _("Enter a date."))
        return data

    def _post_clean(self) -> None:
        # The model's own checks (order, school year) need both days; without them the
        # field errors above already say what is missing.
        if self.cleaned_data.get("starts_on") and self.cleaned_data.get("ends_on"):
            super()._post_clean()  # type: ignore[misc]
        else:
            self.instance.school = self.cleaned_data.get("school") or self.instance.school


class RegionCalendarForm(forms.Form):
    """The regional calendar's filters (GET)."""

    DISTANCES = (5, 10, 20, 50)

    region = forms.ModelChoiceField(
        label=_("Region"), queryset=Region.objects.none(), required=False, empty_label=None
    )
    school_year = forms.TypedChoiceField(label=_("School year"), coerce=int, required=False)
    school = forms.ModelChoiceField(
        label=_("School"),
        queryset=School.objects.none(),
        required=False,
        empty_label=_("all schools"),
    )
    sector = forms.ModelChoiceField(
        label=_("Sector"),
        queryset=Sector.objects.all(),
        required=False,
        empty_label=_("all sectors"),
    )
    max_km = forms.TypedChoiceField(
        label=_("Distance from the school"),
        coerce=int,
        required=False,
        empty_value=None,
        choices=[
            ("", _("any distance")),
            *[(km, _("within %(km)d km") % {"km": km}) for km in DISTANCES],
        ],
    )

    def __init__(self, data, *, regions: QuerySet[Region], **kwargs) -> None:
        super().__init__(data, **kwargs)
        region_field = cast(forms.ModelChoiceField, self.fields["region"])
        region_field.queryset = regions
        year_field = cast(forms.TypedChoiceField, self.fields["school_year"])
        year_field.choices = year_choices()
        wanted = (data or {}).get("region", "")
        self.chosen_region: Region | None = (
            regions.filter(pk=wanted).first() if str(wanted).isdigit() else None
        ) or regions.first()
        school_field = cast(forms.ModelChoiceField, self.fields["school"])
        school_field.queryset = (
            School.objects.filter(region=self.chosen_region).order_by("name")
            if self.chosen_region
            else School.objects.none()
        )

    @property
    def chosen(self) -> dict:
        """The filters as chosen; a filter that is missing or not valid falls back to its
        default (a filter page never answers with errors)."""
        data: dict = {}
        if self.is_bound:
            self.is_valid()
            data = {
                name: value for name, value in self.cleaned_data.items() if name not in self.errors
            }
        data["region"] = self.chosen_region
        if not data.get("school_year"):
            data["school_year"] = school_year_choices()[0]
        return data


class TargetForm(forms.ModelForm):
    """A streefgetal for a school, a broker's area or a region."""

    subject = forms.ChoiceField(label=_("Target for"))
    school_year = forms.TypedChoiceField(label=_("School year"), coerce=int)
    students = forms.IntegerField(
        label=_("Students placed"),
        required=False,
        min_value=1,
        help_text=_("How many students have done (or are doing) their internship this year."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    hours = forms.IntegerField(
        label=_("Hours done in total"),
        required=False,
        min_value=1,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    hours_per_student = forms.IntegerField(
        label=_("Or: hours per student"),
        required=False,
        min_value=1,
        max_value=200,
        help_text=_("Used when no total is given: e.g. 30 hours for every student this year."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )

    class Meta:
        model = YearlyTarget
        fields = ["subject", "school_year", "students", "hours", "hours_per_student"]

    def __init__(self, *args, subjects: list[Subject], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.subjects = {s.key: s for s in subjects}
        kinds = {"school": _("School"), "broker": _("Broker area"), "region": _("Region")}
        groups: dict[str, list[tuple[str, str]]] = {}
        for s in subjects:
            groups.setdefault(str(kinds[s.kind]), []).append((s.key, s.name))
        field = cast(forms.ChoiceField, self.fields["subject"])
        field.choices = list(groups.items())
        year_field = cast(forms.TypedChoiceField, self.fields["school_year"])
        year_field.choices = year_choices(self.instance.school_year if self.instance.pk else None)
        if self.instance.pk:
            field.disabled = True

            current = subject_of(self.instance)
            field.choices = [(current.key, current.name)]
            self.initial["subject"] = current.key
        elif len(subjects) == 1:
            self.initial["subject"] = subjects[0].key

    def clean(self) -> dict:
        data = super().clean() or {}
        if not any(data.get(n) for n in ("students", "hours", "hours_per_student")):
            self.add_error(
                "students", _("Enter a number of students, of hours, or of hours per student.")
            )
        return data

    def validate_unique(self) -> None:
        """The service checks that a subject has one target a year."""

    def validate_constraints(self) -> None:
        """See validate_unique."""

    def _post_clean(self) -> None:
        key = self.cleaned_data.get("subject")
        subject = self.subjects.get(key) if key else None
        if subject is not None and not self.instance.pk:
            self.instance.school_id = subject.pk if subject.kind == "school" else None
            self.instance.broker_id = subject.pk if subject.kind == "broker" else None
            self.instance.region_id = subject.pk if subject.kind == "region" else None
        super()._post_clean()  # type: ignore[misc]
