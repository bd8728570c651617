from django import forms
from django.utils.translation import gettext_lazy as _

from stageplein.api.models import ApiScope


class ClientForm(forms.Form):
    name = forms.CharField(label=_("Name of the system"), max_length=100)
    owner = forms.ChoiceField(label=_("For"))
    scopes = forms.MultipleChoiceField(
        label=_("What it may do"), choices=ApiScope.choices, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, owners: list[tuple[str, str, object]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        owner = self.fields["owner"]
        assert isinstance(owner, forms.ChoiceField)
        owner.choices = [(value, str(org)) for _, value, org in owners]


class TokenForm(forms.Form):
    name = forms.CharField(label=_("What it is for"), max_length=100)
    scopes = forms.MultipleChoiceField(
        label=_("What it may do"), choices=ApiScope.choices, widget=forms.CheckboxSelectMultiple
    )
    valid_days = forms.TypedChoiceField(
        label=_("Valid for"),
        coerce=int,
        choices=[(30, _("30 days")), (90, _("90 days")), (365, _("one year"))],
        initial=90,
    )


class WebhookForm(forms.Form):
    url = forms.URLField(
        label=_("Address (https) that receives the events"),
        max_length=500,
        assume_scheme="https",
    )
    events = forms.MultipleChoiceField(
        label=_("Subscribed events"), choices=[], widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, kinds: list[tuple[str, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        events = self.fields["events"]
        assert isinstance(events, forms.MultipleChoiceField)
        events.choices = kinds
