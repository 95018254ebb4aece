"""Production: several stateless app servers on PostgreSQL, Redis and S3-compatible storage.

Everything comes from the environment; a missing or malformed value stops the process at
start-up with ImproperlyConfigured instead of failing on the first request.
"""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DATABASES, REDIS_URL, STORAGES, env

DEBUG = False
SECRET_KEY = env.text("SECRET_KEY", required=True)
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("SECRET_KEY must be at least 50 characters long.")
ALLOWED_HOSTS = env.words("ALLOWED_HOSTS", required=True)
CSRF_TRUSTED_ORIGINS = env.words("CSRF_TRUSTED_ORIGINS", [f"https://{host}" for host in ALLOWED_HOSTS])

env.url("DATABASE_URL", schemes=("postgres", "postgresql"), required=True)
if not REDIS_URL:
    raise ImproperlyConfigured("REDIS_URL must be set: the cache and rate limits are shared through Redis.")
# Persistent connections, checked before each request reuses them: after PostgreSQL restarts,
# the first request of each worker opens a new connection instead of failing on the dead one.
# The connect timeout bounds how long a request waits for an unreachable database before the
# visitor gets the 503 page (cms.home.views.server_error).
DATABASES["default"]["CONN_MAX_AGE"] = env.integer("DATABASE_CONN_MAX_AGE", 60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = env.integer("DATABASE_CONNECT_TIMEOUT", 5)

WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "wagtail.search.backends.database", "SEARCH_CONFIG": "simple"}
}

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
if env.text("AWS_STORAGE_BUCKET_NAME"):
    STORAGES["default"] = {
        # Public media are linked from this site's origin and served by nginx (cms.home.media_storage).
        "BACKEND": "cms.home.media_storage.SameOriginS3Storage",
        "OPTIONS": {
            "bucket_name": env.text("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": env.url("AWS_S3_ENDPOINT_URL", schemes=("https", "http")),
            "region_name": env.text("AWS_S3_REGION_NAME"),
            "access_key": env.text("AWS_ACCESS_KEY_ID", required=True),
            "secret_key": env.text("AWS_SECRET_ACCESS_KEY", required=True),
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }

MAILERS = {
    "default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": env.text("EMAIL_HOST", "localhost"),
            "port": env.integer("EMAIL_PORT", 587),
            "username": env.text("EMAIL_HOST_USER", ""),
            "password": env.text("EMAIL_HOST_PASSWORD", ""),
            "use_tls": env.flag("EMAIL_USE_TLS", True),
        },
    }
}

SECURE_SSL_REDIRECT = env.flag("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Load balancers probe the app servers directly over HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_HSTS_SECONDS = env.integer("SECURE_HSTS_SECONDS", 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
WAGTAILADMIN_BASE_URL = env.url("BASE_URL", schemes=("https",), required=True)
