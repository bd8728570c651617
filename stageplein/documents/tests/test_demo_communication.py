"""The README's demo accounts show issue 7's features with real data."""

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from stageplein.accounts.models import User
from stageplein.demo.builder import FIXED_ACCOUNTS

pytestmark = pytest.mark.django_db


def as_(role):
    client = Client()
    client.force_login(User.objects.get(email=FIXED_ACCOUNTS[role]))
    return client


def test_demo_accounts_see_documents_mailings_imports_and_reminders():
    call_command("demo", "--pilot", "Zutphen")
    library = as_("provider_contact").get(reverse("document_list")).content.decode()
    assert "Handboek voor stagebieders" in library
    assert "Afspraken stagemakelaars" not in library  # brokers only
    assert (
        "Afspraken stagemakelaars" in as_("broker").get(reverse("document_list")).content.decode()
    )
    assert "Informatieavond" in as_("parent").get(reverse("notification_list")).content.decode()
    assert "urenregel wacht" in as_("supervisor").get(reverse("notification_list")).content.decode()
    imports = as_("coordinator").get(reverse("import_start")).content.decode()
    assert "magister-leerlingen-" in imports
    mailings = as_("coordinator").get(reverse("mailing_list")).content.decode()
    assert "Stagespreekuur in de aula" in mailings and "concept" in mailings
    response = as_("mentor").get(reverse("document_list"))
    assert "Stagecontract (sjabloon)" in response.content.decode()
    from stageplein.documents.models import DocumentVersion

    version = DocumentVersion.objects.filter(document__title__startswith="Draaiboek").first()
    assert version is not None
    download = as_("provider_contact").get(reverse("document_download", args=[version.pk]))
    assert b"".join(download.streaming_content).startswith(b"%PDF-1.4")
