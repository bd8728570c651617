"""Logging and confirming hours in the platform, by e-mail link, by QR code, by paper log."""

import datetime
import uuid
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from stageplein.internships.models import HourEntry
from stageplein.internships.services import contract_template_save
from stageplein.internships.tests.helpers import link_in_mail, text

pytestmark = pytest.mark.django_db


def form(**extra):
    return {
        "date": (timezone.localdate() - datetime.timedelta(days=1)).isoformat(),
        "hours": "2.5",
        "description": "Koffie geschonken",
        "submission_key": str(uuid.uuid4()),
        **extra,
    }


def test_student_logs_a_session_and_a_double_click_makes_one_entry(client_as, world):
    client = client_as("student")
    page = text(client.get(reverse("hours_submit", args=[world.internship.pk])))
    assert "MaS" in page
    data = form()
    first = client.post(reverse("hours_submit", args=[world.internship.pk]), data)
    second = client.post(reverse("hours_submit", args=[world.internship.pk]), data)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert HourEntry.objects.filter(submission_key=data["submission_key"]).count() == 1


def test_each_entry_says_plainly_whether_it_counts_for_the_mas(client_as, world):
    body = text(client_as("student").get(reverse("internship_detail", args=[world.internship.pk])))
    assert "telt voor je MaS zodra bevestigd" in body  # the waiting entry
    # and the verified ones say it without a condition
    assert body.count("telt voor je MaS") > body.count("telt voor je MaS zodra")


