from django.core.management.base import BaseCommand

from courses.tasks import send_certificate_reminders_task


class Command(BaseCommand):
    help = "Queue the email reminders for certificates that expire soon (run daily from cron; each is sent once)."

    def handle(self, *args, **options):
        result = send_certificate_reminders_task.enqueue()
        if result.is_finished:
            self.stdout.write(f"Reminders sent: {result.return_value}")
        else:
            self.stdout.write(f"Reminder task queued: {result.id}")
