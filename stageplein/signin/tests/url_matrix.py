import datetime

from django.urls import reverse
from django.utils import timezone

from stageplein.signin.models import ClassSignin
from tests.support.url_matrix import Row
from tests.support.world import World


def class_signin(w: World) -> ClassSignin:
    """An open class sign-in of the world's school, started by its mentor."""
    session, _ = ClassSignin.objects.get_or_create(
        school=w.school,
        class_name=w.student.class_name,
        defaults={
            "code_hash": "matrix",
            "started_by": w.users["mentor"],
            "expires_at": timezone.now() + datetime.timedelta(hours=1),
        },
    )
    return session


ROWS = {
    # allauth's OpenID Connect views with our adapter (signin/oidc.py). The world has no
    # identity provider: an unknown provider id is 404 for everyone (test_sso.py signs in).
    "openid_connect_login": Row(
        lambda w: reverse("openid_connect_login", args=["matrix-none"]),
        default=404,
        method="POST",
    ),
    "openid_connect_callback": Row(
        lambda w: reverse("openid_connect_callback", args=["matrix-none"]),
        default=404,
    ),
    "signin_cards": Row(
        lambda w: reverse("signin_cards", args=[w.school.pk]),
        {"anonymous": 302, "coordinator": 200, "admin": 200, "mentor": 403, "broker": 403},
        default=404,
    ),
    # Printing answers with the PDF.
    "signin_cards_print": Row(
        lambda w: reverse("signin_cards_print", args=[w.school.pk]),
        {"anonymous": 302, "coordinator": 200, "admin": 200, "mentor": 403, "broker": 403},
        default=404,
        method="POST",
        data=lambda w: {"class_name": w.student.class_name},
    ),
    "signin_card_reissue": Row(
        lambda w: reverse("signin_card_reissue", args=[w.student.pk]),
        {
            "anonymous": 302,
            "coordinator": 200,
            "admin": 200,
            "student": 403,
            "parent": 403,
            "mentor": 403,
            "broker": 403,
            "provider_contact": 403,
            "supervisor": 403,
        },
        default=404,
        method="POST",
    ),
    # Anyone may type a code; an unknown one is refused with 410 ("gone").
    "signin_card": Row(lambda w: reverse("signin_card"), default=200),
    "signin_card_link": Row(
        lambda w: reverse("signin_card_link", args=["NOSUCHCODE12"]), default=200
    ),
    "signin_welcome": Row(lambda w: reverse("signin_welcome"), {"anonymous": 302}, default=200),
    "class_signin_start": Row(
        lambda w: reverse("class_signin_start", args=[w.school.pk]),
        {"anonymous": 302, "coordinator": 200, "mentor": 200, "admin": 200, "broker": 403},
        default=404,
    ),
    "class_signin_screen": Row(
        lambda w: reverse("class_signin_screen", args=[class_signin(w).pk]),
        {"anonymous": 302, "coordinator": 200, "mentor": 200, "admin": 200},
        default=404,
    ),
    "class_signin_close": Row(
        lambda w: reverse("class_signin_close", args=[class_signin(w).pk]),
        {"anonymous": 302, "coordinator": 302, "mentor": 302, "admin": 302},
        default=404,
        method="POST",
    ),
    "class_signin": Row(lambda w: reverse("class_signin"), default=200),
    # Without a class code typed first there is no class to pick a name from.
    "class_signin_names": Row(lambda w: reverse("class_signin_names"), default=404),
}
ROWS["second_factor_required"] = Row(
    lambda w: reverse("second_factor_required"), {"anonymous": 302}, default=200
)
# A coordinator resets their mentor's second factor, an administrator anyone's.
ROWS["second_factor_reset"] = Row(
    lambda w: reverse("second_factor_reset", args=[w.users["mentor"].pk]),
    {"anonymous": 302, "coordinator": 302, "admin": 302},
    default=404,
    method="POST",
)
