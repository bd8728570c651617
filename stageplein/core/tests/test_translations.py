"""Dutch is the default language: every UI string must have a Dutch translation, compiled."""

import gettext
import subprocess
import sys
from pathlib import Path

BASE = Path(__file__).resolve().parents[3]


def catalogues() -> list[Path]:
    return sorted((BASE / "stageplein").rglob("locale/nl/LC_MESSAGES/django.po"))


def entries(po: Path) -> list[dict]:
    """Parse a .po file into entries with msgid, msgstr(s) and flags."""
    result: list[dict[str, str]] = []
    entry: dict[str, str] = {}
    field = ""
    for raw in po.read_text(encoding="utf-8").splitlines() + [""]:
        line = raw.strip()
        if not line:
            if entry:
                result.append(entry)
            entry, field = {}, ""
        elif line.startswith("#,"):
            entry["flags"] = line[2:].strip()
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            entry[field] += line[1:-1]
        else:
            field, _, value = line.partition(" ")
            entry[field] = value[1:-1]
    return [e for e in result if e.get("msgid")]


def test_every_dutch_message_is_translated_and_not_fuzzy():
    problems = []
    for po in catalogues():
        for e in entries(po):
            strings = [v for k, v in e.items() if k.startswith("msgstr")]
            if "fuzzy" in e.get("flags", "") or not all(strings):
                problems.append(f"{po.relative_to(BASE)}: {e['msgid']}")
    assert problems == []


def test_compiled_catalogues_match_the_po_files():
    stale = []
    for po in catalogues():
        mo = po.with_suffix(".mo")
        assert mo.exists(), f"{mo} is missing: run make messages"
        with mo.open("rb") as fh:
            compiled = gettext.GNUTranslations(fh)
        for e in entries(po):
            if "msgid_plural" in e:
                continue
            if compiled.gettext(e["msgid"].replace('\\"', '"').replace("\\n", "\n")) != e[
                "msgstr"
            ].replace('\\"', '"').replace("\\n", "\n"):
                stale.append(e["msgid"])
    assert stale == [], "compiled .mo files are stale: run make messages"


def test_catalogues_hold_every_string_in_the_code(tmp_path):
    result = subprocess.run(
        [sys.executable, str(BASE / "scripts" / "messages.py"), "--check", str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=BASE,
    )
    assert result.returncode == 0, (
        "untranslated strings (run make messages):\n" + result.stdout + result.stderr
    )


def test_dutch_translations_keep_the_same_placeholders():
    # A translation that names another placeholder crashes the page that renders it.
    for po in catalogues():
        result = subprocess.run(
            ["msgfmt", "--check-format", "-o", "/dev/null", str(po)], capture_output=True, text=True
        )
        assert result.returncode == 0, result.stderr


def test_a_message_in_several_catalogues_has_one_translation():
    """Django merges the apps' catalogues and the first app wins: a msgid translated two ways
    would show one app's words on another app's page (a button "Toon" where a test, and the
    rest of the UI, say "Tonen")."""
    seen: dict[tuple[str, str], dict[str, list[str]]] = {}
    for po in catalogues():
        app = po.parents[3].name
        for e in entries(po):
            key = (e.get("msgctxt", ""), e["msgid"])
            value = "|".join(v for k, v in sorted(e.items()) if k.startswith("msgstr"))
            seen.setdefault(key, {}).setdefault(value, []).append(app)
    clashes = {key[1]: found for key, found in seen.items() if len(found) > 1}
    assert clashes == {}, clashes
