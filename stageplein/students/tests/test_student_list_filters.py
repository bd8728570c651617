"""The student list's filters offer what the school teaches: a vmbo-only school is offered
vmbo and year groups 1 to 4, not havo, vwo or year groups 5 and 6 (issue 14, item 12)."""

import pytest
from django.urls import reverse

from stageplein.organisations.models import School

pytestmark = pytest.mark.django_db


def test_a_vmbo_only_school_filters_on_vmbo_and_year_groups_one_to_four(client_as, world):
    School.objects.filter(pk=world.school.pk).update(levels=["vmbo"])
    form = client_as("coordinator").get(reverse("student_list")).context["filter"].form
    assert [value for value, _label in form.fields["level"].choices] == ["", "vmbo"]
    assert [value for value, _label in form.fields["year"].choices] == ["", "1", "2", "3", "4"]


def test_filtering_on_a_year_group_still_lists_that_year(client_as, world):
    page = client_as("coordinator").get(reverse("student_list"), {"year": "2"}).context["page"]
    assert world.student in page.object_list
    assert world.other_student not in page.object_list
