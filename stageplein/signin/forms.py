from django import forms
from django.utils.translation import gettext_lazy as _


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=40,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )


class ClassCodeForm(CodeForm):
    code = forms.CharField(
        label=_("Class code"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )


class ConfirmBirthForm(forms.Form):
    student = forms.TypedChoiceField(label=_("Your name"), coerce=int, widget=forms.RadioSelect)
    date_of_birth = forms.DateField(
        label=_("Your date of birth"),
        widget=forms.DateInput(attrs={"type": "date", "autocomplete": "bday"}),
    )

    def __init__(self, *args, students, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["student"].choices = [  # type: ignore[attr-defined]
            (s.pk, f"{s.user.first_name} {s.user.last_name[:1]}.".strip()) for s in students
        ]


class StartClassForm(forms.Form):
    class_name = forms.ChoiceField(label=_("Class"))

    def __init__(self, *args, classes: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["class_name"].choices = [(c, c) for c in classes]  # type: ignore[attr-defined]
