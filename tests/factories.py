"""Factories shared by every app's tests. Each app may add its own in tests/<app>/factories.py."""

import factory
import wagtail_factories
from wagtail.models import Locale

from cms.accounts import services as account_services
from cms.accounts.models import Role, User
from cms.home.models import HomePage, StandardPage

PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.test")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    role = Role.PSYCHOLOGIST
    region = "KZ-75"
    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or PASSWORD)
        if create:
            self.save(update_fields=["password"])


class StaffUserFactory(UserFactory):
    role = Role.EDITOR
    is_staff = True


class SuperUserFactory(UserFactory):
    role = ""
    is_staff = True
    is_superuser = True


class LocaleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Locale
        django_get_or_create = ("language_code",)

    language_code = "kk"


class HomePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = HomePage

    title = factory.Sequence(lambda n: f"Home {n}")
    intro = "Intro"


class StandardPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = StandardPage

    title = factory.Sequence(lambda n: f"Page {n}")
    summary = "Summary"
    show_in_menus = True


def backup_code_for(user: User) -> str:
    """A fresh single-use backup code for ``user``."""
    return account_services.issue_backup_codes(user=user, count=1)[0]
