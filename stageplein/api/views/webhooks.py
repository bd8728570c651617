"""A system manages its own webhooks through the API (scope ``webhooks:manage``): list, add
(the secret is in the answer, once), read, delete, its deliveries, a test event, a replay. A
webhook belongs to a connected system (an OAuth2 client), so a personal token or a browser
session gets 403 here: people use the API keys page (docs/api.md, Webhooks)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from stageplein.api.base import ApiView, PolledList
from stageplein.api.models import (
    ApiScope,
    WebhookDelivery,
    WebhookSubscription,
)
from stageplein.api.problems import Unprocessable
from stageplein.api.serializers import Strict
from stageplein.api.webhooks import services
from stageplein.api.webhooks.events import KINDS

EVENT_CHOICES = [(k, k) for k in KINDS]


class WebhookIn(Strict):
    url = serializers.URLField(max_length=500, help_text="https address that receives events")
    events = serializers.ListField(
        child=serializers.ChoiceField(choices=EVENT_CHOICES),
        min_length=1,
        max_length=len(EVENT_CHOICES),
    )


class WebhookOut(serializers.ModelSerializer):
    events = serializers.ListField(child=serializers.CharField())
    active = serializers.BooleanField()

    class Meta:
        model = WebhookSubscription
        fields: tuple[str, ...] = (
            "id",
            "url",
            "events",
            "active",
            "created_at",
            "disabled_at",
            "failures_in_a_row",
        )


class WebhookCreatedOut(WebhookOut):
    secret = serializers.CharField(help_text="whsec_…: sign-check key, shown only now")

    class Meta(WebhookOut.Meta):
        fields = (*WebhookOut.Meta.fields, "secret")


class AttemptOut(serializers.Serializer):
    number = serializers.IntegerField()
    at = serializers.DateTimeField()
    status_code = serializers.IntegerField(allow_null=True)
    response_body = serializers.CharField(help_text="The first 4 KB of the answer.")
    error = serializers.CharField()
    duration_ms = serializers.IntegerField()


class DeliveryOut(serializers.ModelSerializer):
    event = serializers.SerializerMethodField()
    type = serializers.CharField(source="event.kind")
    attempt_log = AttemptOut(many=True, read_only=True)

    class Meta:
        model = WebhookDelivery
        fields = (
            "id",
            "event",
            "type",
            "status",
            "attempts",
            "next_attempt_at",
            "delivered_at",
            "created_at",
            "attempt_log",
        )

    def get_event(self, delivery: WebhookDelivery) -> str:
        return str(delivery.event.payload.get("id", ""))


class _Own(ApiView):
    read_scope = ApiScope.WEBHOOKS_MANAGE
    write_scope = ApiScope.WEBHOOKS_MANAGE

    def own(self):
        client = self.caller.client
        if client is None:
            raise PermissionDenied(
                _("Webhooks belong to a connected system: use its token, or the API keys page.")
            )
        return WebhookSubscription.objects.filter(client=client).select_related("client")

    def one(self, pk: int) -> WebhookSubscription:
        return get_object_or_404(self.own(), pk=pk)


class WebhookList(_Own):
    """At most 10 per system: one plain list, no pages."""

    serializer_class = WebhookOut
    queryset = WebhookSubscription.objects.none()
    pagination_class = None

    @extend_schema(responses={200: WebhookOut(many=True)})
    def get(self, request: Request) -> Response:
        return Response(WebhookOut(self.own().order_by("pk"), many=True).data)

    @extend_schema(request=WebhookIn, responses={201: WebhookCreatedOut})
    def post(self, request: Request) -> Response:
        self.own()
        payload = WebhookIn(data=request.data)
        payload.is_valid(raise_exception=True)
        client = self.caller.client
        assert client is not None
        try:
            subscription, secret = services.subscription_create(
                client=client,
                url=payload.validated_data["url"],
                events=payload.validated_data["events"],
                by=self.caller.actor,
            )
        except services.WebhookError as exc:
            raise Unprocessable(str(exc)) from None
        subscription.secret = secret
        return Response(WebhookCreatedOut(subscription).data, status=201)


class WebhookDetail(_Own):
    serializer_class = WebhookOut
    queryset = WebhookSubscription.objects.none()

    def get(self, request: Request, pk: int) -> Response:
        return Response(WebhookOut(self.one(pk)).data)

    @extend_schema(responses={204: None})
    def delete(self, request: Request, pk: int) -> Response:
        services.subscription_delete(subscription=self.one(pk))
        return Response(status=204)


class WebhookDeliveries(PolledList, _Own):
    """The delivery log, newest first."""

    serializer_class = DeliveryOut
    model = WebhookDelivery

    def scoped(self):
        subscription = self.one(self.kwargs["pk"])
        return (
            WebhookDelivery.objects.filter(subscription=subscription)
            .select_related("event")
            .prefetch_related("attempt_log")
        )

    def paginate_queryset(self, queryset):
        self.paginator.ordering = "-pk"
        return super().paginate_queryset(queryset)


class WebhookTest(_Own):
    serializer_class = DeliveryOut
    queryset = WebhookSubscription.objects.none()

    @extend_schema(request=None, responses={202: DeliveryOut})
    def post(self, request: Request, pk: int) -> Response:
        delivery = services.test_event_send(subscription=self.one(pk))
        return Response(DeliveryOut(delivery).data, status=202)


class WebhookReplay(_Own):
    serializer_class = DeliveryOut
    queryset = WebhookSubscription.objects.none()

    @extend_schema(
        request=None,
        responses={202: OpenApiResponse(DeliveryOut, description="Queued, with the same id.")},
    )
    def post(self, request: Request, pk: int, delivery: int) -> Response:
        found = get_object_or_404(
            WebhookDelivery.objects.select_related("event"),
            pk=delivery,
            subscription=self.one(pk),
        )
        services.delivery_replay(delivery=found)
        found.refresh_from_db()
        return Response(DeliveryOut(found).data, status=202)
