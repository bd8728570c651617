"""A coordinator resets a mentor's second factor, an administrator a coordinator's; each reset
leaves an audit entry."""

from allauth.mfa.models import Authenticator
from auditlog.models import LogEntry
from django.urls import reverse

from stageplein.accounts.models import Membership, Role
from tests.support.people import make_user


def give_factor(user):
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "x"})
    Authenticator.objects.create(user=user, type=Authenticator.Type.RECOVERY_CODES, data={})


def test_a_coordinator_resets_their_mentors_second_factor_with_an_audit_entry(world, client_as):
    mentor = world.users["mentor"]
    give_factor(mentor)
    response = client_as("coordinator").post(reverse("second_factor_reset", args=[mentor.pk]))
    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=mentor).exists()
    entry = LogEntry.objects.get_for_object(mentor).latest("timestamp")
    assert entry.actor == world.users["coordinator"]
    assert entry.changes["second_factor"] == ["set up", "reset"]


def test_the_team_page_offers_the_reset_for_mentors_only(world, client_as):
    page = client_as("coordinator").get(reverse("school_staff", args=[world.school.pk]))
    html = page.content.decode()
    assert reverse("second_factor_reset", args=[world.users["mentor"].pk]) in html
    assert reverse("second_factor_reset", args=[world.users["coordinator"].pk]) not in html


def test_a_coordinator_cannot_reset_another_coordinator(world, client_as):
    colleague = make_user("collega@school.test")
    Membership.objects.create(user=colleague, role=Role.COORDINATOR, school=world.school)
    give_factor(colleague)
    response = client_as("coordinator").post(reverse("second_factor_reset", args=[colleague.pk]))
    assert response.status_code == 404
    assert Authenticator.objects.filter(user=colleague).count() == 2


def test_a_coordinator_cannot_reset_a_mentor_who_is_also_a_broker(world, client_as):
    mentor = world.users["mentor"]
    Membership.objects.create(user=mentor, role=Role.BROKER, broker=world.broker)
    give_factor(mentor)
    response = client_as("coordinator").post(reverse("second_factor_reset", args=[mentor.pk]))
    assert response.status_code == 404


def test_another_schools_coordinator_cannot_reset_our_mentor(world, client_as):
    mentor = world.users["mentor"]
    give_factor(mentor)
    response = client_as("other_coordinator").post(reverse("second_factor_reset", args=[mentor.pk]))
    assert response.status_code == 404
    assert Authenticator.objects.filter(user=mentor).exists()


def test_an_administrator_resets_a_coordinators_second_factor(world, client_as):
    coordinator = world.users["coordinator"]
    give_factor(coordinator)
    client_as("admin").post(reverse("second_factor_reset", args=[coordinator.pk]))
    assert not Authenticator.objects.filter(user=coordinator).exists()
    entry = LogEntry.objects.get_for_object(coordinator).latest("timestamp")
    assert entry.actor == world.users["admin"]


def test_nobody_resets_their_own_here(world, client_as):
    response = client_as("admin").post(
        reverse("second_factor_reset", args=[world.users["admin"].pk])
    )
    assert response.status_code == 404
