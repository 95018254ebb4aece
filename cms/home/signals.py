"""Editors' changes that alter the site chrome forget its cached copy (cms.home.selectors)."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail import signals as wagtail_signals
from wagtail.models import Page, PageViewRestriction, Site

from .models import HelplineSettings
from .selectors import forget_chrome


def _forget(**_kwargs) -> None:
    forget_chrome()
    # Again once the change is committed: a page rendered between the signal and the commit read
    # the rows as they were, and may have cached them under the generation just started.
    transaction.on_commit(forget_chrome)


def _forget_if_page(sender, instance, **_kwargs) -> None:
    if isinstance(instance, Page):
        _forget()


def _forget_changed_settings(sender, instance, created, **_kwargs) -> None:
    # A row created on first use (for_site) holds the defaults the chrome was just built from; the
    # admin's edit form saves the existing row, which is a change.
    if not created:
        _forget()


def connect() -> None:
    # A translation or an alias made by copying (wagtail-localize's tree synchronisation makes live
    # aliases this way, with no publish) changes the source page's language links.
    for name in ("page_published", "page_unpublished", "post_page_move", "copy_for_translation_done"):
        getattr(wagtail_signals, name).connect(_forget, dispatch_uid=f"chrome_forget_{name}")
    # Deleting a page of any type deletes its wagtailcore_page row: one signal per model in its chain.
    post_delete.connect(_forget_if_page, dispatch_uid="chrome_forget_deleted_page")
    post_save.connect(_forget_changed_settings, sender=HelplineSettings, dispatch_uid="chrome_forget_saved_settings")
    post_delete.connect(_forget, sender=HelplineSettings, dispatch_uid="chrome_forget_deleted_settings")
    for model in (PageViewRestriction, Site):
        post_save.connect(_forget, sender=model, dispatch_uid=f"chrome_forget_saved_{model.__name__}")
        post_delete.connect(_forget, sender=model, dispatch_uid=f"chrome_forget_deleted_{model.__name__}")
