from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CohortsConfig(AppConfig):
    name = "courses.cohorts"
    label = "cohorts"
    verbose_name = _("Focus groups and training schedule")

    def ready(self):
        # Registers the attendance requirement with the courses completion rule.
        from . import completion  # noqa: F401
