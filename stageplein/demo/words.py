"""The words of the demo: names, tasks, offers and motivations, in Dutch as the pilots
wrote them."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

YEARS = {"vmbo": 4, "havo": 5, "vwo": 6, "pro": 4}
CLASS_LETTER = {"vmbo": "B", "havo": "H", "vwo": "V", "pro": "P"}
SCHOOL_PROFILES = {
    "broad": ["vmbo", "havo", "vwo"],
    "vmbo": ["vmbo"],
    "lyceum": ["havo", "vwo"],
    "pro": ["pro"],
}
SCHOOL_NAMES = {
    "broad": ["Scholengemeenschap {x}", "{x} College", "Het {x} College", "CSG {x}"],
    "vmbo": ["Vmbo {x}", "{x} Vakcollege", "Praktijkgericht {x} College"],
    "lyceum": ["{x} Lyceum", "Stedelijk Gymnasium {x}", "{x} Lyceum en Gymnasium"],
    "pro": ["Praktijkschool {x}", "Praktijkonderwijs {x}"],
}
SCHOOL_PATRONS = [
    "Erasmus",
    "Comenius",
    "Spinoza",
    "Thomas a Kempis",
    "Baudartius",
    "Vincent van Gogh",
    "Maerlant",
    "Montessori",
    "Dalton",
    "Rembrandt",
    "Christiaan Huygens",
    "Da Vinci",
    "Stedelijk",
    "Canisius",
    "Carmel",
    "Oranje",
    "Walburg",
    "Hofstad",
    "Linde",
    "Eemland",
]
SECTOR_WEIGHTS = {
    "zorg": 25,
    "sport": 20,
    "cultuur": 10,
    "natuur": 8,
    "onderwijs": 9,
    "buurt": 13,
    "dieren": 5,
    "evenementen": 5,
    "levensbeschouwing": 3,
    "internationaal": 2,
}
PROVIDER_NAMES = {
    "zorg": [
        "Zorgcentrum {x}",
        "Woonzorgcentrum {x}",
        "Verpleeghuis {x}",
        "Zonnebloem afdeling {p}",
    ],
    "sport": [
        "Voetbalvereniging {p}",
        "Hockeyclub {x}",
        "Zwemvereniging {x}",
        "Tennisclub {x}",
        "Korfbalvereniging {x}",
        "Gymnastiekvereniging {p}",
    ],
    "cultuur": ["Muziekvereniging {x}", "Bibliotheek {p}", "Toneelvereniging {x}", "Museum {x}"],
    "natuur": ["IVN {p}", "Kinderboerderij {x}", "Natuurwerkgroep {p}", "Repair Café {p}"],
    "onderwijs": ["Basisschool {x}", "Huiswerkklas {p}", "Taalhuis {p}"],
    "buurt": ["Buurthuis {x}", "Speeltuinvereniging {x}", "Voedselbank {p}", "Wijkcentrum {x}"],
    "dieren": ["Dierenasiel {x}", "Dierenambulance {p}", "Hondenschool {x}"],
    "evenementen": ["Stichting Oranjefeest {p}", "Avondvierdaagse {p}", "Stichting Kermis {p}"],
    "levensbeschouwing": ["Protestantse Gemeente {p}", "Parochie {x}", "Moskee {x}"],
    "internationaal": ["Wereldwinkel {p}", "Stichting Vluchtelingenwerk {p}"],
}
ASSOCIATION_SECTORS = {"sport", "cultuur", "evenementen"}
PLACE_WORDS = [
    "De Linde",
    "De Eik",
    "Het Anker",
    "De Zonnehoek",
    "De Brink",
    "Het Baken",
    "De Horst",
    "De Wending",
    "Het Hofje",
    "De Regenboog",
    "De Vlinder",
    "De Bron",
    "Het Kompas",
    "De Es",
    "Meerzicht",
    "Zonnewende",
    "De Klimop",
    "De Populier",
    "Het Veld",
    "De Molen",
    "De Akker",
]
TASKS = {
    "zorg": [
        "Koffie geschonken en gepraat met bewoners",
        "Wandeling met bewoners gemaakt",
        "Spelletjesmiddag begeleid",
    ],
    "sport": ["Training gegeven aan de jeugd", "Geholpen bij het toernooi", "Kantinedienst gedaan"],
    "cultuur": ["Boeken gesorteerd en klanten geholpen", "Decor gebouwd", "Rondleiding voorbereid"],
    "natuur": ["Dieren gevoerd en stallen schoongemaakt", "Zwerfafval opgeruimd", "Paden gesnoeid"],
    "onderwijs": ["Voorgelezen aan groep 3", "Bijles rekenen gegeven", "Geholpen bij de open dag"],
    "buurt": [
        "Voedselpakketten ingepakt",
        "Activiteit voor kinderen begeleid",
        "Buurtfeest opgebouwd",
    ],
    "dieren": ["Honden uitgelaten", "Hokken schoongemaakt", "Katten verzorgd"],
    "evenementen": ["Route uitgezet", "Kraam bemand", "Opgebouwd en opgeruimd"],
    "levensbeschouwing": ["Maaltijd voor ouderen geserveerd", "Geholpen bij de kledingbank"],
    "internationaal": ["Winkel ingericht", "Actie voor een schoolproject gehouden"],
}


@dataclass(frozen=True)
class Offer:
    """What a provider of a sector typically offers; ``months`` limits a seasonal offer (an
    avondvierdaagse walks in May or June, never in December)."""

    title: str
    tasks: str
    min_age: int
    group_size: int | None
    months: tuple[int, ...] = ()

    def fits(self, day: datetime.date) -> bool:
        return not self.months or day.month in self.months


# Per sector: title, tasks, minimum age, group size (None: one student at a time).
_OFFER_ROWS: dict[str, list[tuple[str, str, int, int | None]]] = {
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
SEASONS = {
    "Toernooidag organiseren": (4, 5, 6, 9),
    "Natuurwerkdag": (10, 11, 3),
    "Buurtfeest organiseren": (5, 6, 7, 8, 9),
    "Vrijwilliger bij de avondvierdaagse": (5, 6),
}
OFFERS: dict[str, list[Offer]] = {
    sector: [Offer(*row, months=SEASONS.get(row[0], ())) for row in rows]
    for sector, rows in _OFFER_ROWS.items()
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


# Why a student reacts, by the placement's sector: a motivation that fits what they will do.
MOTIVATIONS = {
    "zorg": [
        "Mijn oma woont in een verzorgingshuis, ik weet hoe fijn bezoek is.",
        "Ik praat graag met ouderen en wil weten of de zorg iets voor mij is.",
    ],
    "sport": [
        "Ik sport zelf bij deze club en wil iets terugdoen.",
        "Ik train zelf al jaren en wil graag de jongste jeugd helpen.",
    ],
    "cultuur": [
        "Ik lees veel en help graag anderen een goed boek te vinden.",
        "Ik teken en knutsel graag en wil zien hoe een voorstelling gemaakt wordt.",
    ],
    "natuur": [
        "Ik ben graag buiten en wil iets doen voor de natuur bij ons in de buurt.",
        "Ik hou van dieren en wil graag leren hoe je ze verzorgt.",
    ],
    "onderwijs": [
        "Ik lees graag voor aan mijn kleine zusje.",
        "Ik leg graag dingen uit en wil misschien later juf of meester worden.",
    ],
    "buurt": [
        "Ik wil iets doen voor mijn buurt.",
        "Het lijkt me leuk om met een groep iets te organiseren voor de wijk.",
    ],
    "dieren": [
        "Ik hou van dieren en wil graag leren hoe je ze verzorgt.",
        "We hebben thuis een hond en ik wil graag met dieren werken.",
    ],
    "evenementen": [
        "Het lijkt me leuk om met een groep iets te organiseren.",
        "Ik heb zelf meegelopen en wil nu graag helpen.",
    ],
    "levensbeschouwing": [
        "Ik kook graag en wil iets doen voor ouderen in de wijk.",
        "Ik vind het leuk om met mensen om te gaan en wil graag helpen.",
    ],
    "internationaal": [
        "Ik vind eerlijke handel belangrijk en wil leren hoe een winkel werkt.",
        "Ik wil iets doen voor mensen die net in Nederland zijn.",
    ],
}
GENERAL_MOTIVATION = "Ik vind het leuk om met mensen om te gaan en wil graag helpen."


def motivation_for(sector: str, k: int) -> str:
    options = MOTIVATIONS.get(sector) or [GENERAL_MOTIVATION]
    return options[k % len(options)]


DECLINE_REASONS = [
    "Deze periode is al vol met vaste vrijwilligers.",
    "We zoeken iemand die op woensdagmiddag kan.",
]
WITHDRAW_REASONS = [
    "Ik heb een andere stageplaats gevonden.",
    "Het past toch niet in mijn rooster.",
]


def provider_name(rng, sector: str, place: str, taken: set[str]) -> str:
    """A name for a new provider that no other provider of the region has: the same
    "Voedselbank Zutphen" four times could not be told apart (nor paid)."""
    templates = PROVIDER_NAMES[sector]
    for _ in range(12):
        name = rng.choice(templates).format(x=rng.choice(PLACE_WORDS), p=place)
        if name not in taken:
            break
    else:
        # Crowded sector: a second branch, named after its neighbourhood as people say it.
        words = [w for w in PLACE_WORDS if f"{name}, {w}" not in taken]
        name = f"{name}, {rng.choice(words)}" if words else f"{name}, {len(taken)}"
    taken.add(name)
    return name


def in_season(offer: Offer, day: datetime.date) -> datetime.date:
    """``day``, or the first day of the offer's next month in season."""
    while not offer.fits(day):
        day = (day.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    return day
