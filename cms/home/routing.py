"""Finding the page a URL names in two queries instead of two per level of the URL.

Wagtail's ``Page.route`` walks down the tree one slug at a time: for each level it reads the child
(one query) and then its specific row (another). A lesson four levels under a home page cost eight
queries and, on the learners' pages that no cache can answer, about half of the request's CPU.

``DirectRouteMixin`` on the site root (the home page of each language) reads every page along the
path in one query, checks that they chain (each one a child of the one before), and reads the
specific row of the last one only. It then lets that page route itself with no path left, so its
own rules still apply (a page that is not live is a 404, a routable page serves its index).

Wagtail's walk is still used whenever the direct way could answer differently: when no page has
the whole path (a 404, or a routable page's own sub-path such as a guideline's PDF), or when a page
on the way routes its children itself (a page type that overrides ``route``).
"""

from __future__ import annotations

from functools import cache

from wagtail.models import Page


@cache
def routes_like_a_page(model: type) -> bool:
    """Whether ``model`` hands a path on to its child as Wagtail's ``Page.route`` does."""
    return model.route is Page.route


def page_along(root: Page, path_components: list[str]) -> Page | None:
    """The page at ``path_components`` under ``root`` (not yet specific), or None when the direct
    way finds none or cannot be trusted to find the one Wagtail's walk would."""
    candidates = Page.objects.filter(
        path__startswith=root.path,
        depth__gt=root.depth,
        depth__lte=root.depth + len(path_components),
        slug__in=set(path_components),
    )
    by_position = {(page.depth, page.slug, page.path[: -Page.steplen]): page for page in candidates}
    parent = root
    for depth, slug in enumerate(path_components, start=root.depth + 1):
        page = by_position.get((depth, slug, parent.path))
        if page is None:
            return None
        if parent is not root:
            model = parent.specific_class
            if model is None or not routes_like_a_page(model):
                return None
        # What Wagtail's walk leaves too: page.get_parent() needs no query.
        page._cached_parent_obj = parent
        parent = page
    return parent


class DirectRouteMixin:
    """For the page type at a site's root: route a URL in two queries (see the module's text)."""

    def route(self, request, path_components):
        if path_components:
            page = page_along(self, path_components)
            if page is not None:
                return page.specific.route(request, [])
        return super().route(request, path_components)
