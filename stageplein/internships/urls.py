"""URLs of the internship (no app namespace: names are flat and start with their subject)."""

from django.urls import path

from stageplein.internships.views import (
    certificates,
    contract,
    evaluation,
    groups,
    hours,
    internship,
    own_placement,
    planning,
    writing,
)

urlpatterns = [
    path("stages/", internship.internship_list, name="internship_list"),
    path("stages/<int:pk>/", internship.internship_detail, name="internship_detail"),
    # own placements (zelf geregeld)
    path("zelf-geregeld/", own_placement.own_placement_list, name="own_placement_list"),
    path("zelf-geregeld/nieuw/", own_placement.own_placement_create, name="own_placement_create"),
    path(
        "zelf-geregeld/<int:pk>/", own_placement.own_placement_detail, name="own_placement_detail"
    ),
    path(
        "zelf-geregeld/<int:pk>/besluit/",
        own_placement.own_placement_decide,
        name="own_placement_decide",
    ),
    path("stages/<int:pk>/afsluiten/", internship.internship_close, name="internship_close"),
    path(
        "stages/<int:pk>/begeleiding/", internship.internship_guidance, name="internship_guidance"
    ),
    # contract (R-INT-1, R-INT-8)
    path("stages/<int:pk>/contract/", contract.internship_contract, name="internship_contract"),
    path(
        "stages/<int:pk>/contract/tekenen/",
        contract.internship_contract_sign,
        name="internship_contract_sign",
    ),
    path(
        "stages/<int:pk>/contract/pdf/",
        contract.internship_contract_pdf,
        name="internship_contract_pdf",
    ),
    path(
        "stages/<int:pk>/contract/wijzigen/",
        contract.internship_contract_edit,
        name="internship_contract_edit",
    ),
    path(
        "stages/<int:pk>/contract/herinneren/",
        contract.internship_contract_remind,
        name="internship_contract_remind",
    ),
    path("contract/tekenen/<str:token>/", contract.contract_sign_link, name="contract_sign_link"),
    path(
        "stages/contractsjabloon/", contract.contract_template_edit, name="contract_template_edit"
    ),
    # planning (R-INT-2)
    path("stages/<int:pk>/planning/", planning.session_add, name="session_add"),
    path("stages/planning/<int:pk>/verwijderen/", planning.session_delete, name="session_delete"),
    path("agenda/<str:token>.ics", planning.calendar_feed, name="calendar_feed"),
    path("agenda/nieuwe-link/", planning.calendar_feed_rotate, name="calendar_feed_rotate"),
    # hours (R-HOURS-1…6)
    path("stages/<int:pk>/uren/", hours.hours_submit, name="hours_submit"),
    path("uren/te-bevestigen/", hours.hours_to_verify, name="hours_to_verify"),
    path("uren/<int:pk>/", hours.hours_entry, name="hours_entry"),
    path("uren/<int:pk>/bevestigen/", hours.hours_verify, name="hours_verify"),
    path("uren/<int:pk>/afwijzen/", hours.hours_reject, name="hours_reject"),
    path("uren/<int:pk>/corrigeren/", hours.hours_correct, name="hours_correct"),
    path("uren/<int:pk>/scan/", hours.hours_qr, name="hours_qr"),
    path("uren/<int:pk>/opnieuw-vragen/", hours.hours_ask_again, name="hours_ask_again"),
    path("uren/<int:pk>/papieren-log/", hours.hours_paper_log, name="hours_paper_log"),
    path("uren/bevestigen/<str:token>/", hours.hours_verify_link, name="hours_verify_link"),
    # logbook, reflection, report (R-INT-3)
    path("stages/<int:pk>/logboek/", writing.logbook, name="logbook"),
    path("logboek/<int:pk>/foto/", writing.logbook_photo, name="logbook_photo"),
    path("stages/<int:pk>/leerdoelen/", writing.learning_goals, name="learning_goals"),
    path("stages/<int:pk>/verslag/<str:kind>/", writing.report_page, name="report_page"),
    path("verslagen/<int:pk>/bestand/", writing.report_file, name="report_file"),
    path("verslagen/<int:pk>/beoordelen/", writing.report_review, name="report_review"),
    # evaluations (R-INT-4, R-INT-7)
    path("stages/<int:pk>/evaluatie/", evaluation.evaluation_student, name="evaluation_student"),
    path(
        "stages/<int:pk>/beoordeling/", evaluation.evaluation_provider, name="evaluation_provider"
    ),
    path("stages/<int:pk>/melding/", evaluation.concern_report, name="concern_report"),
    path(
        "stages/meldingen/<int:pk>/opvolgen/",
        evaluation.concern_follow_up,
        name="concern_follow_up",
    ),
    path("stages/evaluaties/", evaluation.evaluations, name="evaluations"),
    # group internships (R-HOURS-5, R-HOURS-6)
    path("groepsstages/", groups.group_list, name="group_list"),
    path("groepsstages/nieuw/", groups.group_create, name="group_create"),
    path("groepsstages/<int:pk>/", groups.group_detail, name="group_detail"),
    path("groepsstages/<int:pk>/deelnemers/", groups.group_participants, name="group_participants"),
    path("groepsstages/<int:pk>/tekenen/", groups.group_sign, name="group_sign"),
    path("groepsstages/<int:pk>/sessie/", groups.group_session_add, name="group_session_add"),
    path(
        "groepsstages/sessies/<int:pk>/bevestigen/",
        groups.group_session_verify,
        name="group_session_verify",
    ),
    # certificate (R-INT-6)
    path(
        "leerlingen/<int:pk>/certificaat/",
        certificates.certificate_issue,
        name="certificate_issue",
    ),
    path("certificaten/<int:pk>/", certificates.certificate_pdf, name="certificate_pdf"),
    path(
        "certificaten/<int:pk>/intrekken/",
        certificates.certificate_revoke,
        name="certificate_revoke",
    ),
    path("certificaat/<str:code>/", certificates.certificate_verify, name="certificate_verify"),
]
