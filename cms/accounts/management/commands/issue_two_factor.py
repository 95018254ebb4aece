from django.core.management.base import BaseCommand, CommandError

from cms.accounts import services
from cms.accounts.models import User


class Command(BaseCommand):
    help = (
        "Issue two-factor credentials to a user (the administrator's enrolment): new backup codes, "
        "and with --authenticator a confirmed authenticator whose setup link is printed once."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--authenticator", action="store_true", help="also issue an authenticator app secret")

    def handle(self, *args, email, authenticator, **options):
        try:
            user = User.objects.get(email__iexact=email)
        except User.DoesNotExist:
            raise CommandError(f"No user with the email address {email}.") from None
        codes = services.issue_backup_codes(user=user)
        self.stdout.write(f"Backup codes for {user.email} (each works once):")
        for code in codes:
            self.stdout.write(f"  {code}")
        if authenticator:
            device = services.issue_totp_device(user=user)
            self.stdout.write(f"Authenticator setup link (open or turn into a QR code): {device.config_url}")
