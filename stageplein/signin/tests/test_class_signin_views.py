"""A mentor runs a class sign-in; students pick their name and confirm their date of birth."""

import datetime

from django.test import Client
from django.urls import reverse

from stageplein.signin.models import ClassSignin


def start(world, client_as):
    mentor = client_as("mentor")
    response = mentor.post(
        reverse("class_signin_start", args=[world.school.pk]),
        {"class_name": world.student.class_name},
    )
    session = ClassSignin.objects.get()
    assert response["Location"] == reverse("class_signin_screen", args=[session.pk])
    screen = mentor.get(response["Location"]).content.decode()
    code = mentor.session[f"class_code_{session.pk}"]
    assert code[:4] in screen
    return mentor, session, code


def test_a_mentor_only_starts_a_class_of_their_own_mentees(world, client_as):
    page = client_as("mentor").get(reverse("class_signin_start", args=[world.school.pk]))
    assert world.student.class_name in page.content.decode()
    response = client_as("mentor").post(
        reverse("class_signin_start", args=[world.school.pk]), {"class_name": "9Z9"}
    )
    assert response.status_code == 200 and not ClassSignin.objects.exists()


def test_a_student_signs_in_with_the_class_code_name_and_date_of_birth(world, client_as):
    mentor, session, code = start(world, client_as)
    phone = Client()
    to_names = phone.post(reverse("class_signin"), {"code": code})
    assert to_names["Location"] == reverse("class_signin_names")
    names = phone.get(to_names["Location"]).content.decode()
    assert "Lotte J." in names and "Jansen" not in names
    student = world.classmate
    done = phone.post(
        reverse("class_signin_names"),
        {"student": student.pk, "date_of_birth": student.date_of_birth.isoformat()},
    )
    assert done["Location"] == reverse("signin_welcome")
    assert int(phone.session["_auth_user_id"]) == student.user.pk
    progress = mentor.get(reverse("class_signin_screen", args=[session.pk]), HTTP_HX_REQUEST="true")
    assert "Lotte" in progress.content.decode()


def test_a_wrong_date_of_birth_signs_nobody_in(world, client_as):
    _mentor, _session, code = start(world, client_as)
    phone = Client()
    phone.post(reverse("class_signin"), {"code": code})
    wrong = world.classmate.date_of_birth + datetime.timedelta(days=3)
    page = phone.post(
        reverse("class_signin_names"),
        {"student": world.classmate.pk, "date_of_birth": wrong.isoformat()},
    )
    assert page.status_code == 200 and "_auth_user_id" not in phone.session


def test_a_wrong_class_code_says_so_and_shows_no_names(world, client):
    page = client.post(reverse("class_signin"), {"code": "ZZZZ-ZZZZ"})
    assert page.status_code == 200
    assert client.get(reverse("class_signin_names")).status_code == 404


def test_after_closing_the_names_are_gone(world, client_as):
    mentor, session, code = start(world, client_as)
    phone = Client()
    phone.post(reverse("class_signin"), {"code": code})
    mentor.post(reverse("class_signin_close", args=[session.pk]))
    assert phone.get(reverse("class_signin_names")).status_code == 404


def test_a_mentor_of_another_school_cannot_open_the_screen(world, client_as):
    _mentor, session, _code = start(world, client_as)
    response = client_as("other_coordinator").get(reverse("class_signin_screen", args=[session.pk]))
    assert response.status_code == 404
