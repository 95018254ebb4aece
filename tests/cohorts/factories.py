from datetime import timedelta

import factory
from django.utils import timezone

from courses.cohorts.models import FocusGroup, Membership, Session, SessionFormat
from tests.factories import UserFactory


class FocusGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FocusGroup
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Фокус-топ {n}")
    region = "KZ-75"
    agency = "Білім басқармасы"
    target_roles = factory.LazyFunction(lambda: ["psychologist"])


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    group = factory.SubFactory(FocusGroupFactory)
    title = factory.Sequence(lambda n: f"Сессия {n}")
    format = SessionFormat.IN_PERSON
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
    duration_minutes = 120
    venue = "Алматы, Абай даңғылы 1, 204 кабинет"
    capacity = 25
    trainer = factory.SubFactory(UserFactory, role="lecturer")


def member(group, **fields) -> Membership:
    return Membership.objects.create(group=group, user=UserFactory(**fields))
