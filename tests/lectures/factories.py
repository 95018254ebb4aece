"""Factories for the lectures app: pages under the test home tree, sessions, lecturers, records."""

from datetime import timedelta

import factory
import wagtail_factories
from django.utils import timezone
from wagtail.models import Locale

from courses.lectures.choices import Audience, Grade, LectureLanguage, Provider
from courses.lectures.models import (
    ClassCheckIn,
    Feedback,
    LectureIndexPage,
    LectureLecturer,
    LecturePage,
    Lecturer,
    LectureSeriesPage,
    LectureSession,
    SelfCheckResult,
)
from courses.lectures.services import normalise_school
from tests.factories import UserFactory

JITSI = "https://meet.lectures.demo.invalid/room-1"


class LectureIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = LectureIndexPage

    title = "Lectures"
    slug = "lectures"
    intro = "Lectures for students"


class LectureSeriesPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = LectureSeriesPage

    title = factory.Sequence(lambda n: f"Series {n}")
    summary = "Series summary"


class LecturePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = LecturePage

    title = factory.Sequence(lambda n: f"Lecture {n}")
    topic = "Personal safety"
    audience = Audience.SCHOOL
    language = LectureLanguage.KAZAKH
    duration_minutes = 45
    summary = "What to do and whom to tell."


class LecturerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lecturer

    name = factory.Sequence(lambda n: f"Lecturer {n}")
    organisation = "Demo NGO"
    locale = factory.LazyFunction(Locale.get_default)


class LecturerUserFactory(UserFactory):
    role = "lecturer"
    region = ""


def link_lecturer(page: LecturePage, lecturer: Lecturer) -> None:
    LectureLecturer.objects.create(page=page, lecturer=lecturer, sort_order=0)


class LectureSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LectureSession

    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=2))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(minutes=45))
    provider = Provider.JITSI
    join_url = JITSI
    embed_html = f'<iframe src="{JITSI}" title="Player" allow="camera; microphone"></iframe>'


class ClassCheckInFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClassCheckIn

    school = factory.Sequence(lambda n: f"School {n}")
    school_key = factory.LazyAttribute(lambda o: normalise_school(o.school))
    region = "KZ-75"
    grade = Grade.GRADE_9
    students_present = 20


class FeedbackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Feedback

    region = "KZ-75"
    usefulness = 4
    clarity = 4
    knows_where_to_get_help = True


class SelfCheckResultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SelfCheckResult

    region = "KZ-75"
    score_percent = 80
