from django import forms
from django.utils.translation import gettext_lazy as _


class SigninLinkForm(forms.Form):
    email = forms.EmailField(
        label=_("Your e-mail address"),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
