from pathlib import Path

import polib
import pytest
from django.conf import settings

CATALOGUES = sorted(
    path
    for path in Path(settings.BASE_DIR).glob("**/locale/*/LC_MESSAGES/django.po")
    if ".venv" not in path.parts and "node_modules" not in path.parts
)


def test_each_app_with_strings_has_kk_and_ru_catalogues():
    languages = {path.parts[-3] for path in CATALOGUES}
    assert {"kk", "ru"} <= languages


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda path: str(path.relative_to(settings.BASE_DIR)))
def test_catalogue_has_no_missing_or_fuzzy_translation(path):
    catalogue = polib.pofile(str(path))
    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert not untranslated, f"untranslated in {path}: {untranslated}"
    assert not fuzzy, f"fuzzy in {path}: {fuzzy}"


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda path: str(path.relative_to(settings.BASE_DIR)))
def test_translations_keep_every_placeholder(path):
    import re

    placeholder = re.compile(r"%\(\w+\)[sd]|\{\w*\}")
    for entry in polib.pofile(str(path)).translated_entries():
        expected = set(placeholder.findall(entry.msgid))
        translations = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        for text in translations:
            assert set(placeholder.findall(text)) == expected, f"{path}: {entry.msgid!r}"