def test_the_supervisor_confirms_from_the_email_without_signing_in(
    client, client_as, world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client_as("student").post(reverse("hours_submit", args=[world.internship.pk]), form())
    entry = HourEntry.objects.get(description="Koffie geschonken")
    path = link_in_mail("begeleider@delinde.test", r"/uren/bevestigen/[^\s]+/")
    assert client.get(path).status_code == 200
    entry.refresh_from_db()
    assert entry.status == HourEntry.Status.SUBMITTED  # opening the mail confirms nothing
    response = client.post(path, {"action": "verify"})
    assert response.status_code == 200
    entry.refresh_from_db()
    assert entry.status == HourEntry.Status.VERIFIED
    assert entry.method == "link" and entry.verified_by == world.users["supervisor"]
    assert client.post(path, {"action": "verify"}).status_code in (200, 410)


def test_rejecting_by_link_needs_a_reason(
    client, client_as, world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client_as("student").post(reverse("hours_submit", args=[world.internship.pk]), form())
    path = link_in_mail("begeleider@delinde.test", r"/uren/bevestigen/[^\s]+/")
    client.post(path, {"action": "reject", "reason": ""})
    entry = HourEntry.objects.get(description="Koffie geschonken")
    assert entry.status == HourEntry.Status.SUBMITTED
    client.post(path, {"action": "reject", "reason": "Niet gezien"})
    entry.refresh_from_db()
    assert entry.status == HourEntry.Status.REJECTED


def test_the_student_shows_a_qr_code_the_supervisor_scans(client_as, world):
    entry = HourEntry.objects.get(internship=world.internship, status="submitted")
    page = client_as("student").get(reverse("hours_entry", args=[entry.pk])).content.decode()
    assert 'src="data:image/svg+xml;base64,' in page
    supervisor = client_as("supervisor")
    assert supervisor.get(reverse("hours_qr", args=[entry.pk])).status_code == 200
    supervisor.post(reverse("hours_qr", args=[entry.pk]), {"action": "verify"})
    entry.refresh_from_db()
    assert entry.status == HourEntry.Status.VERIFIED and entry.method == "qr"


def test_a_student_scanning_their_own_code_cannot_confirm(client_as, client, world):
    entry = HourEntry.objects.get(internship=world.internship, status="submitted")
    assert client_as("student").post(reverse("hours_qr", args=[entry.pk])).status_code == 403
    anonymous = client.post(reverse("hours_qr", args=[entry.pk]))
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]
    entry.refresh_from_db()
    assert entry.status == HourEntry.Status.SUBMITTED


def test_confirming_from_the_list_with_htmx_returns_the_updated_row(client_as, world):
    entry = HourEntry.objects.get(internship=world.internship, status="submitted")
    client = client_as("provider_contact")
    assert entry.description in text(client.get(reverse("hours_to_verify")))
    response = client.post(reverse("hours_verify", args=[entry.pk]), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert f'id="entry-{entry.pk}"' in response.content.decode()
    assert "<html" not in response.content.decode()
    entry.refresh_from_db()
    assert entry.status == HourEntry.Status.VERIFIED


PDF = b"%PDF-1.4\n%%EOF\n"


def test_a_school_that_accepts_paper_logs_confirms_a_scan(client_as, world):
    contract_template_save(
        by=world.users["coordinator"],
        school=world.school,
        rules_of_conduct="x",
        insurance="school",
        accepts_paper_logs=True,
    )
    client = client_as("student")
    data = form(paper_log=SimpleUploadedFile("log.pdf", PDF, content_type="application/pdf"))
    client.post(reverse("hours_submit", args=[world.internship.pk]), data)
    entry = HourEntry.objects.get(description="Koffie geschonken")
    assert entry.paper_log
    mentor = client_as("mentor")
    assert mentor.get(reverse("hours_paper_log", args=[entry.pk])).status_code == 200
    mentor.post(reverse("hours_verify", args=[entry.pk]))
    entry.refresh_from_db()
    assert entry.status == HourEntry.Status.VERIFIED and entry.method == "paper"


def test_a_paper_log_that_is_not_a_pdf_or_image_is_refused(client_as, world):
    contract_template_save(
        by=world.users["coordinator"],
        school=world.school,
        rules_of_conduct="x",
        insurance="school",
        accepts_paper_logs=True,
    )
    fake = SimpleUploadedFile("log.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = client_as("student").post(
        reverse("hours_submit", args=[world.internship.pk]), form(paper_log=fake)
    )
    assert response.status_code == 200
    assert not HourEntry.objects.filter(description="Koffie geschonken").exists()


def test_without_paper_logs_the_school_cannot_confirm(client_as, world):
    entry = HourEntry.objects.get(internship=world.internship, status="submitted")
    assert client_as("mentor").post(reverse("hours_verify", args=[entry.pk])).status_code == 403


def test_the_student_corrects_a_verified_entry_with_a_new_one(client_as, world):
    wrong = HourEntry.objects.filter(internship=world.internship, status="verified").first()
    assert wrong is not None
    client = client_as("student")
    client.post(reverse("hours_correct", args=[wrong.pk]), form(hours="1"))
    correction = HourEntry.objects.get(corrects=wrong)
    assert correction.status == HourEntry.Status.SUBMITTED
    wrong.refresh_from_db()
    assert wrong.status == HourEntry.Status.VERIFIED


def test_a_session_years_before_the_internship_is_refused_on_the_date_field(client_as, world):
    client = client_as("student")
    response = client.post(
        reverse("hours_submit", args=[world.internship.pk]), form(date="2020-01-01")
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="id_date_error"' in body  # the message sits on the date field
    assert not HourEntry.objects.filter(date=datetime.date(2020, 1, 1)).exists()
    # An intake visit a few days before the start is fine.
    start = world.internship.start_date
    ok = client.post(
        reverse("hours_submit", args=[world.internship.pk]),
        form(date=(start - datetime.timedelta(days=3)).isoformat()),
    )
    assert ok.status_code == 302


def test_the_student_sends_the_confirmation_email_again_at_most_once_an_hour(
    client_as, world, django_capture_on_commit_callbacks
):
    import time_machine
    from django.core import mail

    client = client_as("student")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("hours_submit", args=[world.internship.pk]), form())
    entry = HourEntry.objects.get(
        status=HourEntry.Status.SUBMITTED, description="Koffie geschonken"
    )
    first_links = len(mail.outbox)
    assert first_links >= 1
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("hours_ask_again", args=[entry.pk]))
    assert len(mail.outbox) == first_links  # just sent: not again yet
    with (
        time_machine.travel(timezone.now() + datetime.timedelta(hours=2), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        client.post(reverse("hours_ask_again", args=[entry.pk]))
    assert len(mail.outbox) == 2 * first_links
    assert mail.outbox[-1].to == [world.users["supervisor"].email]
    assert "/uren/bevestigen/" in mail.outbox[-1].body


def test_only_the_student_asks_again(client_as, world):
    entry = world.waiting_entry
    response = client_as("supervisor").post(reverse("hours_ask_again", args=[entry.pk]))
    assert response.status_code == 403


@pytest.mark.parametrize("typed", ["2,5", "2.5", " 2,5 "])
def test_hours_with_a_decimal_comma_or_point_are_two_and_a_half(client_as, world, typed):
    client = client_as("student")
    page = client.get(reverse("hours_submit", args=[world.internship.pk])).content.decode()
    assert 'type="number"' not in page  # a Dutch browser's number input misreads "2,5"
    data = form(hours=typed, description="Sessie met komma of punt")
    client.post(reverse("hours_submit", args=[world.internship.pk]), data)
    assert HourEntry.objects.get(description="Sessie met komma of punt").hours == Decimal("2.5")


def test_sending_the_form_again_after_back_adds_nothing_and_says_so(client_as, world):
    client = client_as("student")
    url = reverse("hours_submit", args=[world.internship.pk])
    client.post(url, form())
    # Back, the browser reloads the form (a new key), the student presses Save again.
    again = client.post(url, form(), follow=True)
    assert HourEntry.objects.filter(description="Koffie geschonken").count() == 1
    assert "al verstuurd" in text(again) or "sent already" in text(again)
    # the same key again says so too
    data = form(description="Nog een keer")
    client.post(url, data)
    repeat = client.post(url, data, follow=True)
    assert HourEntry.objects.filter(description="Nog een keer").count() == 1
    assert "al verstuurd" in text(repeat) or "sent already" in text(repeat)


def test_the_supervisor_is_warned_of_a_second_entry_on_the_same_day(client_as, world):
    client = client_as("student")
    url = reverse("hours_submit", args=[world.internship.pk])
    client.post(url, form(description="Ochtend"))
    client.post(url, form(description="Middag", hours="1"))
    supervisor = client_as("supervisor")
    listing = text(supervisor.get(reverse("hours_to_verify")))
    assert "dubbele" in listing or "double entry" in listing
    entry = HourEntry.objects.get(description="Middag")
    detail = text(supervisor.get(reverse("hours_entry", args=[entry.pk])))
    assert "Ochtend" in detail


def test_parents_and_supervisors_read_about_the_students_mas_not_their_own(client_as, world):
    url = reverse("internship_detail", args=[world.internship.pk])
    assert "telt voor je MaS" in text(client_as("student").get(url))
    for role in ("parent", "supervisor"):
        body = text(client_as(role).get(url))
        assert "telt voor je MaS" not in body
        assert "telt voor de MaS" in body
