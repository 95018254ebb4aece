from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from quizzes import services
from quizzes.models import Quiz


class Command(BaseCommand):
    help = (
        "Import questions from a Moodle GIFT file into a quiz, all or nothing. Errors are listed with "
        "their line numbers; questions of types we do not have (numerical, essay, description) block the "
        "import unless --skip-unsupported."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="the GIFT file (UTF-8)")
        parser.add_argument("--quiz", required=True, help="the quiz's key (slug)")
        parser.add_argument("--language", default="kk", help="the quiz's language version (default kk)")
        parser.add_argument("--dry-run", action="store_true", help="check and report only")
        parser.add_argument("--skip-unsupported", action="store_true", help="import the rest, skipping refused types")
        parser.add_argument("--messages", default=None, help="language of the report (kk, ru or en)")

    def handle(self, *args, **options):
        with translation.override(options["messages"] or options["language"]):
            return self._handle(options)

    def _handle(self, options):
        quiz = Quiz.objects.filter(slug=options["quiz"], locale__language_code=options["language"]).first()
        if quiz is None:
            raise CommandError(f"No quiz with key {options['quiz']!r} in language {options['language']!r}.")
        path = Path(options["path"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        result = services.import_gift(
            quiz=quiz,
            source=path.read_bytes(),
            skip_unsupported=options["skip_unsupported"],
            dry_run=options["dry_run"],
        )
        for problem in result.report.errors:
            self.stderr.write(f"error: {problem}")
        for problem in result.report.refused:
            self.stdout.write(f"refused: {problem}")
        report = result.report
        summary = (
            f"{len(report.questions)} questions readable, {len(report.errors)} errors, "
            f"{len(report.refused)} refused, {result.imported} imported into {quiz.slug} ({options['language']})."
        )
        if result.blocked:
            reason = "errors" if report.errors else "refused questions (use --skip-unsupported to import the rest)"
            raise CommandError(f"{summary} Nothing imported because of {reason}.")
        self.stdout.write(summary)
