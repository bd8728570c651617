"""The webhooks in the OpenAPI 3.1 document (its ``webhooks`` section, drf-spectacular's
SPECTACULAR_SETTINGS["WEBHOOKS"]): one entry per event, the body a receiver gets."""

from __future__ import annotations

from drf_spectacular.utils import (
    OpenApiResponse,
    OpenApiWebhook,
    extend_schema,
    extend_schema_field,
)
from rest_framework import serializers

from stageplein.api.models import WebhookEventKind
from stageplein.api.serializers import (
    CertificateOut,
    HourEntryOut,
    InternshipOut,
    PlacementOut,
    ReactionOut,
)

HEADERS = (
    "Every delivery is a POST with `Content-Type: application/json` and the Standard Webhooks "
    "headers `webhook-id` (the event id, also in the body: deduplicate by it; a retry or a "
    "replay sends the same id), `webhook-timestamp` (seconds since 1970) and "
    "`webhook-signature` (`v1,` + base64 of HMAC-SHA256 over `{webhook-id}.{webhook-timestamp}."
    "{body}` with the base64-decoded part of your `whsec_…` secret after the prefix). Answer "
    "2xx within 10 seconds; anything else is retried with back-off (30 s doubling to 6 h, 10 "
    "attempts); 25 failures in a row switch the webhook off and its owner is e-mailed."
)


class _Student(serializers.Serializer):
    student = serializers.IntegerField()
    student_number = serializers.CharField()
    school = serializers.CharField(help_text="BRIN code")


class HoursVerifiedData(HourEntryOut, _Student):
    pass


class CertificateIssuedData(CertificateOut, _Student):
    pass


class TestEventData(serializers.Serializer):
    subscription = serializers.IntegerField()
    message = serializers.CharField()


def _event(
    kind: WebhookEventKind, data: type[serializers.Serializer], summary: str
) -> OpenApiWebhook:
    @extend_schema_field({"type": "string", "const": kind.value})
    class KindField(serializers.CharField):
        pass

    name = "".join(part.title() for part in kind.value.replace(".", "_").split("_")) + "Event"
    envelope = type(
        name,
        (serializers.Serializer,),
        {
            "id": serializers.CharField(help_text="The event id (`evt_…`), = webhook-id."),
            "type": KindField(),
            "timestamp": serializers.DateTimeField(help_text="When it happened."),
            "data": data(help_text="The record as the API's own endpoint returns it."),
        },
    )
    return OpenApiWebhook(
        name=kind.value,
        decorator=extend_schema(
            summary=summary,
            description=HEADERS,
            request=envelope,
            responses={200: OpenApiResponse(description="Received (any 2xx will do).")},
        ),
    )


hours_verified = _event(
    WebhookEventKind.HOURS_VERIFIED,
    HoursVerifiedData,
    "A provider verified hours (scope hours:read)",
)
certificate_issued = _event(
    WebhookEventKind.CERTIFICATE_ISSUED,
    CertificateIssuedData,
    "A student reached the norm and got the certificate (scope hours:read)",
)
internship_completed = _event(
    WebhookEventKind.INTERNSHIP_COMPLETED,
    InternshipOut,
    "The school completed an internship (scope internships:read)",
)
placement_published = _event(
    WebhookEventKind.PLACEMENT_PUBLISHED,
    PlacementOut,
    "A placement was published (scope placements:read)",
)
placement_closed = _event(
    WebhookEventKind.PLACEMENT_CLOSED,
    PlacementOut,
    "A placement was closed (scope placements:read)",
)
reaction_decided = _event(
    WebhookEventKind.REACTION_DECIDED,
    ReactionOut,
    "A provider accepted or declined a reaction, or the school approved it (reactions:read)",
)
test_event = _event(WebhookEventKind.TEST, TestEventData, "The owner's “send test event” button")
