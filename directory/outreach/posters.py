"""Help posters for placements: a PDF per place, size and language (roadmap 4.3).

WeasyPrint draws the HTML template with DejaVu Sans, which has every Kazakh letter; the QR code is
an SVG data URI made by segno, so the PDF needs nothing from the network.
"""

import functools
import threading
from dataclasses import dataclass
from pathlib import Path

import segno
from django.template.loader import render_to_string
from django.utils import translation

from .models import Placement

STYLESHEET = Path(__file__).resolve().parent / "poster_styles" / "poster.css"
SIZES = ("A4", "A3")
POSTER_LANGUAGES = ("kk", "ru")
KEY_SERVICES = 5


@dataclass(frozen=True)
class PosterOptions:
    size: str = "A4"
    language: str = "kk"

    def __post_init__(self):
        if self.size not in SIZES:
            raise ValueError(f"size must be one of {SIZES}")
        if self.language not in POSTER_LANGUAGES:
            raise ValueError(f"language must be one of {POSTER_LANGUAGES}")


def qr_svg_data_uri(url: str) -> str:
    # Level M survives a scratched or badly lit printout; the border is the 4-module quiet zone.
    return segno.make(url, error="m").svg_data_uri(scale=4, border=4)


def poster_filename(placement: Placement, options: PosterOptions) -> str:
    return f"poster-{placement.code}-{options.language}-{options.size}.pdf"


_local = threading.local()


def _url_fetcher():
    """A fetcher allowed only data: and file: URLs, so a poster never reaches the network; kept per
    thread (it holds request state) because building one, with its TLS setup, costs more than
    drawing the poster."""
    from weasyprint.urls import URLFetcher

    if getattr(_local, "fetcher", None) is None:
        _local.fetcher = URLFetcher(allowed_protocols=("data", "file"))
    return _local.fetcher


@functools.cache
def _stylesheets(size: str):
    from weasyprint import CSS

    fetcher = _url_fetcher()
    # A3 is A4 scaled by √2: the same layout, every length a little larger.
    font_size = 14.1 if size == "A3" else 10
    return [
        CSS(filename=str(STYLESHEET), url_fetcher=fetcher),
        CSS(string=f"@page {{ size: {size} portrait; }} html {{ font-size: {font_size}pt; }}", url_fetcher=fetcher),
    ]


def render_poster(*, placement: Placement, options: PosterOptions, base_url: str) -> bytes:
    """The poster PDF. ``base_url`` is the site's address (scheme and host) printed in the QR code."""
    from weasyprint import HTML

    from .selectors import poster_context

    with translation.override(options.language):
        context = poster_context(placement=placement, language=options.language, base_url=base_url)
        context["qr"] = qr_svg_data_uri(context["scan_url"])
        context["size"] = options.size
        html = render_to_string("outreach/posters/poster.html", context)
    return HTML(string=html, base_url=str(STYLESHEET.parent), url_fetcher=_url_fetcher()).write_pdf(
        stylesheets=_stylesheets(options.size)
    )
