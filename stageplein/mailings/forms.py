from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from stageplein.mailings.audiences import Sender, registry
from stageplein.organisations.models import levels_and_years


class MailingForm(forms.Form):
    sender = forms.ChoiceField(label=_("Send on behalf of"))
    audience = forms.ChoiceField(label=_("To"))
    year = forms.TypedChoiceField(
        label=_("Year group"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("all year groups"))] + [(y, str(y)) for y in range(1, 7)],
        help_text=_("Only for parents and students."),
    )
    subject = forms.CharField(label=_("Subject"), max_length=150)
    body = forms.CharField(
        label=_("Message"),
        widget=forms.Textarea(attrs={"rows": 12}),
        max_length=20_000,
        help_text=_("Plain text. Do not write about individual students: this goes by e-mail."),
    )

    def __init__(self, *args, senders: list[Sender], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.senders = {s.value(): s for s in senders}
        sender = cast(forms.ChoiceField, self.fields["sender"])
        sender.choices = [(s.value(), str(s.org)) for s in senders]
        audience = cast(forms.ChoiceField, self.fields["audience"])
        audience.choices = [(a.key, a.label) for a in registry().values()]
        schools = [s.school for s in senders]
        if schools and all(school is not None for school in schools):
            # Only schools send: offer their year groups (a vmbo-only school has four).
            _levels, last_year = levels_and_years(schools)
            year = cast(forms.TypedChoiceField, self.fields["year"])
            year.choices = [("", _("all year groups"))] + [
                (y, str(y)) for y in range(1, last_year + 1)
            ]
        if len(senders) == 1:
            self.fields["sender"].widget = forms.HiddenInput()
            self.fields["sender"].initial = senders[0].value()

    def clean_subject(self) -> str:
        # A line break in a subject would make every e-mail of the mailing fail (header
        # injection is refused by Django), so it is one line.
        return " ".join(self.cleaned_data["subject"].split())

    def clean_sender(self) -> Sender:
        return self.senders[self.cleaned_data["sender"]]

    def options(self) -> dict:
        audience = registry()[self.cleaned_data["audience"]]
        year = self.cleaned_data.get("year")
        return {"year": year} if audience.uses_year and year else {}
