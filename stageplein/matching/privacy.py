"""The matching app's part of a student's own data (students/own_data.py): the places a round
proposed for the student and why (AVG art. 15 covers the logic of automated suggestions too).
Proposals hold ids, scores and the outcome, and stay when the student is anonymised, except the
hobby a candidate matched on, which is the student's own words."""

from django.db.models import QuerySet

from stageplein.matching.models import Proposal
from stageplein.students.models import Student
from stageplein.students.own_data import rows


def student_data(student: Student) -> dict[str, object]:
    proposals = Proposal.objects.filter(student=student).order_by("pk")
    return {"matching_proposals": rows(proposals, leave_out=("student",))}


def anonymise(students: QuerySet[Student]) -> None:
    proposals = list(Proposal.objects.filter(student__in=students).only("pk", "candidates"))
    changed = []
    for proposal in proposals:
        candidates = proposal.candidates or []
        if any(c.get("hobby") for c in candidates if isinstance(c, dict)):
            proposal.candidates = [
                {**c, "hobby": ""} if isinstance(c, dict) else c for c in candidates
            ]
            changed.append(proposal)
    # One UPDATE for the batch (the JSON differs per proposal).
    Proposal.objects.bulk_update(changed, ["candidates"], batch_size=500)
