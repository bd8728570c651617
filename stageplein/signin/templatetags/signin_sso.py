from django import template

from stageplein.accounts.models import User
from stageplein.signin.sso import SignOnChoice, has_school_sign_on, sign_on_choices

register = template.Library()


@register.simple_tag
def school_sign_ons() -> list[SignOnChoice]:
    return sign_on_choices()


@register.filter
def may_link_school_account(user: User) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and has_school_sign_on(user)
