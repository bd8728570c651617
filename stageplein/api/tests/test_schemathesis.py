"""Schemathesis against the live test server: every operation of the OpenAPI document, with
generated (valid and invalid) input, as a client of each kind. No response may be a server
error, and every response must match the document (status code, content type, body schema).
Examples are bounded (SCHEMATHESIS_EXAMPLES, default 5) to keep the suite fast; the stateful
run follows the document's links (a list's ids into the detail operations)."""

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import checks

from stageplein.api import services
from stageplein.api.access import ALL_SCOPES, scopes_for_kind
from stageplein.api.tests.conftest import token_for

EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "5"))
CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
]


def _callers(world) -> dict[str, str]:
    """A bearer token per kind of caller: a school, a broker, a municipality and a national
    system, and the personal token of a national viewer."""
    tokens = {}
    for kind, owner_id in (
        ("school", world.school.pk),
        ("broker", world.broker.pk),
        ("municipality", world.municipality.pk),
    ):
        issued = services.api_client_create(
            by=world.users["admin"],
            name=kind,
            kind=kind,
            owner_id=owner_id,
            scopes=list(scopes_for_kind(kind)),
        )
        tokens[kind] = token_for(issued.client_id, issued.client_secret)
    national = services.api_client_create(
        by=world.users["national"],
        name="national",
        kind="national",
        owner_id=0,
        scopes=list(scopes_for_kind("national")),
    )
    tokens["national"] = token_for(national.client_id, national.client_secret)
    _, tokens["national viewer"] = services.personal_token_create(
        user=world.users["national"], name="monitor", scopes=sorted(ALL_SCOPES)
    )
    return tokens


@pytest.fixture
def live_api(live_server, transactional_world, settings):
    settings.SITE_ROOT = live_server.url
    settings.API_ANONYMOUS_RATE = 100_000
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/v1/schema/")
    return schema, live_server.url, _callers(transactional_world)


def test_no_operation_answers_a_server_error_or_breaks_the_document(live_api):
    schema, base_url, callers = live_api
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 15
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
            database=None,
        )
        def run(case):
            for token in callers.values():
                case.call_and_validate(
                    base_url=base_url,
                    headers={"Authorization": f"Bearer {token}"},
                    checks=CHECKS,
                )

        run()


def test_stateful_runs_follow_the_links_without_a_server_error(live_api):
    schema, base_url, callers = live_api
    machine = schema.as_state_machine()
    for token in callers.values():

        class Authorised(machine):  # type: ignore[valid-type, misc]
            bearer = f"Bearer {token}"

            def get_call_kwargs(self, case):
                return {"base_url": base_url, "headers": {"Authorization": self.bearer}}

            def validate_response(self, response, case, **kwargs):
                case.validate_response(response, checks=CHECKS)

        Authorised.run(
            settings=settings(
                max_examples=max(2, EXAMPLES // 2),
                stateful_step_count=4,
                deadline=None,
                suppress_health_check=list(HealthCheck),
                derandomize=True,
                database=None,
            )
        )
