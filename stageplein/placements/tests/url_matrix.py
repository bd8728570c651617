"""Role × URL matrix rows for the vacancy bank's placement pages, and the objects they need."""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import Model
from django.urls import reverse

from stageplein.placements.models import Placement
from tests.support.placements import make_placement
from tests.support.url_matrix import Row
from tests.support.world import World


def _url(name: str, obj: Callable[[World], Model] | None = None) -> Callable[[World], str]:
    def build(w: World) -> str:
        if obj is None:
            return reverse(name)
        return reverse(name, args=[obj(w).pk])

    return build


def _photo_url(w: World) -> str:
    """A photo on the world's (public) organisation page, made once."""
    from django.core.files.base import ContentFile

    from stageplein.organisations.models import ProviderPhoto

    photo = ProviderPhoto.objects.filter(provider=w.provider).first()
    if photo is None:
        photo = ProviderPhoto(provider=w.provider, alt_text="Een tuin")
        photo.image.save("matrix.png", ContentFile(b"\x89PNG\r\n\x1a\n"), save=True)
    return reverse("public_provider_photo", args=[w.provider.pk, photo.pk])


SEARCHERS = {
    "student": 200,
    "parent": 200,
    "coordinator": 200,
    "mentor": 200,
    "broker": 200,
    "admin": 200,
    "other_coordinator": 200,
}
EDITORS = ("provider_contact", "broker", "admin")

ROWS = {
    # The public vacancy bank: the same for everyone, signed in or not.
    "public_search": Row(_url("public_search"), default=200),
    "public_placement": Row(_url("public_placement", lambda w: w.placement), default=200),
    "public_provider": Row(_url("public_provider", lambda w: w.provider), default=200),
    # The world's organisation has no logo; its photo is public like its page.
    "public_provider_logo": Row(_url("public_provider_logo", lambda w: w.provider), default=404),
    "public_provider_photo": Row(_photo_url, default=200),
    "robots_txt": Row(_url("robots_txt"), default=200),
    "sitemap": Row(_url("sitemap"), default=200),
    "placement_search": Row(_url("placement_search"), {"anonymous": 302, **SEARCHERS}, default=403),
    "placement_manage_list": Row(
        _url("placement_manage_list"),
        {
            "anonymous": 302,
            "provider_contact": 200,
            "supervisor": 200,
            "broker": 200,
            "admin": 200,
            "other_provider_contact": 200,
        },
        default=403,
    ),
    "placement_create": Row(
        _url("placement_create"),
        {
            "anonymous": 302,
            "provider_contact": 200,
            "broker": 200,
            "admin": 200,
            "other_provider_contact": 200,
        },
        default=403,
    ),
    "placement_rules": Row(
        _url("placement_rules"),
        {
            "anonymous": 302,
            "provider_contact": 200,
            "broker": 200,
            "admin": 200,
            "other_provider_contact": 200,
        },
        default=403,
    ),
    "placement_detail": Row(
        _url("placement_detail", lambda w: w.placement),
        {"anonymous": 302, **SEARCHERS, "provider_contact": 200, "supervisor": 200},
        default=404,
    ),
    "placement_edit": Row(
        _url("placement_edit", lambda w: w.placement),
        {
            "anonymous": 302,
            **dict.fromkeys(SEARCHERS, 403),
            "supervisor": 403,
            **dict.fromkeys(EDITORS, 200),
        },
        default=404,
    ),
    # A draft is seen only by its provider's people and the broker. Once the provider contact
    # has published it, the other school's coordinator (later in the role order) can see it.
    "placement_publish": Row(
        _url("placement_publish", lambda w: w.draft_placement),
        {
            "anonymous": 302,
            "supervisor": 403,
            **dict.fromkeys(EDITORS, 302),
            "other_coordinator": 403,
        },
        default=404,
        method="POST",
    ),
    # The provider contact closes it; from then on it is hidden from the other school's
    # coordinator (who comes later in the role order), hence 404 there.
    "placement_close": Row(
        _url("placement_close", lambda w: w.placement),
        {
            "anonymous": 302,
            **dict.fromkeys(SEARCHERS, 403),
            "supervisor": 403,
            **dict.fromkeys(EDITORS, 302),
            "other_coordinator": 404,
        },
        default=404,
        method="POST",
    ),
    "placement_renew": Row(
        _url("placement_renew", lambda w: w.placement),
        {
            "anonymous": 302,
            **dict.fromkeys(SEARCHERS, 403),
            "supervisor": 403,
            **dict.fromkeys(EDITORS, 302),
        },
        default=404,
        method="POST",
    ),
    "placement_renew_link": Row(
        lambda w: reverse("placement_renew_link", args=["no-such-token"]), default=410
    ),
    "task_rule_list": Row(
        _url("task_rule_list"), {"anonymous": 302, "broker": 200, "admin": 200}, default=403
    ),
    "task_rule_edit": Row(
        _url("task_rule_edit", lambda w: w.task_rule),
        {"anonymous": 302, "broker": 200, "admin": 200},
        default=403,
    ),
    # The broker removes the rule; the admin, later in the role order, finds it gone.
    "task_rule_delete": Row(
        _url("task_rule_delete", lambda w: w.task_rule),
        {"anonymous": 302, "broker": 302, "admin": 404},
        default=403,
        method="POST",
    ),
    "school_link_list": Row(
        _url("school_link_list"),
        {
            "anonymous": 302,
            "coordinator": 200,
            "broker": 200,
            "admin": 200,
            "other_coordinator": 200,
        },
        default=403,
    ),
    # The coordinator removes the link; those after it in the role order find it gone.
    "school_link_delete": Row(
        _url("school_link_delete", lambda w: w.school_link),
        {
            "anonymous": 302,
            "coordinator": 302,
            "broker": 404,
            "admin": 404,
            "other_coordinator": 404,
        },
        default=403,
        method="POST",
    ),
}


def _in_review(w: World, title: str, review: str) -> Placement:
    """A published first placement of the world's organisation in this review state, reset for
    every role (a resubmission moves it on)."""
    placement = Placement.objects.filter(provider=w.provider, title=title).first()
    if placement is None:
        placement = make_placement(w.provider, title=title, pc4="7202")
    Placement.objects.filter(pk=placement.pk).update(review=review, review_note="Wie begeleidt?")
    return placement


# The review of an organisation's first placement (issue 15): the broker of its area decides;
# the organisation sends it back after changes. The world's municipality has a broker, so the
# school does not review there.
ROWS["placement_review"] = Row(
    _url("placement_review", lambda w: _in_review(w, "Eerste plek", "waiting")),
    {"anonymous": 302, "broker": 200, "admin": 200},
    default=404,
)
ROWS["placement_resubmit"] = Row(
    _url("placement_resubmit", lambda w: _in_review(w, "Eerste plek", "changes")),
    {"anonymous": 302, **dict.fromkeys(EDITORS, 302), "supervisor": 403},
    default=404,
    method="POST",
)
