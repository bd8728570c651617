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
