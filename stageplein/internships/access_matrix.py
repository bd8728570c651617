"""Role × URL matrix of the internship, and the objects its rows need in the test world."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from stageplein.core.access_matrix import Row
from stageplein.testing import World

# A tiny valid PNG and PDF for the rows that serve uploads.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000002000000020802000000fdd49a73000000164944415478"
    "9c63e48ef5666060606260606060600000084e00b7212fc51c0000000049454e44ae426082"
)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _stored(name: str, content: bytes) -> str:
    """A fixed file in storage, written once: the world is rebuilt for every test."""
    if not default_storage.exists(name):
        default_storage.save(name, ContentFile(content))
    return name


def extend_world(world: World) -> None:
    """The world's internship gets a contract signed by every party (so that its verified hours
    count, as before the contract rule), plus one object of each kind the rows request."""
    from stageplein.accounts.links import issue_link
    from stageplein.internships.models import (
        Certificate,
        Concern,
        HourEntry,
        LogbookEntry,
        Party,
        PlannedSession,
        Report,
    )
    from stageplein.internships.services import CONTRACT_SIGN, HOURS_VERIFY
    from stageplein.internships.testing import sign_contract

    u = world.users
    internship = world.internship
    contract = sign_contract(internship)

    waiting = HourEntry.objects.get(internship=internship, status=HourEntry.Status.SUBMITTED)
    verified = HourEntry.objects.filter(
        internship=internship, status=HourEntry.Status.VERIFIED
    ).first()

    world.extra.update(
        {
            "contract": contract,
            "waiting_entry": waiting,
            "verified_entry": verified,
            # A link to the signed contract: its page says so (200), signing nothing.
            "contract_link": issue_link(
                CONTRACT_SIGN,
                user=u["provider_contact"],
                payload={"contract": contract.pk, "party": Party.PROVIDER.value},
                max_age=3600,
            ),
            "hours_link": issue_link(
                HOURS_VERIFY, user=u["supervisor"], payload={"entry": waiting.pk}, max_age=3600
            ),
            "session": PlannedSession.objects.create(
                internship=internship,
                date=timezone.localdate() + datetime.timedelta(days=3),
                start_time=datetime.time(14),
                end_time=datetime.time(17),
                created_by=u["supervisor"],
            ),
            "logbook_entry": LogbookEntry.objects.create(
                internship=internship,
                date=timezone.localdate() - datetime.timedelta(days=7),
                text="Spelletjes gedaan met bewoners",
                photo=_stored("internships/test/world.png", PNG),
                author=u["student"],
            ),
            "report": Report.objects.create(
                internship=internship,
                kind=Report.Kind.FINAL,
                version=1,
                file=_stored("internships/test/world.pdf", PDF),
                file_name="verslag.pdf",
                submitted_by=u["student"],
            ),
            "concern": Concern.objects.create(
                internship=internship,
                kind=Concern.Kind.LATE,
                note="Twee keer te laat",
                reported_by=u["supervisor"],
            ),
            "certificate": Certificate.objects.create(
                student=world.student,
                code="world-certificate",
                student_name=world.student.user.get_full_name(),
                school_name=world.school.name,
                hours=Decimal(60),
                issued_at=timezone.now(),
            ),
        }
    )


def _group(w: World):
    """A group internship at school with one recorded session, made only for the rows that
    need it: other apps' tests keep a world whose students have one internship each."""
    from stageplein.internships.models import GroupActivity, GroupSession, Internship
    from stageplein.internships.services import internship_create, school_as_provider

    if "group" not in w.extra:
        today = timezone.localdate()
        group = GroupActivity.objects.create(
            school=w.school,
            provider=school_as_provider(w.school),
            title="Open dag",
            description="Rondleidingen geven",
            start_date=today - datetime.timedelta(days=10),
            end_date=today + datetime.timedelta(days=10),
            planned_hours=6,
            created_by=w.users["mentor"],
        )
        participant = internship_create(
            student=w.classmate,
            provider=group.provider,
            title=group.title,
            start_date=group.start_date,
            end_date=group.end_date,
            planned_hours=6,
            kind=Internship.Kind.AT_SCHOOL,
            group_activity=group,
            issue_contract=False,
        )
        session = GroupSession.objects.create(
            activity=group,
            date=today - datetime.timedelta(days=1),
            hours=Decimal(3),
            description="Rondleidingen",
            recorded_by=w.users["mentor"],
        )
        session.participants.set([participant])
        w.extra["group"], w.extra["group_session"] = group, session
    return w.extra["group"]


def _x(world: World, key: str):
    if key.startswith("group"):
        _group(world)
    return world.extra[key]


