import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from stageplein.organisations.models import Level, levels_and_years
from stageplein.students.models import Student


class StudentFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    level = django_filters.ChoiceFilter(label=_("Level"), choices=Level.choices)
    year = django_filters.ChoiceFilter(
        label=_("Year group"), choices=[(str(n), str(n)) for n in range(1, 7)]
    )
    class_name = django_filters.CharFilter(label=_("Class"), lookup_expr="iexact")

    class Meta:
        model = Student
        fields = ["q", "level", "year", "class_name"]

    def __init__(self, *args, schools=None, **kwargs) -> None:
        """``schools``: the schools of the students listed; a vmbo-only school is offered
        vmbo and year groups 1 to 4 only (as the calendar's window form)."""
        super().__init__(*args, **kwargs)
        if schools is not None:
            levels, last_year = levels_and_years(schools)
            labels = dict(Level.choices)
            self.filters["level"].extra["choices"] = [(lv, labels[lv]) for lv in levels]
            self.filters["year"].extra["choices"] = [
                (str(n), str(n)) for n in range(1, last_year + 1)
            ]

    def search(self, qs: QuerySet[Student], name: str, value: str) -> QuerySet[Student]:
        for word in value.split()[:4]:
            qs = qs.filter(
                Q(user__first_name__icontains=word)
                | Q(user__last_name__icontains=word)
                | Q(student_number__iexact=word)
            )
        return qs
