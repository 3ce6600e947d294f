"""The desk's Babel catalogue: every string marked in the templates and code has a zh-TW translation."""
from __future__ import annotations

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from service.ui.i18n import LOCALE_DIR, environment

UI = LOCALE_DIR.parent


def test_every_marked_string_has_a_zh_tw_translation():
    method_map = [("**/templates/**.html", "jinja2"), ("**.py", "python")]
    options = {"**/templates/**.html": {"extensions": "jinja2.ext.i18n"}}
    marked = {m[2] for m in extract_from_dir(str(UI), method_map, options_map=options) if isinstance(m[2], str)}
    with (LOCALE_DIR / "zh_TW" / "LC_MESSAGES" / "messages.po").open("rb") as fh:
        catalog = read_po(fh)
    translated = {m.id for m in catalog if m.id and m.string}
    assert marked and marked - translated == set()


def test_zh_tw_is_translated_and_english_is_the_source():
    template = "{{ _('Review queue') }}"
    assert environment("zh-TW").from_string(template).render() == "待審清單"
    assert environment("en").from_string(template).render() == "Review queue"
