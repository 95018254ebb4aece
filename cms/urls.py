from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cms.accounts import views as account_views
from cms.home import views as home_views

# A database outage answers 503 with a translated page instead of a 500 (see server_error).
handler500 = "cms.home.views.server_error"

urlpatterns = [
    path("healthz", home_views.healthz, name="healthz"),
    path("readyz", home_views.readyz, name="readyz"),
    # Wagtail's own login form has no throttling and no second factor: use ours.
    path("admin/login/", account_views.login_view, name="wagtailadmin_login"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/hsds/", include("directory.outreach.api.urls")),
]

urlpatterns += i18n_patterns(
    path("accounts/", include("cms.accounts.urls")),
    path("search/", include("cms.sitesearch.urls")),
    path("browse-safely/", home_views.browse_safely, name="home_browse_safely"),
    path("quizzes/", include("quizzes.urls")),
    path("", include("courses.urls")),
    path("", include("courses.cohorts.urls")),
    path("", include("courses.lectures.urls")),
    path("help/", include("directory.outreach.urls")),
    path("help/", include("directory.urls")),
    path("staff/placements/", include("directory.outreach.staff_urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns = static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT) + urlpatterns
