"""The internship app's Dutch is the Dutch people see: an app catalogue has lower precedence
than the catalogues of apps listed before it (allauth translates "verified" for e-mail
addresses), so a clash would silently show another app's wording."""

import gettext
from pathlib import Path

from django.utils import translation

CATALOGUE = Path(__file__).resolve().parents[1] / "locale" / "nl" / "LC_MESSAGES" / "django.mo"


def test_no_other_catalogue_overrides_the_internship_apps_dutch():
    with CATALOGUE.open("rb") as fh:
        ours = gettext.GNUTranslations(fh)
    overridden = []
    with translation.override("nl"):
        for key, dutch in ours._catalog.items():  # type: ignore[attr-defined]
            if not key or isinstance(key, tuple):
                continue
            if "\x04" in key:
                context, msgid = key.split("\x04", 1)
                shown = translation.pgettext(context, msgid)
            else:
                shown = translation.gettext(key)
            if shown != dutch:
                overridden.append(f"{key!r}: shown {shown!r}, ours {dutch!r}")
    assert overridden == []
