"""Finding the page a URL names in two queries instead of two per level of the URL.

Wagtail's ``Page.route`` walks down the tree one slug at a time: for each level it reads the child
(one query) and then its specific row (another). A lesson four levels under a home page cost eight
queries and, on the learners' pages that no cache can answer, about half of the request's CPU.

``DirectRouteMixin`` on the site root (the home page of each language) reads every page along the
path in one query, checks that they chain (each one a child of the one before), and reads the
specific row of the last one only. It then lets that page route itself with no path left, so its
own rules still apply (a page that is not live is a 404, a routable page serves its index).

Where the pages found stop short of the whole path (a 404, a routable page's own sub-path such as
a guideline's PDF) or reach a page type that routes its children itself (one that overrides
``route``), the deepest page found is asked to route the rest, as Wagtail's walk would have asked
it after walking there.
"""

from __future__ import annotations

from functools import cache

from wagtail.models import Page

# Deeper URLs than any page tree here (a lesson is four levels under its home page) take
# Wagtail's walk: a URL of hundreds of common slugs would otherwise read much of the tree at once.
DIRECT_LEVELS = 8


@cache
def routes_like_a_page(model: type) -> bool:
    """Whether ``model`` hands a path on to its child as Wagtail's ``Page.route`` does."""
    return model.route is Page.route


def deepest_page_along(root: Page, path_components: list[str]) -> tuple[Page, list[str]]:
    """The deepest page on the path that Wagtail's walk would reach by ``Page.route`` alone, and
    the components left for it to route: every page before it hands its path on as ``Page.route``
    does, so asking that page (its specific form) answers as the walk would. ``root`` itself when
    no child of it is on the path."""
    candidates = Page.objects.filter(
        path__startswith=root.path,
        depth__gt=root.depth,
        depth__lte=root.depth + len(path_components),
        slug__in=set(path_components),
    )
    by_position = {(page.depth, page.slug, page.path[: -Page.steplen]): page for page in candidates}
    parent = root
    for level, slug in enumerate(path_components):
        if parent is not root:
            model = parent.specific_class
            if model is None or not routes_like_a_page(model):
                return parent, path_components[level:]
        page = by_position.get((parent.depth + 1, slug, parent.path))
        if page is None:
            return parent, path_components[level:]
        # As in Wagtail's walk, page.get_parent() then needs no query; here the parent is a plain
        # Page, not its specific form (nothing in this project reads more than its URL and title).
        page._cached_parent_obj = parent
        parent = page
    return parent, []


class DirectRouteMixin:
    """For the page type at a site's root: route a URL in two queries (see the module's text)."""

    def route(self, request, path_components):
        if path_components and len(path_components) <= DIRECT_LEVELS:
            page, remaining = deepest_page_along(self, path_components)
            if page is not self:
                return page.specific.route(request, remaining)
        return super().route(request, path_components)
