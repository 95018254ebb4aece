"""The site chrome every public page renders (helpline bar, main menu), kept in the shared cache.

Every page renders them, whether nginx's page cache keeps it or not (searches, learners' pages,
forms): built from the database they cost about a fifth of a help-page search (see
bench/profile_page.py), the site lookup of a Django view included; a page's links to its
translations cost a learner's lesson about a tenth of its time. They change only when an editor
publishes, unpublishes, moves, deletes or restricts a page, saves the helpline settings or a
site: cms.home.signals then starts a new generation of keys (at once, and again when the change is
committed), and every entry expires after CHROME_CACHE_SECONDS in any case (nginx keeps whole
pages as long). Keys name the request's host, so a hit needs no site lookup. While the cache is
down every call builds from the database.

Each request reads the generation from the cache once (so a change shows on every server at
once); the entries of a generation are then also kept in the process (cms.home.local_memo) for
LOCAL_SECONDS, so a page spends one round trip on the chrome instead of three.
"""

from __future__ import annotations

import uuid

from django.core.cache import cache
from django.utils.safestring import SafeString, mark_safe
from wagtail.models import Page, Site

from .local_memo import LocalMemo
from .models import HelplineSettings

CHROME_CACHE_SECONDS = 300
LOCAL_SECONDS = 30
GENERATION_KEY = "chrome:generation"
_local = LocalMemo(seconds=LOCAL_SECONDS)
# Pages' language links have a memo of their own: one entry per page visited would otherwise fill
# the chrome's (it is emptied when full) and take the menu and the fragments with it.
_local_links = LocalMemo(seconds=LOCAL_SECONDS, limit=4096)


def _generation() -> str:
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, uuid.uuid4().hex, None)
        generation = cache.get(GENERATION_KEY) or uuid.uuid4().hex  # a fresh one when the cache is down
    return generation


def _cached(request, name: str, build, *, local: LocalMemo = _local):
    """``build()`` kept per host under the current generation, in ``local``, and on the request."""
    memo = f"_chrome_{name}"
    if hasattr(request, memo):
        return getattr(request, memo)
    # One look at the generation per request, however many chrome parts the page renders.
    if not hasattr(request, "_chrome_generation"):
        request._chrome_generation = _generation()
    key = f"chrome:{request._chrome_generation}:{name}:{request.get_host()}"
    value = local.get(key)
    if value is None:
        value = cache.get(key)
        if value is None:
            value = build()
            cache.set(key, value, CHROME_CACHE_SECONDS)
        local.put(key, value)
    setattr(request, memo, value)
    return value


def menu_pages(*, request, language_code: str) -> list[tuple[str, str]]:
    """(url, title) of the home page's children marked "show in menus" that anyone may see."""

    def build() -> list[tuple[str, str]]:
        pages = (
            Page.objects.live()
            .public()
            .in_menu()
            .filter(depth=3, locale__language_code=language_code)
            .only("id", "title", "url_path", "path", "depth", "locale_id")
            .order_by("path")
        )
        return [(page.get_url(request), page.title) for page in pages]

    return _cached(request, f"menu:{language_code}", build)


def translation_urls(*, request, page: Page) -> dict[str, str]:
    """The URL of each live translation of ``page`` (itself included), by language code: the
    language links of its header. They change when a translation is published, unpublished, moved
    or deleted, which starts a new generation."""

    def build() -> dict[str, str]:
        translations = page.get_translations(inclusive=True).live().select_related("locale")
        return {translation.locale.language_code: translation.get_url(request) for translation in translations}

    if request is None:
        return build()
    return _cached(request, f"languages:{page.translation_key}", build, local=_local_links)


def helpline_settings(*, request) -> HelplineSettings:
    def build() -> HelplineSettings:
        site = Site.find_for_request(request)
        return HelplineSettings.for_site(site) if site else HelplineSettings()

    return _cached(request, "helpline", build)


def fragment(*, request, name: str, build) -> SafeString:
    """Rendered chrome markup ``build()`` (see the chrome_fragment tag), kept like the other parts."""
    return mark_safe(_cached(request, f"fragment:{name}", lambda: str(build())))  # noqa: S308 - our own template's output


def forget_chrome() -> None:
    """Start a new generation: every cached chrome entry is out of use (after an editor's change)."""
    cache.set(GENERATION_KEY, uuid.uuid4().hex, None)
