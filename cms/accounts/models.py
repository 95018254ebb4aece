from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from cms.regions import RegionField


class Role(models.TextChoices):
    INSPECTOR = "inspector", _("School police inspector")
    SOCIAL_WORKER = "social_worker", _("Social worker")
    PSYCHOLOGIST = "psychologist", _("Psychologist")
    SOCIAL_PEDAGOGUE = "social_pedagogue", _("Social pedagogue")
    CHILD_RIGHTS = "child_rights", _("Child-rights specialist")
    TEACHER = "teacher", _("Teacher")
    LECTURER = "lecturer", _("Lecturer")
    COORDINATOR = "coordinator", _("Coordinator")
    SUPERVISOR = "supervisor", _("Supervisor")
    EDITOR = "editor", _("Editor")


# Roles whose views show other people's data: they always need a second factor.
STAFF_ROLES = frozenset({Role.COORDINATOR, Role.SUPERVISOR, Role.EDITOR})
# Roles that take trainings.
LEARNER_ROLES = frozenset(
    {Role.INSPECTOR, Role.SOCIAL_WORKER, Role.PSYCHOLOGIST, Role.SOCIAL_PEDAGOGUE, Role.CHILD_RIGHTS}
)


class UserManager(BaseUserManager):
    """Users sign in with their email address; there is no username."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)


class User(AbstractUser):
    """A person who signs in: specialists, lecturers, coordinators, supervisors and editors.

    Children and students never have accounts. ``region`` holds a current ISO 3166-2:KZ code
    (``cms.regions``); a coordinator's region scopes what they see in every app.
    """

    username = None
    email = models.EmailField(_("email address"), unique=True)
    role = models.CharField(_("role"), max_length=32, choices=Role.choices, blank=True)
    agency = models.CharField(_("agency"), max_length=200, blank=True)
    region = RegionField(_("region"), max_length=16, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return self.get_full_name() or self.email

    @property
    def needs_second_factor(self) -> bool:
        """True for everyone who can reach the admin or see other people's data."""
        return self.is_staff or self.is_superuser or self.role in STAFF_ROLES
