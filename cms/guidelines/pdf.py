"""The PDF of a guideline's published version, drawn by WeasyPrint from an HTML template."""

from functools import cache

from django.contrib.staticfiles import finders
from django.core.cache import cache as django_cache
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import get_language

from .models import GuidelinePage

PDF_STYLESHEET = "guidelines/guideline-pdf.css"
# Rendering takes a noticeable fraction of a second; the result changes only when a version is published.
CACHE_SECONDS = 24 * 60 * 60


@cache
def _stylesheet_text() -> str:
    with open(finders.find(PDF_STYLESHEET), encoding="utf-8") as stylesheet:
        return stylesheet.read()


def render_pdf(*, guideline: GuidelinePage, request) -> bytes:
    from weasyprint import CSS, HTML
    from weasyprint.urls import URLFetcher

    html = render_to_string(
        "guidelines/guideline_pdf.html",
        {"page": guideline, "sections": guideline.sections_numbered, "self": guideline},
        request=request,
    )
    # Nothing is fetched while drawing: no file, no network; only inline data: URIs.
    fetcher = URLFetcher(allowed_protocols=("data",))
    return HTML(string=html, base_url=request.build_absolute_uri("/"), url_fetcher=fetcher).write_pdf(
        stylesheets=[CSS(string=_stylesheet_text(), url_fetcher=fetcher)]
    )


def pdf_cache_key(*, guideline: GuidelinePage) -> str:
    successor = guideline.superseded_by
    return ":".join(
        str(part)
        for part in (
            "guideline-pdf",
            guideline.pk,
            guideline.live_revision_id,
            successor.pk if successor else "-",
            get_language(),
        )
    )


def pdf_response(*, guideline: GuidelinePage, request) -> HttpResponse:
    key = pdf_cache_key(guideline=guideline)
    content = django_cache.get(key)
    if content is None:
        content = render_pdf(guideline=guideline, request=request)
        django_cache.set(key, content, CACHE_SECONDS)
    response = HttpResponse(content, content_type="application/pdf")
    filename = f"{guideline.slug}-{guideline.version}.pdf"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
