from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import translation
from django.utils.module_loading import import_string


class Command(BaseCommand):
    help = "Load demo content in kk, ru and en (idempotent: running it again leaves the same content)."

    def handle(self, *args, **options):
        # What the loaders print is for the developer at the console: in English.
        with translation.override("en"):
            for path in settings.DEMO_LOADERS:
                import_string(path)(self.stdout)
