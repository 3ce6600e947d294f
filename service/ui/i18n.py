"""Babel message catalogues for the desk (zh-TW by default, English selectable).

Templates and code mark English source strings with gettext; `service/ui/locale/<locale>/
LC_MESSAGES/messages.po` holds the translations. The .po files are compiled in memory at start-up
(Babel's own compiler), so no generated .mo file is committed or can go stale.
Extract new strings with: pybabel extract -F service/ui/babel.cfg -o service/ui/locale/messages.pot --project finreview .
"""
from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations
from jinja2 import Environment, FileSystemLoader, select_autoescape

LOCALE_DIR = Path(__file__).parent / "locale"
TEMPLATE_DIR = Path(__file__).parent / "templates"
LANGUAGES = ("zh-TW", "en")  # officer-facing codes, as in the report's message keys
DEFAULT_LANGUAGE = "zh-TW"
_BABEL_LOCALE = {"zh-TW": "zh_TW", "en": "en"}


def translations(language: str) -> NullTranslations:
    po = LOCALE_DIR / _BABEL_LOCALE[language] / "LC_MESSAGES" / "messages.po"
    if not po.exists():
        return NullTranslations()  # English is the source language
    with po.open("rb") as fh:
        catalog = read_po(fh, locale=_BABEL_LOCALE[language])
    buf = io.BytesIO()
    write_mo(buf, catalog)
    buf.seek(0)
    return Translations(buf)


@lru_cache(maxsize=len(LANGUAGES))
def environment(language: str) -> Environment:
    """One Jinja2 environment per language, so concurrent requests never share gettext state."""
    env = Environment(loader=FileSystemLoader(TEMPLATE_DIR), autoescape=select_autoescape(["html"]),
                      extensions=["jinja2.ext.i18n"], trim_blocks=True, lstrip_blocks=True)
    env.install_gettext_translations(translations(language), newstyle=True)
    env.globals["language"] = language
    return env


def pick_language(cookie: str | None) -> str:
    return cookie if cookie in LANGUAGES else DEFAULT_LANGUAGE
