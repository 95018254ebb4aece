import pytest
from django.core.exceptions import ImproperlyConfigured

pytestmark = pytest.mark.django_db


def csp(response) -> dict[str, list[str]]:
    directives = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def test_content_security_policy_allows_no_inline_code_and_no_other_host(client, home_tree):
    policy = csp(client.get("/kk/"))
    assert policy["default-src"] == ["'self'"]
    for directive in ("script-src", "style-src"):
        assert "'unsafe-inline'" not in policy[directive]
        assert "'unsafe-eval'" not in policy[directive]
        assert all(value == "'self'" or value.startswith("'nonce-") for value in policy[directive])
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]


def test_security_headers_are_present(client, home_tree):
    response = client.get("/kk/")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_hsts_is_sent_over_https_with_production_values(client, home_tree, settings):
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    response = client.get("/kk/", secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000; includeSubDomains")


PRODUCTION_ENV = {
    "SECRET_KEY": "x" * 64,
    "ALLOWED_HOSTS": "help.example.kz",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/pct",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "BASE_URL": "https://help.example.kz",
}


def load_production(monkeypatch, env):
    import importlib
    import sys

    for name in [*PRODUCTION_ENV, "AWS_STORAGE_BUCKET_NAME"]:
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    for module in ("cms.settings.production", "cms.settings.base"):
        sys.modules.pop(module, None)
    try:
        return importlib.import_module("cms.settings.production")
    finally:
        for module in ("cms.settings.production", "cms.settings.base"):
            sys.modules.pop(module, None)


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL", "BASE_URL"])
def test_production_settings_refuse_to_start_without_a_required_variable(monkeypatch, missing):
    env = {name: value for name, value in PRODUCTION_ENV.items() if name != missing}
    with pytest.raises(ImproperlyConfigured, match=missing):
        load_production(monkeypatch, env)


def test_production_settings_refuse_a_short_secret_key(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY"):
        load_production(monkeypatch, PRODUCTION_ENV | {"SECRET_KEY": "short"})


def test_production_settings_load_with_a_complete_environment(monkeypatch):
    production = load_production(monkeypatch, PRODUCTION_ENV)
    assert production.DEBUG is False
    assert production.SESSION_COOKIE_SECURE and production.CSRF_COOKIE_SECURE
    assert production.CACHES["default"]["BACKEND"].endswith("RedisCache")
    assert production.TASKS["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"
    assert production.STORAGES["default"]["BACKEND"].endswith("FileSystemStorage")


def test_production_database_connections_survive_a_database_restart(monkeypatch):
    database = load_production(monkeypatch, PRODUCTION_ENV | {"DATABASE_CONNECT_TIMEOUT": "3"}).DATABASES["default"]
    assert database["CONN_MAX_AGE"] == 60
    assert database["CONN_HEALTH_CHECKS"] is True
    assert database["OPTIONS"]["connect_timeout"] == 3


def test_production_settings_use_s3_when_its_bucket_is_set(monkeypatch):
    production = load_production(
        monkeypatch,
        PRODUCTION_ENV
        | {"AWS_STORAGE_BUCKET_NAME": "media", "AWS_ACCESS_KEY_ID": "id", "AWS_SECRET_ACCESS_KEY": "secret"},
    )
    # S3, with public media linked from the site's own origin (cms.home.media_storage).
    assert production.STORAGES["default"]["BACKEND"] == "cms.home.media_storage.SameOriginS3Storage"


def test_a_malformed_flag_fails_at_start(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="SECURE_SSL_REDIRECT"):
        load_production(monkeypatch, PRODUCTION_ENV | {"SECURE_SSL_REDIRECT": "maybe"})


def test_uploads_are_allowlisted_and_svg_is_refused(settings):
    assert "svg" not in settings.WAGTAILIMAGES_EXTENSIONS
    assert "svg" not in settings.WAGTAILDOCS_EXTENSIONS
    assert "html" not in settings.WAGTAILDOCS_EXTENSIONS
    assert settings.WAGTAILDOCS_INLINE_CONTENT_TYPES == []
    assert settings.WAGTAIL_PRIVATE_PAGE_OPTIONS == {"SHARED_PASSWORD": False}


def test_svg_image_upload_is_rejected(db):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from wagtail.images.forms import get_image_form

    from cms.assets.models import CustomImage

    form_class = get_image_form(CustomImage)
    svg = SimpleUploadedFile("x.svg", b'<svg xmlns="http://www.w3.org/2000/svg"></svg>', "image/svg+xml")
    form = form_class(data={"title": "x"}, files={"file": svg})
    assert not form.is_valid()
    assert "file" in form.errors


def test_documents_are_served_as_downloads(client, db):
    from django.core.files.base import ContentFile

    from cms.assets.models import CustomDocument

    document = CustomDocument.objects.create(title="Handout", file=ContentFile(b"%PDF-1.4 test", name="handout.pdf"))
    response = client.get(document.url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
