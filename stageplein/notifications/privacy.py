"""The notifications app's part of a student's own data (students/own_data.py)."""

from django.db.models import QuerySet

from stageplein.notifications.models import Notification, NotificationSettings, PushSubscription
from stageplein.students.models import Student
from stageplein.students.own_data import rows


def student_data(student: Student) -> dict[str, object]:
    return {
        "notifications": rows(
            Notification.objects.filter(recipient=student.user).order_by("created_at")
        ),
        # Which kinds they chose, and the devices push messages go to (issue 19).
        "notification_settings": rows(NotificationSettings.objects.filter(user=student.user)),
        "push_devices": rows(PushSubscription.objects.filter(user=student.user)),
    }


def anonymise(students: QuerySet[Student]) -> None:
    users = students.values("user_id")
    Notification.objects.filter(recipient__in=users).delete()
    PushSubscription.objects.filter(user__in=users).delete()
