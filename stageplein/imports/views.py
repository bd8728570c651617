from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from stageplein.accounts.access import get_scope, require
from stageplein.core.http import AuthedHttpRequest
from stageplein.imports import fields as F
from stageplein.imports.access import (
    get_import_for_user,
    importable_schools,
    imports_visible_to,
    may_import_students,
)
from stageplein.imports.forms import ColumnsForm, ConfirmForm, UploadForm
from stageplein.imports.models import StudentImport
from stageplein.imports.parsing import ImportFileError
from stageplein.imports.selectors import import_preview_of
from stageplein.imports.services import import_confirm, import_map_columns, import_upload, parsed_of

S = StudentImport.Status


@login_required
@require_http_methods(["GET", "POST"])
def import_start(request: AuthedHttpRequest) -> HttpResponse:
    scope = get_scope(request)
    require(may_import_students(scope))
    schools = importable_schools(scope)
    form = UploadForm(request.POST or None, request.FILES or None, schools=schools)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            student_import = import_upload(
                school=form.cleaned_data["school"],
                user=request.user,
                filename=upload.name,
                content=upload.read(),
            )
        except ImportFileError as exc:
            form.add_error("file", str(exc))
        else:
            return redirect("import_mapping", student_import.pk)
    recent = imports_visible_to(scope).select_related("school", "uploaded_by")[:20]
    return render(request, "imports/start.html", {"form": form, "imports": recent})


@login_required
@require_http_methods(["GET", "POST"])
def import_mapping(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    student_import = get_import_for_user(request, pk)
    if student_import.status not in (S.UPLOADED, S.CHECKED, S.REJECTED):
        return redirect("import_detail", pk)
    parsed = parsed_of(student_import)
    form = ColumnsForm(
        request.POST or None, headers=parsed.headers, initial_columns=student_import.columns
    )
    if request.method == "POST" and form.is_valid():
        import_map_columns(student_import=student_import, columns=form.columns())
        return redirect("import_preview", pk)
    example = parsed.rows[0] if parsed.rows else []
    return render(
        request,
        "imports/mapping.html",
        {
            "student_import": student_import,
            "form": form,
            "columns": list(zip(parsed.headers, example, strict=False)),
            "parsed": parsed,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def import_preview(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    student_import = get_import_for_user(request, pk)
    if student_import.status == S.UPLOADED:
        return redirect("import_mapping", pk)
    if student_import.status not in (S.CHECKED, S.REJECTED):
        return redirect("import_detail", pk)
    report = student_import.report
    preview = import_preview_of(student_import)
    form = ConfirmForm(
        request.POST or None,
        leavers=preview.leavers_total,
        ask_leavers=preview.leavers_need_confirming,
    )
    if (
        request.method == "POST"
        and student_import.status == S.CHECKED
        and form.is_valid()
        and not report.get("errors")
    ):
        import_confirm(
            student_import=student_import,
            send_invitations=form.cleaned_data["send_invitations"],
        )
        return redirect("import_detail", pk)
    return render(
        request,
        "imports/preview.html",
        {
            "student_import": student_import,
            "report": report,
            "preview": preview,
            "form": form,
            "mapped": [
                (f.label, student_import.columns[f.key])
                for f in F.FIELDS
                if student_import.columns.get(f.key)
            ],
        },
    )


@login_required
def import_detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    student_import = get_import_for_user(request, pk)
    template = "imports/detail.html"
    if request.htmx:
        template += "#status"
    return render(request, template, {"student_import": student_import})
