"""Test settings: the dev defaults, fast hashing, no outgoing mail."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = "test-only-not-secret"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "counters": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "counters"},
}
# Uploads go to a throw-away folder, never into the working tree's media/.
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="pct-test-media-"))
WAGTAILADMIN_BASE_URL = env.text("BASE_URL", "http://testserver")
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
# Static files come from the finders; nothing is collected for tests.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
