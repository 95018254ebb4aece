"""Two-factor devices: issuing, enrolling and checking them.

Enrolment needs either a session that has already passed two-factor verification (the views
check that) or an administrator running ``manage.py issue_two_factor``.
"""

from django.db import transaction
from django_otp import devices_for_user, match_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import User

BACKUP_DEVICE_NAME = "backup"
BACKUP_CODE_COUNT = 10


@transaction.atomic
def issue_backup_codes(*, user: User, count: int = BACKUP_CODE_COUNT) -> list[str]:
    """Replace the user's backup codes with ``count`` new single-use codes and return them."""
    device, _ = StaticDevice.objects.get_or_create(user=user, name=BACKUP_DEVICE_NAME, defaults={"confirmed": True})
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(count)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def start_totp_enrolment(*, user: User, name: str = "authenticator") -> TOTPDevice:
    """An unconfirmed authenticator device; it counts only once a code from it is confirmed."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name=name, confirmed=False)


def confirm_totp_enrolment(*, device: TOTPDevice, token: str) -> bool:
    if device.confirmed or not device.verify_token(token):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return True


def issue_totp_device(*, user: User, name: str = "authenticator") -> TOTPDevice:
    """An administrator's enrolment: confirmed at once, its secret handed over out of band."""
    return TOTPDevice.objects.create(user=user, name=name, confirmed=True)


def has_device(*, user: User) -> bool:
    return any(True for _ in devices_for_user(user, confirmed=True))


def check_token(*, user: User, token: str):
    """The confirmed device that accepts ``token`` (each device throttles its own failures)."""
    return match_token(user, token)


def remaining_backup_codes(*, user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__name=BACKUP_DEVICE_NAME).count()
