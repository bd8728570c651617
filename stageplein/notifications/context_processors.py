from django.http import HttpRequest

from stageplein.notifications.services import unread_count


def unread_notifications(request: HttpRequest) -> dict:
    """The count on the bell in every page's header."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": unread_count(user)}
