"""The certificate (R-INT-6): PDF with a QR code, public verification, revocation."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from stageplein.accounts.access import get_scope, require
from stageplein.core.http import AuthedHttpRequest
from stageplein.internships.access import certificates_visible_to, may_manage_certificates
from stageplein.internships.documents import certificate_pdf as certificate_pdf_of
from stageplein.internships.forms import RevokeForm
from stageplein.internships.models import Certificate
from stageplein.internships.services import certificates as certificate_services
from stageplein.internships.services.common import InternshipError
from stageplein.students.access import get_student_for_user
from stageplein.students.models import ReadLogEntry
from stageplein.students.readlog import record_read


@login_required
@require_POST
def certificate_issue(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    student = get_student_for_user(request, pk)
    require(may_manage_certificates(get_scope(request), student))
    try:
        certificate_services.certificate_issue(student=student, by=request.user)
    except InternshipError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The certificate has been issued."))
    return redirect("student_detail", pk)


@login_required
def certificate_pdf(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    certificate = get_object_or_404(certificates_visible_to(get_scope(request)), pk=pk)
    record_read(request, certificate.student, kind=ReadLogEntry.Kind.FILE)
    pdf = certificate_pdf_of(request, certificate)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="mas-certificaat-{certificate.pk}.pdf"'
    return response


@login_required
@require_POST
def certificate_revoke(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    scope = get_scope(request)
    certificate = get_object_or_404(certificates_visible_to(scope).select_related("student"), pk=pk)
    require(may_manage_certificates(scope, certificate.student))
    form = RevokeForm(request.POST)
    if form.is_valid():
        certificate_services.certificate_revoke(
            certificate=certificate, by=request.user, reason=form.cleaned_data["reason"]
        )
        messages.success(request, _("The certificate has been revoked."))
    else:
        messages.error(request, _("Give a reason for revoking the certificate."))
    return redirect("student_detail", certificate.student_id)


def certificate_verify(request: HttpRequest, code: str) -> HttpResponse:
    """Public: anyone holding the certificate can check it. It shows the name, the school, the
    hours and the date, and nothing else about the student."""
    certificate = Certificate.objects.filter(code=code).first()
    return render(
        request,
        "internships/certificate_verify.html",
        {"certificate": certificate},
        status=200 if certificate else 404,
    )
