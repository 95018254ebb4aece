from pathlib import Path

from django.core.management.base import BaseCommand

from directory import services


class Command(BaseCommand):
    help = "Write every help service (all languages) as CSV, in the shape import_services reads."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, nargs="?", help="Output file; standard output if left out.")

    def handle(self, *args, path: Path | None, **options):
        content = services.export_services_csv()
        if path is None:
            self.stdout.write(content, ending="")
        else:
            path.write_text(content, encoding="utf-8")
            self.stdout.write(f"Wrote {path}.")
