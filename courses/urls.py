from django.urls import path

from . import views

app_name = "courses"
urlpatterns = [
    path("learning/courses/<int:course_id>/enrol/", views.enrol_view, name="enrol"),
    path("learning/lessons/<int:lesson_id>/complete/", views.complete_lesson_view, name="complete_lesson"),
    path("learning/enrolments/<int:enrolment_id>/resume/", views.resume_view, name="resume"),
    path("my-learning/", views.my_learning_view, name="my_learning"),
    path("my-learning/my-data.json", views.my_data_view, name="my_data"),
    path("my-learning/delete-account/", views.delete_account_view, name="delete_account"),
    path("my-learning/certificates/<str:code>.pdf", views.certificate_pdf_view, name="certificate_pdf"),
    path("my-learning/certificates/<str:code>/open-badge.json", views.certificate_badge_view, name="certificate_badge"),
    path("certificates/", views.verify_form_view, name="verify_form"),
    path("certificates/<str:code>/", views.verify_view, name="verify"),
    path("staff/certificates/", views.staff_certificates_view, name="staff_certificates"),
    path("staff/certificates/<str:code>/revoke/", views.staff_revoke_view, name="staff_revoke"),
]
