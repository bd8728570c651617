from django import forms
from django.utils.translation import gettext_lazy as _

from stageplein.notifications.models import EmailFrequency, PushKind


class SettingsForm(forms.Form):
    email_frequency = forms.ChoiceField(
        label=_("How often do you want e-mail?"),
        choices=EmailFrequency.choices,
        widget=forms.RadioSelect,
    )


class PushForm(forms.Form):
    push_kinds = forms.MultipleChoiceField(
        label=_("Send a push message to my phone or computer when"),
        choices=PushKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


class PushSubscriptionForm(forms.Form):
    """What the browser's PushManager.subscribe() returned, as JSON."""

    endpoint = forms.URLField(max_length=1000)
    p256dh = forms.CharField(max_length=200)
    auth = forms.CharField(max_length=100)
