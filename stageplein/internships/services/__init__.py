"""Writes for internships, one module per sub-domain (mirroring ``internships/views/``). Other
apps start an internship only through ``internship_create``.

Every state change that two people could make at the same moment (two supervisors verifying,
a double-clicked submit, two parties signing last) is decided by the database: a unique
constraint, a guarded ``UPDATE … WHERE status = …`` or a row lock, inside one transaction.

The names are re-exported here for the many callers; new code imports from the submodule."""

from stageplein.internships.services.certificates import (
    certificate_issue,
    certificate_issue_if_due,
    certificate_revoke,
)
from stageplein.internships.services.common import (
    CONTRACT_SIGN,
    HOURS_VERIFY,
    LINK_MAX_AGE,
    InternshipError,
)
from stageplein.internships.services.contract import (
    CONTRACT_FIELDS,
    contract_change,
    contract_issue,
    contract_remind,
    contract_sign,
    contract_template_save,
)
from stageplein.internships.services.defaults import (
    default_rules_of_conduct,
    guidance_summary,
    parent_must_sign,
    suggested_guidance,
    template_terms,
)
from stageplein.internships.services.evaluation import (
    concern_follow_up,
    concern_report,
    provider_assessment_submit,
    student_evaluation_submit,
)
from stageplein.internships.services.groups import (
    group_activity_create,
    group_contracts_sign,
    group_participants_add,
    group_session_record,
    group_session_verify,
    school_as_provider,
)
from stageplein.internships.services.hours import (
    ASK_AGAIN_AFTER,
    SESSION_GRACE_AFTER,
    SESSION_GRACE_BEFORE,
    DateOutsideInternship,
    hour_entry_ask_again,
    hour_entry_reject,
    hour_entry_submit,
    hour_entry_verify,
)
from stageplein.internships.services.internship import (
    guidance_set,
    internship_close,
    internship_create,
)
from stageplein.internships.services.planning import feed_token_rotate, session_cancel, session_plan
from stageplein.internships.services.writing import (
    learning_goals_set,
    logbook_write,
    report_review,
    report_submit,
)

__all__ = [
    "ASK_AGAIN_AFTER",
    "CONTRACT_FIELDS",
    "CONTRACT_SIGN",
    "HOURS_VERIFY",
    "LINK_MAX_AGE",
    "SESSION_GRACE_AFTER",
    "SESSION_GRACE_BEFORE",
    "DateOutsideInternship",
    "InternshipError",
    "certificate_issue",
    "certificate_issue_if_due",
    "certificate_revoke",
    "concern_follow_up",
    "concern_report",
    "contract_change",
    "contract_issue",
    "contract_remind",
    "contract_sign",
    "contract_template_save",
    "default_rules_of_conduct",
    "feed_token_rotate",
    "group_activity_create",
    "group_contracts_sign",
    "group_participants_add",
    "group_session_record",
    "group_session_verify",
    "guidance_set",
    "guidance_summary",
    "hour_entry_ask_again",
    "hour_entry_reject",
    "hour_entry_submit",
    "hour_entry_verify",
    "internship_close",
    "internship_create",
    "learning_goals_set",
    "logbook_write",
    "parent_must_sign",
    "provider_assessment_submit",
    "report_review",
    "report_submit",
    "school_as_provider",
    "session_cancel",
    "session_plan",
    "student_evaluation_submit",
    "suggested_guidance",
    "template_terms",
]
