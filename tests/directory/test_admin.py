import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from directory import admin_views
from directory.models import Service
from directory.selectors import services_needing_verification

from .factories import make_service
from .test_csv import BAD_ROWS, GOOD, HEADER

pytestmark = pytest.mark.django_db


def test_needs_verification_lists_services_not_verified_for_12_months():
    today = timezone.localdate()
    make_service(names={"kk": "fresh"}, assured_date=today - dt.timedelta(days=100))
    make_service(names={"kk": "stale"}, assured_date=today - dt.timedelta(days=400))
    make_service(names={"kk": "never"}, assured_date=None)
    assert [s.name for s in services_needing_verification()] == ["never", "stale"]


def test_needs_verification_admin_page_and_mark_verified(verified_client):
    stale = make_service(names={"kk": "stale"}, assured_date=dt.date(2020, 1, 1))
    response = verified_client.get("/admin/directory_verification/")
    assert response.status_code == 200
    assert "stale" in response.content.decode()
    response = verified_client.post(f"/admin/directory_verification/{stale.pk}/verified/")
    assert response.status_code == 302
    stale.refresh_from_db()
    assert stale.assured_date == timezone.localdate()
    assert stale.assurer_email == verified_client.user.email
    assert ">stale</a>" not in verified_client.get("/admin/directory_verification/").content.decode()


def test_a_translated_service_is_listed_once_as_its_stalest_translation_with_its_languages(verified_client):
    today = timezone.localdate()
    key = make_service(locales=("kk", "ru"), names={"kk": "екі тілде", "ru": "на двух языках"},
                       assured_date=dt.date(2020, 1, 1)).translation_key
    Service.objects.filter(translation_key=key, locale__language_code="kk").update(assured_date=today)
    listed = list(services_needing_verification())
    assert [(service.name, service.assured_date) for service in listed] == [("на двух языках", dt.date(2020, 1, 1))]
    html = verified_client.get("/admin/directory_verification/").content.decode()
    assert html.count("на двух языках") == 1 and "<td>kk, ru</td>" in html


def test_marking_verified_counts_as_a_change_and_purges_the_service_pages(
    verified_client, purge_server, django_capture_on_commit_callbacks
):
    stale = make_service(locales=("kk", "ru"), assured_date=dt.date(2020, 1, 1))
    before = {row.pk: row.updated_at for row in Service.objects.filter(translation_key=stale.translation_key)}
    with django_capture_on_commit_callbacks(execute=True):
        verified_client.post(f"/admin/directory_verification/{stale.pk}/verified/")
    after = Service.objects.filter(translation_key=stale.translation_key)
    assert all(row.updated_at > before[row.pk] and row.assured_date == timezone.localdate() for row in after)
    purged = {path for path, _host in purge_server.purged}
    assert {f"/kk/help/service/{stale.translation_key}/", f"/ru/help/service/{stale.translation_key}/"} <= purged


def test_admin_import_reports_in_the_editors_admin_language(verified_client):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(verified_client.user)
    profile.preferred_language = "ru"
    profile.save()
    upload = SimpleUploadedFile("s.csv", (HEADER + BAD_ROWS).encode(), content_type="text/csv")
    html = verified_client.post("/admin/directory_csv/", {"file": upload, "dry_run": "on"}).content.decode()
    assert "Напишите «yes» или «no», а не «maybe»." in html
    assert "Write “yes” or “no”" not in html


def test_admin_import_dry_run_shows_each_bad_row(verified_client):
    upload = SimpleUploadedFile("s.csv", (HEADER + BAD_ROWS).encode(), content_type="text/csv")
    response = verified_client.post("/admin/directory_csv/", {"file": upload, "dry_run": "on"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<td>2</td><td>kinds</td>" in html
    assert "<td>3</td><td>maximum_age</td>" in html
    assert Service.objects.count() == 0


def test_admin_import_saves_a_good_file(verified_client):
    upload = SimpleUploadedFile("s.csv", (HEADER + GOOD.format(id="")).encode(), content_type="text/csv")
    response = verified_client.post("/admin/directory_csv/", {"file": upload})
    assert response.status_code == 200
    assert Service.objects.filter(name="Жаңа қызмет", live=True).exists()


def test_admin_import_refuses_a_file_longer_than_the_limit(verified_client, monkeypatch):
    monkeypatch.setattr(admin_views, "MAX_IMPORT_ROWS", 1)
    upload = SimpleUploadedFile("s.csv", (HEADER + GOOD.format(id="") * 2).encode(), content_type="text/csv")
    response = verified_client.post("/admin/directory_csv/", {"file": upload})
    assert response.status_code == 200
    assert "<td>3</td><td></td>" in response.content.decode()
    assert Service.objects.count() == 0


def test_admin_import_rejects_a_file_that_is_not_text(verified_client):
    upload = SimpleUploadedFile("s.csv", b"\xff\xfe\x00\x81\x00", content_type="text/csv")
    response = verified_client.post("/admin/directory_csv/", {"file": upload})
    assert response.status_code == 200
    assert Service.objects.count() == 0
    assert "UTF-8" in response.content.decode()


def test_admin_export_downloads_csv(verified_client):
    make_service(names={"kk": "Орталық"})
    response = verified_client.get("/admin/directory_csv/export/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "Орталық" in response.content.decode()


def test_directory_tools_need_permissions(client, db):
    from tests.factories import StaffUserFactory, backup_code_for

    user = StaffUserFactory()
    code = backup_code_for(user)
    client.post("/en/accounts/login/", {"email": user.email, "password": "correct horse battery staple"})
    client.post("/en/accounts/verify/", {"token": code})
    for url in ("/admin/directory_csv/", "/admin/directory_csv/export/", "/admin/directory_verification/"):
        response = client.get(url)
        assert response.status_code in (302, 403), url


def test_directory_tools_need_a_signed_in_user(client, db):
    assert client.get("/admin/directory_csv/").status_code == 302
    assert client.get("/admin/directory_csv/export/").status_code == 302


def test_service_snippet_create_and_edit_forms_render(verified_client):
    service = make_service(names={"kk": "Орталық"})
    assert verified_client.get("/admin/snippets/directory/service/add/").status_code == 200
    response = verified_client.get(f"/admin/snippets/directory/service/edit/{service.pk}/")
    assert response.status_code == 200
    assert "Орталық" in response.content.decode()
    for model in ("region", "organization", "location", "taxonomyterm"):
        assert verified_client.get(f"/admin/snippets/directory/{model}/").status_code == 200, model


def test_directory_pages_in_the_admin_menu(verified_client):
    html = verified_client.get("/admin/").content.decode()
    assert "/admin/directory_verification/" in html
    assert "/admin/directory_csv/" in html
