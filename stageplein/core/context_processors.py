from django.http import HttpRequest

from stageplein.accounts.access import get_scope


def platform(request: HttpRequest) -> dict:
    from django.conf import settings

    context = {"SITE_NAME": settings.SITE_NAME, "scope": get_scope(request)}
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        from stageplein.notifications.models import Notification

        context["unread_notifications"] = Notification.objects.filter(
            recipient=user, read_at__isnull=True
        ).count()
    return context
