import uuid
import warnings
import zipfile
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stageplein.accounts.models import Role, User
from stageplein.internships.models import (
    Concern,
    ContractTemplate,
    GuidanceBy,
    Internship,
    ProviderAssessment,
    Rating,
)
from stageplein.organisations.models import Provider
from stageplein.students.models import Student

MB = 1024 * 1024
REPORT_MAX = 10 * MB
PHOTO_MAX = 5 * MB
PAPER_LOG_MAX = 10 * MB

# What an upload may be, recognised by its first bytes (a renamed file does not pass).
PDF, DOCX, JPEG, PNG = "pdf", "docx", "jpeg", "png"
CONTENT_TYPES = {
    PDF: "application/pdf",
    DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    JPEG: "image/jpeg",
    PNG: "image/png",
}
EXTENSIONS = {PDF: (".pdf",), DOCX: (".docx",), JPEG: (".jpg", ".jpeg"), PNG: (".png",)}


def sniff(upload: UploadedFile) -> str | None:
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            return None
        finally:
            upload.seek(0)
        if "word/document.xml" in names and "[Content_Types].xml" in names:
            return DOCX
    return None


def kind_of(name: str) -> str | None:
    lower = name.lower()
    for kind, extensions in EXTENSIONS.items():
        if lower.endswith(extensions):
            return kind
    return None


# A phone photo is 12–50 megapixels; a PNG can declare 30000×30000 in a few kilobytes.
MAX_PIXELS = 60_000_000


