from django.core.exceptions import PermissionDenied
from wagtail import hooks

from .services import may_publish_directly


@hooks.register("construct_page_action_menu")
def hide_direct_publish(menu_items, request, context):
    page = context.get("page")
    if page is not None and not may_publish_directly(user=request.user, page_class=page.specific_class):
        menu_items[:] = [item for item in menu_items if item.name != "action-publish"]


@hooks.register("before_edit_page")
def refuse_direct_publish_on_edit(request, page):
    if (
        request.method == "POST"
        and request.POST.get("action-publish")
        and not may_publish_directly(user=request.user, page_class=page.specific_class)
    ):
        raise PermissionDenied


@hooks.register("before_create_page")
def refuse_direct_publish_on_create(request, parent_page, page_class):
    if (
        request.method == "POST"
        and request.POST.get("action-publish")
        and not may_publish_directly(user=request.user, page_class=page_class)
    ):
        raise PermissionDenied


@hooks.register("before_bulk_action")
def refuse_bulk_publish(request, action_type, objects, action_class_instance):
    if action_type == "publish" and any(
        not may_publish_directly(user=request.user, page_class=obj.specific_class) for obj in objects
    ):
        raise PermissionDenied
