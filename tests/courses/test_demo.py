import io

import pytest
from django.conf import settings
from django.utils.module_loading import import_string

from courses.models import Certificate, CoursePage, LessonPage, ModulePage

pytestmark = pytest.mark.django_db

BLOCK_TYPES = {"text", "video", "documents", "case_study", "callout", "accordion", "quiz"}


def load_demo():
    for path in settings.DEMO_LOADERS:
        import_string(path)(io.StringIO())


@pytest.fixture
def demo(db):
    from tests.conftest import ensure_wagtail_roots

    ensure_wagtail_roots()
    load_demo()


def test_demo_course_in_kazakh_and_russian_uses_every_block_and_has_a_certified_learner(demo, client):
    for code in ("kk", "ru"):
        course = CoursePage.objects.get(slug="families-in-difficulty", locale__language_code=code)
        assert ModulePage.objects.child_of(course).count() == 3
        assert course.learning_outcomes
        lessons = LessonPage.objects.descendant_of(course)
        used = {block.block_type for lesson in lessons for block in lesson.body}
        expected = BLOCK_TYPES if course.post_test_id else BLOCK_TYPES - {"quiz"}
        assert expected <= used, code
    certificate = Certificate.objects.get(user__email="psychologist@demo.invalid")
    assert certificate.enrolment.is_complete and certificate.holder_name
    # The home page's "Trainings" door leads to the course index.
    html = client.get("/kk/", HTTP_HOST="localhost").content.decode()
    assert 'href="/kk/trainings/"' in html
    assert client.get("/kk/trainings/", HTTP_HOST="localhost").status_code == 200


def test_demo_loader_is_idempotent(demo):
    counts = (CoursePage.objects.count(), LessonPage.objects.count(), Certificate.objects.count())
    load_demo()
    assert (CoursePage.objects.count(), LessonPage.objects.count(), Certificate.objects.count()) == counts
