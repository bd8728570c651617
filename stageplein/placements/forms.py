from __future__ import annotations

import datetime
import re
from typing import cast

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.db.models import Model, QuerySet
from django.forms import inlineformset_factory
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from stageplein.accounts.models import User
from stageplein.core.schoolyear import current_school_year, school_year_label
from stageplein.geo.models import PostcodeArea, Region
from stageplein.organisations.models import Level, Provider, School, Sector
from stageplein.placements.models import (
    LEVEL_FIELDS,
    Placement,
    PlacementPeriod,
    SchoolLink,
    TaskRule,
)
from stageplein.placements.selectors import PlacementSearch, origin_for
from stageplein.placements.services import staff_choices
from stageplein.students.models import Student


def model_choice(form: forms.BaseForm, name: str) -> forms.ModelChoiceField:
    return cast(forms.ModelChoiceField, form.fields[name])


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


def clean_pc4(value: str) -> str:
    """Accept "7201", "7201 AB" or "7201AB"; only the four digits matter (PC4 centroids)."""
    value = (value or "").strip().upper()
    match = re.fullmatch(r"(\d{4})\s*([A-Z]{2})?", value)
    if not match:
        raise forms.ValidationError(
            _("Enter a Dutch postcode: four digits, optionally followed by two letters.")
        )
    pc4 = match.group(1)
    if not PostcodeArea.objects.filter(pk=pc4).exists():
        raise forms.ValidationError(
            _("Postcode %(pc4)s is unknown. Check the four digits."), params={"pc4": pc4}
        )
    return pc4


