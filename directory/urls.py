from django.urls import path

from . import views

app_name = "directory"

urlpatterns = [
    path("", views.help_page, name="help"),
    path("sw.js", views.service_worker, name="service_worker"),
    path("region/<slug:slug>/", views.region_page, name="region"),
    path("service/<uuid:key>/", views.service_page, name="service"),
]
