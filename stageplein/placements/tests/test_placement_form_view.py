"""Writing a placement: forms refuse impossible values on the field, with a clear message,
and nothing is half-saved."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from stageplein.placements.models import Placement, PlacementPeriod

pytestmark = pytest.mark.django_db


def form_data(world, **overrides) -> dict:
    start = timezone.localdate() + datetime.timedelta(weeks=5)
    data = {
        "provider": world.provider.pk,
        "title": "Spelletjesmiddag",
        "sector": "zorg",
        "tasks": "Spelletjes doen met bewoners.",
        "address": "Lindelaan 4",
        "pc4": "7202 AB",
        "levels": ["vmbo", "havo"],
        "min_age": 13,
        "kind": "individual",
        "group_size": "",
        "guidance": "Een vaste vrijwilliger is er altijd bij.",
        "may_do": "",
        "may_not_do": "",
        "contact": world.users["provider_contact"].pk,
        "periods-TOTAL_FORMS": 2,
        "periods-INITIAL_FORMS": 0,
        "periods-MIN_NUM_FORMS": 1,
        "periods-MAX_NUM_FORMS": 1000,
        "periods-0-starts_on": start.isoformat(),
        "periods-0-ends_on": (start + datetime.timedelta(days=14)).isoformat(),
        "periods-0-hours": 12,
        "periods-0-capacity": 4,
        "periods-0-schedule": "woensdagmiddag",
        "periods-1-starts_on": "",
        "periods-1-ends_on": "",
        "periods-1-hours": "",
        "periods-1-capacity": "",
        "periods-1-schedule": "",
    }
    data.update(overrides)
    return data


def post(client, world, **overrides):
    return client.post(reverse("placement_create"), form_data(world, **overrides))


def field_errors(response, field: str, form: str = "form") -> list[str]:
    if form == "form":
        return response.context["form"].errors.get(field, [])
    index = int(form)
    return response.context["formset"].forms[index].errors.get(field, [])


def test_a_provider_saves_a_draft_with_a_period(world, client_as):
    response = post(client_as("provider_contact"), world)
    assert response.status_code == 302
    placement = Placement.objects.get(title="Spelletjesmiddag")
    assert placement.status == Placement.Status.DRAFT
    assert placement.postcode_id == "7202"
    assert placement.levels == ["vmbo", "havo"]
    assert placement.periods.get().capacity == 4


@pytest.mark.parametrize(
    ("overrides", "form", "field", "message"),
    [
        ({"periods-0-capacity": 0}, "0", "capacity", "Er moet minstens 1 plaats zijn."),
        ({"periods-0-capacity": -3}, "0", "capacity", "Er moet minstens 1 plaats zijn."),
        (
            {"periods-0-ends_on": (timezone.localdate() + datetime.timedelta(weeks=4)).isoformat()},
            "0",
            "ends_on",
            "De laatste dag kan niet vóór de eerste dag liggen.",
        ),
        ({"pc4": "0000"}, "form", "pc4", "Postcode 0000 is onbekend. Controleer de vier cijfers."),
        ({"pc4": "Zutphen"}, "form", "pc4", "Vul een Nederlandse postcode in"),
        ({"levels": []}, "form", "levels", "Kies minstens één niveau."),
        (
            {"kind": "group", "group_size": ""},
            "form",
            "group_size",
            "Met hoeveel leerlingen doen ze het samen? Minstens 2.",
        ),
        ({"min_age": 30}, "form", "min_age", "18"),
    ],
)
def test_impossible_values_are_refused_on_the_field_and_nothing_is_saved(
    world, client_as, overrides, form, field, message
):
    before = (Placement.objects.count(), PlacementPeriod.objects.count())
    response = post(client_as("provider_contact"), world, **overrides)
    assert response.status_code == 400
    errors = field_errors(response, field, form)
    assert any(message in str(e) for e in errors), errors
    assert (Placement.objects.count(), PlacementPeriod.objects.count()) == before
    html = response.content.decode()
    assert 'aria-invalid="true"' in html
    assert "Er is nog niets opgeslagen" in html


def test_html_in_text_fields_is_shown_as_text(world, client_as):
    post(client_as("provider_contact"), world, title="<script>alert(1)</script> Koken")
    placement = Placement.objects.get(title__endswith="Koken")
    page = client_as("provider_contact").get(reverse("placement_detail", args=[placement.pk]))
    html = page.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Koken" in html


def test_a_provider_cannot_write_for_another_provider(world, client_as):
    response = post(client_as("provider_contact"), world, provider=world.other_provider.pk)
    assert response.status_code == 400
    assert field_errors(response, "provider")
    assert not Placement.objects.filter(title="Spelletjesmiddag").exists()


def test_a_broker_writes_for_a_provider_in_its_area(world, client_as):
    assert post(client_as("broker"), world).status_code == 302
    assert Placement.objects.get(title="Spelletjesmiddag").provider == world.provider


def test_editing_cannot_lower_capacity_below_the_claimed_seats(world, client_as):
    placement, period = world.placement2, world.period2  # one seat claimed
    data = form_data(
        world,
        title=placement.title,
        **{
            "periods-TOTAL_FORMS": 1,
            "periods-INITIAL_FORMS": 1,
            "periods-0-id": period.pk,
            "periods-0-starts_on": period.starts_on.isoformat(),
            "periods-0-ends_on": period.ends_on.isoformat(),
            "periods-0-hours": period.hours,
            "periods-0-capacity": 0,
        },
    )
    client = client_as("provider_contact")
    response = client.post(reverse("placement_edit", args=[placement.pk]), data)
    assert response.status_code == 400
    data["periods-0-capacity"] = 1
    assert client.post(reverse("placement_edit", args=[placement.pk]), data).status_code == 302
    period.refresh_from_db()
    assert period.capacity == 1
    data["periods-0-capacity"] = 1
    data["title"] = "Nieuwe titel"
    PlacementPeriod.objects.filter(pk=period.pk).update(capacity=2)
    from stageplein.applications.models import Application, Status

    Application.objects.create(
        student=world.classmate,
        placement=placement,
        period=period,
        motivation="Graag",
        status=Status.ACCEPTED,
        accepted_at=timezone.now(),
    )
    refused = client.post(reverse("placement_edit", args=[placement.pk]), data)
    assert refused.status_code == 400
    assert "2 leerlingen hebben al een plaats" in str(field_errors(refused, "capacity", "0"))
    placement.refresh_from_db()
    assert placement.title != "Nieuwe titel"  # nothing half-saved


def test_a_provider_adds_several_periods_in_one_go(world, client_as):
    client = client_as("provider_contact")
    page = client.get(reverse("placement_create")).content.decode()
    assert "periods-2-starts_on" in page  # three periods on the form, only the first required
    start = timezone.localdate() + datetime.timedelta(weeks=9)
    response = post(
        client,
        world,
        **{
            "periods-TOTAL_FORMS": 3,
            "periods-1-starts_on": start.isoformat(),
            "periods-1-ends_on": (start + datetime.timedelta(days=7)).isoformat(),
            "periods-1-hours": 6,
            "periods-1-capacity": 2,
            "periods-2-starts_on": "",
            "periods-2-ends_on": "",
            "periods-2-hours": "",
            "periods-2-capacity": "",
            "periods-2-schedule": "",
        },
    )
    assert response.status_code == 302
    assert Placement.objects.get(title="Spelletjesmiddag").periods.count() == 2
