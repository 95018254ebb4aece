from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from directory import services


class Command(BaseCommand):
    help = "Import help services from a CSV file (all rows or none). Use --dry-run to only check it."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Check every row; save nothing.")
        parser.add_argument("--language", default="en", help="Language of the messages (kk, ru or en).")

    def handle(self, *args, path: Path, dry_run: bool, language: str, **options):
        try:
            raw = path.read_bytes()
        except OSError as error:
            raise CommandError(str(error)) from error
        content = services.decode_upload(raw)
        if content is None:
            raise CommandError("The file is not UTF-8 or Windows-1251 text.")
        with translation.override(language):
            report = services.import_services_csv(content=content, dry_run=dry_run)
            for error in report.errors:
                self.stderr.write(f"row {error.row}, {error.field}: {error.message}")
        if report.errors:
            raise CommandError(f"{len(report.errors)} problem(s); nothing was imported.")
        verb = "Checked" if dry_run else "Imported"
        self.stdout.write(f"{verb} {report.rows} rows: {report.created} new, {report.updated} updated.")
