"""Settings shared by every environment.

The embedded default runs on one machine with no services: SQLite, local media, local-memory
cache, immediate background tasks. Production switches each service on from the environment
(see production.py); everything environment-driven is read through cms.settings.env.
"""

from pathlib import Path

import dj_database_url
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from . import env

BASE_DIR = Path(__file__).resolve().parent.parent.parent
CMS_DIR = BASE_DIR / "cms"

DEBUG = False
SECRET_KEY = env.text("SECRET_KEY")
ALLOWED_HOSTS = env.words("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])

INSTALLED_APPS = [
    "cms.accounts",
    "cms.assets",
    "cms.home",
    "cms.guidelines",
    "cms.sitesearch",
    "courses",
    "courses.cohorts",
    "courses.lectures",
    "quizzes",
    "directory",
    "directory.outreach",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.settings",
    "wagtail.contrib.frontend_cache",
    "wagtail.contrib.redirects",
    "wagtail.embeds",
    "wagtail.sites",
    "cms.accounts.apps.UsersAppConfig",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks_db",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
]

MIDDLEWARE = [
    "cms.home.page_cache.SharedCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "cms.accounts.middleware.RequireVerifiedStaffMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "cms.urls"
WSGI_APPLICATION = "cms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [CMS_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# Widgets render through TEMPLATES, so cms/templates can override Wagtail's widget templates.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# Database: SQLite on this machine unless DATABASE_URL names another (PostgreSQL in production
# and in CI). Connections are kept for a minute and checked before reuse, so a restarted
# PostgreSQL is picked up again without restarting the app servers.
DATABASES = {
    "default": dj_database_url.parse(
        env.text("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=60,
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers and one writer work at once; the timeout waits for the writer instead of
    # failing with "database is locked". Connections are kept like PostgreSQL's: a new SQLite
    # connection parses the whole schema (about 500 tables and indexes, several milliseconds) and
    # starts with an empty page cache. Reads go through a memory map, and each connection keeps
    # up to 32 MB of pages.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA mmap_size=268435456; PRAGMA cache_size=-32000;"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's full-text search (used by Wagtail's database search backend) lives here.
    INSTALLED_APPS.append("django.contrib.postgres")
    # No JIT compilation: it pays off for long analytical queries, but the site's queries take
    # milliseconds and JIT added 25-35 ms to each one whose estimated cost crossed jit_above_cost
    # (the help page's filtered counts). No parallel workers either, for the same reason: starting
    # them and merging their rows added 3-10 ms to the help page's searches at 100k services, and
    # on a small server they take cores from the other requests.
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options["options"] = f"{_options.get('options', '')} -c jit=off -c max_parallel_workers_per_gather=0".strip()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache: Redis shared by every app server when REDIS_URL is set. "default" tolerates a dead
# Redis (an empty cache while it is away, logged); "counters" is the same Redis without that
# tolerance, for limits that must never lapse (login throttling fails closed; the public rate
# limits count in each process meanwhile: cms.home.rate_limit). Short socket timeouts keep an
# unreachable Redis from stalling requests.
REDIS_URL = env.url("REDIS_URL", schemes=("redis", "rediss"))
if REDIS_URL:
    _redis = {
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "pct",
        "TIMEOUT": 300,
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }
    CACHES = {
        "default": {"BACKEND": "cms.home.redis_cache.TolerantRedisCache", **_redis},
        # A prefix of its own: clearing the default cache must never reset a lockout.
        "counters": {"BACKEND": "django.core.cache.backends.redis.RedisCache", **_redis, "KEY_PREFIX": "pct-counters"},
    }
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "counters": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "counters"},
    }

# Sessions live in the database and are cached: losing the cache loses no session.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# Page caching for anonymous visitors (cms.home.page_cache): how long a shared cache in front
# (nginx) may keep a published page. Purged on publish when FRONTEND_CACHE_PURGE_URL names it.
PAGE_CACHE_SECONDS = env.integer("PAGE_CACHE_SECONDS", 300)
FRONTEND_CACHE_PURGE_URL = env.url("FRONTEND_CACHE_PURGE_URL", schemes=("http", "https"))
if FRONTEND_CACHE_PURGE_URL:
    WAGTAILFRONTENDCACHE = {
        "nginx": {"BACKEND": "cms.home.frontend_cache.NginxPurgeBackend", "LOCATION": FRONTEND_CACHE_PURGE_URL}
    }
# Each translation is a page of its own, published on its own: purge only the URLs that changed.
WAGTAILFRONTENDCACHE_LANGUAGES: list[str] = []

TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
# A task "running" for longer than this was left by a worker that died: the worker requeues it
# (cms.home.stale_tasks). Far above the longest task (a PDF: a few seconds).
TASKS_STALE_AFTER_MINUTES = env.integer("TASKS_STALE_AFTER_MINUTES", 30)

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "/"
OTP_TOTP_ISSUER = "Protect Children Together"
# Failed logins allowed per account and per address in LOGIN_THROTTLE_WINDOW seconds.
LOGIN_THROTTLE_LIMIT = 5
LOGIN_THROTTLE_WINDOW = 15 * 60
# Proxies (addresses or networks) whose X-Forwarded-For is believed when they connect: the load
# balancers. Empty: the client address is REMOTE_ADDR, whatever the headers say.
TRUSTED_PROXIES = env.networks("TRUSTED_PROXIES")

# Languages: Kazakh (the state language, and the default), Russian and English.
LANGUAGE_CODE = "kk"
LANGUAGES = [("kk", "Қазақша"), ("ru", "Русский"), ("en", "English")]
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAIL_I18N_ENABLED = True
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
# All of Kazakhstan has been on UTC+5 since 1 March 2024; tzdata ships that rule (see the tests).
TIME_ZONE = "Asia/Almaty"

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "static_collected"
STATICFILES_DIRS = [CMS_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.text("MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Uploads: small, allowlisted, never SVG, documents always downloaded rather than shown inline.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o640
WAGTAILIMAGES_IMAGE_MODEL = "assets.CustomImage"
WAGTAILDOCS_DOCUMENT_MODEL = "assets.CustomDocument"
WAGTAILIMAGES_EXTENSIONS = ["jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 8 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "odt", "pptx", "xlsx", "csv", "txt", "vtt", "mp4", "webm"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 50 * 1024 * 1024
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_INLINE_CONTENT_TYPES = []
WAGTAIL_PRIVATE_PAGE_OPTIONS = {"SHARED_PASSWORD": False}
WAGTAILDOCS_PRIVATE_COLLECTION_OPTIONS = {"SHARED_PASSWORD": False}

WAGTAIL_SITE_NAME = _("Protect Children Together")
WAGTAILADMIN_BASE_URL = env.text("BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAILADMIN_PERMITTED_LANGUAGES = [("ru", "Русский"), ("en", "English")]
WAGTAILEMBEDS_RESPONSIVE_HTML = True

# Security headers. The public site loads nothing from another host, runs no inline script and
# no inline style: every script and stylesheet is a file under /static/.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:", "blob:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "media-src": [CSP.SELF],
    "frame-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
    "worker-src": [CSP.SELF],
    "manifest-src": [CSP.SELF],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Django 6.1's mailers: the console in development, SMTP in production (production.py).
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = env.text("DEFAULT_FROM_EMAIL", "noreply@protect-children.example")

# The organisation named as issuer on certificates and open badges.
PLATFORM_ORGANISATION = env.text("PLATFORM_ORGANISATION", "Protect Children Together")
# Certificates: public look-ups allowed per address and window (seconds); reminder lead time (days).
CERTIFICATE_VERIFY_LIMIT = 30
CERTIFICATE_VERIFY_WINDOW = 10 * 60
CERTIFICATE_REMINDER_DAYS = 30

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.text("LOG_LEVEL", "WARNING")},
    # The tasks framework logs every task run at INFO, with the surrounding exception context.
    "loggers": {"django.tasks": {"handlers": ["console"], "level": "WARNING", "propagate": False}},
}

# load_demo runs these in order; each app adds its own loader (idempotent, marked as demo).
DEMO_LOADERS = [
    "cms.home.demo.load",
    "cms.accounts.demo.load",
    "directory.demo.load",
    "quizzes.demo.load",
    "courses.demo.load",
    "courses.cohorts.demo.load",
    "courses.lectures.demo.load",
    "directory.demo_placements.load",
    "cms.guidelines.demo.load",
]
# Focus groups: self check-in opens this many minutes before a session starts.
COHORTS_CHECKIN_EARLY_MINUTES = 15

# Online lectures: the only hosts whose players a lecture page may frame (our own Jitsi and
# BigBlueButton servers, and YouTube's privacy-enhanced host). Only lecture session pages widen
# frame-src to these (courses.lectures.embeds.embed_csp).
LECTURES_EMBED_HOSTS = {
    "jitsi": env.text("LECTURES_JITSI_HOST", "meet.lectures.demo.invalid"),
    "bigbluebutton": env.text("LECTURES_BBB_HOST", "bbb.lectures.demo.invalid"),
    "youtube": "www.youtube-nocookie.com",
}

WAGTAIL_GRAVATAR_PROVIDER_URL = None
