"""Every requirement id the repository cites is defined in docs/rules.md: a reader who meets one
in a comment, a template or a test can always look it up."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
CATALOGUE = ROOT / "docs" / "rules.md"
ID = re.compile(r"\bR-[A-Z]+-\d+[a-z]?\b")
DEFINED = re.compile(r"^- \*\*(R-[A-Z]+-\d+[a-z]?)\*\*", re.MULTILINE)
SUFFIXES = {".py", ".html", ".txt", ".js", ".md", ".css"}
SKIPPED = {"locale", "vendor", "__pycache__", "node_modules", ".venv"}


def cited_files() -> Iterable[Path]:
    for top in ("stageplein", "docs", "bench", "scripts"):
        for path in (ROOT / top).rglob("*"):
            if path.suffix not in SUFFIXES or SKIPPED & set(path.parts):
                continue
            if path in (CATALOGUE, Path(__file__).resolve()):
                continue
            yield path
    yield ROOT / "README.md"


def undefined(cited: dict[str, set[str]], defined: set[str]) -> dict[str, list[str]]:
    """Id -> where it is cited, for the ids the catalogue does not define."""
    return {rule: sorted(where) for rule, where in sorted(cited.items()) if rule not in defined}


def test_every_requirement_id_the_code_cites_is_defined_in_the_catalogue():
    defined = set(DEFINED.findall(CATALOGUE.read_text()))
    cited: dict[str, set[str]] = {}
    for path in cited_files():
        if not path.exists():
            continue
        for rule in ID.findall(path.read_text(errors="ignore")):
            cited.setdefault(rule, set()).add(str(path.relative_to(ROOT)))
    assert cited, "the scan found no requirement ids at all: is ROOT right?"
    assert undefined(cited, defined) == {}


def test_the_catalogue_defines_each_id_once():
    found = DEFINED.findall(CATALOGUE.read_text())
    assert len(found) == len(set(found))


def test_an_id_missing_from_the_catalogue_is_reported_with_where_it_is_cited():
    made_up = "R-" + "NOWHERE-1"  # spelled in two parts so the scan above does not find it
    cited = {made_up: {"stageplein/x.py"}, "R-INT-1": {"stageplein/y.py"}}
    assert undefined(cited, {"R-INT-1"}) == {made_up: ["stageplein/x.py"]}
