from django import forms
from django.utils.translation import gettext_lazy as _

from stageplein.imports import fields as F
from stageplein.imports.parsing import MAX_BYTES
from stageplein.organisations.models import School


class UploadForm(forms.Form):
    school = forms.ModelChoiceField(queryset=School.objects.none(), label=_("School"))
    file = forms.FileField(
        label=_("Student list (CSV or Excel)"),
        help_text=_(
            "An export from Magister, SOMtoday or Eduarte: CSV with commas or semicolons, "
            "or an Excel file (.xlsx)."
        ),
    )

    def __init__(self, *args, schools, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools  # type: ignore[attr-defined]
        if schools.count() == 1:
            self.fields["school"].initial = schools.first()
            self.fields["school"].widget = forms.HiddenInput()

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(mb)d MB: split it, or use the command line.")
                % {"mb": MAX_BYTES // (1024 * 1024)}
            )
        return upload


class ColumnsForm(forms.Form):
    """One select per field of ours, listing the school's own column headers."""

    def __init__(self, *args, headers: list[str], initial_columns: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("— not in the file —")), *[(h, h) for h in headers]]
        for field in F.FIELDS:
            self.fields[field.key] = forms.ChoiceField(
                label=field.label,
                choices=choices,
                required=False,
                initial=initial_columns.get(field.key, ""),
            )
        self.headers = headers

    def clean(self):
        data = super().clean()
        for problem in F.mapping_problems(self.columns(), self.headers):
            self.add_error(None, problem)
        return data

    def columns(self) -> dict[str, str]:
        return {key: self.cleaned_data.get(key, "") for key in F.FIELD_KEYS}


class ConfirmForm(forms.Form):
    send_invitations = forms.BooleanField(
        label=_("E-mail new students and parents a link to sign in"),
        required=False,
        initial=True,
    )
    confirm_leavers = forms.BooleanField(
        required=True,
        error_messages={
            "required": _("Tick this box if these students have really left the school.")
        },
    )

    def __init__(self, *args, leavers: int = 0, ask_leavers: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if ask_leavers:
            self.fields["confirm_leavers"].label = _(
                "Yes: %(n)s students have left the school and will be marked as having left."
            ) % {"n": leavers}
        else:
            del self.fields["confirm_leavers"]
