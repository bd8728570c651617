import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from stageplein.organisations.models import Level
from stageplein.students.models import Student


class StudentFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    level = django_filters.ChoiceFilter(label=_("Level"), choices=Level.choices)
    year = django_filters.NumberFilter(label=_("Year group"))
    class_name = django_filters.CharFilter(label=_("Class"), lookup_expr="iexact")

    class Meta:
        model = Student
        fields = ["q", "level", "year", "class_name"]

    def search(self, qs: QuerySet[Student], name: str, value: str) -> QuerySet[Student]:
        for word in value.split()[:4]:
            qs = qs.filter(
                Q(user__first_name__icontains=word)
                | Q(user__last_name__icontains=word)
                | Q(student_number__iexact=word)
            )
        return qs
