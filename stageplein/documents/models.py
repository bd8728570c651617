from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from stageplein.accounts.models import User
from stageplein.geo.models import Region
from stageplein.organisations.models import School


class Document(models.Model):
    """A document in the library of a region (kept by its brokers) or of a school (kept by its
    coordinators): the draaiboek, the providers' handbook, contract templates, leaflets
    (R-COM-1, R-COM-3). Files are versions; the newest is the current one."""

    class Category(models.TextChoices):
        AGREEMENT = "agreement", _("agreements (draaiboek)")
        HANDBOOK = "handbook", _("handbook")
        TEMPLATE = "template", _("contract template or form")
        LEAFLET = "leaflet", _("leaflet")
        PLAN = "plan", _("plan or report")
        OTHER = "other", _("other")

    class Visibility(models.TextChoices):
        ALL = "all", _("everyone in the region")
        SCHOOLS = "schools", _("schools only")
        BROKERS = "brokers", _("brokers only")

    region = models.ForeignKey(
        Region, on_delete=models.CASCADE, null=True, blank=True, related_name="documents"
    )
    school = models.ForeignKey(
        School, on_delete=models.CASCADE, null=True, blank=True, related_name="documents"
    )
    title = models.CharField(_("title"), max_length=150)
    description = models.TextField(_("description"), blank=True)
    category = models.CharField(
        _("kind"), max_length=20, choices=Category.choices, default=Category.OTHER
    )
    visibility = models.CharField(
        _("who may see it"), max_length=20, choices=Visibility.choices, default=Visibility.ALL
    )
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["category", "title"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        constraints = [
            models.CheckConstraint(
                name="document_region_xor_school",
                condition=Q(region__isnull=False, school__isnull=True)
                | Q(region__isnull=True, school__isnull=False),
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def library(self) -> Region | School:
        return self.region or self.school  # type: ignore[return-value]


def version_path(instance: "DocumentVersion", filename: str) -> str:
    # Outside any public URL: MEDIA_ROOT is never served, files go out through document_download.
    return f"private/documents/{instance.document_id}/{filename}"


class DocumentVersion(models.Model):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    file = models.FileField(upload_to=version_path, max_length=300)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("size"))
    note = models.CharField(_("what changed"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["document", "-number"]
        verbose_name = _("document version")
        verbose_name_plural = _("document versions")
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="documentversion_unique")
        ]

    def __str__(self) -> str:
        return f"{self.document} v{self.number}"
