"""Finding 8 of issue 13: the rules where scopes used to disagree."""

import datetime

from django.urls import reverse
from django.utils import timezone

from stageplein.accounts.models import Membership, Role
from stageplein.internships.models import Internship
from stageplein.internships.services import internship_create
from tests.support.internships import group_of
from tests.support.people import make_student, make_user


def add_participant(group, student) -> Internship:
    return internship_create(
        student=student,
        provider=group.provider,
        title=group.title,
        start_date=group.start_date,
        end_date=group.end_date,
        planned_hours=6,
        kind=Internship.Kind.AT_SCHOOL,
        group_activity=group,
        issue_contract=False,
    )


def test_a_mentor_sees_only_their_own_mentees_among_group_participants(client, world):
    group = group_of(world)  # run by world's mentor; Lotte (no mentor of her own) takes part
    other_mentor = make_user("tweede.mentor@school.test", "Tim", "Tweede")
    Membership.objects.create(user=other_mentor, role=Role.MENTOR, school=world.school)
    mentee = make_student(
        world.school, "1077", first_name="Mila", last_name="Mentee", mentor=other_mentor
    )
    add_participant(group, mentee)

    client.force_login(other_mentor)
    page = client.get(reverse("group_detail", args=[group.pk])).content.decode()
    assert "Mila Mentee" in page
    assert "Lotte Jansen" not in page
    # ... and her internship, reached through the school being the provider, is closed too.
    lotte = group.internships.get(student=world.classmate)
    assert client.get(reverse("internship_detail", args=[lotte.pk])).status_code == 404

    client.force_login(world.users["mentor"])  # runs the activity: needs every name
    page = client.get(reverse("group_detail", args=[group.pk])).content.decode()
    assert "Mila Mentee" in page and "Lotte Jansen" in page

    client.force_login(world.users["coordinator"])
    page = client.get(reverse("group_detail", args=[group.pk])).content.decode()
    assert "Mila Mentee" in page and "Lotte Jansen" in page


def test_a_broker_does_not_see_the_name_of_a_student_from_another_region(client, world):
    today = timezone.localdate()
    internship = internship_create(
        student=world.other_student,  # Daan Bakker, a school in the other region
        provider=world.provider,  # in the broker's region
        title="Helpen in de bibliotheek",
        start_date=today,
        end_date=today + datetime.timedelta(days=20),
        planned_hours=20,
    )
    client.force_login(world.users["broker"])
    assert client.get(reverse("student_detail", args=[world.other_student.pk])).status_code == 404
    response = client.get(reverse("internship_detail", args=[internship.pk]))
    assert response.status_code == 200
    assert "Daan" not in response.content.decode()
    assert "Bakker" not in response.content.decode()
    listing = client.get(reverse("internship_list")).content.decode()
    assert "Bakker" not in listing
    # The broker's own region's student is named as before.
    page = client.get(reverse("internship_detail", args=[world.internship.pk])).content.decode()
    assert world.student.user.get_full_name() in page
