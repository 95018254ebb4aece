"""Media in S3 are linked from the site's own origin (cms.home.media_storage)."""

import pytest

from cms.home.media_storage import SameOriginS3Storage


@pytest.fixture
def storage(settings):
    settings.MEDIA_URL = "/media/"
    return SameOriginS3Storage(
        bucket_name="pct-media",
        endpoint_url="http://127.0.0.1:9",  # never contacted: building a URL needs no request
        region_name="us-east-1",
        access_key="key",
        secret_key="secret",
        querystring_auth=True,
    )


@pytest.mark.parametrize(
    ("name", "url"),
    [
        ("images/poster.max-800x600.png", "/media/images/poster.max-800x600.png"),
        ("lectures/recordings/demo lecture.webm", "/media/lectures/recordings/demo%20lecture.webm"),
        ("lectures/captions/demo-kk.vtt", "/media/lectures/captions/demo-kk.vtt"),
    ],
)
def test_public_media_are_linked_from_the_site_itself(storage, name, url):
    """Renditions, recordings and captions: paths nginx serves, which the CSP ('self') allows."""
    assert storage.url(name) == url


@pytest.mark.parametrize("name", ["documents/memo.pdf", "original_images/child.jpg"])
def test_other_files_get_a_signed_link_to_the_bucket_not_a_public_path(storage, name):
    url = storage.url(name)
    assert url.startswith("http://127.0.0.1:9/pct-media/" + name)
    assert "Signature=" in url or "X-Amz-Signature=" in url


def test_production_settings_use_it_when_a_bucket_is_configured():
    import subprocess
    import sys

    script = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.STORAGES['default']['BACKEND'])"
    )
    env = {
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "SECRET_KEY": "x" * 60,
        "ALLOWED_HOSTS": "help.example.kz",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/unused",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "BASE_URL": "https://help.example.kz",
        "EMAIL_HOST": "smtp.example.kz",
        "AWS_STORAGE_BUCKET_NAME": "pct-media",
        "AWS_S3_ENDPOINT_URL": "https://s3.example.kz",
        "AWS_ACCESS_KEY_ID": "key",
        "AWS_SECRET_ACCESS_KEY": "secret",
        "PATH": "/usr/bin:/bin",
    }
    result = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=False)
    assert result.stdout.strip() == "cms.home.media_storage.SameOriginS3Storage", result.stderr
