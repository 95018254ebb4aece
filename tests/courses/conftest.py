from dataclasses import dataclass

import pytest

from courses.models import CourseIndexPage, CoursePage, LessonPage, ModulePage
from tests.factories import UserFactory

from .factories import CourseIndexPageFactory, CoursePageFactory, LessonPageFactory, ModulePageFactory


@dataclass
class CourseTree:
    index: CourseIndexPage
    course: CoursePage
    modules: list[ModulePage]
    lessons: list[LessonPage]


def build_course(parent, *, modules: int = 2, lessons_per_module: int = 2, **fields) -> CourseTree:
    course = CoursePageFactory(parent=parent, **fields)
    module_pages, lesson_pages = [], []
    for m in range(modules):
        module = ModulePageFactory(parent=course, slug=f"module-{m + 1}")
        module_pages.append(module)
        for n in range(lessons_per_module):
            lesson_pages.append(LessonPageFactory(parent=module, slug=f"lesson-{m + 1}-{n + 1}"))
    return CourseTree(index=parent, course=course, modules=module_pages, lessons=lesson_pages)


@pytest.fixture
def course_index(home_tree):
    return CourseIndexPageFactory(parent=home_tree["home"]["kk"], locale=home_tree["home"]["kk"].locale)


@pytest.fixture
def course_tree(course_index) -> CourseTree:
    """A course open to every role: two modules of two lessons each, certificate valid 24 months."""
    return build_course(course_index, title="Балаларды қорғау: әдістер", slug="protecting-children")


@pytest.fixture
def learner(db):
    return UserFactory(first_name="Әсел", last_name="Ғалымқызы", role="psychologist")


@pytest.fixture
def learner_client(client, learner):
    client.force_login(learner)
    client.user = learner
    return client
