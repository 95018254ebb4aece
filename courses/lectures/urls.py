from django.urls import path

from . import staff_views, views

app_name = "lectures"

urlpatterns = [
    path("lecture-sessions/<int:pk>/", views.session_detail, name="session"),
    path("lecture-sessions/<int:pk>/watch/", views.session_watch, name="watch"),
    path("lecture-sessions/<int:pk>/calendar.ics", views.session_ics, name="ics"),
    path("lecture-sessions/<int:pk>/transcript/", views.session_transcript, name="transcript"),
    path("lecture-sessions/<int:pk>/feedback/", views.feedback, name="feedback"),
    path("lecture-sessions/<int:pk>/self-check/", views.self_check_start, name="self_check"),
    path("lecture-sessions/<int:pk>/self-check/<uuid:key>/", views.self_check_attempt, name="self_check_attempt"),
    path("class-check-in/", views.check_in, name="check_in"),
    path("staff/lectures/", staff_views.dashboard, name="staff_dashboard"),
    path("staff/lectures/statistics.csv", staff_views.statistics_csv, name="staff_csv"),
    path("staff/lectures/sessions/<int:pk>/", staff_views.session_detail, name="staff_session"),
]
