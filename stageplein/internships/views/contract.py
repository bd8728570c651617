from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from stageplein.accounts.access import get_scope, require
from stageplein.accounts.links import peek_link, use_link
from stageplein.core.http import AuthedHttpRequest
from stageplein.geo.models import Region
from stageplein.internships.access import contract_template_owners, may_edit_contract_templates
from stageplein.internships.documents import contract_context, render_pdf
from stageplein.internships.forms import ContractChangeForm, ContractTemplateForm, SignForm
from stageplein.internships.models import Contract, ContractTemplate, Party, Signature
from stageplein.internships.selectors import current_contract, missing_parties
from stageplein.internships.services.common import CONTRACT_SIGN, InternshipError
from stageplein.internships.services.contract import (
    CONTRACT_FIELDS,
    contract_change,
    contract_remind,
    contract_sign,
    contract_template_save,
)
from stageplein.internships.services.defaults import default_rules_of_conduct
from stageplein.internships.views.common import load, posted
from stageplein.organisations.models import School


@login_required
def internship_contract(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    internship, access = load(request, pk)
    require(access.may_see_details)
    contract = current_contract(internship)
    if contract is None:
        raise Http404
    missing = missing_parties(contract)
    can_sign = [(p, Party(p).label) for p in missing if access.may_sign(p)]
    name = request.user.get_full_name()
    return render(
        request,
        "internships/contract.html",
        {
            "internship": internship,
            "access": access,
            **contract_context(contract),
            "missing": missing,
            "can_sign": can_sign,
            "sign_form": SignForm(initial={"name": name}) if can_sign else None,
            "versions": internship.contracts.order_by("-version"),
        },
    )


@login_required
@require_POST
def internship_contract_sign(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    internship, access = load(request, pk)
    party = request.POST.get("party", "")
    require(party in Party.values and access.may_sign(party))
    contract = current_contract(internship)
    form = SignForm(request.POST)
    if contract is None or not form.is_valid():
        messages.error(request, _("Type your name and tick that you agree, then sign."))
        return redirect("internship_contract", pk)
    try:
        _signature, created = contract_sign(
            contract=contract,
            party=party,
            user=request.user,
            name=form.cleaned_data["name"],
            method=Signature.Method.PLATFORM,
        )
    except InternshipError as exc:
        messages.error(request, str(exc))
    else:
        if created:
            messages.success(request, _("You have signed the contract."))
        else:
            messages.info(request, _("This signature had been given already."))
    return redirect("internship_contract", pk)


@login_required
def internship_contract_pdf(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    internship, access = load(request, pk)
    require(access.may_see_details)
    version = request.GET.get("version")
    contracts = internship.contracts.prefetch_related("signatures")
    if version and version.isdigit():
        contract = get_object_or_404(contracts, version=int(version))
    else:
        contract = get_object_or_404(contracts, superseded_at__isnull=True)
    pdf = render_pdf(
        request,
        "internships/pdf/contract.html",
        {"internship": internship, **contract_context(contract)},
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="stagecontract-{internship.pk}-v{contract.version}.pdf"'
    )
    return response


@login_required
@require_http_methods(["GET", "POST"])
def internship_contract_edit(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    internship, access = load(request, pk)
    require(access.may_edit_contract)
    form = ContractChangeForm(posted(request), instance=internship)
    if request.method == "POST" and form.is_valid():
        terms = {name: form.cleaned_data[name] for name in CONTRACT_FIELDS}
        internship.refresh_from_db()  # the form wrote into the instance; compare with the row
        try:
            contract = contract_change(internship=internship, by=request.user, **terms)
        except InternshipError as exc:
            messages.error(request, str(exc))
        else:
            if contract is None:
                messages.info(request, _("Nothing changed."))
            else:
                messages.success(
                    request,
                    _("Version %(n)s of the contract has been sent out for signatures.")
                    % {"n": contract.version},
                )
            return redirect("internship_contract", pk)
    return render(
        request, "internships/contract_edit.html", {"internship": internship, "form": form}
    )


@login_required
@require_POST
def internship_contract_remind(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    internship, access = load(request, pk)
    require(access.may_edit_contract)
    contract = current_contract(internship)
    if contract is None:
        raise Http404
    try:
        sent = contract_remind(contract=contract, by=request.user)
    except InternshipError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Links sent again: %(n)s.") % {"n": sent})
    return redirect("internship_contract", pk)


def _link_target(token: str):
    link = peek_link(CONTRACT_SIGN, token)
    if link is None or link.user is None:
        return None, None, None
    contract = (
        Contract.objects.select_related("internship__student__user", "internship__provider")
        .prefetch_related("signatures")
        .filter(pk=link.payload.get("contract"))
        .first()
    )
    return link, contract, link.payload.get("party")


@require_http_methods(["GET", "POST"])
def contract_sign_link(request: HttpRequest, token: str) -> HttpResponse:
    """A parent or provider signs through the one-time link in their e-mail, without an
    account. The GET only shows the contract (mail scanners open links); the POST signs."""
    link, contract, party = _link_target(token)
    if link is None or contract is None or party not in Party.values:
        return render(request, "internships/link_invalid.html", status=410)
    signed = {s.party for s in contract.signatures.all()}
    if contract.superseded_at is not None:
        return render(request, "internships/contract_link_done.html", {"changed": True})
    if party in signed:
        return render(request, "internships/contract_link_done.html", {"already": True})
    form = SignForm(posted(request), initial={"name": link.user.get_full_name()})
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            used = use_link(CONTRACT_SIGN, token)
            if used is None:
                return render(request, "internships/link_invalid.html", status=410)
            try:
                contract_sign(
                    contract=contract,
                    party=party,
                    user=link.user,
                    name=form.cleaned_data["name"],
                    method=Signature.Method.LINK,
                )
            except InternshipError:
                return render(request, "internships/contract_link_done.html", {"changed": True})
        # Someone the platform made an account for (a new organisation's supervisor) claims
        # it by choosing a password; someone who has one already just closes the page.
        return render(
            request,
            "internships/contract_link_done.html",
            {"signed": True, "may_claim": not link.user.has_usable_password()},
        )
    return render(
        request,
        "internships/contract_link.html",
        {**contract_context(contract), "form": form, "party_label": Party(party).label},
    )


@login_required
@require_http_methods(["GET", "POST"])
def contract_template_edit(request: AuthedHttpRequest) -> HttpResponse:
    """A coordinator edits the school's template; a broker the region's (R-INT-1)."""
    scope = get_scope(request)
    require(may_edit_contract_templates(scope))
    schools, regions = contract_template_owners(scope)
    school = region = None
    wanted_school = request.GET.get("school")
    wanted_region = request.GET.get("region")
    if wanted_region and wanted_region.isdigit() and regions.filter(pk=wanted_region).exists():
        region = regions.get(pk=int(wanted_region))
    elif wanted_school and wanted_school.isdigit() and schools.filter(pk=wanted_school).exists():
        school = schools.get(pk=int(wanted_school))
    elif schools.exists():
        school = schools.order_by("name").first()
    else:
        region = regions.order_by("name").first()
    owner = school or region
    instance = ContractTemplate.objects.filter(school=school, region=region).first() or (
        ContractTemplate(
            school=school,
            region=region,
            rules_of_conduct=default_rules_of_conduct(),
        )
    )
    form = ContractTemplateForm(posted(request), instance=instance, for_school=bool(school))
    if request.method == "POST" and form.is_valid():
        contract_template_save(
            by=request.user,
            school=school,
            region=region,
            rules_of_conduct=form.cleaned_data["rules_of_conduct"],
            insurance=form.cleaned_data["insurance"],
            insurance_details=form.cleaned_data["insurance_details"],
            extra_terms=form.cleaned_data["extra_terms"],
            accepts_paper_logs=form.cleaned_data.get("accepts_paper_logs", False),
        )
        messages.success(request, _("The contract template has been saved."))
        return redirect(request.get_full_path())
    choices: list[tuple[str, School | Region]] = [("school", s) for s in schools]
    choices += [("region", r) for r in regions]
    return render(
        request,
        "internships/template_edit.html",
        {"form": form, "owner": owner, "is_school": bool(school), "choices": choices},
    )
