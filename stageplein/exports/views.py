from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from stageplein.accounts.access import get_scope, require
from stageplein.core.http import AuthedHttpRequest
from stageplein.exports.access import exports_of, get_export_for_user
from stageplein.exports.models import Export
from stageplein.exports.services import ExportFile, export_request
from stageplein.exports.tables import get_spec
from stageplein.exports.writers import CONTENT_TYPES

PARAM_PREFIX = "p_"


def file_response(filename: str, content: bytes, fmt: str) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # Personal data: never kept by a shared cache or the browser's back-forward cache.
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def export_start(request: AuthedHttpRequest) -> HttpResponse:
    spec = get_spec(request.POST.get("table", ""))
    if spec is None:
        raise Http404
    require(spec.allowed(get_scope(request)))
    fmt = request.POST.get("format", "")
    if fmt not in Export.Format.values:
        raise Http404
    params = {
        key[len(PARAM_PREFIX) :]: request.POST.get(key, "")
        for key in request.POST
        if key.startswith(PARAM_PREFIX)
    }
    result = export_request(
        spec=spec, user=request.user, params=params, fmt=fmt, title=request.POST.get("title", "")
    )
    if isinstance(result, ExportFile):
        return file_response(result.filename, result.content, result.format)
    return redirect("export_detail", result.pk)


@login_required
def export_list(request: AuthedHttpRequest) -> HttpResponse:
    exports = exports_of(request.user.pk)[:20]
    return render(request, "exports/list.html", {"exports": exports})


@login_required
def export_detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    export = get_export_for_user(request, pk)
    template = "exports/detail.html#status" if request.htmx else "exports/detail.html"
    return render(request, template, {"export": export})


@login_required
def export_download(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    export = get_export_for_user(request, pk)
    if export.status != Export.Status.DONE:
        return redirect("export_detail", pk)
    content = Export.objects.filter(pk=pk).values_list("content", flat=True).get()
    return file_response(export.filename, bytes(content or b""), export.format)
