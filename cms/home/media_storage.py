"""Media in an S3-compatible bucket, linked from the site's own origin.

Pages link public media (image renditions under ``images/``, lecture recordings and captions
under ``lectures/``) as ``MEDIA_URL`` paths, and nginx serves those two prefixes from the bucket
(README "Production"). A link to the bucket's own host would be an asset from another host: the
CSP (``img-src``/``media-src 'self'``) blocks it, and a visitor's browser would contact a third
address. Everything else in the bucket (documents, original images) stays private: documents are
streamed by Wagtail's serve view after its permission checks, and nothing links the originals.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.encoding import filepath_to_uri
from storages.backends.s3 import S3Storage
from storages.utils import clean_name

# The prefixes nginx serves to anyone; they must match its locations and the bucket policy.
PUBLIC_PREFIXES = ("images/", "lectures/")


class SameOriginS3Storage(S3Storage):
    def __init__(self, **settings_):
        super().__init__(**settings_)
        if self.location:
            # nginx maps /media/<key> to the bucket's <key>: a key prefix would break every link.
            raise ImproperlyConfigured("SameOriginS3Storage stores keys at the bucket's root: leave 'location' empty.")

    def url(self, name, parameters=None, expire=None, http_method=None):
        cleaned = clean_name(name)
        if cleaned.startswith(PUBLIC_PREFIXES):
            return f"{settings.MEDIA_URL}{filepath_to_uri(cleaned)}"
        # Not served by nginx: a signed link to the bucket, for staff tools only (no page uses it).
        return super().url(name, parameters=parameters, expire=expire, http_method=http_method)
