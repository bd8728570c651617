from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from stageplein.accounts.access import get_scope, require
from stageplein.core.http import AuthedHttpRequest
from stageplein.documents.access import (
    documents_visible_to,
    get_document_for_user,
    get_version_for_user,
    libraries_kept_by,
    may_keep,
)
from stageplein.documents.forms import DocumentForm, VersionForm
from stageplein.documents.services import document_create, document_version_add


@login_required
def document_list(request: AuthedHttpRequest) -> HttpResponse:
    scope = get_scope(request)
    documents = (
        documents_visible_to(scope)
        .select_related("region", "school")
        .prefetch_related("versions")
        .order_by("region__name", "school__name", "category", "title")
    )
    libraries: dict[str, list] = {}
    for doc in documents:
        libraries.setdefault(str(doc.library), []).append(doc)
    return render(
        request,
        "documents/list.html",
        {"libraries": libraries, "may_upload": bool(libraries_kept_by(scope))},
    )


@login_required
@require_http_methods(["GET", "POST"])
def document_create_view(request: AuthedHttpRequest) -> HttpResponse:
    libraries = libraries_kept_by(get_scope(request))
    require(bool(libraries))
    form = DocumentForm(request.POST or None, request.FILES or None, libraries=libraries)
    if request.method == "POST" and form.is_valid():
        document = document_create(
            library=form.cleaned_data["library"],
            user=request.user,
            title=form.cleaned_data["title"],
            upload=form.cleaned_data["file"],
            category=form.cleaned_data["category"],
            visibility=form.cleaned_data["visibility"],
            description=form.cleaned_data["description"],
        )
        return redirect("document_detail", document.pk)
    return render(request, "documents/form.html", {"form": form})


@login_required
def document_detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    document = get_document_for_user(request, pk)
    keeper = may_keep(get_scope(request), document)
    return render(
        request,
        "documents/detail.html",
        {
            "document": document,
            "versions": document.versions.select_related("uploaded_by"),
            "form": VersionForm() if keeper else None,
        },
    )


@login_required
@require_POST
def document_version_create(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    document = get_document_for_user(request, pk)
    require(may_keep(get_scope(request), document))
    form = VersionForm(request.POST, request.FILES)
    if form.is_valid():
        document_version_add(
            document=document,
            user=request.user,
            upload=form.cleaned_data["file"],
            note=form.cleaned_data["note"],
        )
        return redirect("document_detail", pk)
    return render(
        request,
        "documents/detail.html",
        {"document": document, "versions": document.versions.all(), "form": form},
        status=400,
    )


@login_required
def document_download(request: AuthedHttpRequest, pk: int) -> FileResponse:
    version = get_version_for_user(request, pk)
    try:
        handle = version.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=version.original_name,
        content_type=version.content_type,
    )
    # Personal and internal documents: no shared caches.
    response["Cache-Control"] = "private, no-store"
    return response
