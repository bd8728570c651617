"""Demo placements for every provider of a pilot: published ones (some stale), drafts and
closed ones, each with one to three periods. Bulk inserts: all twenty pilots add ~20,000
placements in a few seconds."""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.utils import timezone

from stageplein.core.schoolyear import current_school_year
from stageplein.organisations.models import Provider, ProviderLocation
from stageplein.placements.models import LEVEL_FIELDS, Placement, PlacementPeriod, SchoolLink

BATCH = 2000

# Per sector: (title, tasks, minimum age, group size or None).
OFFERS: dict[str, list[tuple[str, str, int, int | None]]] = {
    "zorg": [
        (
            "Activiteitenmiddag met bewoners",
            "Je helpt bij de activiteitenmiddag: koffie en thee schenken, een spelletje doen, "
            "praten met bewoners en na afloop opruimen.",
            14,
            None,
        ),
        (
            "Wandelen met ouderen",
            "Samen met een vaste vrijwilliger ga je wandelen met bewoners, ook met de rolstoel.",
            14,
            None,
        ),
        (
            "Muziekmiddag in de huiskamer",
            "Je helpt bij het zingen en muziek maken met bewoners, en zet de huiskamer klaar.",
            13,
            None,
        ),
    ],
    "sport": [
        (
            "Assistent-trainer jeugd",
            "Je helpt de trainer bij de training van de jongste jeugd: materiaal klaarzetten, "
            "oefeningen voordoen en aanmoedigen.",
            13,
            None,
        ),
        (
            "Toernooidag organiseren",
            "Met een groep klasgenoten help je bij het jeugdtoernooi: velden uitzetten, "
            "scores bijhouden en de kantine draaien.",
            12,
            6,
        ),
        ("Kantinedienst", "Je helpt in de kantine tijdens de wedstrijden op zaterdag.", 14, None),
    ],
    "cultuur": [
        (
            "Helpen in de bibliotheek",
            "Je sorteert boeken, helpt bezoekers en leest voor aan kinderen.",
            12,
            None,
        ),
        (
            "Decor bouwen voor de voorstelling",
            "Met een groep bouw en schilder je het decor voor de voorstelling van de vereniging.",
            12,
            5,
        ),
    ],
    "natuur": [
        (
            "Natuurwerkdag",
            "Met een groep snoei je struiken, haal je zwerfafval op en onderhoud je paden.",
            12,
            8,
        ),
        (
            "Helpen op de kinderboerderij",
            "Je voert de dieren, maakt de hokken schoon en helpt bezoekers.",
            12,
            None,
        ),
    ],
    "onderwijs": [
        (
            "Voorlezen in groep 3",
            "Je leest voor aan kleine groepjes kinderen en helpt bij het lezen.",
            13,
            None,
        ),
        (
            "Huiswerkbegeleiding",
            "Je helpt basisschoolleerlingen met rekenen en taal, met een begeleider erbij.",
            14,
            None,
        ),
    ],
    "buurt": [
        (
            "Voedselpakketten inpakken",
            "Je helpt bij het sorteren en inpakken van de pakketten voor de voedselbank.",
            13,
            None,
        ),
        (
            "Buurtfeest organiseren",
            "Met een groep help je bij het opbouwen, de spelletjes en het opruimen.",
            12,
            6,
        ),
    ],
    "dieren": [
        (
            "Honden uitlaten en verzorgen",
            "Je laat honden uit, maakt de verblijven schoon en helpt bij het voeren.",
            13,
            None,
        )
    ],
    "evenementen": [
        (
            "Vrijwilliger bij de avondvierdaagse",
            "Je helpt bij de start, de posten onderweg en de medaille-uitreiking.",
            12,
            4,
        )
    ],
    "levensbeschouwing": [
        (
            "Maaltijd voor ouderen",
            "Je helpt bij het klaarmaken en serveren van de maaltijd voor ouderen in de wijk.",
            13,
            None,
        )
    ],
    "internationaal": [
        (
            "Wereldwinkel inrichten",
            "Je helpt bij het uitpakken, prijzen en inrichten van de winkel.",
            13,
            None,
        )
    ],
}
GUIDANCE = [
    "Een vaste vrijwilliger is er altijd bij en legt alles uit.",
    "De coördinator vrijwilligers begeleidt je; je werkt samen met ervaren vrijwilligers.",
    "Je begeleider is er elke keer bij; de eerste keer krijg je een rondleiding.",
]
SCHEDULES = [
    "woensdagmiddag 14.00-17.00",
    "zaterdagochtend 9.00-12.00",
    "dinsdag na school",
    "in overleg",
    "",
]


