"""{% load access %} offers every app's may_* predicates, and a template gets the same answer
as the view that asks the access module directly."""

import pytest
from django.template import Context, Template

from stageplein.accounts.access import get_scope
from stageplein.accounts.templatetags.access import predicates
from stageplein.core.discovery import app_modules
from stageplein.mailings.access import may_send_mailings
from stageplein.organisations.access import may_edit_provider

pytestmark = pytest.mark.django_db


def test_every_predicate_of_every_access_module_is_a_filter():
    expected = {
        name
        for module in app_modules("access")
        for name, value in vars(module).items()
        if name.startswith("may_") and getattr(value, "__module__", None) == module.__name__
    }
    assert {"may_send_mailings", "may_edit_provider", "may_list_students"} <= expected
    assert set(predicates()) == expected


@pytest.mark.parametrize("role", ["coordinator", "broker", "student", "provider_contact"])
def test_a_template_answers_as_the_access_module(world, role):
    scope = get_scope(world.users[role])
    provider = world.provider
    rendered = Template(
        "{% load access %}{{ scope|may_send_mailings }} {{ scope|may_edit_provider:provider }}"
    ).render(Context({"scope": scope, "provider": provider}))
    assert rendered == f"{may_send_mailings(scope)} {may_edit_provider(scope, provider)}"


def test_the_answers_differ_by_role(world):
    """A positive control: the filters do not answer the same for everybody."""
    template = Template("{% load access %}{{ scope|may_send_mailings }}")
    answers = {
        role: template.render(Context({"scope": get_scope(world.users[role])}))
        for role in ("coordinator", "student")
    }
    assert answers == {"coordinator": "True", "student": "False"}
    edit = Template("{% load access %}{{ scope|may_edit_provider:provider }}")
    assert (
        edit.render(
            Context(
                {"scope": get_scope(world.users["provider_contact"]), "provider": world.provider}
            )
        )
        == "True"
    )
    assert (
        edit.render(
            Context(
                {
                    "scope": get_scope(world.users["other_provider_contact"]),
                    "provider": world.provider,
                }
            )
        )
        == "False"
    )
