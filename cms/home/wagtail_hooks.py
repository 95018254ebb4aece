from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks

from .page_cache import allow_shared_cache


@hooks.register("insert_global_admin_js")
def admin_choosers_js():
    return format_html('<script src="{}" defer></script>', static("js/admin-choosers.js"))


@hooks.register("insert_global_admin_css")
def admin_csp_css():
    return format_html('<link rel="stylesheet" href="{}">', static("css/admin-csp.css"))


@hooks.register("before_serve_page")
def let_shared_cache_keep_page(page, request, serve_args, serve_kwargs):
    """Published pages may be kept by the front cache for anonymous visitors; a page type opts out
    with ``shared_cache_seconds = 0``. Previews never pass here; restricted pages get never_cache."""
    allow_shared_cache(request, getattr(page, "shared_cache_seconds", None))
