from django.urls import reverse

from tests.support.url_matrix import Row

ROWS = {
    # The admin signs in through allauth: strangers are sent there, the admin on to the admin,
    # others signed in get 403 (the admin is not for them).
    "admin_login": Row(
        lambda w: reverse("admin_login"), {"anonymous": 302, "admin": 302}, default=403
    ),
    "account": Row(lambda w: reverse("account"), {"anonymous": 302}, default=200),
    "signin_link_request": Row(lambda w: reverse("signin_link_request"), default=200),
    "signin_link_use": Row(
        lambda w: reverse("signin_link_use", args=["no-such-token"]), default=410
    ),
}
