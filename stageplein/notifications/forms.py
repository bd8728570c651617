from django import forms
from django.utils.translation import gettext_lazy as _

from stageplein.notifications.models import EmailFrequency


class SettingsForm(forms.Form):
    email_frequency = forms.ChoiceField(
        label=_("How often do you want e-mail?"),
        choices=EmailFrequency.choices,
        widget=forms.RadioSelect,
    )
