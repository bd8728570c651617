"""Role × URL matrix of the internship, and the objects its rows need in the test world."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from tests.support.internships import PDF, group_of, group_session_of, stored
from tests.support.url_matrix import Row
from tests.support.world import World


def _paper_entry(w: World) -> int:
    from stageplein.internships.models import HourEntry

    entry = HourEntry.objects.create(
        internship=w.internship,
        date=timezone.localdate() - datetime.timedelta(days=2),
        hours=Decimal(2),
        description="Papieren log",
        paper_log=stored("internships/test/paper.pdf", PDF),
    )
    return entry.pk


def _fresh_session(w: World) -> int:
    from stageplein.internships.models import PlannedSession

    return PlannedSession.objects.create(
        internship=w.internship,
        date=timezone.localdate() + datetime.timedelta(days=5),
        start_time=datetime.time(9),
        end_time=datetime.time(12),
    ).pk


def _i(name: str, *extra):
    return lambda w: reverse(name, args=[w.internship.pk, *extra])


OUTSIDERS = {
    "municipality": 404,
    "national": 404,
    "other_coordinator": 404,
    "other_provider_contact": 404,
    "anonymous": 302,
}
# The people involved in the world's internship, and the broker who may look at it.
INVOLVED = ("student", "parent", "coordinator", "mentor", "provider_contact", "supervisor", "admin")


def involved(allowed: tuple[str, ...], status: int, refused: int = 403) -> dict[str, int]:
    """Those who see the internship: ``status`` for the allowed roles, ``refused`` (403) for the
    rest of them; outsiders get 404 (the internship is not theirs to know about)."""
    expect = {r: (status if r in allowed else refused) for r in (*INVOLVED, "broker")}
    return {**OUTSIDERS, **expect}


DETAILS = ("student", "parent", "coordinator", "mentor", "provider_contact", "supervisor", "admin")
SCHOOL = ("coordinator", "mentor")
PROVIDER = ("provider_contact", "supervisor")

ROWS = {
    "internship_list": Row(
        lambda w: reverse("internship_list"),
        {"anonymous": 302, "municipality": 403, "national": 403},
        default=200,
    ),
    "internship_detail": Row(_i("internship_detail"), involved((*DETAILS, "broker"), 200)),
    "internship_close": Row(
        _i("internship_close"),
        involved(SCHOOL, 302),
        method="POST",
        data=lambda w: {"status": "completed"},
    ),
    "internship_guidance": Row(_i("internship_guidance"), involved(SCHOOL, 200)),
    "internship_contract": Row(_i("internship_contract"), involved(DETAILS, 200)),
    "internship_contract_sign": Row(
        _i("internship_contract_sign"),
        involved(SCHOOL, 302),
        method="POST",
        data=lambda w: {"party": "school", "name": "Handtekening", "agree": "on"},
    ),
    "internship_contract_pdf": Row(_i("internship_contract_pdf"), involved(DETAILS, 200)),
    "internship_contract_edit": Row(_i("internship_contract_edit"), involved(SCHOOL, 200)),
    "internship_contract_remind": Row(
        _i("internship_contract_remind"), involved(SCHOOL, 302), method="POST"
    ),
    "contract_sign_link": Row(
        lambda w: reverse("contract_sign_link", args=[w.contract_link]), default=200
    ),
    "contract_template_edit": Row(
        lambda w: reverse("contract_template_edit"),
        {"anonymous": 302, "coordinator": 200, "broker": 200, "other_coordinator": 200},
        default=403,
    ),
    "session_add": Row(
        _i("session_add"),
        involved(("student", *SCHOOL, *PROVIDER), 302),
        method="POST",
        data=lambda w: {
            "date": (timezone.localdate() + datetime.timedelta(days=9)).isoformat(),
            "start_time": "13:00",
            "end_time": "16:00",
        },
    ),
    "session_delete": Row(
        lambda w: reverse("session_delete", args=[_fresh_session(w)]),
        involved(("student", *SCHOOL, *PROVIDER), 302),
        method="POST",
    ),
    "calendar_feed": Row(
        lambda w: reverse("calendar_feed", args=[w.student.user.feed_token]), default=200
    ),
    "calendar_feed_rotate": Row(
        lambda w: reverse("calendar_feed_rotate"), method="POST", default=302
    ),
    "hours_submit": Row(_i("hours_submit"), involved(("student", *PROVIDER), 200)),
    "hours_to_verify": Row(
        lambda w: reverse("hours_to_verify"),
        {
            "anonymous": 302,
            "coordinator": 200,
            "mentor": 200,
            "provider_contact": 200,
            "supervisor": 200,
            "other_coordinator": 200,
            "other_provider_contact": 200,
        },
        default=403,
    ),
    "hours_entry": Row(
        lambda w: reverse("hours_entry", args=[w.waiting_entry.pk]), involved(DETAILS, 200)
    ),
    "hours_ask_again": Row(
        lambda w: reverse("hours_ask_again", args=[w.waiting_entry.pk]),
        involved(("student",), 302),
        method="POST",
    ),
    "hours_verify": Row(
        lambda w: reverse("hours_verify", args=[w.waiting_entry.pk]),
        involved(PROVIDER, 302),
        method="POST",
    ),
    "hours_reject": Row(
        lambda w: reverse("hours_reject", args=[w.waiting_entry.pk]),
        involved(PROVIDER, 302),
        method="POST",
        data=lambda w: {"reason": "Niet geweest"},
    ),
    "hours_correct": Row(
        lambda w: reverse("hours_correct", args=[w.verified_entry.pk]),
        involved(("student",), 200),
    ),
    "hours_qr": Row(
        lambda w: reverse("hours_qr", args=[w.waiting_entry.pk]), involved(PROVIDER, 200)
    ),
    "hours_paper_log": Row(
        lambda w: reverse("hours_paper_log", args=[_paper_entry(w)]),
        involved(("student", *SCHOOL, *PROVIDER, "admin"), 200),
    ),
    "hours_verify_link": Row(
        lambda w: reverse("hours_verify_link", args=[w.hours_link]), default=200
    ),
    "logbook": Row(_i("logbook"), involved(DETAILS, 200)),
    "logbook_photo": Row(
        lambda w: reverse("logbook_photo", args=[w.logbook_entry.pk]),
        involved(DETAILS, 200),
    ),
    "learning_goals": Row(
        _i("learning_goals"),
        involved(("student",), 302),
        method="POST",
        data=lambda w: {"learning_goals": "Leren omgaan met ouderen"},
    ),
    "report_page": Row(
        _i("report_page", "final"), involved(("student", "parent", *SCHOOL, "admin"), 200)
    ),
    "report_file": Row(
        lambda w: reverse("report_file", args=[w.report.pk]),
        involved(("student", "parent", *SCHOOL, "admin"), 200),
    ),
    "report_review": Row(
        lambda w: reverse("report_review", args=[w.report.pk]),
        involved(SCHOOL, 302),
        method="POST",
        data=lambda w: {"decision": "approve", "comment": ""},
    ),
    "evaluation_student": Row(_i("evaluation_student"), involved(("student",), 200)),
    "evaluation_provider": Row(_i("evaluation_provider"), involved(PROVIDER, 200)),
    "concern_report": Row(_i("concern_report"), involved(PROVIDER, 200)),
    "concern_follow_up": Row(
        lambda w: reverse("concern_follow_up", args=[w.concern.pk]),
        involved(SCHOOL, 302),
        method="POST",
        data=lambda w: {"note": "Gesprek gehad"},
    ),
    "evaluations": Row(
        lambda w: reverse("evaluations"),
        {"anonymous": 302, "student": 403, "parent": 403, "municipality": 403, "national": 403},
        default=200,
    ),
    "group_list": Row(
        lambda w: reverse("group_list"),
        {
            "anonymous": 302,
            "student": 403,
            "parent": 403,
            "broker": 403,
            "municipality": 403,
            "national": 403,
        },
        default=200,
    ),
    "group_create": Row(
        lambda w: reverse("group_create"),
        {"anonymous": 302, "coordinator": 200, "mentor": 200, "other_coordinator": 200},
        default=403,
    ),
    "group_detail": Row(
        lambda w: reverse("group_detail", args=[group_of(w).pk]),
        {"anonymous": 302, "coordinator": 200, "mentor": 200, "admin": 200},
        default=404,
    ),
    "group_participants": Row(
        lambda w: reverse("group_participants", args=[group_of(w).pk]),
        {"anonymous": 302, "coordinator": 302, "mentor": 302, "admin": 403},
        default=404,
        method="POST",
        data=lambda w: {"students": [w.classmate.pk]},
    ),
    "group_sign": Row(
        lambda w: reverse("group_sign", args=[group_of(w).pk]),
        {"anonymous": 302, "coordinator": 302, "mentor": 302, "admin": 403},
        default=404,
        method="POST",
        data=lambda w: {"name": "Mehmet Mentor", "agree": "on"},
    ),
    "group_session_add": Row(
        lambda w: reverse("group_session_add", args=[group_of(w).pk]),
        {"anonymous": 302, "coordinator": 302, "mentor": 302, "admin": 403},
        default=404,
        method="POST",
        data=lambda w: {
            "date": timezone.localdate().isoformat(),
            "hours": "2",
            "description": "Opbouwen",
            "participants": [p.pk for p in group_of(w).internships.all()],
        },
    ),
    "group_session_verify": Row(
        lambda w: reverse("group_session_verify", args=[group_session_of(w).pk]),
        {"anonymous": 302, "coordinator": 302, "mentor": 302, "admin": 403},
        default=404,
        method="POST",
    ),
    "certificate_issue": Row(
        lambda w: reverse("certificate_issue", args=[w.student.pk]),
        involved(SCHOOL, 302),
        method="POST",
    ),
    "certificate_pdf": Row(
        lambda w: reverse("certificate_pdf", args=[w.certificate.pk]),
        {
            "anonymous": 302,
            "student": 200,
            "parent": 200,
            "coordinator": 200,
            "mentor": 200,
            "admin": 200,
        },
        default=404,
    ),
    "certificate_revoke": Row(
        lambda w: reverse("certificate_revoke", args=[w.certificate.pk]),
        {
            "anonymous": 302,
            "student": 403,
            "parent": 403,
            "coordinator": 302,
            "mentor": 302,
            "admin": 403,
        },
        default=404,
        method="POST",
        data=lambda w: {"reason": "Uren gecorrigeerd"},
    ),
    "certificate_verify": Row(
        lambda w: reverse("certificate_verify", args=[w.certificate.code]), default=200
    ),
}


def _own_placement(w: World) -> int:
    """A submitted own placement of the world's student, made for the rows that need it."""
    from stageplein.internships.models import OwnPlacement

    today = timezone.localdate()
    placement, _created = OwnPlacement.objects.get_or_create(
        student=w.student,
        title="Helpen bij de voetbalclub",
        defaults={
            "registered_by": w.users["student"],
            "provider": w.internship.provider,
            "tasks": "Training geven aan de F-jes",
            "start_date": today + datetime.timedelta(days=7),
            "end_date": today + datetime.timedelta(days=21),
            "planned_hours": 12,
            "supervisor_name": "Tess Trainer",
            "supervisor_email": "trainer@club.test",
        },
    )
    return placement.pk


OWN_PLACEMENT_READERS = ("student", "parent", "coordinator", "mentor", "admin")
ROWS.update(
    {
        "own_placement_list": Row(
            lambda w: reverse("own_placement_list"),
            dict.fromkeys((*OWN_PLACEMENT_READERS, "other_coordinator"), 200) | {"anonymous": 302},
            default=403,
        ),
        "own_placement_create": Row(
            lambda w: reverse("own_placement_create"),
            {"student": 200, "parent": 200, "anonymous": 302},
            default=403,
        ),
        "own_placement_detail": Row(
            lambda w: reverse("own_placement_detail", args=[_own_placement(w)]),
            dict.fromkeys(OWN_PLACEMENT_READERS, 200) | {"anonymous": 302},
            default=404,
        ),
        "own_placement_decide": Row(
            lambda w: reverse("own_placement_decide", args=[_own_placement(w)]),
            {
                "student": 403,
                "parent": 403,
                "admin": 403,
                "coordinator": 302,
                "mentor": 302,
                "anonymous": 302,
            },
            default=404,
            method="POST",
            data=lambda w: {"decision": "refuse", "reason": "Geen begeleider op locatie"},
        ),
    }
)
