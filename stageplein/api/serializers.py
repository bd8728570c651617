"""What the API hands out and accepts. Writes are checked by the services' own rules (the
import's row checks, the hours' date rules); these serializers only shape and type the data and
refuse fields they do not know."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from stageplein.applications.models import Application
from stageplein.internships.models import Internship, PlannedSession
from stageplein.organisations.models import Level
from stageplein.placements.models import Placement
from stageplein.students.models import Student

MAX_BULK = 5000


class Strict(serializers.Serializer):
    """Unknown fields are an error: a typo must not be silently dropped."""

    def to_internal_value(self, data):
        if isinstance(data, dict):
            unknown = set(data) - set(self.fields)
            if unknown:
                raise serializers.ValidationError(
                    {key: [_("Unknown field.")] for key in sorted(unknown)}
                )
        return super().to_internal_value(data)


class StudentOut(serializers.ModelSerializer):
    first_name = serializers.CharField(source="user.first_name")
    last_name = serializers.CharField(source="user.last_name")
    email = serializers.EmailField(source="user.email", allow_null=True)
    school = serializers.CharField(source="school.brin", help_text="The school's BRIN code.")
    postcode = serializers.CharField(source="home_postcode_id", allow_null=True)

    class Meta:
        model = Student
        fields = (
            "id",
            "school",
            "student_number",
            "first_name",
            "last_name",
            "email",
            "level",
            "year",
            "class_name",
            "date_of_birth",
            "postcode",
            "cohort",
            "left_on",
        )


class StudentRowIn(Strict):
    """One student as the school system has it; the same fields and rules as the file import
    (imports/fields.py): dates as YYYY-MM-DD or DD-MM-YYYY, level as vmbo/havo/vwo/pro or the
    systems' own words."""

    student_number = serializers.CharField(max_length=20)
    first_name = serializers.CharField(max_length=150)
    infix = serializers.CharField(max_length=50, required=False, allow_blank=True)
    last_name = serializers.CharField(max_length=150)
    date_of_birth = serializers.CharField(max_length=30)
    level = serializers.CharField(max_length=50)
    year = serializers.CharField(max_length=2, required=False, allow_blank=True)
    class_name = serializers.CharField(max_length=20, required=False, allow_blank=True)
    email = serializers.CharField(max_length=254, required=False, allow_blank=True)
    parent_email = serializers.CharField(max_length=254, required=False, allow_blank=True)
    postcode = serializers.CharField(max_length=10, required=False, allow_blank=True)


class StudentBulkIn(Strict):
    school = serializers.CharField(
        max_length=4,
        required=False,
        help_text="BRIN code; needed only when the caller serves more than one school.",
    )
    dry_run = serializers.BooleanField(default=False)
    students = StudentRowIn(many=True, allow_empty=False, max_length=MAX_BULK)


class StudentBulkOut(serializers.Serializer):
    applied = serializers.BooleanField()
    new = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    returned = serializers.IntegerField()
    guardians_added = serializers.IntegerField()


class StudentLeaveIn(Strict):
    left_on = serializers.DateField(required=False, help_text="Defaults to today.")


class PeriodOut(serializers.Serializer):
    id = serializers.IntegerField()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    hours = serializers.IntegerField()
    schedule = serializers.CharField()
    capacity = serializers.IntegerField()
    free = serializers.IntegerField(help_text="Seats not yet held by a reaction.")


class PlacementOut(serializers.ModelSerializer):
    provider = serializers.CharField(source="provider.name")
    sector = serializers.CharField(source="sector_id")
    postcode = serializers.CharField(source="postcode_id")
    levels = serializers.SerializerMethodField()
    periods = serializers.SerializerMethodField()

    class Meta:
        model = Placement
        fields = (
            "id",
            "title",
            "provider",
            "sector",
            "postcode",
            "status",
            "kind",
            "min_age",
            "levels",
            "tasks",
            "guidance",
            "periods",
        )

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_levels(self, placement: Placement) -> list[str]:
        flags = {
            Level.VMBO: placement.level_vmbo,
            Level.HAVO: placement.level_havo,
            Level.VWO: placement.level_vwo,
            Level.PRO: placement.level_pro,
        }
        return [level.value for level, on in flags.items() if on]

    @extend_schema_field(PeriodOut(many=True))
    def get_periods(self, placement: Placement) -> list:
        periods = self.context.get("periods", {}).get(placement.pk, [])
        return list(PeriodOut(periods, many=True).data)


