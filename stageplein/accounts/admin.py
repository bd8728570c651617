from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from stageplein.accounts.models import Membership, OneTimeLink, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["school", "provider", "broker", "municipality"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_staff", "is_active"]
    search_fields = ["email", "first_name", "last_name"]
    inlines = [MembershipInline]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name")}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "school", "provider", "broker", "municipality"]
    list_filter = ["role"]
    raw_id_fields = ["user", "school", "provider", "broker", "municipality"]
    list_select_related = ["user", "school", "provider", "broker", "municipality"]


@admin.register(OneTimeLink)
class OneTimeLinkAdmin(admin.ModelAdmin):
    list_display = ["purpose", "user", "created_at", "expires_at", "used_at"]
    list_filter = ["purpose"]
    raw_id_fields = ["user"]
    readonly_fields = ["token_hash"]
