from django.urls import path

from .views import public, reports, staff

app_name = "cohorts"
urlpatterns = [
    path("staff/groups/", staff.group_list_view, name="groups"),
    path("staff/groups/new/", staff.group_create_view, name="group_create"),
    path("staff/groups/<int:pk>/", staff.group_detail_view, name="group"),
    path("staff/groups/<int:pk>/edit/", staff.group_edit_view, name="group_edit"),
    path("staff/groups/<int:pk>/members/add/", staff.member_add_view, name="member_add"),
    path("staff/groups/<int:pk>/members/import/", staff.member_import_view, name="member_import"),
    path("staff/groups/<int:pk>/members/<int:user_id>/remove/", staff.member_remove_view, name="member_remove"),
    path("staff/groups/<int:pk>/sessions/new/", staff.session_create_view, name="session_create"),
    path("staff/groups/<int:pk>/submit/", staff.schedule_submit_view, name="schedule_submit"),
    path("staff/groups/<int:pk>/review/", staff.schedule_review_view, name="schedule_review"),
    path("staff/groups/<int:pk>/feed/rotate/", staff.group_feed_rotate_view, name="group_feed_rotate"),
    path("staff/sessions/", staff.trainer_sessions_view, name="trainer_sessions"),
    path("staff/sessions/feed/rotate/", staff.trainer_feed_rotate_view, name="trainer_feed_rotate"),
    path("staff/sessions/<int:pk>/edit/", staff.session_edit_view, name="session_edit"),
    path("staff/sessions/<int:pk>/delete/", staff.session_delete_view, name="session_delete"),
    path("staff/sessions/<int:pk>/attendance/", staff.attendance_view, name="attendance"),
    path("staff/reports/", reports.report_view, name="reports"),
    path("staff/reports/report.csv", reports.report_csv_view, name="report_csv"),
    path("staff/reports/report.xlsx", reports.report_xlsx_view, name="report_xlsx"),
    path("staff/reports/summary.pdf", reports.report_pdf_view, name="report_pdf"),
    path("calendar/sessions/<uuid:uid>.ics", public.session_ics_view, name="session_ics"),
    path("calendar/groups/<str:token>.ics", public.group_feed_view, name="group_feed"),
    path("calendar/trainers/<str:token>.ics", public.trainer_feed_view, name="trainer_feed"),
    path("learning/check-in/", public.check_in_view, name="check_in"),
    path("invitation/<uidb64>/<token>/", public.invitation_view, name="invitation"),
]
