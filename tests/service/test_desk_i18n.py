"""The desk's Babel catalogue: every string marked in the templates and code has a zh-TW translation."""
from __future__ import annotations

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from service.ui.i18n import LOCALE_DIR, environment

UI = LOCALE_DIR.parent


def _marked() -> set[str]:
    method_map = [("**/templates/**.html", "jinja2"), ("**.py", "python")]
    options = {"**/templates/**.html": {"extensions": "jinja2.ext.i18n"}}
    return {m[2] for m in extract_from_dir(str(UI), method_map, options_map=options) if isinstance(m[2], str)}


def test_every_marked_string_has_a_zh_tw_translation():
    marked = _marked()
    with (LOCALE_DIR / "zh_TW" / "LC_MESSAGES" / "messages.po").open("rb") as fh:
        catalog = read_po(fh)
    translated = {m.id for m in catalog if m.id and m.string}
    assert marked and marked - translated == set()


def test_zh_tw_is_translated_and_english_is_the_source():
    template = "{{ _('Review queue') }}"
    assert environment("zh-TW").from_string(template).render() == "待審清單"
    assert environment("en").from_string(template).render() == "Review queue"


def test_the_committed_template_lists_exactly_the_marked_strings():
    """Translators start from messages.pot; a stale one hides new strings from them."""
    with (LOCALE_DIR / "messages.pot").open("rb") as fh:
        template = {m.id for m in read_po(fh) if m.id}
    assert template == _marked(), "messages.pot is stale: run the pybabel extract command in service/ui/i18n.py"
