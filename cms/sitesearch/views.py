from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.shortcuts import render
from modelsearch.query import And, PlainText
from wagtail.models import Locale, Page
from wagtail.search.backends import get_search_backend

from .folding import terms

RESULTS_PER_PAGE = 10
MAX_QUERY_LENGTH = 200


def search_pages(query: str):
    """Live public pages of the current language matching every word of ``query`` (each as a
    prefix, in the folded form: Kazakh in either script, Russian inflections), best first."""
    words = terms(query)
    if not words:
        return Page.objects.none()
    pages = Page.objects.live().public().filter(locale=Locale.get_active()).specific()
    expression = And([PlainText(word) for word in words]) if len(words) > 1 else PlainText(words[0])
    return get_search_backend().autocomplete(expression, pages)


def search(request):
    """Search every live public page of the current language."""
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    results = None
    if query:
        paginator = Paginator(search_pages(query), RESULTS_PER_PAGE)
        try:
            results = paginator.page(request.GET.get("page", 1))
        except PageNotAnInteger:
            results = paginator.page(1)
        except EmptyPage:
            results = paginator.page(paginator.num_pages)
    return render(request, "sitesearch/search.html", {"search_query": query, "results": results})
