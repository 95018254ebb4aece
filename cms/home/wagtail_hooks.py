from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks


@hooks.register("insert_global_admin_js")
def admin_choosers_js():
    return format_html('<script src="{}" defer></script>', static("js/admin-choosers.js"))


@hooks.register("insert_global_admin_css")
def admin_csp_css():
    return format_html('<link rel="stylesheet" href="{}">', static("css/admin-csp.css"))
