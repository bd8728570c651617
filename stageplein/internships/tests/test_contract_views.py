"""Signing on the platform, through a one-time link, the PDF and changing the contract."""

import pytest
from django.urls import reverse

from stageplein.internships.models import Contract, Party, Signature
from stageplein.internships.selectors import missing_parties
from stageplein.internships.tests.helpers import current, link_in_mail, text

pytestmark = pytest.mark.django_db


@pytest.fixture
def pending(new_internship, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return new_internship()


def test_student_reads_and_signs_the_contract_on_the_platform(client_as, pending):
    client = client_as("student")
    page = text(client.get(reverse("internship_contract", args=[pending.pk])))
    assert "Gedragsregels" in page or "Rules of conduct" in page
    response = client.post(
        reverse("internship_contract_sign", args=[pending.pk]),
        {"party": "student", "name": "Sam de Vries", "agree": "on"},
    )
    assert response.status_code == 302
    signature = Signature.objects.get(contract__internship=pending, party="student")
    assert signature.name == "Sam de Vries" and signature.method == "platform"


def test_signing_without_agreeing_signs_nothing(client_as, pending):
    client_as("student").post(
        reverse("internship_contract_sign", args=[pending.pk]),
        {"party": "student", "name": "Sam"},
    )
    assert not Signature.objects.filter(contract__internship=pending).exists()


def test_a_student_cannot_sign_for_the_school(client_as, pending):
    response = client_as("student").post(
        reverse("internship_contract_sign", args=[pending.pk]),
        {"party": "school", "name": "Sam", "agree": "on"},
    )
    assert response.status_code == 403
    assert not Signature.objects.filter(contract__internship=pending).exists()


def test_parent_signs_through_the_emailed_link_without_an_account(client, world, pending):
    path = link_in_mail("ouder@thuis.test", r"/contract/tekenen/[^\s]+/")
    page = client.get(path)  # a mail scanner opening the link must not sign or use it up
    assert page.status_code == 200
    assert world.provider.name in text(page)
    assert (
        not Signature.objects.filter(party="parent")
        .exclude(contract__internship=world.internship)
        .exists()
    )
    response = client.post(path, {"name": "Olga de Vries", "agree": "on"})
    assert response.status_code == 200
    signature = Signature.objects.get(contract__internship=pending, party="parent")
    assert signature.signed_by == world.users["parent"] and signature.method == "link"
    assert not response.wsgi_request.user.is_authenticated
    assert client.post(path, {"name": "Olga", "agree": "on"}).status_code in (200, 410)
    assert Signature.objects.filter(contract__internship=pending, party="parent").count() == 1


def test_a_signer_without_a_password_is_offered_one_after_signing(client, world, pending):
    """A new organisation's supervisor (made by an approved own placement) has no password;
    the thank-you page shows how to claim the account. Someone with a password is not asked."""
    choose = reverse("account_reset_password")
    parent = link_in_mail("ouder@thuis.test", r"/contract/tekenen/[^\s]+/")
    signed = client.post(parent, {"name": "Olga de Vries", "agree": "on"})
    assert "Bedankt voor het tekenen" in text(signed) or "Thank you for signing" in text(signed)
    assert f'href="{choose}"' not in signed.content.decode()
    contact = world.users["provider_contact"]
    contact.set_unusable_password()
    contact.save(update_fields=["password"])
    provider = link_in_mail(contact.email, r"/contract/tekenen/[^\s]+/")
    signed = client.post(provider, {"name": "Petra Bieder", "agree": "on"})
    assert f'href="{choose}"' in signed.content.decode()


def test_a_used_link_no_longer_works(client, pending):
    path = link_in_mail("contact@delinde.test", r"/contract/tekenen/[^\s]+/")
    client.post(path, {"name": "Petra Bieder", "agree": "on"})
    assert client.get(path).status_code == 410


def test_a_link_to_a_changed_contract_says_so_and_signs_nothing(client, client_as, world, pending):
    path = link_in_mail("contact@delinde.test", r"/contract/tekenen/[^\s]+/")
    client_as("mentor").post(
        reverse("internship_contract_edit", args=[pending.pk]),
        {
            "title": pending.title,
            "start_date": pending.start_date.isoformat(),
            "end_date": pending.end_date.isoformat(),
            "planned_hours": 40,
            "tasks": "",
            "location": "",
            "supervisor": world.users["supervisor"].pk,
            "insurance": "school",
            "insurance_details": "",
        },
    )
    assert current(pending).version == 2
    response = client.post(path, {"name": "Petra", "agree": "on"})
    assert response.status_code == 200
    assert not Signature.objects.filter(contract__internship=pending, party="provider").exists()


def test_the_contract_downloads_as_a_pdf(client_as, world):
    response = client_as("parent").get(
        reverse("internship_contract_pdf", args=[world.internship.pk])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert (
        b"".join(response.streaming_content if response.streaming else [response.content])[:5]
        == b"%PDF-"
    )


def test_the_school_changes_the_contract_and_everyone_signs_again(
    client_as, world, pending, sign_all
):
    sign_all(current(pending))
    response = client_as("coordinator").post(
        reverse("internship_contract_edit", args=[pending.pk]),
        {
            "title": "Nieuwe taak",
            "start_date": pending.start_date.isoformat(),
            "end_date": pending.end_date.isoformat(),
            "planned_hours": 20,
            "tasks": "Iets anders",
            "location": "",
            "supervisor": world.users["supervisor"].pk,
            "insurance": "municipality",
            "insurance_details": "",
        },
    )
    assert response.status_code == 302
    contract = current(pending)
    assert contract.version == 2 and contract.tasks == "Iets anders"
    assert missing_parties(contract) == contract.required_parties
    assert Contract.objects.filter(internship=pending).count() == 2


def test_coordinator_edits_the_schools_template(client_as, world, new_internship):
    response = client_as("coordinator").post(
        reverse("contract_template_edit"),
        {
            "rules_of_conduct": "Meld je af bij ziekte.",
            "insurance": "provider",
            "insurance_details": "",
            "extra_terms": "Reiskosten worden niet vergoed.",
            "accepts_paper_logs": "on",
        },
    )
    assert response.status_code == 302
    contract = current(new_internship())
    assert contract.rules_of_conduct == "Meld je af bij ziekte."
    assert contract.extra_terms == "Reiskosten worden niet vergoed."


def test_reminder_sends_the_links_again_to_who_has_not_signed(
    client_as, world, pending, django_capture_on_commit_callbacks
):
    from django.core import mail

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client_as("mentor").post(reverse("internship_contract_remind", args=[pending.pk]))
    assert {m.to[0] for m in mail.outbox} == {"ouder@thuis.test", "contact@delinde.test"}
    assert Party.STUDENT in missing_parties(current(pending))


def test_waiting_for_you_links_open_only_the_internships_concerned(
    client_as, world, new_internship, django_capture_on_commit_callbacks, sign_all
):
    with django_capture_on_commit_callbacks(execute=True):
        to_sign = new_internship(title="Nog te tekenen")
        signed = new_internship(title="Al getekend")
    sign_all(current(signed))
    client = client_as("parent")
    link = f"{reverse('internship_list')}?waiting=contract"
    assert link in client.get(reverse("home")).content.decode()
    listed = text(client.get(link))
    assert to_sign.title in listed
    assert signed.title not in listed
    assert "Al getekend" in text(client.get(reverse("internship_list")))


def test_the_internships_table_puts_status_and_hours_first_and_a_student_sees_no_student_column(
    client_as, world
):
    staff = client_as("mentor").get(reverse("internship_list")).content.decode()
    head = staff.split("<thead>", 1)[1].split("</thead>", 1)[0]
    assert head.index("Status") < head.index("Leerling") < head.index("Stagebieder")
    mine = client_as("student").get(reverse("internship_list")).content.decode()
    own_head = mine.split("<thead>", 1)[1].split("</thead>", 1)[0]
    assert "Leerling" not in own_head and "Student" not in own_head


def test_a_checkbox_error_stands_above_the_box_which_keeps_its_label_beside_it(
    client, world, pending
):
    path = link_in_mail("ouder@thuis.test", r"/contract/tekenen/[^\s]+/")
    html = client.post(path, {"name": "Olga de Vries"}).content.decode()
    error = html.index('id="id_agree_error"')
    box = html.index('id="id_agree"')
    label = html.index('for="id_agree"')
    assert error < box < label
    assert "field-error" not in html[box:label]
