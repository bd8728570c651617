from django import forms
from django.utils.translation import gettext_lazy as _

from stageplein.placements.forms import model_choice, period_label
from stageplein.placements.models import PlacementPeriod


class PeriodChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return period_label(obj)


class ReactForm(forms.Form):
    period = PeriodChoiceField(
        label=_("Period"),
        queryset=PlacementPeriod.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": _("Choose a period.")},
    )
    motivation = forms.CharField(
        label=_("Why do you want to do this?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("A few sentences are enough. The provider reads this with your first name."),
        error_messages={"required": _("Write a few words about why you want to do this.")},
    )

    def __init__(self, *args, periods=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        periods = list(periods or [])
        model_choice(self, "period").queryset = PlacementPeriod.objects.filter(
            pk__in=[p.pk for p in periods]
        ).order_by("starts_on", "pk")
        if len(periods) == 1:
            self.initial["period"] = periods[0].pk


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Give a reason.")},
    )


class FlagForm(forms.Form):
    reason = forms.CharField(
        label=_("What is not going well?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Describe what is not going well.")},
    )


class ResolveForm(forms.Form):
    resolution = forms.CharField(
        label=_("How was it solved?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write down how it was solved.")},
    )


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Your message"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write a message first.")},
    )


class StudentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.user.get_full_name()} ({obj.class_name})" if obj.class_name else str(obj)


class ReactForStudentForm(ReactForm):
    """The school reacts on a student's behalf (R-MATCH-8): which student, which period, and
    why it suits them (the provider reads it as the motivation)."""

    field_order = ["student", "period", "motivation"]
    student = StudentChoiceField(
        label=_("Student"),
        queryset=None,
        error_messages={"required": _("Choose the student.")},
    )

    def __init__(self, *args, students=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["student"].queryset = students  # type: ignore[attr-defined]
        self.fields["motivation"].label = _("Why this placement suits the student")
        self.fields["motivation"].help_text = _(
            "The provider reads this. The student and their parents are told that the school "
            "reacted for them."
        )
        self.fields["motivation"].error_messages["required"] = _(
            "Say why this placement suits the student."
        )
