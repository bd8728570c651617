from django.urls import reverse

from tests.support.url_matrix import Row

ROWS = {
    "account": Row(lambda w: reverse("account"), {"anonymous": 302}, default=200),
    "signin_link_request": Row(lambda w: reverse("signin_link_request"), default=200),
    "signin_link_use": Row(
        lambda w: reverse("signin_link_use", args=["no-such-token"]), default=410
    ),
}
