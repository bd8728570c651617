"""The OpenAPI document (drf-spectacular): every operation lists the problem-detail answers
it can give, so that clients (and schemathesis) know every status code in advance."""

from __future__ import annotations

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from rest_framework import serializers
from rest_framework.permissions import AllowAny

from stageplein.api.problems import CONTENT_TYPE


class ProblemErrorSerializer(serializers.Serializer):
    pointer = serializers.CharField(help_text="JSON pointer (RFC 6901) into the request body.")
    detail = serializers.CharField()


class ProblemSerializer(serializers.Serializer):
    """RFC 9457 problem details."""

    type = serializers.CharField()
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField(allow_blank=True)
    instance = serializers.CharField(allow_blank=True)
    errors = ProblemErrorSerializer(many=True, required=False)

    class Meta:
        ref_name = "Problem"


class ProblemAutoSchema(AutoSchema):
    def _problem_codes(self) -> list[str]:
        codes = ["400", "404", "406", "429"]
        public = any(isinstance(p, AllowAny) for p in self.view.get_permissions())
        if not public:
            codes += ["401", "403"]
        if self.method in ("POST", "PUT", "PATCH"):
            codes += ["409", "413", "415", "422"]
        return codes

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        for code in self._problem_codes():
            if code not in responses:
                responses[code] = self._get_response_for_code(
                    ProblemSerializer, code, media_types=[CONTENT_TYPE], direction=direction
                )
        return responses


class BearerScheme(OpenApiAuthenticationExtension):
    target_class = "stageplein.api.auth.BearerAuthentication"
    name = "oauth2"

    def get_security_definition(self, auto_schema):
        return {
            "type": "oauth2",
            "description": "Client credentials of a school, broker or municipality system, or "
            "a personal access token (spat_…) sent as a bearer token.",
            "flows": {
                "clientCredentials": {
                    "tokenUrl": "/api/oauth/token/",
                    "scopes": {
                        "students:read": "read students",
                        "students:write": "create, update and mark students as left",
                        "hours:read": "read verified hours",
                        "hours:write": "submit hours on behalf of students",
                        "placements:read": "read placements and free seats",
                        "reactions:read": "read reactions and their state",
                        "internships:read": "read internships",
                        "aggregates:read": "read figures (never a person)",
                        "webhooks:manage": "manage webhook subscriptions",
                    },
                }
            },
        }


# Lists whose items open a detail operation: the OpenAPI links that let a client (and
# schemathesis's stateful run) follow an id from the list into the record.
LINKS = {
    "/api/v1/students/": ("/api/v1/students/{id}/", "/api/v1/students/{id}/leave/"),
    "/api/v1/placements/": ("/api/v1/placements/{id}/",),
    "/api/v1/reactions/": ("/api/v1/reactions/{id}/",),
    "/api/v1/internships/": ("/api/v1/internships/{id}/",),
}


def add_links(result, generator, request, public):
    """drf-spectacular postprocessing hook: ``links`` from each list to its detail operations."""
    paths = result.get("paths", {})
    for list_path, targets in LINKS.items():
        operation = paths.get(list_path, {}).get("get")
        if not operation:
            continue
        links = {}
        for target in targets:
            for target_operation in paths.get(target, {}).values():
                name = target_operation["operationId"]
                links[name] = {
                    "operationId": name,
                    "parameters": {"id": "$response.body#/results/0/id"},
                }
        operation["responses"]["200"]["links"] = links
    return result
