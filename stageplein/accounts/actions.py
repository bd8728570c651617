"""One shape for a button that runs a service and goes back to the page it came from: the
service's refusal becomes an error message, success a success message. Written once so that
the sign-up, sign-off, cancel and withdraw buttons of events and mediation (and any later
ones) check access and speak alike."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.functional import Promise as StrPromise
from django.views.decorators.http import require_POST

from stageplein.accounts.access import Scope, get_scope, require


class _Record(Protocol):
    pk: Any


def run_action(
    request: HttpRequest,
    action: Callable[[], object],
    *,
    refused: type[Exception],
    done: str | StrPromise,
) -> bool:
    """Run ``action``; a ``refused`` error is shown to the person (its text is written for
    them), anything else is a bug and propagates. Returns whether it succeeded."""
    try:
        action()
    except refused as error:
        messages.error(request, str(error))
        return False
    messages.success(request, str(done))
    return True


def action_view[R: _Record](
    *,
    load: Callable[[HttpRequest, int], R],
    run: Callable[[Any, R], object],
    refused: type[Exception],
    done: str | StrPromise,
    back: str,
    may: Callable[[Scope, R], bool] | None = None,
) -> Callable[..., HttpResponse]:
    """A POST-only view for one record: ``load`` it (404 to outsiders), ``may`` (403 when
    false; None where the service itself decides, e.g. signing oneself off), ``run`` the
    service, then back to the record's page named ``back``. ``done`` is translated lazily:
    it is read in the request's language."""

    @login_required
    @require_POST
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        record = load(request, pk)
        if may is not None:
            require(may(get_scope(request), record))
        run_action(request, lambda: run(request, record), refused=refused, done=done)
        return redirect(back, record.pk)

    return view
