"""The home page routes a URL in two queries, to the page Wagtail's own walk would find."""

import pytest
from django.db import connection
from django.http import Http404
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from cms.guidelines.models import GuidelinePage
from cms.home import routing
from cms.home.models import HomePage, StandardPage
from courses.models import CoursePage, ModulePage
from tests.courses.conftest import CourseTree, build_course
from tests.courses.factories import CourseIndexPageFactory
from tests.courses.test_demo import load_demo
from tests.factories import StandardPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def course_tree(home_tree) -> CourseTree:
    home = home_tree["home"]["kk"]
    return build_course(CourseIndexPageFactory(parent=home, locale=home.locale), slug="a-course")


def routed(home: HomePage, components: list[str], *, walk: bool = False):
    """What routing answers: (page id, its class, its parent's id, args, kwargs), or 404."""
    request = RequestFactory().get("/")
    try:
        result = Page.route(home, request, components) if walk else home.route(request, components)
    except Http404:
        return 404
    page, args, kwargs = result
    # A routable page's args name its view as a method bound to the page instance.
    view_args = tuple(getattr(arg, "__func__", arg) for arg in args)
    return page.pk, type(page), page.get_parent().pk, view_args, kwargs


def components_of(page: Page, home: HomePage) -> list[str]:
    return page.url_path[len(home.url_path) :].strip("/").split("/")


def paths_to_try(home: HomePage) -> list[list[str]]:
    """Every page under the home page, each with a sub-path appended, and paths that name nothing."""
    tried = []
    for page in Page.objects.descendant_of(home):
        components = components_of(page, home)
        tried += [components, [*components, "pdf"], [*components, "changes"], [*components, "nothing-here"]]
    # Another language's home page is no child of this one.
    others = [
        [other.slug, *components_of(page, other)]
        for other in HomePage.objects.exclude(pk=home.pk)
        for page in Page.objects.child_of(other)[:3]
    ]
    return [*tried, *others, ["nothing-here"], ["nothing-here", "at-all"]]


def test_every_demo_url_routes_to_the_page_wagtails_walk_finds(client):
    """The demo holds every page type (courses, lectures, routable guidelines with their PDF and
    change-log sub-paths, drafts) in three languages."""
    from tests.conftest import ensure_wagtail_roots

    ensure_wagtail_roots()
    load_demo()
    Page.objects.type(CoursePage).live().first().get_children().first().unpublish()
    homes = HomePage.objects.all()
    assert homes.count() == 3
    compared = 0
    for home in homes:
        for components in paths_to_try(home):
            assert routed(home, components) == routed(home, components, walk=True), components
            compared += 1
    assert compared > 200
    # A routable page's own sub-path costs what its page does: the pages on the way, its row.
    guideline = GuidelinePage.objects.live().filter(locale__language_code="kk").first()
    home = HomePage.objects.get(locale__language_code="kk")
    with CaptureQueriesContext(connection) as queries:
        assert routed(home, [*components_of(guideline, home), "changes"]) != 404
    assert len(queries) == 2


def test_a_lesson_four_levels_down_is_found_in_two_queries(course_tree, home_tree):
    home = home_tree["home"]["kk"]
    lesson = course_tree.lessons[-1]
    components = components_of(lesson, home)
    assert len(components) == 4
    with CaptureQueriesContext(connection) as direct:
        found = routed(home, components)
    with CaptureQueriesContext(connection) as walked:
        assert routed(home, components, walk=True) == found
    assert found[0] == lesson.pk
    assert (len(direct), len(walked)) == (2, 8)


def test_a_draft_is_not_found_and_its_published_children_still_are(course_tree, home_tree):
    home = home_tree["home"]["kk"]
    module, lesson = course_tree.modules[0], course_tree.lessons[0]
    module.unpublish()
    for page in (module, lesson):
        assert routed(home, components_of(page, home)) == routed(home, components_of(page, home), walk=True)
    assert routed(home, components_of(module, home)) == 404


def test_a_slug_repeated_down_one_path_finds_each_page(home_tree):
    home = home_tree["home"]["kk"]
    outer = StandardPageFactory(parent=home, slug="x", locale=home.locale)
    first = StandardPageFactory(parent=outer, slug="a", locale=home.locale)
    second = StandardPageFactory(parent=first, slug="a", locale=home.locale)
    for components, page in ((["x", "a"], first), (["x", "a", "a"], second), (["x", "a", "a", "a"], None)):
        found = routed(home, components)
        assert found == routed(home, components, walk=True)
        assert found == (404 if page is None else (page.pk, StandardPage, page.get_parent().pk, (), {}))


def test_a_url_deeper_than_any_tree_takes_the_walk(home_tree):
    home = home_tree["home"]["kk"]
    with CaptureQueriesContext(connection) as queries:
        assert routed(home, ["about"] * 100) == 404
    assert len(queries) == 2  # the walk: "about", then its child "about", not found


def test_a_page_that_routes_its_children_itself_is_asked(course_tree, home_tree, monkeypatch):
    """Were a page type on the way to hand paths to its children its own way, Wagtail's walk
    decides, because only the walk asks each page on the way."""
    home = home_tree["home"]["kk"]
    lesson = course_tree.lessons[0]
    components = components_of(lesson, home)
    asked = []

    def route(self, request, path_components):
        asked.append(path_components)
        return Page.route(self, request, path_components)

    monkeypatch.setattr(ModulePage, "route", route)
    routing.routes_like_a_page.cache_clear()
    try:
        assert routed(home, components)[0] == lesson.pk
    finally:
        monkeypatch.undo()
        routing.routes_like_a_page.cache_clear()
    assert asked == [components[-1:]]
