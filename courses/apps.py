from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Trainings and lectures")

    def ready(self):
        from quizzes.signals import attempt_submitted

        from .receivers import quiz_attempt_submitted

        attempt_submitted.connect(quiz_attempt_submitted, dispatch_uid="courses_quiz_attempt_submitted")
