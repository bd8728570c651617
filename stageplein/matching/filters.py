"""The queue's filters: school, level, window, days waiting, reactions, flags, a name."""

from __future__ import annotations

import datetime

import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stageplein.matching.selectors import Queue
from stageplein.organisations.models import Level, School
from stageplein.students.models import Student

WINDOW_CHOICES = [
    ("now", _("window running now")),
    ("upcoming", _("window still to come")),
    ("over", _("window over")),
    ("none", _("no window in the calendar")),
]
WAITING_CHOICES = [
    ("7", _("at least a week")),
    ("14", _("at least two weeks")),
    ("30", _("at least a month")),
    ("60", _("at least two months")),
]
REACTION_CHOICES = [
    ("none", _("no reaction waiting")),
    ("waiting", _("a reaction waiting for a provider")),
    ("flagged", _("flagged match")),
]


class QueueFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Name or student number"), method="search")
    school = django_filters.ModelChoiceFilter(
        label=_("School"), queryset=School.objects.none(), empty_label=_("All schools")
    )
    level = django_filters.ChoiceFilter(
        label=_("Level"), choices=Level.choices, empty_label=_("All levels")
    )
    window = django_filters.ChoiceFilter(
        label=_("Window"), choices=WINDOW_CHOICES, method="by_window", empty_label=_("Any")
    )
    waiting = django_filters.ChoiceFilter(
        label=_("Waiting"), choices=WAITING_CHOICES, method="by_waiting", empty_label=_("Any")
    )
    reactions = django_filters.ChoiceFilter(
        label=_("Reactions"), choices=REACTION_CHOICES, method="by_reactions", empty_label=_("Any")
    )

    class Meta:
        model = Student
        fields = ["q", "school", "level", "window", "waiting", "reactions"]

    def __init__(self, *args, schools: QuerySet[School] | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if schools is not None:
            self.filters["school"].queryset = schools
            self.form.fields["school"].queryset = schools

    def search(self, qs: Queue, name: str, value: str) -> Queue:
        for word in value.split()[:4]:
            qs = qs.filter(
                Q(user__first_name__icontains=word)
                | Q(user__last_name__icontains=word)
                | Q(student_number__iexact=word)
            )
        return qs

    def by_window(self, qs: Queue, name: str, value: str) -> Queue:
        today = timezone.localdate()
        return {
            "now": qs.filter(window_starts__lte=today, window_ends__gte=today),
            "upcoming": qs.filter(window_starts__gt=today),
            "over": qs.filter(window_ends__lt=today),
            "none": qs.filter(window_id__isnull=True),
        }.get(value, qs)

    def by_waiting(self, qs: Queue, name: str, value: str) -> Queue:
        days = int(value) if value.isdigit() else 0
        return qs.filter(waiting_since__lte=timezone.localdate() - datetime.timedelta(days=days))

    def by_reactions(self, qs: Queue, name: str, value: str) -> Queue:
        return {
            "none": qs.filter(open_reactions=0),
            "waiting": qs.filter(open_reactions__gt=0),
            "flagged": qs.filter(flagged_on__isnull=False),
        }.get(value, qs)
