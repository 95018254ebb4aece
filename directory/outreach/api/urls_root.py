"""A URL configuration with only the API, swapped in on API errors (see responses.API_URLCONF)."""

from django.urls import include, path

urlpatterns = [path("api/hsds/", include("directory.outreach.api.urls"))]
