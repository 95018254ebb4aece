from django.urls import path

from . import views

app_name = "quizzes"

urlpatterns = [
    path("<uuid:key>/", views.quiz_view, name="quiz"),
    path("<uuid:key>/start/", views.start_view, name="start"),
    path("attempts/<uuid:attempt_key>/", views.attempt_view, name="attempt"),
]
