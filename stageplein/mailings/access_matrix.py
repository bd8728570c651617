from django.urls import reverse

from stageplein.core.access_matrix import Row


def extend_world(world) -> None:
    """A sent mailing from the world's school to the parents of year 2 (the parent got it),
    and a draft from the broker."""
    from django.utils import timezone

    from stageplein.mailings.models import Mailing, MailingRecipient

    sent = Mailing.objects.create(
        school=world.school,
        created_by=world.users["coordinator"],
        audience="parents_of_year",
        audience_options={"year": 2},
        subject="Informatieavond maatschappelijke stage",
        body="Welkom op donderdag.",
        status=Mailing.Status.SENT,
        total=1,
        sent_count=1,
        sent_at=timezone.now(),
    )
    MailingRecipient.objects.create(
        mailing=sent,
        user=world.users["parent"],
        status=MailingRecipient.Status.SENT,
        sent_at=timezone.now(),
    )
    world.extra["mailing"] = sent
    world.extra["mailing_draft"] = Mailing.objects.create(
        broker=world.broker,
        created_by=world.users["broker"],
        audience="providers_of_region",
        subject="Nieuwsbrief stagebieders",
        body="Het nieuwe schooljaar begint.",
    )


def _pk(key: str, name: str):
    return lambda w: reverse(name, args=[w.extra[key].pk])


SENDERS = {"anonymous": 302, "coordinator": 200, "other_coordinator": 200, "broker": 200}

ROWS = {
    "mailing_list": Row(lambda w: reverse("mailing_list"), {**SENDERS, "admin": 200}, default=403),
    "mailing_create": Row(lambda w: reverse("mailing_create"), SENDERS, default=403),
    "mailing_detail": Row(
        _pk("mailing", "mailing_detail"),
        {"anonymous": 302, "coordinator": 200, "admin": 200, "parent": 200},
        default=404,
    ),
    # The draft is the broker's: the send is refused to everyone else without revealing it.
    "mailing_send": Row(
        _pk("mailing_draft", "mailing_send"),
        {"anonymous": 302, "broker": 302, "admin": 302},
        default=404,
        method="POST",
    ),
}
