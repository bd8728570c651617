"""Issue 15's new pages in English on a 360 px phone, every page through axe (WCAG 2.0-2.2 A
and AA): the broker reads the reviewers' list with a waiting first placement, opens the
placement's review page and the merge page of an organisation; a student opens the own
placement form. The language is switched the way a person does it, through the menu."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from e2e.conftest import open_menu
from e2e.test_school_staff import person, visit
from stageplein.accounts.models import Role, User
from stageplein.geo.models import PostcodeArea
from stageplein.organisations import services as organisations
from stageplein.organisations.models import ProviderSignup, Sector
from stageplein.placements.models import PlacementReview
from stageplein.placements.services import placement_publish
from tests.support.placements import make_period, make_placement

pytestmark = pytest.mark.django_db(transaction=True)


def in_english(page: Page) -> None:
    open_menu(page)
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")


def test_the_review_merge_and_own_placement_pages_in_english_on_a_phone(
    browser, live_server, transactional_world
):
    world = transactional_world
    signup = organisations.provider_signup(
        name="Stichting De Hoven",
        kind="foundation",
        sector=Sector.objects.get(pk="sport"),
        postcode=PostcodeArea.objects.get(pk="7201"),
        address="Speeltuinweg 3",
        description="Een speeltuin voor de buurt",
        contact_name="Ria Speel",
        contact_email="ria@dehoven.test",
        motivation="Zomerspelen, onder leiding van twee vrijwilligers.",
    )
    ProviderSignup.objects.filter(pk=signup.pk).update(email_confirmed_at=timezone.now())
    provider = signup.provider
    organisations.provider_review(provider=provider, by=world.users["broker"], approve=True)
    contact = User.objects.get(
        memberships__provider=provider, memberships__role=Role.PROVIDER_CONTACT
    )
    placement = make_placement(provider, title="Zomerspelen begeleiden", pc4="7201", status="draft")
    make_period(placement)
    assert placement_publish(placement=placement, by=contact).review == PlacementReview.WAITING

    broker = person(browser, live_server, world.users["broker"].email)
    in_english(broker)
    broker.goto("/stagebieders/beoordelen/")
    expect(broker.get_by_role("heading", name="Organisations to review", level=1)).to_be_visible()
    expect(broker.get_by_role("heading", name="First placements to review")).to_be_visible()
    visit(broker)
    broker.get_by_role("link", name="Zomerspelen begeleiden").click()
    expect(broker.get_by_role("heading", name="Zomerspelen begeleiden", level=1)).to_be_visible()
    expect(broker.get_by_role("heading", name="Check")).to_be_visible()
    visit(broker)

    broker.goto(f"/stagebieders/{provider.pk}/samenvoegen/")
    expect(
        broker.get_by_role("heading", name="Merge a duplicate organisation", level=1)
    ).to_be_visible()
    visit(broker)

    student = person(browser, live_server, world.users["student"].email)
    in_english(student)
    student.goto("/zelf-geregeld/nieuw/")
    expect(
        student.get_by_role("heading", name="Register an own placement", level=1)
    ).to_be_visible()
    visit(student)
