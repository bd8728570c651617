"""The coordinator prints cards; a student signs in with one on their phone."""

from django.core.cache import cache
from django.urls import reverse

from stageplein.signin.models import SigninCard


def test_the_coordinator_prints_a_pdf_with_a_card_per_student_of_the_class(world, client_as):
    response = client_as("coordinator").post(
        reverse("signin_cards_print", args=[world.school.pk]),
        {"class_name": world.student.class_name},
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert SigninCard.objects.filter(student__class_name=world.student.class_name).count() == 2


def test_the_cards_page_lists_the_classes(world, client_as):
    page = client_as("coordinator").get(reverse("signin_cards", args=[world.school.pk]))
    assert world.student.class_name in page.content.decode()


def test_a_mentor_may_not_print_cards(world, client_as):
    response = client_as("mentor").post(
        reverse("signin_cards_print", args=[world.school.pk]), {"class_name": "2H1"}
    )
    assert response.status_code == 403
    assert not SigninCard.objects.exists()


def test_the_coordinator_reissues_one_students_card(world, client_as, issue):
    old = issue(world.student)
    response = client_as("coordinator").post(
        reverse("signin_card_reissue", args=[world.student.pk])
    )
    assert response["Content-Type"] == "application/pdf"
    refused = client_as(None).post(reverse("signin_card_link", args=[old]))
    assert refused.status_code == 410
    assert "replaced" in refused.content.decode() or "vervangen" in refused.content.decode()


def test_the_qr_link_shows_a_button_and_uses_nothing_on_get(world, client, issue):
    code = issue()
    page = client.get(reverse("signin_card_link", args=[code]))
    assert page.status_code == 200
    assert SigninCard.objects.get().used_at is None


def test_a_student_without_email_signs_in_with_the_card_then_is_offered_a_passkey(
    world, client, issue, no_email_student
):
    code = issue(no_email_student)
    response = client.post(reverse("signin_card"), {"code": code})
    assert response.status_code == 302 and response["Location"] == reverse("signin_welcome")
    assert int(client.session["_auth_user_id"]) == no_email_student.user.pk
    welcome = client.get(reverse("signin_welcome"))
    assert reverse("mfa_add_webauthn") in welcome.content.decode()
    # Right after this sign-in, adding a passkey does not ask for a password they do not have.
    add = client.get(reverse("mfa_add_webauthn"))
    assert add.status_code == 200


def test_a_second_use_shows_the_friendly_already_used_page(world, client, issue):
    code = issue()
    client.post(reverse("signin_card"), {"code": code})
    other_phone = type(client)()
    again = other_phone.post(reverse("signin_card"), {"code": code})
    assert again.status_code == 410
    assert "already been used" in again.content.decode() or "al gebruikt" in again.content.decode()
    assert "_auth_user_id" not in other_phone.session


def test_guessing_codes_is_stopped_by_the_rate_limit(world, client, settings):
    cache.clear()
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "signin_code": "5/m/ip"}
    statuses = [
        client.post(reverse("signin_card"), {"code": f"AAAA-BBBB-CC{n:02d}"}).status_code
        for n in range(7)
    ]
    assert statuses[:5] == [410] * 5
    assert statuses[5:] == [429, 429]
