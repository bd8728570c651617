from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from stageplein.documents.models import Document
from stageplein.documents.validation import MAX_BYTES, TYPES, check_upload
from stageplein.geo.models import Region

ACCEPT = ",".join(sorted(TYPES))
FILE_HELP = _("PDF, Word, Excel, PowerPoint, OpenDocument or an image; at most %(mb)d MB.") % {
    "mb": MAX_BYTES // (1024 * 1024)
}


class UploadField(forms.FileField):
    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("widget", forms.ClearableFileInput(attrs={"accept": ACCEPT}))
        super().__init__(label=_("File"), help_text=FILE_HELP, **kwargs)

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload:
            check_upload(upload)
        return upload


class DocumentForm(forms.Form):
    library = forms.ChoiceField(label=_("Library"))
    title = forms.CharField(label=_("Title"), max_length=150)
    category = forms.ChoiceField(label=_("Kind"), choices=Document.Category.choices)
    visibility = forms.ChoiceField(label=_("Who may see it"), choices=Document.Visibility.choices)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    file = UploadField()

    def __init__(self, *args, libraries, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.libraries = {self.key(lib): lib for lib in libraries}
        cast(forms.ChoiceField, self.fields["library"]).choices = [
            (k, str(lib)) for k, lib in self.libraries.items()
        ]

    @staticmethod
    def key(library) -> str:
        return f"{'region' if isinstance(library, Region) else 'school'}:{library.pk}"

    def clean_library(self):
        return self.libraries[self.cleaned_data["library"]]


class VersionForm(forms.Form):
    file = UploadField()
    note = forms.CharField(label=_("What changed"), max_length=200, required=False)
