from django.urls import reverse

from tests.support.url_matrix import Row

ROWS = {
    "notification_list": Row(
        lambda w: reverse("notification_list"), {"anonymous": 302}, default=200
    ),
    "notification_mark_read": Row(
        lambda w: reverse("notification_mark_read"), method="POST", default=302
    ),
    "notification_bell": Row(
        lambda w: reverse("notification_bell"), {"anonymous": 302}, default=200
    ),
    "notification_settings": Row(
        lambda w: reverse("notification_settings"), {"anonymous": 302}, default=200
    ),
    # An empty body is refused (400) for everyone signed in; anonymous go to sign in.
    "push_device_add": Row(
        lambda w: reverse("push_device_add"), {"anonymous": 302}, method="POST", default=400
    ),
    "push_device_remove": Row(
        lambda w: reverse("push_device_remove"), {"anonymous": 302}, method="POST", default=200
    ),
}