def _paper_entry(w: World) -> int:
    from stageplein.internships.models import HourEntry

    entry = HourEntry.objects.create(
        internship=w.internship,
        date=timezone.localdate() - datetime.timedelta(days=2),
        hours=Decimal(2),
        description="Papieren log",
        paper_log=_stored("internships/test/paper.pdf", PDF),
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
        lambda w: reverse("contract_sign_link", args=[w.extra["contract_link"]]), default=200
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
        lambda w: reverse("hours_entry", args=[_x(w, "waiting_entry").pk]), involved(DETAILS, 200)
    ),
    "hours_ask_again": Row(
        lambda w: reverse("hours_ask_again", args=[_x(w, "waiting_entry").pk]),
        involved(("student",), 302),
        method="POST",
    ),
    "hours_verify": Row(
        lambda w: reverse("hours_verify", args=[_x(w, "waiting_entry").pk]),
        involved(PROVIDER, 302),
        method="POST",
    ),
    "hours_reject": Row(
        lambda w: reverse("hours_reject", args=[_x(w, "waiting_entry").pk]),
        involved(PROVIDER, 302),
        method="POST",
        data=lambda w: {"reason": "Niet geweest"},
    ),
    "hours_correct": Row(
        lambda w: reverse("hours_correct", args=[_x(w, "verified_entry").pk]),
        involved(("student",), 200),
    ),
    "hours_qr": Row(
        lambda w: reverse("hours_qr", args=[_x(w, "waiting_entry").pk]), involved(PROVIDER, 200)
    ),
    "hours_paper_log": Row(
        lambda w: reverse("hours_paper_log", args=[_paper_entry(w)]),
        involved(("student", *SCHOOL, *PROVIDER, "admin"), 200),
    ),
    "hours_verify_link": Row(
        lambda w: reverse("hours_verify_link", args=[w.extra["hours_link"]]), default=200
    ),
    "logbook": Row(_i("logbook"), involved(DETAILS, 200)),
    "logbook_photo": Row(
        lambda w: reverse("logbook_photo", args=[_x(w, "logbook_entry").pk]),
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
        lambda w: reverse("report_file", args=[_x(w, "report").pk]),
        involved(("student", "parent", *SCHOOL, "admin"), 200),
    ),
    "report_review": Row(
        lambda w: reverse("report_review", args=[_x(w, "report").pk]),
        involved(SCHOOL, 302),
        method="POST",
        data=lambda w: {"decision": "approve", "comment": ""},
    ),
    "evaluation_student": Row(_i("evaluation_student"), involved(("student",), 200)),
    "evaluation_provider": Row(_i("evaluation_provider"), involved(PROVIDER, 200)),
    "concern_report": Row(_i("concern_report"), involved(PROVIDER, 200)),
    "concern_follow_up": Row(
        lambda w: reverse("concern_follow_up", args=[_x(w, "concern").pk]),
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
        lambda w: reverse("group_detail", args=[_x(w, "group").pk]),
        {"anonymous": 302, "coordinator": 200, "mentor": 200, "admin": 200},
        default=404,
    ),
    "group_participants": Row(
        lambda w: reverse("group_participants", args=[_x(w, "group").pk]),
        {"anonymous": 302, "coordinator": 302, "mentor": 302, "admin": 403},
        default=404,
        method="POST",
        data=lambda w: {"students": [w.classmate.pk]},
    ),
    "group_sign": Row(
        lambda w: reverse("group_sign", args=[_x(w, "group").pk]),
        {"anonymous": 302, "coordinator": 302, "mentor": 302, "admin": 403},
        default=404,
        method="POST",
        data=lambda w: {"name": "Mehmet Mentor", "agree": "on"},
    ),
    "group_session_add": Row(
        lambda w: reverse("group_session_add", args=[_x(w, "group").pk]),
        {"anonymous": 302, "coordinator": 302, "mentor": 302, "admin": 403},
        default=404,
        method="POST",
        data=lambda w: {
            "date": timezone.localdate().isoformat(),
            "hours": "2",
            "description": "Opbouwen",
            "participants": [p.pk for p in _x(w, "group").internships.all()],
        },
    ),
    "group_session_verify": Row(
        lambda w: reverse("group_session_verify", args=[_x(w, "group_session").pk]),
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
        lambda w: reverse("certificate_pdf", args=[_x(w, "certificate").pk]),
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
        lambda w: reverse("certificate_revoke", args=[_x(w, "certificate").pk]),
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
        lambda w: reverse("certificate_verify", args=[_x(w, "certificate").code]), default=200
    ),
}


def _own_placement(w: World) -> int:
    """A submitted own placement of the world's student, made for the rows that need it."""
    from stageplein.internships.models import OwnPlacement

    if "own_placement" not in w.extra:
        today = timezone.localdate()
        w.extra["own_placement"] = OwnPlacement.objects.create(
            student=w.student,
            registered_by=w.users["student"],
            provider=w.internship.provider,
            title="Helpen bij de voetbalclub",
            tasks="Training geven aan de F-jes",
            start_date=today + datetime.timedelta(days=7),
            end_date=today + datetime.timedelta(days=21),
            planned_hours=12,
            supervisor_name="Tess Trainer",
            supervisor_email="trainer@club.test",
        )
    return w.extra["own_placement"].pk  # type: ignore[attr-defined]


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
