"""Forms of organisations joining: the public sign-up, a broker adding one, the review."""

from django import forms
from django.utils.translation import gettext_lazy as _

from stageplein.geo.models import PostcodeArea
from stageplein.organisations.models import Provider, Sector

KINDS = [c for c in Provider.Kind.choices if c[0] != Provider.Kind.SCHOOL]


class _OrganisationForm(forms.Form):
    name = forms.CharField(label=_("Name of the organisation"), max_length=150)
    kind = forms.ChoiceField(label=_("Kind"), choices=KINDS)
    sector = forms.ModelChoiceField(label=_("Main sector"), queryset=Sector.objects.all())
    address = forms.CharField(label=_("Address"), max_length=200)
    postcode = forms.CharField(
        label=_("Postcode"),
        max_length=7,
        help_text=_("For example 7201 AB."),
        widget=forms.TextInput(attrs={"autocomplete": "postal-code"}),
    )
    description = forms.CharField(
        label=_("What you do"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )

    def clean_postcode(self) -> PostcodeArea:
        digits = self.cleaned_data["postcode"].strip()[:4]
        area = PostcodeArea.objects.filter(pk=digits).select_related("municipality").first()
        if area is None:
            raise forms.ValidationError(_("We do not know this postcode."))
        return area


class ProviderSignupForm(_OrganisationForm):
    contact_name = forms.CharField(label=_("Contact person"), max_length=150)
    contact_email = forms.EmailField(label=_("Contact person's e-mail"))
    contact_phone = forms.CharField(
        label=_("Contact person's phone"), max_length=30, required=False
    )
    kvk_number = forms.RegexField(
        label=_("KvK number (optional)"), regex=r"^\d{8}$", required=False, max_length=8
    )
    motivation = forms.CharField(
        label=_("Why you offer MaS places"),
        help_text=_("What will students do, who guides them, and how do you keep minors safe?"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class SignupChangeForm(_OrganisationForm):
    """The organisation changes its sign-up after the reviewer asked: everything but the
    contact person's e-mail address, which was confirmed (a new one would need confirming)."""

    contact_phone = ProviderSignupForm.base_fields["contact_phone"]
    kvk_number = ProviderSignupForm.base_fields["kvk_number"]
    motivation = ProviderSignupForm.base_fields["motivation"]


class ProviderAddForm(_OrganisationForm):
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    kvk_number = ProviderSignupForm.base_fields["kvk_number"]


class ReviewForm(forms.Form):
    note = forms.CharField(
        label=_("Reason, or what should change (the organisation reads it)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )


class LocationForm(forms.Form):
    name = forms.CharField(label=_("Name of the location"), max_length=150)
    address = _OrganisationForm.base_fields["address"]
    postcode = _OrganisationForm.base_fields["postcode"]
    clean_postcode = _OrganisationForm.clean_postcode


class ContactInviteForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    email = forms.EmailField(label=_("E-mail"))


class _ProviderChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.name} · {obj.municipality}"


class MergeForm(forms.Form):
    """Which organisation the duplicate is merged into: among the broker's own (the view
    gives the queryset)."""

    keep = _ProviderChoice(
        label=_("Merge into"),
        queryset=Provider.objects.none(),
        help_text=_("The organisation that stays; this one is removed after the merge."),
    )

    def __init__(self, *args, targets, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["keep"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = targets.select_related("municipality").order_by("name", "pk")
