from django import forms
from django.utils.translation import gettext_lazy as _

from stageplein.core.iban import normalise_iban
from stageplein.organisations.models import Provider


class ProviderForm(forms.ModelForm):
    class Meta:
        model = Provider
        fields = [
            "description",
            "website",
            "phone",
            "email",
            "weekly_intake_cap",
            "kvk_number",
            "iban",
            "account_holder",
            "postal_address",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "phone": _("Students see it only after the school approved their internship."),
            "email": _("Students see it only after the school approved their internship."),
            "weekly_intake_cap": _(
                "Protects you from a flood of interns: at most this many students "
                "are accepted per week over all your placements. Leave empty for no limit."
            ),
        }

    def clean_iban(self) -> str:
        return normalise_iban(self.cleaned_data.get("iban", ""))

    def clean_weekly_intake_cap(self) -> int | None:
        value = self.cleaned_data.get("weekly_intake_cap")
        if value is not None and value < 1:
            raise forms.ValidationError(_("At least 1, or leave it empty for no limit."))
        return value


class ProfileForm(forms.Form):
    description = forms.CharField(
        label=_("What we do"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    learning = forms.CharField(
        label=_("What a student learns here"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For example: working in a team, talking with the elderly, planning an event."),
    )


def _image_field(label):
    return forms.FileField(
        label=label,
        help_text=_("JPEG, PNG or WebP, at most 5 MB. Location and camera data are removed."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )


class LogoForm(forms.Form):
    logo = _image_field(_("Logo"))


class PhotoForm(forms.Form):
    image = _image_field(_("Photo"))
    alt_text = forms.CharField(
        label=_("What the photo shows"),
        max_length=200,
        help_text=_(
            "Read aloud to people who cannot see the photo, e.g. “Two students serve coffee”."
        ),
    )
