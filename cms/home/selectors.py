"""The site chrome every public page renders (helpline bar, main menu), kept in the shared cache.

Every page renders them, whether nginx's page cache keeps it or not (searches, learners' pages,
forms): built from the database they cost about a fifth of a help-page search (see
bench/profile_page.py). They change only when an editor publishes, unpublishes, moves, deletes
or restricts a page, or saves the helpline settings: cms.home.signals forgets them then, and they
expire after CHROME_CACHE_SECONDS in any case (nginx keeps whole pages as long).
"""

from __future__ import annotations

from django.core.cache import cache
from wagtail.models import Page, Site

from .models import HelplineSettings

CHROME_CACHE_SECONDS = 300


def _menu_key(site_id: int, language_code: str) -> str:
    return f"chrome:menu:{site_id}:{language_code}"


def _helpline_key(site_id: int) -> str:
    return f"chrome:helpline:{site_id}"


def menu_pages(*, request, site: Site | None, language_code: str) -> list[tuple[str, str]]:
    """(url, title) of the home page's children marked "show in menus" that anyone may see."""
    key = _menu_key(site.pk if site else 0, language_code)
    links = cache.get(key)
    if links is None:
        pages = (
            Page.objects.live()
            .public()
            .in_menu()
            .filter(depth=3, locale__language_code=language_code)
            .only("id", "title", "url_path", "path", "depth", "locale_id")
            .order_by("path")
        )
        links = [(page.get_url(request), page.title) for page in pages]
        cache.set(key, links, CHROME_CACHE_SECONDS)
    return links


def helpline_settings(*, site: Site | None) -> HelplineSettings:
    if site is None:
        return HelplineSettings()
    key = _helpline_key(site.pk)
    found = cache.get(key)
    if found is None:
        found = HelplineSettings.for_site(site)
        cache.set(key, found, CHROME_CACHE_SECONDS)
    return found


def forget_chrome() -> None:
    """Drop the cached chrome of every site and language (after an editor's change)."""
    from django.conf import settings

    site_ids = [0, *Site.objects.values_list("pk", flat=True)]
    keys = [_helpline_key(site_id) for site_id in site_ids]
    keys += [_menu_key(site_id, code) for site_id in site_ids for code, _name in settings.LANGUAGES]
    cache.delete_many(keys)
