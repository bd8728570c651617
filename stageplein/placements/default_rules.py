"""The national starting point for R-PLACE-3: what students may and may not do per sector.

The care-sector list follows the pilots' playbook ("wat mag een stagiair wel en niet"); brokers
add or replace rules for their own region in the platform. Loaded by a data migration, and
again by tests after a flush.
"""

from stageplein.organisations.models import Sector
from stageplein.placements.models import TaskRule

RULES = {
    "zorg": [
        ("may", "Gezelschap bieden: praten, voorlezen, een spelletje doen"),
        ("may", "Helpen bij activiteiten, zoals een bingo, bakken of muziek"),
        ("may", "Wandelen met bewoners, ook in een rolstoel, samen met een begeleider"),
        ("may", "Koffie en thee schenken en rondbrengen"),
        ("may_not", "Persoonlijke verzorging: wassen, aankleden, naar het toilet helpen"),
        ("may_not", "Medicijnen geven of eten en drinken geven aan wie moeite heeft met slikken"),
        ("may_not", "Tillen of verplaatsen van bewoners"),
        ("may_not", "Alleen zijn met een bewoner zonder dat een begeleider in de buurt is"),
    ],
    "sport": [
        ("may", "Helpen bij trainingen van jonge jeugd, samen met een trainer"),
        ("may", "Helpen bij toernooien, in de kantine of met materiaal"),
        ("may_not", "Alleen een groep kinderen begeleiden"),
        ("may_not", "Alcohol schenken of verkopen"),
    ],
    "dieren": [
        ("may", "Dieren voeren en verblijven schoonmaken"),
        ("may_not", "Omgaan met dieren die als gevaarlijk bekendstaan"),
        ("may_not", "Medische handelingen bij dieren"),
    ],
    "onderwijs": [
        ("may", "Voorlezen en helpen in de klas, met de leerkracht erbij"),
        ("may_not", "Alleen een groep leerlingen begeleiden"),
    ],
}


def load(task_rule_model=None, sector_model=None) -> int:
    """Add the national rules of each sector that has none yet; returns how many were added."""
    if task_rule_model is None or sector_model is None:
        # The migration passes its historical models; everyone else gets the real ones.
        task_rule_model, sector_model = TaskRule, Sector
    known = set(sector_model.objects.values_list("code", flat=True))
    added = 0
    for code, rules in RULES.items():
        if (
            code not in known
            or task_rule_model.objects.filter(sector_id=code, region=None).exists()
        ):
            continue
        task_rule_model.objects.bulk_create(
            task_rule_model(sector_id=code, region=None, kind=kind, text=text, order=i)
            for i, (kind, text) in enumerate(rules)
        )
        added += len(rules)
    return added
