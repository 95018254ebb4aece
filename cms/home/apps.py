from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "cms.home"
    label = "home"
    verbose_name = _("Home and site")

    def ready(self):
        from . import frontend_cache, signals

        signals.connect()
        frontend_cache.connect()