class PlacementForm(forms.ModelForm):
    provider = forms.ModelChoiceField(
        label=_("Provider"), queryset=Provider.objects.none(), empty_label=None
    )
    pc4 = forms.CharField(
        label=_("Postcode"),
        max_length=8,
        help_text=_("Four digits are enough, e.g. 7201."),
        widget=forms.TextInput(attrs={"autocomplete": "postal-code", "inputmode": "numeric"}),
    )
    levels = forms.MultipleChoiceField(
        label=_("Suitable for"),
        choices=Level.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one level.")},
    )

    class Meta:
        model = Placement
        fields = [
            "provider",
            "title",
            "sector",
            "tasks",
            "address",
            "pc4",
            "levels",
            "min_age",
            "kind",
            "group_size",
            "guidance",
            "teacher_welcome",
            "pairs_welcome",
            "may_do",
            "may_not_do",
            "contact",
        ]
        widgets = {
            "tasks": forms.Textarea(attrs={"rows": 5}),
            "guidance": forms.Textarea(attrs={"rows": 3}),
            "may_do": forms.Textarea(attrs={"rows": 3}),
            "may_not_do": forms.Textarea(attrs={"rows": 3}),
            "kind": forms.RadioSelect,
        }

    def __init__(self, *args, providers=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        model_choice(self, "provider").queryset = (
            providers if providers is not None else Provider.objects.all()
        )
        model_choice(self, "contact").queryset = User.objects.none()
        model_choice(self, "contact").empty_label = _("(choose later)")
        self.fields["contact"].required = False
        model_choice(self, "sector").empty_label = None
        # The sector's rules follow the chosen sector (htmx swaps them in).
        self.fields["sector"].widget.attrs.update(
            {
                "hx-get": reverse("placement_rules"),
                "hx-target": "#sector-rules",
                "hx-swap": "outerHTML",
                "hx-include": "[name='provider']",
                "hx-trigger": "change",
            }
        )
        if self.instance.pk:
            self.fields["provider"].disabled = True
            self.initial["pc4"] = self.instance.postcode_id
            self.initial["levels"] = self.instance.levels
        else:
            self.initial.setdefault("levels", [level.value for level in Level])
        provider = self._provider()
        if provider is not None:
            model_choice(self, "contact").queryset = User.objects.filter(
                pk__in=[u.pk for u in staff_choices(provider)]
            )
            if not self.instance.pk and "sector" not in self.initial:
                self.initial["sector"] = provider.sector_id

    def _provider(self) -> Provider | None:
        if self.instance.pk:
            return self.instance.provider
        raw = self.data.get(self.add_prefix("provider")) if self.is_bound else None
        qs = cast(QuerySet[Provider], model_choice(self, "provider").queryset)
        if raw:
            return qs.filter(pk=raw).first() if str(raw).isdigit() else None
        if self.initial.get("provider"):
            return qs.filter(pk=self.initial["provider"]).first()
        return qs.first() if qs.count() == 1 else None

    def clean_pc4(self) -> str:
        return clean_pc4(self.cleaned_data["pc4"])

    def clean(self) -> dict:
        data = super().clean() or {}
        kind, size = data.get("kind"), data.get("group_size")
        if kind == Placement.Kind.GROUP and not size:
            self.add_error("group_size", _("How many students do this together? At least 2."))
        return data

    def save(self, commit: bool = True) -> Placement:
        placement = super().save(commit=False)
        placement.postcode = PostcodeArea.objects.get(pk=self.cleaned_data["pc4"])
        for level, name in LEVEL_FIELDS.items():
            setattr(placement, name, level in self.cleaned_data["levels"])
        if commit:
            placement.save()
        return placement


class PeriodForm(forms.ModelForm):
    class Meta:
        model = PlacementPeriod
        fields = ["starts_on", "ends_on", "hours", "capacity", "schedule"]
        widgets = {"starts_on": DateInput(), "ends_on": DateInput()}
        error_messages = {
            "capacity": {
                "min_value": _("There must be at least 1 place."),
                "max_value": _("At most 500 places per period."),
            },
            "hours": {"min_value": _("A period has at least 1 hour.")},
        }

    def clean(self) -> dict:
        data = super().clean() or {}
        start, end = data.get("starts_on"), data.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", _("The last day cannot be before the first day."))
        if end and end < datetime.date.today() and self.has_changed():
            self.add_error("ends_on", _("This day has already passed."))
        return data


def period_formset(extra: int):
    return inlineformset_factory(
        Placement,
        PlacementPeriod,
        form=PeriodForm,
        extra=extra,
        min_num=1,
        validate_min=True,
        can_delete=True,
    )


# Several periods at once: a new placement offers three (one required), editing offers room
# for three more; periods left empty are not saved.
NewPeriodFormSet = period_formset(extra=2)
PeriodFormSet = period_formset(extra=3)


class TaskRuleForm(forms.ModelForm):
    class Meta:
        model = TaskRule
        fields = ["sector", "region", "kind", "text", "order"]

    def __init__(self, *args, regions=None, allow_national: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        model_choice(self, "region").queryset = (
            regions if regions is not None else Region.objects.none()
        )
        self.fields["region"].required = not allow_national
        model_choice(self, "region").empty_label = (
            _("everywhere (national rule)") if allow_national else None
        )
        model_choice(self, "sector").empty_label = None


class PlacementChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.provider} – {obj.title}"


class SchoolLinkForm(forms.ModelForm):
    class Meta:
        model = SchoolLink
        fields = ["school", "provider", "placement", "school_year"]
        field_classes = {"placement": PlacementChoiceField}

    def __init__(self, *args, schools=None, providers=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        model_choice(self, "school").queryset = (
            schools if schools is not None else School.objects.none()
        )
        model_choice(self, "school").empty_label = None
        model_choice(self, "provider").queryset = (
            providers if providers is not None else Provider.objects.none()
        )
        placements = Placement.objects.filter(
            provider__in=cast(QuerySet[Provider], model_choice(self, "provider").queryset)
        ).exclude(status=Placement.Status.CLOSED)
        model_choice(self, "placement").queryset = placements.select_related("provider").order_by(
            "provider__name", "title"
        )
        self.fields["school_year"].widget = forms.Select(choices=school_year_choices())

    def clean(self) -> dict:
        data = super().clean() or {}
        provider, placement = data.get("provider"), data.get("placement")
        if provider and placement and placement.provider_id != provider.pk:
            self.add_error("placement", _("That placement belongs to another provider."))
        return data


def school_year_choices() -> list[tuple[int, str]]:

    year = current_school_year()
    return [(y, school_year_label(y)) for y in (year, year + 1)]


REFERENCE_CACHE_SECONDS = 600


def reference_cache_key(model: type[Model]) -> str:
    return f"choices:{model._meta.label_lower}"


def reference_choices(field: forms.ModelChoiceField) -> list[tuple[str, str]]:
    """The choices of a field over a whole reference table (sectors, regions), kept in the
    cache: they change a few times a year, and the search page asked for them on every
    keystroke. A change drops them at once (PlacementsConfig.ready). Read with one plain query:
    ModelChoiceField reads with ``QuerySet.iterator()``, which on PostgreSQL outside a
    transaction is a server-side cursor declared WITH HOLD (three round trips)."""
    queryset = field.queryset
    assert queryset is not None
    key = field.to_field_name or "pk"
    language = get_language() or settings.LANGUAGE_CODE
    cache_key = f"{reference_cache_key(queryset.model)}:{key}:{language}"
    rows = cache.get(cache_key)
    if rows is None:
        rows = [(str(getattr(obj, key)), field.label_from_instance(obj)) for obj in queryset]
        cache.set(cache_key, rows, REFERENCE_CACHE_SECONDS)
    return [("", str(field.empty_label)), *rows]


DISTANCES = [2, 5, 10, 20, 50]
# A first look for a student: near home (R-PLACE-5), within cycling distance.
DEFAULT_STUDENT_SEARCH = {"near": "home", "km": 10}


class PlacementSearchForm(forms.Form):
    """The student's search (R-PLACE-5): every field optional, sensible defaults."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    sector = forms.ModelChoiceField(
        label=_("Sector"),
        queryset=Sector.objects.all(),
        required=False,
        empty_label=_("All sectors"),
        to_field_name="code",
    )
    near = forms.ChoiceField(
        label=_("Distance from"),
        required=False,
        choices=[("home", _("home")), ("school", _("school"))],
    )
    pc4 = forms.CharField(label=_("Distance from postcode"), required=False, max_length=8)
    km = forms.TypedChoiceField(
        label=_("Within"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("any distance")), *[(km, f"{km} km") for km in DISTANCES]],
    )
    available_from = forms.DateField(label=_("Available from"), required=False, widget=DateInput())
    available_until = forms.DateField(
        label=_("up to and including"), required=False, widget=DateInput()
    )
    kind = forms.ChoiceField(
        label=_("Individual or group"),
        required=False,
        choices=[("", _("both")), *Placement.Kind.choices],
    )
    region = forms.ModelChoiceField(
        label=_("Region"),
        queryset=Region.objects.all(),
        required=False,
        empty_label=_("All regions"),
    )
    level = forms.ChoiceField(
        label=_("Level"), required=False, choices=[("", _("all levels")), *Level.choices]
    )

    def __init__(self, *args, student: Student | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.student = student
        for name in ("sector", "region"):
            field = model_choice(self, name)
            field.choices = reference_choices(field)
        if student is not None and not self.is_bound:
            self.initial.update(DEFAULT_STUDENT_SEARCH)
        if student is not None:
            # A student only sees what fits their level and age: no level field to change.
            del self.fields["level"]
            del self.fields["pc4"]
        else:
            del self.fields["near"]

    def clean_pc4(self) -> str:
        value = self.cleaned_data.get("pc4", "")
        return clean_pc4(value) if value else ""

    def to_search(self) -> PlacementSearch:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        student = self.student
        if not self.is_bound and student is not None:
            data = dict(DEFAULT_STUDENT_SEARCH)
        search = PlacementSearch(
            q=data.get("q") or "",
            sector=data["sector"].code if data.get("sector") else None,
            kind=data.get("kind") or None,
            region=data["region"].pk if data.get("region") else None,
            available_from=data.get("available_from"),
            available_until=data.get("available_until"),
            max_km=data.get("km"),
        )
        if student is not None:
            search.level = student.level
            search.date_of_birth = student.date_of_birth
            search.linked_school_id = student.school_id
            search.origin = origin_for(student, data.get("near") or "home")
        else:
            search.level = data.get("level") or None
            if data.get("pc4"):
                search.origin = origin_for(None, "postcode", data["pc4"])
        if search.origin is None:
            search.max_km = None
        return search


def period_label(period: PlacementPeriod) -> str:

    text = _("%(start)s to %(end)s, %(hours)s hours") % {
        "start": date_format(period.starts_on, "j F Y"),
        "end": date_format(period.ends_on, "j F Y"),
        "hours": period.hours,
    }
    if period.schedule:
        text += f" ({period.schedule})"
    return str(text)
