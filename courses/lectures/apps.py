from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LecturesConfig(AppConfig):
    name = "courses.lectures"
    label = "lectures"
    verbose_name = _("Online lectures")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import front_cache  # noqa: F401  (connects its signals)
