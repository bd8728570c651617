"""Dates are written one way per language: "4 december 2026" and "4 December 2026"."""

import datetime
import pathlib
import re

from django.template import Context, Template
from django.utils import translation

DAY = datetime.date(2026, 12, 4)


def test_a_date_is_written_the_same_way_with_and_without_a_format_in_each_language():
    for language, expected in (("nl", "4 december 2026"), ("en", "4 December 2026")):
        with translation.override(language):
            plain = Template("{{ day }}").render(Context({"day": DAY}))
            filtered = Template("{{ day|date }}").render(Context({"day": DAY}))
            written = Template('{{ day|date:"j F Y" }}').render(Context({"day": DAY}))
            assert plain == filtered == written == expected


def test_no_template_writes_a_full_date_with_an_abbreviated_month():
    root = pathlib.Path(__file__).resolve().parents[2]
    offenders = [
        str(path.relative_to(root))
        for path in root.glob("stageplein/**/templates/**/*.html")
        if re.search(r'date:"[^"]*\bM Y', path.read_text())
    ]
    assert offenders == []
