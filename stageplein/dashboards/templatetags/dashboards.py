from django import template
from django.urls import NoReverseMatch, reverse

register = template.Library()


@register.simple_tag
def optional_url(name: str, *args) -> str:
    """The URL of a page another app may not have yet (the planning pages are built beside
    the dashboards): empty when it does not exist, so the template shows a slot instead."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""