def check_upload(upload: UploadedFile | None, kinds: tuple[str, ...], max_bytes: int):
    """Type by content and by name (both must agree) and size; images must also decode."""
    if not upload:
        return upload
    if upload.size is not None and upload.size > max_bytes:
        raise ValidationError(
            _("The file is too large: at most %(mb)s MB.") % {"mb": max_bytes // MB}
        )
    kind = sniff(upload)
    if kind not in kinds or kind_of(upload.name or "") != kind:
        labels = ", ".join(k.upper() for k in kinds)
        raise ValidationError(_("Upload a file of this type: %(types)s.") % {"types": labels})
    if kind in (JPEG, PNG):
        # Pillow is only needed when a signature image is uploaded.
        from PIL import Image, UnidentifiedImageError

        try:
            with warnings.catch_warnings():
                # Pillow only warns below twice its pixel limit; we refuse at the limit.
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                with Image.open(upload) as image:
                    width, height = image.size
                    if width * height > MAX_PIXELS:
                        raise Image.DecompressionBombError("too many pixels")
                    image.verify()
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            # A small file that declares a huge picture would take the server's memory.
            raise ValidationError(
                _("The image is too large: at most %(mp)d megapixels.")
                % {"mp": MAX_PIXELS // 1_000_000}
            ) from None
        except (UnidentifiedImageError, OSError, SyntaxError):
            raise ValidationError(_("This image file is damaged.")) from None
        finally:
            upload.seek(0)
    return upload


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%H:%M")


def not_in_future(day):
    if day and day > timezone.localdate():
        raise ValidationError(_("This date is in the future."))


class HoursField(forms.DecimalField):
    """Hours as people type them: "2,5" and "2.5" both mean two and a half.

    A text input, not a number input: a number input in a Dutch browser turns "2,5" into
    whatever the browser makes of it, and hours have no thousands to separate."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace(" ", "")
            if value.count(",") == 1 and "." not in value:
                value = value.replace(",", ".")
        return super().to_python(value)

    def widget_attrs(self, widget):
        # DecimalField adds step/min/max for a number input; a text input has no use for them.
        return {}


class HourEntryForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DateInput, validators=[not_in_future])
    hours = HoursField(
        label=_("Hours"),
        min_value=Decimal("0.25"),
        max_value=Decimal("12"),
        decimal_places=2,
        help_text=_("In quarters of an hour, for example 2.5."),
    )
    description = forms.CharField(
        label=_("What did you do?"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    paper_log = forms.FileField(
        label=_("Scan of the paper log signed by your supervisor (optional)"),
        required=False,
        help_text=_("PDF, JPG or PNG, at most 10 MB. Your school accepts this instead."),
    )
    # Made when the form is shown: a retried or double-clicked submit sends the same key.
    submission_key = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, paper_logs: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not paper_logs:
            del self.fields["paper_log"]
        if not self.is_bound:
            self.initial.setdefault("submission_key", uuid.uuid4())
            self.initial.setdefault("date", timezone.localdate())

    def clean_paper_log(self):
        return check_upload(self.cleaned_data.get("paper_log"), (PDF, JPEG, PNG), PAPER_LOG_MAX)


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Why can you not confirm this?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class SignForm(forms.Form):
    name = forms.CharField(label=_("Your full name"), max_length=200)
    agree = forms.BooleanField(label=_("I have read the contract and agree to it"))


class ContractChangeForm(forms.ModelForm):
    class Meta:
        model = Internship
        fields = [
            "title",
            "start_date",
            "end_date",
            "planned_hours",
            "tasks",
            "schedule",
            "location",
            "supervisor",
            "insurance",
            "insurance_details",
        ]
        widgets = {
            "start_date": DateInput,
            "end_date": DateInput,
            "tasks": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)

        internship = self.instance
        self.fields["location"].queryset = internship.provider.locations.select_related(  # type: ignore[attr-defined]
            "postcode"
        )
        self.fields["supervisor"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            memberships__provider=internship.provider,
            memberships__role__in=[Role.SUPERVISOR, Role.PROVIDER_CONTACT],
        ).distinct()

    def clean(self):
        data = super().clean() or {}
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date must not be before the start date."))
        return data


class ContractTemplateForm(forms.ModelForm):
    class Meta:
        model = ContractTemplate
        fields = [
            "rules_of_conduct",
            "insurance",
            "insurance_details",
            "extra_terms",
            "accepts_paper_logs",
        ]
        widgets = {
            "rules_of_conduct": forms.Textarea(attrs={"rows": 6}),
            "extra_terms": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "rules_of_conduct": _("One rule per line."),
        }

    def __init__(self, *args, for_school: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not for_school:
            del self.fields["accepts_paper_logs"]


class SessionForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DateInput)
    start_time = forms.TimeField(label=_("From"), widget=TimeInput)
    end_time = forms.TimeField(label=_("Until"), widget=TimeInput)
    place = forms.CharField(label=_("Where"), max_length=200, required=False)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def clean(self):
        data = super().clean() or {}
        start, end = data.get("start_time"), data.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", _("The session must end after it starts."))
        return data


class LogbookForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DateInput, validators=[not_in_future])
    text = forms.CharField(
        label=_("What happened, and what did you learn?"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    photo = forms.FileField(
        label=_("Photo (optional)"),
        required=False,
        help_text=_("JPG or PNG, at most 5 MB. No photos of clients or residents."),
    )

    def __init__(self, *args, photos_allowed: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("date", timezone.localdate())
        if not photos_allowed:
            # No consent for photos (students/consent.py): the field is not offered at all.
            del self.fields["photo"]

    def clean_photo(self):
        return check_upload(self.cleaned_data.get("photo"), (JPEG, PNG), PHOTO_MAX)


class LearningGoalsForm(forms.Form):
    learning_goals = forms.CharField(
        label=_("My learning goals"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What do you want to learn or find out during this internship?"),
    )


class ReportForm(forms.Form):
    text = forms.CharField(
        label=_("Your text"), max_length=30000, required=False, widget=forms.Textarea
    )
    file = forms.FileField(
        label=_("Or upload a file"),
        required=False,
        help_text=_("PDF or Word (DOCX), at most 10 MB."),
    )

    def __init__(self, *args, with_text: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_text:
            del self.fields["file"]
            self.fields["text"].label = _("A note for your mentor (optional)")
            self.fields["text"].widget = forms.Textarea(attrs={"rows": 2})

    def clean_file(self):
        return check_upload(self.cleaned_data.get("file"), (PDF, DOCX), REPORT_MAX)


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("return", _("Send back with comments"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comments for the student"),
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class GuidanceForm(forms.Form):
    teacher_present = forms.BooleanField(label=_("A teacher is present"), required=False)
    in_pairs = forms.BooleanField(label=_("At least in pairs"), required=False)
    notes = forms.CharField(label=_("Other guidance needs"), max_length=300, required=False)
    given_by = forms.ChoiceField(label=_("Guidance given by"), choices=GuidanceBy.choices)


class StudentEvaluationForm(forms.Form):
    grade = forms.TypedChoiceField(
        label=_("Your grade for this internship"),
        coerce=int,
        # No grade chosen in advance: a student who skips the field must not hand in a 1.
        choices=[("", _("Choose a grade")), *[(n, str(n)) for n in range(1, 11)]],
        empty_value=None,
        help_text=_("1 is very bad, 10 is excellent."),
    )
    comments = forms.CharField(
        label=_("What was good, and what could be better?"),
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ProviderAssessmentForm(forms.ModelForm):
    class Meta:
        model = ProviderAssessment
        fields = ["attendance", "effort", "went_well", "to_improve"]
        widgets = {
            "attendance": forms.RadioSelect,
            "effort": forms.RadioSelect,
            "went_well": forms.Textarea(attrs={"rows": 3}),
            "to_improve": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("attendance", "effort"):
            self.fields[name].choices = Rating.choices  # type: ignore[attr-defined]


class ConcernForm(forms.ModelForm):
    class Meta:
        model = Concern
        fields = ["kind", "note"]
        widgets = {"kind": forms.RadioSelect, "note": forms.Textarea(attrs={"rows": 3})}


class FollowUpForm(forms.Form):
    note = forms.CharField(
        label=_("What did the school do?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300)


class GroupActivityForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("What does the group do?"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    provider = forms.ModelChoiceField(label=_("Provider"), queryset=Provider.objects.none())
    start_date = forms.DateField(label=_("Start"), widget=DateInput)
    end_date = forms.DateField(label=_("End"), widget=DateInput)
    planned_hours = forms.IntegerField(
        label=_("Planned hours per participant"), min_value=1, max_value=200
    )
    class_name = forms.ChoiceField(label=_("Add a whole class"), required=False)

    def __init__(self, *args, providers, classes: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = providers  # type: ignore[attr-defined]
        self.fields["class_name"].choices = [("", "–"), *[(c, c) for c in classes]]  # type: ignore[attr-defined]

    def clean(self):
        data = super().clean() or {}
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date must not be before the start date."))
        return data


class GroupParticipantsForm(forms.Form):
    students = forms.ModelMultipleChoiceField(
        label=_("Students"),
        queryset=Student.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, students, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["students"].queryset = students  # type: ignore[attr-defined]
        self.fields["students"].label_from_instance = (  # type: ignore[attr-defined]
            lambda s: f"{s.user.get_full_name()} ({s.class_name})"
        )


class GroupSessionForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DateInput, validators=[not_in_future])
    hours = forms.DecimalField(
        label=_("Hours"),
        min_value=Decimal("0.25"),
        max_value=Decimal("12"),
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.25", "inputmode": "decimal"}),
    )
    description = forms.CharField(
        label=_("What did the group do?"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    participants = forms.ModelMultipleChoiceField(
        label=_("Present"),
        queryset=Internship.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, internships, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participants"].queryset = internships  # type: ignore[attr-defined]
        self.fields["participants"].label_from_instance = (  # type: ignore[attr-defined]
            lambda i: i.student.user.get_full_name()
        )
        if not self.is_bound:
            self.initial["participants"] = list(internships)
            self.initial["date"] = timezone.localdate()
