"""Own placements (zelf geregeld): a student or parent registers an internship they found; the
school approves or refuses it; approved, it is an ordinary internship whose hours count."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from stageplein.accounts.models import Membership, Role
from stageplein.internships.models import Contract, HourEntry, Internship, OwnPlacement
from stageplein.internships.progress import progress_of
from stageplein.internships.services import own_placement as services
from stageplein.internships.services.common import InternshipError
from stageplein.internships.tests.helpers import text
from stageplein.notifications.models import Notification
from stageplein.organisations.models import Provider, ReviewStatus
from tests.support.internships import sign_contract

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def form(**extra):
    today = timezone.localdate()
    return {
        "organisation_name": "Hockeyclub De Berkel",
        "organisation_address": "Sportpark 1, Zutphen",
        "organisation_postcode": "7202 AB",
        "kind": "organisation",
        "organisation_sector": "sport",
        "organisation_email": "info@deberkel.test",
        "title": "Jeugdtraining helpen",
        "tasks": "Pionnen zetten, oefeningen voordoen aan de jongste jeugd",
        "start_date": (today - datetime.timedelta(days=14)).isoformat(),
        "end_date": (today + datetime.timedelta(days=30)).isoformat(),
        "planned_hours": "20",
        "supervisor_name": "Tess Trainer",
        "supervisor_email": "Tess@DeBerkel.test",
        **extra,
    }


def register(client, **extra) -> OwnPlacement:
    response = client.post(reverse("own_placement_create"), form(**extra))
    assert response.status_code == 302, text(response)
    return OwnPlacement.objects.latest("pk")


def test_student_registers_at_a_new_club_the_mentor_approves_and_the_hours_count(client_as, world):
    student = client_as("student")
    assert "Hockeyclub" not in text(student.get(reverse("own_placement_list")))
    op = register(student)
    assert op.status == OwnPlacement.Status.SUBMITTED
    assert not Internship.objects.filter(title="Jeugdtraining helpen").exists()
    assert "Hockeyclub De Berkel" in text(client_as("mentor").get(reverse("own_placement_list")))

    mentor = client_as("mentor")
    mentor.post(reverse("own_placement_decide", args=[op.pk]), {"decision": "approve"})
    op.refresh_from_db()
    assert op.status == OwnPlacement.Status.APPROVED
    internship = op.internship
    assert internship is not None and internship.student == world.student
    # The club is on the platform now, but not yet reviewed: it offers nothing to others.
    assert internship.provider.name == "Hockeyclub De Berkel"
    assert internship.provider.review_status == ReviewStatus.PENDING
    assert internship.supervisor is not None
    # The supervisor is a person of the club, reached by links, without a password yet.
    assert internship.supervisor.email == "tess@deberkel.test"
    assert not internship.supervisor.has_usable_password()
    assert Membership.objects.filter(
        user=internship.supervisor, provider=internship.provider, role=Role.SUPERVISOR
    ).exists()
    assert Contract.objects.filter(internship=internship).exists()
    page = student.get(reverse("own_placement_detail", args=[op.pk])).content.decode()
    assert f'href="{reverse("internship_detail", args=[internship.pk])}"' in page

    # From here it is an ordinary internship: a signed contract, logged and confirmed hours.
    sign_contract(internship)
    before = progress_of(world.student).done
    student.post(
        reverse("hours_submit", args=[internship.pk]),
        {
            "date": (timezone.localdate() - datetime.timedelta(days=1)).isoformat(),
            "hours": "3",
            "description": "Training gegeven",
            "submission_key": "7f1a3c5e-0000-4000-8000-000000000001",
        },
    )
    entry = HourEntry.objects.get(internship=internship)
    from stageplein.internships.services import hour_entry_verify

    assert hour_entry_verify(entry=entry, by=internship.supervisor, method="platform")
    assert progress_of(world.student).done == before + Decimal(3)


def test_parent_registers_at_an_existing_organisation_without_a_new_provider(client_as, world):
    providers = Provider.objects.count()
    op = register(client_as("parent"), provider=str(world.provider.pk), organisation_name="")
    assert op.provider == world.provider and op.registered_by == world.users["parent"]
    client_as("coordinator").post(
        reverse("own_placement_decide", args=[op.pk]), {"decision": "approve"}
    )
    op.refresh_from_db()
    assert op.internship is not None and op.internship.provider == world.provider
    assert Provider.objects.count() == providers


def test_the_school_refuses_with_a_reason_the_student_reads(client_as, world):
    op = register(client_as("student"))
    mentor = client_as("mentor")
    mentor.post(reverse("own_placement_decide", args=[op.pk]), {"decision": "refuse"})
    op.refresh_from_db()
    assert op.status == OwnPlacement.Status.SUBMITTED  # no reason, no refusal
    mentor.post(
        reverse("own_placement_decide", args=[op.pk]),
        {"decision": "refuse", "reason": "Geen begeleider boven de 18"},
    )
    op.refresh_from_db()
    assert op.status == OwnPlacement.Status.REFUSED and op.internship is None
    page = text(client_as("student").get(reverse("own_placement_detail", args=[op.pk])))
    assert "Geen begeleider boven de 18" in page


def test_a_second_decision_changes_nothing(client_as, world):
    op = register(client_as("student"))
    coordinator = client_as("coordinator")
    coordinator.post(reverse("own_placement_decide", args=[op.pk]), {"decision": "approve"})
    coordinator.post(
        reverse("own_placement_decide", args=[op.pk]), {"decision": "refuse", "reason": "Toch niet"}
    )
    op.refresh_from_db()
    assert op.status == OwnPlacement.Status.APPROVED
    assert Internship.objects.filter(own_placement=op).count() == 1


def test_implausible_hours_and_reversed_dates_get_a_clear_message(client_as, world):
    student = client_as("student")
    today = timezone.localdate()
    page = text(
        student.post(
            reverse("own_placement_create"),
            form(start_date=today.isoformat(), end_date=today.isoformat(), planned_hours="12"),
        )
    )
    assert "12 hours in 1 days" in page or "12 uur" in page
    page = text(
        student.post(
            reverse("own_placement_create"),
            form(
                start_date=today.isoformat(),
                end_date=(today - datetime.timedelta(days=3)).isoformat(),
            ),
        )
    )
    assert not OwnPlacement.objects.exists()


def test_a_new_organisation_needs_a_name_and_sector(world):
    with pytest.raises(InternshipError):
        services.own_placement_register(
            student=world.student,
            by=world.users["student"],
            title="Iets",
            tasks="Iets doen",
            start_date=timezone.localdate(),
            end_date=timezone.localdate(),
            planned_hours=4,
            supervisor_name="A B",
            supervisor_email="a@b.test",
            organisation_name="Zonder sector",
        )


def test_another_schools_coordinator_and_the_provider_do_not_see_it(client_as, world):
    op = register(client_as("student"))
    for role in ("other_coordinator", "provider_contact", "broker"):
        response = client_as(role).get(reverse("own_placement_detail", args=[op.pk]))
        assert response.status_code == 404, role


def test_the_school_rules_decide_whether_and_how_long_an_own_placement_may_be(client_as, world):
    coordinator = client_as("coordinator")
    response = coordinator.post(
        reverse("school_profile", args=[world.school.pk]),
        {"own_placement_min_hours": "30", "requires_parent_signature_until_age": "16"},
    )
    assert response.status_code == 302
    world.school.refresh_from_db()
    assert not world.school.own_placements_allowed
    refused = client_as("student").post(reverse("own_placement_create"), form())
    assert "staat geen zelf geregelde" in text(refused)

    world.school.own_placements_allowed = True
    world.school.save()
    short = client_as("student").post(reverse("own_placement_create"), form())
    assert "minstens 30 uur" in text(short)
    assert not OwnPlacement.objects.exists()
    register(client_as("student"), planned_hours="30")


def _told(user, kind: str) -> list[str]:
    told = Notification.objects.filter(recipient=user, kind=kind)
    return list(told.values_list("url", flat=True))


def test_the_mentor_is_told_of_a_registration_and_the_student_and_parent_of_the_decision(
    client_as, world
):
    op = register(client_as("student"))
    detail = reverse("own_placement_detail", args=[op.pk])
    assert _told(world.users["mentor"], "own_placement_submitted") == [detail]
    # The mentor decides for their own student: the coordinators are not disturbed.
    assert _told(world.users["coordinator"], "own_placement_submitted") == []
    client_as("mentor").post(reverse("own_placement_decide", args=[op.pk]), {"decision": "approve"})
    for person in ("student", "parent"):
        assert _told(world.users[person], "own_placement_decided") == [detail]


def test_without_a_mentor_the_coordinators_are_told(client_as, world):
    world.student.mentor = None
    world.student.save(update_fields=["mentor"])
    op = register(client_as("student"), title="Tweede club")
    assert _told(world.users["coordinator"], "own_placement_submitted") == [
        reverse("own_placement_detail", args=[op.pk])
    ]


def test_a_refusal_reaches_the_student_too(client_as, world):
    op = register(client_as("student"))
    client_as("mentor").post(
        reverse("own_placement_decide", args=[op.pk]),
        {"decision": "refuse", "reason": "Geen begeleider boven de 18"},
    )
    titles = Notification.objects.filter(
        recipient=world.users["student"], kind="own_placement_decided"
    ).values_list("title", flat=True)
    assert list(titles) == ["De school heeft de zelf geregelde stage niet goedgekeurd"]


def test_a_place_in_another_region_needs_the_schools_permission(client_as, world):
    student = client_as("student")
    elsewhere = form(organisation_postcode="3511", organisation_address="Oudegracht 1, Utrecht")
    refused = text(student.post(reverse("own_placement_create"), elsewhere))
    assert "alleen in de eigen regio" in refused or "only in its own region" in refused
    assert not OwnPlacement.objects.exists()

    world.school.own_placements_outside_region = True
    world.school.save(update_fields=["own_placements_outside_region"])
    op = register(student, **elsewhere)
    client_as("mentor").post(reverse("own_placement_decide", args=[op.pk]), {"decision": "approve"})
    op.refresh_from_db()
    # The organisation is where it is, not where the school is.
    assert op.provider is not None and op.provider.municipality.name == "Utrecht"


def test_a_project_of_the_students_own_club_counts_only_where_the_school_says_so(client_as, world):
    world.school.own_projects_allowed = False
    world.school.save(update_fields=["own_projects_allowed"])
    student = client_as("student")
    refused = text(student.post(reverse("own_placement_create"), form(kind="project")))
    assert "eigen club of hobby" in refused or "own club or hobby" in refused
    assert register(student, kind="organisation").kind == OwnPlacement.Kind.ORGANISATION


def test_dates_in_a_school_year_that_is_over_get_a_clear_message(client_as, world):
    last_year = timezone.localdate() - datetime.timedelta(days=400)
    page = text(
        client_as("student").post(
            reverse("own_placement_create"),
            form(
                start_date=last_year.isoformat(),
                end_date=(last_year + datetime.timedelta(days=20)).isoformat(),
            ),
        )
    )
    assert "schooljaar dat voorbij is" in page or "school year that is over" in page
    assert not OwnPlacement.objects.exists()