def placements_step(builder, rng, context) -> None:
    now = timezone.now()
    today = builder.today
    providers = [p for p in context.providers if p.kind != Provider.Kind.SCHOOL]
    locations: dict[int, ProviderLocation] = {}
    location: ProviderLocation | None
    for location in ProviderLocation.objects.filter(provider__in=providers).select_related(
        "postcode"
    ):
        locations.setdefault(location.provider_id, location)
    placements: list[Placement] = []
    for provider in providers:
        location = locations.get(provider.pk)
        if location is None:
            continue
        offers = OFFERS.get(provider.sector_id) or OFFERS["buurt"]
        for k in range(rng.choice([1, 1, 2, 2, 3])):
            title, tasks, min_age, group = offers[(k + provider.pk) % len(offers)]
            roll = rng.random()
            status = (
                Placement.Status.DRAFT
                if roll < 0.04
                else Placement.Status.CLOSED
                if roll < 0.07
                else Placement.Status.PUBLISHED
            )
            stale = status == Placement.Status.PUBLISHED and rng.random() < 0.08
            confirmed = now - datetime.timedelta(
                days=rng.randint(400, 500) if stale else rng.randint(1, 200)
            )
            levels = set(LEVEL_FIELDS)
            if min_age >= 14 and rng.random() < 0.3:
                levels.discard("pro")  # some ask for an older, more independent student
            placement = Placement(
                provider=provider,
                title=title,
                tasks=tasks,
                sector_id=provider.sector_id,
                address=location.address,
                postcode_id=location.postcode_id,
                lat=location.postcode.lat,
                lon=location.postcode.lon,
                min_age=min_age,
                kind=Placement.Kind.GROUP if group else Placement.Kind.INDIVIDUAL,
                group_size=group,
                guidance=rng.choice(GUIDANCE),
                contact=context.contacts.get(provider.pk),
                status=status,
                published_at=None if status == Placement.Status.DRAFT else confirmed,
                confirmed_at=None if status == Placement.Status.DRAFT else confirmed,
                renewal_requested_at=now if stale and rng.random() < 0.5 else None,
                **{name: level in levels for level, name in LEVEL_FIELDS.items()},
            )
            placements.append(placement)
    Placement.objects.bulk_create(placements, batch_size=BATCH)
    periods = []
    for placement in placements:
        start = today + datetime.timedelta(days=rng.randint(-45, 150))
        for _ in range(rng.choice([1, 1, 2, 3])):
            length = rng.choice([1, 14, 28, 56, 90]) if placement.group_size is None else 1
            periods.append(
                PlacementPeriod(
                    placement=placement,
                    starts_on=start,
                    ends_on=start + datetime.timedelta(days=length),
                    hours=rng.choice([8, 10, 12, 15, 20, 24, 30]),
                    capacity=rng.choice([1, 2, 2, 3, 3, 4, 5, 8])
                    if placement.group_size is None
                    else placement.group_size * rng.choice([1, 2]),
                    schedule=rng.choice(SCHEDULES),
                )
            )
            start = start + datetime.timedelta(days=length + rng.randint(14, 60))
    PlacementPeriod.objects.bulk_create(periods, batch_size=BATCH)
    # R-MATCH-6: about one school in three supplies a provider of its municipality this year.
    by_municipality = defaultdict(list)
    for provider in providers:
        by_municipality[provider.municipality_id].append(provider)
    links = []
    for school in context.schools:
        nearby = by_municipality.get(school.municipality_id)
        if nearby and rng.random() < 0.35:
            links.append(
                SchoolLink(
                    school=school,
                    provider=rng.choice(nearby),
                    school_year=current_school_year(),
                )
            )
    SchoolLink.objects.bulk_create(links)


STEPS = [(30, placements_step)]
