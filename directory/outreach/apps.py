from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    """How the directory reaches people outside the site: QR posters in schools and clinics,
    the widget other websites embed, and the HSDS open data API.

    A sub-app of ``directory`` with its own models, migrations and message catalogue, so that it
    builds on the directory's data without sharing files that change with it.
    """

    name = "directory.outreach"
    label = "directory_outreach"
    verbose_name = _("Directory outreach: posters, widget, open data")
    default_auto_field = "django.db.models.BigAutoField"
