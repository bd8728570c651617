import pytest

from stageplein.geo.distance import distance_km, haversine_km
from stageplein.geo.models import Municipality, PostcodeArea

pytestmark = pytest.mark.django_db


def test_all_342_municipalities_and_4086_postcode_areas_are_loaded():
    assert Municipality.objects.count() == 342
    assert PostcodeArea.objects.count() == 4086
    assert PostcodeArea.objects.get(pc4="7201").municipality.name == "Zutphen"
    # Voorne aan Zee (2023) was missing in GeoNames; the data assigns its postcodes.
    assert PostcodeArea.objects.get(pc4="3231").municipality.name == "Voorne aan Zee"


def test_distance_between_postcode_areas_in_km():
    # Zutphen centre to Amsterdam centre is about 92 km as the crow flies.
    d = distance_km("7201", "1011")
    assert d is not None and 85 < d < 100
    assert distance_km("7201", "7201") == 0
    assert distance_km("7201", "0000") is None
    assert distance_km(None, "7201") is None


def test_haversine_is_symmetric_and_matches_a_known_distance():
    utrecht, amsterdam = (52.0907, 5.1214), (52.3676, 4.9041)
    d = haversine_km(*utrecht, *amsterdam)
    assert 34 < d < 36
    assert d == pytest.approx(haversine_km(*amsterdam, *utrecht))
