import os
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.test import override_settings

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


def test_every_marked_string_is_in_the_catalogues(tmp_path):
    """makemessages, run on a copy of the sources, finds no string the kk and ru catalogues lack:
    a string marked for translation but never extracted would show in English however complete
    the catalogues look."""
    import shutil

    from django.core.management import call_command

    root = Path(settings.BASE_DIR)
    copy = tmp_path / "src"
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns(
        ".venv", "node_modules", ".git", "var", "media", "static_collected", "*.mo", "__pycache__", ".pytest_cache"))
    before = {path.relative_to(copy): set(_msgids(path)) for path in copy.glob("**/locale/*/LC_MESSAGES/django.po")}
    cwd = Path.cwd()
    # The project's own catalogue must be the copy's too, or makemessages would write into the sources.
    project_locale = [copy / path.relative_to(root) for path in map(Path, settings.LOCALE_PATHS)]
    try:
        os.chdir(copy)
        with override_settings(LOCALE_PATHS=project_locale):
            call_command("makemessages", locale=["kk", "ru"], verbosity=0)
    finally:
        os.chdir(cwd)
    missing = {
        str(path.relative_to(copy)): sorted(set(_msgids(path)) - before.get(path.relative_to(copy), set()))
        for path in copy.glob("**/locale/*/LC_MESSAGES/django.po")
    }
    assert not {path: ids for path, ids in missing.items() if ids}, "run makemessages -l kk -l ru and translate"


def _msgids(path: Path):
    return (entry.msgid for entry in polib.pofile(str(path)) if not entry.obsolete)