class ReactionOut(serializers.ModelSerializer):
    student = serializers.IntegerField(source="student_id")
    placement = serializers.IntegerField(source="placement_id")
    period = serializers.IntegerField(source="period_id")

    class Meta:
        model = Application
        fields = (
            "id",
            "student",
            "placement",
            "period",
            "status",
            "submitted_side",
            "submitted_at",
            "decided_at",
            "approved_at",
            "withdrawn_at",
        )


@extend_schema_field({"type": "string", "pattern": "^[0-2][0-9]:[0-5][0-9]$", "example": "14:00"})
class LocalTime(serializers.TimeField):
    """A wall-clock time in the Netherlands ("14:00"): RFC 3339's "time" needs an offset."""

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


class PlannedSessionOut(serializers.ModelSerializer):
    start_time = LocalTime()
    end_time = LocalTime()

    class Meta:
        model = PlannedSession
        fields = ("date", "start_time", "end_time", "place")


class InternshipOut(serializers.ModelSerializer):
    student = serializers.IntegerField(source="student_id")
    provider = serializers.CharField(source="provider.name")
    contract_signed = serializers.SerializerMethodField()
    sessions = PlannedSessionOut(many=True, read_only=True)

    class Meta:
        model = Internship
        fields = (
            "id",
            "student",
            "provider",
            "title",
            "kind",
            "status",
            "start_date",
            "end_date",
            "planned_hours",
            "contract_signed",
            "contract_signed_at",
            "sessions",
        )

    def get_contract_signed(self, internship: Internship) -> bool:
        return internship.contract_signed_at is not None


class StudentHoursOut(serializers.Serializer):
    student = serializers.IntegerField()
    student_number = serializers.CharField()
    school = serializers.CharField(help_text="BRIN code")
    school_year = serializers.IntegerField(help_text="The calendar year the school year starts")
    verified_hours = serializers.DecimalField(
        max_digits=8,
        decimal_places=2,
        coerce_to_string=False,
        help_text="Hours that count (verified, signed contract) with a date in the school year.",
    )
    total_verified_hours = serializers.DecimalField(
        max_digits=8, decimal_places=2, coerce_to_string=False
    )
    certificate = serializers.CharField(allow_null=True, help_text="Code of the valid certificate")


class HourEntryIn(Strict):
    internship = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    date = serializers.DateField()
    hours = serializers.DecimalField(
        max_digits=4, decimal_places=2, min_value=Decimal("0.25"), max_value=Decimal("12")
    )
    description = serializers.CharField(max_length=2000)


class HourEntryOut(serializers.Serializer):
    id = serializers.IntegerField()
    internship = serializers.IntegerField(source="internship_id")
    date = serializers.DateField()
    hours = serializers.DecimalField(max_digits=4, decimal_places=2, coerce_to_string=False)
    description = serializers.CharField()
    status = serializers.CharField()


class CertificateOut(serializers.Serializer):
    code = serializers.CharField()
    valid = serializers.BooleanField()
    student_name = serializers.CharField()
    school_name = serializers.CharField()
    hours = serializers.DecimalField(max_digits=6, decimal_places=2, coerce_to_string=False)
    issued_at = serializers.DateTimeField()
    revoked_at = serializers.DateTimeField(allow_null=True)


class MunicipalityFiguresOut(serializers.Serializer):
    municipality = serializers.CharField()
    students = serializers.IntegerField()
    reached = serializers.IntegerField()
    with_hours = serializers.IntegerField()
    hours = serializers.DecimalField(max_digits=12, decimal_places=2, coerce_to_string=False)
    providers = serializers.IntegerField()
    placements = serializers.IntegerField()
    by_status = serializers.DictField(child=serializers.IntegerField())


class SchoolYearRowOut(serializers.Serializer):
    school = serializers.CharField(help_text="BRIN code")
    name = serializers.CharField()
    municipality = serializers.CharField()
    school_year = serializers.IntegerField()
    students = serializers.IntegerField()
    students_with_hours = serializers.IntegerField()
    verified_hours = serializers.DecimalField(
        max_digits=12, decimal_places=2, coerce_to_string=False
    )
    certificates = serializers.IntegerField()
