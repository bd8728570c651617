import django_filters
from django.utils.translation import gettext_lazy as _

from stageplein.organisations.models import Provider, Sector


class ProviderFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), field_name="name", lookup_expr="icontains")
    sector = django_filters.ModelChoiceFilter(label=_("Sector"), queryset=Sector.objects.all())

    class Meta:
        model = Provider
        fields = ["q", "sector"]
