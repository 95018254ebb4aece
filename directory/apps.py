from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = _("Directory of help services")

    def ready(self):
        from . import card_cache, front_cache, listing  # noqa: F401  (connect their signals)
