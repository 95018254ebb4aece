"""Staff routes, mounted under /<lang>/staff/placements/ (two-factor required by the middleware)."""

from django.urls import path

from . import views

app_name = "outreach_staff"

urlpatterns = [
    path("", views.placement_report, name="report"),
    path("<str:code>/poster/", views.placement_poster, name="poster"),
]
