"""The site chrome every public page shares: helpline, navigation, languages."""

from dataclasses import dataclass
from urllib.parse import unquote, urlsplit, urlunsplit

from django import template
from django.conf import settings
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils.translation import get_language, get_language_info, override
from django.utils.translation import gettext as _
from wagtail.models import Page

from cms.home import selectors
from cms.home.models import HelplineSettings

register = template.Library()


@dataclass(frozen=True)
class Link:
    url: str
    title: str = ""
    code: str = ""
    name: str = ""
    is_current: bool = False


@register.simple_tag(takes_context=True)
def helpline_settings(context) -> HelplineSettings:
    request = context.get("request")
    if request is None:
        return HelplineSettings()
    return selectors.helpline_settings(request=request)


@register.simple_tag
def home_url() -> str:
    return f"/{get_language()}/"


@register.simple_tag(takes_context=True)
def language_links(context) -> list[Link]:
    """Links to the current page in each language; a page without a translation links home."""
    request = context.get("request")
    current = get_language()
    page = context.get("page")
    urls: dict[str, str] = {}
    if isinstance(page, Page) and page.pk:
        urls = selectors.translation_urls(request=request, page=page)
    elif request is not None:
        urls = _translated_urls(request)
    return [
        Link(url=urls.get(code) or f"/{code}/", code=code, name=name, is_current=code == current)
        for code, name in settings.LANGUAGES
    ]


def _translated_urls(request) -> dict[str, str]:
    """``translate_url(request.get_full_path(), code)`` for every language, with the path resolved
    once rather than once per language: the request's own match when it was resolved from the same
    path (no script prefix) in the language still active, else resolved here as translate_url would."""
    full_path = request.get_full_path()
    same = request.path == request.path_info and getattr(request, "LANGUAGE_CODE", None) == get_language()
    match = request.resolver_match if same else None
    if match is None:
        try:
            match = resolve(unquote(urlsplit(full_path).path))
        except Resolver404:
            return {code: full_path for code, _name in settings.LANGUAGES}
    name = f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name
    parsed = urlsplit(full_path)
    urls = {}
    for code, _name in settings.LANGUAGES:
        with override(code):
            try:
                path = reverse(name, args=match.args, kwargs=match.kwargs)
            except NoReverseMatch:
                urls[code] = full_path
            else:
                urls[code] = urlunsplit((parsed.scheme, parsed.netloc, path, parsed.query, parsed.fragment))
    return urls


@register.simple_tag(takes_context=True)
def main_navigation(context) -> list[Link]:
    """The home page's children marked "show in menus", in the current language."""
    request = context.get("request")
    pages = selectors.menu_pages(request=request, language_code=get_language()) if request is not None else []
    links = [Link(url=url, title=title) for url, title in pages]
    # The help directory is a view, not a page: it is always in the menu, last, where thumbs reach.
    links.append(Link(url=reverse("directory:help"), title=_("Find help")))
    return links


@register.simple_tag
def footer_links() -> list[Link]:
    return [Link(url=reverse("home_browse_safely"), title=_("How to browse safely"))]


@register.simple_tag
def fallback_language(page) -> dict | None:
    """The language a page is really shown in when it is an untranslated copy of another's."""
    if not isinstance(page, Page) or not page.alias_of_id:
        return None
    source = Page.objects.filter(pk=page.alias_of_id).select_related("locale").first()
    if source is None or source.locale_id == page.locale_id:
        return None
    return get_language_info(source.locale.language_code) | {"code": source.locale.language_code}


class ChromeFragmentNode(template.Node):
    def __init__(self, name: str, nodelist) -> None:
        self.name = name
        self.nodelist = nodelist

    def render(self, context) -> str:
        request = context.get("request")
        if request is None:
            return self.nodelist.render(context)
        return selectors.fragment(
            request=request, name=f"{self.name}:{get_language()}", build=lambda: self.nodelist.render(context)
        )


@register.tag
def chrome_fragment(parser, token):
    """``{% chrome_fragment "name" %}...{% endchrome_fragment %}``: markup of the chrome that depends
    only on the language and what the chrome cache holds (helpline settings, URLs), rendered once
    per language and chrome generation (cms.home.selectors) instead of on every page. Nothing
    inside may depend on the request, the page or the visitor."""
    bits = token.split_contents()
    if len(bits) != 2 or bits[1][:1] not in "\"'" or bits[1][0] != bits[1][-1]:
        raise template.TemplateSyntaxError("chrome_fragment takes one quoted name")
    nodelist = parser.parse(("endchrome_fragment",))
    parser.delete_first_token()
    return ChromeFragmentNode(bits[1][1:-1], nodelist)
