"""Demo mailings: each broker's newsletter to the providers of its area; in the demo accounts'
region also the coordinator's invitation to the parents of year 2 (which the demo parent
finds under Notifications) and a draft."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from stageplein.accounts.models import Membership, Role
from stageplein.demo.rows import insert_rows
from stageplein.mailings.audiences import Sender, registry
from stageplein.mailings.models import Mailing, MailingRecipient
from stageplein.notifications.models import Notification

NEWSLETTER = (
    "Beste stagebieders,\n\n"
    "Het nieuwe schooljaar is begonnen. In oktober komen de eerste leerlingen voor hun "
    "maatschappelijke stage. Zet je stageplaatsen op Stageplein en kijk of de periodes nog "
    "kloppen.\n\nHartelijke groet,\nde stagemakelaar"
)
PARENTS = (
    "Beste ouders en verzorgers,\n\n"
    "Uw kind gaat dit jaar op maatschappelijke stage. Op de informatieavond vertellen we hoe "
    "het werkt: een stageplaats zoeken, het stagecontract en het bijhouden van de uren.\n\n"
    "Met vriendelijke groet,\nde stagecoördinator"
)


def _send(mailing: Mailing, user_ids: list[int], when: datetime.datetime) -> None:
    insert_rows(
        MailingRecipient,
        ["mailing", "user", "status", "sent_at", "error"],
        [(mailing.pk, pk, MailingRecipient.Status.SENT.value, when, "") for pk in user_ids],
    )
    url = reverse("mailing_detail", args=[mailing.pk])
    insert_rows(
        Notification,
        [
            "recipient",
            "kind",
            "title",
            "url",
            "created_at",
            "send_email",
            "email_attempts",
            "email_error",
        ],
        [(pk, "mailing", mailing.subject, url, when, False, 0, "") for pk in user_ids],
    )
    Mailing.objects.filter(pk=mailing.pk).update(
        status=Mailing.Status.SENT, total=len(user_ids), sent_count=len(user_ids), sent_at=when
    )


def build(builder, rng, context) -> None:
    audiences = registry()
    when = timezone.now() - datetime.timedelta(days=rng.randint(3, 20))
    for desk in context.brokers:
        broker, user = desk.broker, desk.user
        mailing = Mailing.objects.create(
            broker=broker,
            created_by=user,
            audience="providers_of_region",
            subject=f"Nieuwsbrief {broker.name}",
            body=NEWSLETTER,
        )
        recipients = audiences["providers_of_region"].recipients(Sender(broker=broker), {})
        _send(mailing, list(recipients.values_list("pk", flat=True)), when)
    if not context.fixed or not context.schools:
        return
    school = context.schools[0]
    coordinator = Membership.objects.filter(role=Role.COORDINATOR, school=school).first()
    mailing = Mailing.objects.create(
        school=school,
        created_by=coordinator.user if coordinator else None,
        audience="parents_of_year",
        audience_options={"year": 2},
        subject="Informatieavond maatschappelijke stage leerjaar 2",
        body=PARENTS,
    )
    parents = audiences["parents_of_year"].recipients(Sender(school=school), {"year": 2})
    _send(mailing, list(parents.values_list("pk", flat=True)), when)
    Mailing.objects.create(
        school=school,
        created_by=coordinator.user if coordinator else None,
        audience="students_without_placement",
        subject="Stagespreekuur in de aula",
        body="Heb je nog geen stageplaats? Kom dinsdag in de pauze naar het stagespreekuur.",
    )
