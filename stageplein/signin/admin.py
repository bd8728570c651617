from typing import Any

from allauth.socialaccount.admin import SocialAppAdmin, SocialAppForm
from allauth.socialaccount.models import SocialApp
from django import forms
from django.contrib import admin

from stageplein.signin.models import SchoolSignOn
from stageplein.signin.oidc import server_url_problem


@admin.register(SchoolSignOn)
class SchoolSignOnAdmin(admin.ModelAdmin):
    list_display = ("school", "app", "match_students_by", "staff_allowed", "enabled")
    list_filter = ("enabled", "match_students_by")
    autocomplete_fields = ("school",)


class IdentityProviderForm(SocialAppForm):
    """allauth's form, refusing an OpenID Connect app whose server_url is not https."""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        app = SocialApp(provider=cleaned.get("provider", ""), settings=cleaned.get("settings"))
        problem = server_url_problem(app)
        if problem:
            raise forms.ValidationError({"settings": problem})
        return cleaned


class IdentityProviderAdmin(SocialAppAdmin):
    form = IdentityProviderForm


# allauth registers SocialApp itself (its app comes first in INSTALLED_APPS): replace that.
admin.site.unregister(SocialApp)
admin.site.register(SocialApp, IdentityProviderAdmin)
