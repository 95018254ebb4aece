"""Public routes, mounted under /<lang>/help/ before the directory's own help pages."""

from django.urls import path

from . import views

app_name = "outreach"

urlpatterns = [
    path("p/<str:code>/", views.scan, name="scan"),
    path("widget/", views.widget, name="widget"),
]
