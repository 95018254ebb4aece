"""Demo users, one for each role. Every address is on the reserved .invalid domain."""

from django.db import transaction

from . import services
from .models import Role, User

DEMO_PASSWORD = "demo-password-2026"  # noqa: S105 — printed on purpose; demo data only
ADMIN_EMAIL = "admin@demo.invalid"

DEMO_USERS = [
    (Role.INSPECTOR, "inspector@demo.invalid", "Айгүл", "Демо-Инспектор", "KZ-75"),
    (Role.SOCIAL_WORKER, "social@demo.invalid", "Ерлан", "Демо-Әлеуметтік", "KZ-71"),
    (Role.PSYCHOLOGIST, "psychologist@demo.invalid", "Динара", "Демо-Психолог", "KZ-75"),
    (Role.SOCIAL_PEDAGOGUE, "pedagogue@demo.invalid", "Мария", "Демо-Педагог", "KZ-35"),
    (Role.CHILD_RIGHTS, "rights@demo.invalid", "Нұрлан", "Демо-Құқық", "KZ-71"),
    (Role.TEACHER, "teacher@demo.invalid", "Сауле", "Демо-Мұғалім", "KZ-75"),
    (Role.LECTURER, "lecturer@demo.invalid", "Ольга", "Демо-Лектор", "KZ-71"),
    (Role.COORDINATOR, "coordinator@demo.invalid", "Асхат", "Демо-Үйлестіруші", "KZ-75"),
    (Role.SUPERVISOR, "supervisor@demo.invalid", "Гүлнар", "Демо-Қадағалаушы", ""),
    (Role.EDITOR, "editor@demo.invalid", "Тимур", "Демо-Редактор", ""),
]


def _upsert(email: str, **fields) -> User:
    user, created = User.objects.get_or_create(email=email, defaults=fields)
    if not created:
        for name, value in fields.items():
            setattr(user, name, value)
    user.set_password(DEMO_PASSWORD)
    user.save()
    return user


@transaction.atomic
def load(stdout) -> None:
    admin = _upsert(
        ADMIN_EMAIL, first_name="Demo", last_name="Administrator", is_staff=True, is_superuser=True,
        agency="Demo", organisation="Demo",
    )
    rows = []
    for role, email, first, last, region in DEMO_USERS:
        user = _upsert(
            email, first_name=first, last_name=last, role=role, region=region,
            agency="Демо ведомство", organisation="Демо ұйым",
            is_staff=role == Role.EDITOR,
        )
        rows.append((user, role))
    admin_codes = services.issue_backup_codes(user=admin)
    staff_codes = {user.email: services.issue_backup_codes(user=user, count=3) for user, _ in rows if user.needs_second_factor}

    stdout.write("")
    stdout.write(f"Demo accounts (password for all: {DEMO_PASSWORD})")
    stdout.write(f"  {ADMIN_EMAIL:32} administrator (Wagtail admin at /admin/)")
    stdout.write("    two-factor backup codes, each works once: " + " ".join(admin_codes))
    for user, role in rows:
        stdout.write(f"  {user.email:32} {role.label}")
        if user.email in staff_codes:
            stdout.write("    two-factor backup codes: " + " ".join(staff_codes[user.email]))
    stdout.write("After signing in with a backup code, add an authenticator app at /en/accounts/two-factor/.")
