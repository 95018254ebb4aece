import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from directory.models import Service
from directory.services import COLUMNS, export_services_csv, import_services_csv

from .factories import location, make_service

pytestmark = pytest.mark.django_db

HEADER = "id,language,name,organization,kinds,regions,minimum_age,maximum_age,free,phone,hours,assured_date\n"
GOOD = (
    "{id},kk,Жаңа қызмет,Демо ұйым,psychological; legal,KZ-75,7,18,yes,+7 000 000 0001,MO-FR 09:00-18:00,2026-01-10\n"
)
BAD_ROWS = (
    ",xx,,Демо ұйым,magic,KZ-99,eight,18,maybe,call me,Monday 9-6,10/01/2026\n"
    ",ru,Ok name,Org,legal,KZ-75,18,7,yes,,,\n"
)


def test_dry_run_reports_every_bad_row_with_row_field_and_message_and_saves_nothing():
    report = import_services_csv(content=HEADER + GOOD.format(id="") + BAD_ROWS, dry_run=True)
    assert not report.ok
    problems = {(error.row, error.field) for error in report.errors}
    assert {
        (3, "language"), (3, "name"), (3, "kinds"), (3, "regions"), (3, "minimum_age"),
        (3, "free"), (3, "phone"), (3, "hours"), (3, "assured_date"), (4, "maximum_age"),
    } <= problems
    assert not any(error.row == 2 for error in report.errors)
    assert Service.objects.count() == 0


def test_rows_are_numbered_as_a_spreadsheet_shows_them_when_a_cell_holds_line_breaks():
    # A quoted description over three lines is still one row, and a blank line is a row.
    header = HEADER.rstrip("\n") + ",description\n"
    multiline = GOOD.format(id="").rstrip("\n") + ',"Бірінші жол.\nЕкінші жол.\nҮшінші жол."\n'
    content = header + multiline + "\n" + BAD_ROWS.replace("\n", ",\n")
    report = import_services_csv(content=content, dry_run=True)
    assert {error.row for error in report.errors} == {4, 5}
    assert (4, "language") in {(error.row, error.field) for error in report.errors}
    assert (5, "maximum_age") in {(error.row, error.field) for error in report.errors}


def test_import_is_all_or_nothing_when_one_row_is_bad():
    report = import_services_csv(content=HEADER + GOOD.format(id="") + BAD_ROWS, dry_run=False)
    assert not report.ok
    assert Service.objects.count() == 0


def test_dry_run_of_a_good_file_counts_rows_and_saves_nothing():
    report = import_services_csv(content=HEADER + GOOD.format(id=""), dry_run=True)
    assert report.ok and report.rows == 1 and report.created == 1
    assert Service.objects.count() == 0


def test_good_file_is_imported_and_published_with_its_details():
    report = import_services_csv(content=HEADER + GOOD.format(id=""), dry_run=False)
    assert report.ok
    service = Service.objects.get()
    assert service.live and service.name == "Жаңа қызмет"
    assert {a.taxonomy_term.code for a in service.attributes.all()} == {"psychological", "legal"}
    assert [area.region.code for area in service.service_areas.all()] == ["KZ-75"]
    assert service.schedules.count() == 5
    assert service.phones.get().number == "+7 000 000 0001"
    assert (service.minimum_age, service.maximum_age) == (7, 18)


def test_rows_with_the_same_id_are_translations_and_reimport_updates():
    key = "0b7e4d3c-59a2-4c1e-8f00-2f5b9e1c0a11"
    content = HEADER + GOOD.format(id=key) + GOOD.format(id=key).replace(",kk,Жаңа қызмет", ",ru,Новая служба")
    assert import_services_csv(content=content, dry_run=False).ok
    assert set(Service.objects.values_list("locale__language_code", flat=True)) == {"kk", "ru"}
    report = import_services_csv(content=content.replace("Новая служба", "Служба"), dry_run=False)
    assert report.updated == 2 and report.created == 0
    assert Service.objects.filter(name="Служба").exists()
    assert Service.objects.count() == 2


def test_duplicate_id_and_language_in_one_file_is_reported():
    key = "0b7e4d3c-59a2-4c1e-8f00-2f5b9e1c0a11"
    report = import_services_csv(content=HEADER + GOOD.format(id=key) * 2, dry_run=True)
    assert [(error.row, error.field) for error in report.errors] == [(3, "id")]


def test_missing_columns_are_reported_on_the_first_row():
    report = import_services_csv(content="name,language\nX,kk\n", dry_run=True)
    assert report.errors[0].row == 1
    assert "organization" in report.errors[0].field


def test_messages_are_in_the_editors_language():
    with translation.override("ru"):
        report = import_services_csv(content=HEADER + BAD_ROWS, dry_run=True)
    messages = " ".join(error.message for error in report.errors)
    assert "Напишите" in messages or "Укажите" in messages


def test_semicolon_separated_file_from_excel_is_read():
    content = (HEADER + GOOD.format(id="")).replace(",", ";").replace("psychological; legal", "psychological, legal")
    report = import_services_csv(content=content, dry_run=True)
    assert report.ok, report.errors


def test_export_has_the_import_columns_and_round_trips():
    make_service(
        locales=("kk", "ru"), names={"kk": "Орталық", "ru": "Центр"}, minimum_age=5, anonymous=True,
        location=location(), alert="Жөндеу жүріп жатыр",
    )
    make_service(names={"kk": "Бүкіл ел"}, nationwide=True, region_codes=[], open_24_7=True, hours=[])
    first = export_services_csv()
    assert first.splitlines()[0].split(",") == COLUMNS
    assert len(first.splitlines()) == 4
    report = import_services_csv(content=first, dry_run=False)
    assert report.ok and report.updated == 3 and report.created == 0
    assert export_services_csv() == first


def test_import_command_dry_run_and_errors(tmp_path):
    good = tmp_path / "good.csv"
    good.write_text(HEADER + GOOD.format(id=""), encoding="utf-8-sig")
    out = io.StringIO()
    call_command("import_services", str(good), "--dry-run", stdout=out)
    assert "Checked 1 rows" in out.getvalue()
    assert Service.objects.count() == 0
    call_command("import_services", str(good), stdout=out)
    assert Service.objects.count() == 1
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + BAD_ROWS, encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_services", str(bad), stderr=err)
    assert "row 2, kinds" in err.getvalue()


def test_export_command_writes_the_csv(tmp_path):
    make_service(names={"kk": "Орталық"})
    target = tmp_path / "out.csv"
    call_command("export_services", str(target), stdout=io.StringIO())
    assert "Орталық" in target.read_text(encoding="utf-8")


def test_a_file_longer_than_the_limit_is_refused_in_the_editors_language():
    content = HEADER + GOOD.format(id="") * 3
    with translation.override("ru"):
        report = import_services_csv(content=content, dry_run=False, max_rows=2)
    assert [(error.row, error.field) for error in report.errors] == [(4, "")]
    assert "не больше 2 строк" in report.errors[0].message
    assert Service.objects.count() == 0
    assert import_services_csv(content=content, dry_run=False, max_rows=3).ok
