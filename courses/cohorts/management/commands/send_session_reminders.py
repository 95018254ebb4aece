from django.core.management.base import BaseCommand

from ...tasks import send_session_reminders_task


class Command(BaseCommand):
    help = "Email a reminder for every approved session starting within a day (each person once). Run from cron."

    def add_arguments(self, parser):
        parser.add_argument("--now", action="store_true", help="Send in this process instead of queueing a task.")

    def handle(self, *args, now=False, **options):
        if now:
            from ...services import send_due_reminders

            self.stdout.write(f"Reminders sent: {send_due_reminders()}")
        else:
            result = send_session_reminders_task.enqueue()
            self.stdout.write(f"Queued reminders task {result.id}")
