"""Media in S3 are linked from the site's own origin (cms.home.media_storage); the production
settings choosing it: tests/cms/test_security.py."""

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


def test_a_key_prefix_is_refused_at_start():
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match="location"):
        SameOriginS3Storage(bucket_name="pct-media", location="site", access_key="key", secret_key="secret")
