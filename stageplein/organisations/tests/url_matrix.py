from django.urls import reverse

from tests.support.url_matrix import Row, signed_in

# People who know the organisation but do not act for the broker on it: they get 403 on the
# broker's pages about it (they may see it, so 404 would say nothing true).
KNOW_IT = ("coordinator", "mentor", "provider_contact", "supervisor")
BROKER_ONLY = signed_in(ok=("broker", "admin"))
CONTACT_OR_BROKER = signed_in(ok=("provider_contact", "broker", "admin"))

ROWS = {
    "school_detail": Row(
        lambda w: reverse("school_detail", args=[w.school.pk]),
        {"anonymous": 302, "coordinator": 200, "mentor": 200, "broker": 200, "admin": 200},
        default=404,
    ),
    "provider_list": Row(
        lambda w: reverse("provider_list"),
        {"anonymous": 302, "student": 403, "parent": 403, "municipality": 403, "national": 403},
        default=200,
    ),
    "provider_detail": Row(
        lambda w: reverse("provider_detail", args=[w.provider.pk]),
        {
            "anonymous": 302,
            "coordinator": 200,
            "mentor": 200,
            "provider_contact": 200,
            "supervisor": 200,
            "broker": 200,
            "admin": 200,
        },
        default=404,
    ),
}
ROWS["provider_profile"] = Row(
    lambda w: reverse("provider_profile", args=[w.provider.pk]),
    CONTACT_OR_BROKER,
    default=404,
)
ROWS["provider_edit"] = Row(
    lambda w: reverse("provider_edit", args=[w.provider.pk]),
    CONTACT_OR_BROKER,
    default=404,
)


def _pending_provider(w) -> int:
    """An organisation of the world's municipality that signed up and waits for review."""
    from stageplein.organisations.models import Provider, ReviewStatus

    provider, _created = Provider.objects.get_or_create(
        name="Buurthuis Nieuw",
        municipality=w.provider.municipality,
        defaults={
            "sector": w.provider.sector,
            "region": w.provider.region,
            "review_status": ReviewStatus.PENDING,
        },
    )
    return provider.pk


ROWS.update(
    {
        "provider_signup": Row(lambda w: reverse("provider_signup"), default=200),
        "provider_review_list": Row(
            lambda w: reverse("provider_review_list"),
            {
                "anonymous": 302,
                "coordinator": 200,
                "other_coordinator": 200,
                "broker": 200,
                "admin": 200,
            },
            default=403,
        ),
        # The world's municipality has a broker: the broker reviews, not the school.
        "provider_review": Row(
            lambda w: reverse("provider_review", args=[_pending_provider(w)]),
            BROKER_ONLY,
            default=404,
        ),
        "provider_add": Row(
            lambda w: reverse("provider_add"),
            BROKER_ONLY,
            default=403,
        ),
    }
)

# A link that does not (or no longer) work: the same page for everyone, nothing revealed.
ROWS["provider_signup_confirm"] = Row(
    lambda w: reverse("provider_signup_confirm", args=["onbekend-token"]), default=200
)
# An unknown or used change link: the same page for everyone, saying the link no longer works.
ROWS["provider_signup_change"] = Row(
    lambda w: reverse("provider_signup_change", args=["onbekend-token"]), default=200
)
# The broker of the organisation's area adds locations and invites contacts.
ROWS["provider_location_add"] = Row(
    lambda w: reverse("provider_location_add", args=[w.provider.pk]),
    signed_in(ok=("broker", "admin"), forbidden=KNOW_IT),
    default=404,
)
ROWS["provider_contact_invite"] = Row(
    lambda w: reverse("provider_contact_invite", args=[w.provider.pk]),
    signed_in(ok=("broker", "admin"), forbidden=KNOW_IT),
    default=404,
)
# An unknown or used invitation: the same page for everyone, saying the link no longer works.
ROWS["provider_contact_claim"] = Row(
    lambda w: reverse("provider_contact_claim", args=["onbekend-token"]), default=200
)
# Merging a duplicate organisation: the broker of its area only (not the admin either: the
# merge moves people and placements between organisations the broker answers for).
ROWS["provider_merge"] = Row(
    lambda w: reverse("provider_merge", args=[w.provider.pk]),
    signed_in(ok=("broker",), forbidden=("admin", *KNOW_IT)),
    default=404,
)
