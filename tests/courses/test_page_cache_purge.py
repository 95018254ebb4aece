"""A course's pages show each other (breadcrumbs, previous/next lesson links across modules): a
change to one purges the whole course from the page cache, and nothing of another course."""

from urllib.parse import urlsplit

from wagtail.models import Page

from .conftest import build_course


def _purged(purge_server) -> set[str]:
    return {path for path, _host in purge_server.purged}


def _paths(pages) -> set[str]:
    return {urlsplit(page.get_full_url()).path for page in pages}


def test_publishing_a_lesson_purges_every_page_of_its_course(
    course_tree, purge_server, django_capture_on_commit_callbacks
):
    other = build_course(course_tree.index, title="Басқа курс", slug="other-course")
    lesson = course_tree.lessons[2]  # the first lesson of the second module: its previous is in the first
    with django_capture_on_commit_callbacks(execute=True):
        Page.objects.get(pk=lesson.pk).specific.save_revision().publish()
    purged = _purged(purge_server)
    course_pages = [course_tree.index, course_tree.course, *course_tree.modules, *course_tree.lessons]
    assert _paths(course_pages) <= purged
    assert not _paths([other.course, *other.modules, *other.lessons]) & purged


def test_unpublishing_a_module_purges_the_lessons_that_linked_into_it(
    course_tree, purge_server, django_capture_on_commit_callbacks
):
    first_module_lessons = course_tree.lessons[:2]
    with django_capture_on_commit_callbacks(execute=True):
        Page.objects.get(pk=course_tree.modules[1].pk).specific.unpublish()
    assert _paths([course_tree.course, *first_module_lessons]) <= _purged(purge_server)
