import json
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.views import LoginView
from django.http import HttpRequest, JsonResponse
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from oauth2_provider.models import get_application_model

from tests.oidc_provider.validator import BEHAVIOUR, CLAIMS


@csrf_exempt
def add_client(request: HttpRequest) -> JsonResponse:
    data = json.loads(request.body)
    Application = get_application_model()
    Application.objects.filter(client_id=data["client_id"]).delete()
    Application.objects.create(
        name=data["client_id"],
        client_id=data["client_id"],
        client_secret=data["client_secret"],
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=" ".join(data["redirect_uris"]),
        algorithm=Application.RS256_ALGORITHM,
        skip_authorization=True,
    )
    BEHAVIOUR[data["client_id"]] = data.get("behaviour", "")
    return JsonResponse({"ok": True})


@csrf_exempt
def add_person(request: HttpRequest) -> JsonResponse:
    data = json.loads(request.body)
    # The provider's own auth.User (its settings), not Stageplein's account model.
    User: Any = get_user_model()
    user, _ = User.objects.get_or_create(username=data["username"])
    user.set_password(data["password"])
    user.save()
    CLAIMS[data["username"]] = data["claims"]
    return JsonResponse({"ok": True})


urlpatterns = [
    path("login/", LoginView.as_view(), name="login"),
    path("o/", include("oauth2_provider.urls", namespace="oauth2_provider")),
    path("_test/clients/", add_client),
    path("_test/people/", add_person),
]
