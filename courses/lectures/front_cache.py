"""Purging lecture pages from the front cache when their sessions change.

Sessions are not pages: adding, moving or cancelling one changes what the lecture page (in every
language), the lecture index list and the session's own page (in every language) show, so those
pages are purged once the change is committed.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils import translation
from wagtail.contrib.frontend_cache.utils import purge_pages_from_cache, purge_urls_from_cache


def purge_lecture_pages(*, lecture_translation_key) -> None:
    """Every language version of the lecture, and the lecture index pages."""
    from .models import LectureIndexPage, LecturePage

    lectures = LecturePage.objects.filter(translation_key=lecture_translation_key).live()
    purge_pages_from_cache([*lectures, *LectureIndexPage.objects.live()])


def purge_session_pages(*, session_pk: int) -> None:
    """The session's own page in every language (a class link may carry ?region=, which is not
    purged: such copies expire within views.SESSION_CACHE_SECONDS)."""
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    urls = []
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            urls.append(base + reverse("lectures:session", args=[session_pk]))
    purge_urls_from_cache(urls)


@receiver(post_save, sender="lectures.LectureSession")
@receiver(post_delete, sender="lectures.LectureSession")
def _purge_after_session_change(sender, instance, **kwargs):
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    key = instance.lecture.translation_key
    session_pk = instance.pk

    def purge() -> None:
        purge_lecture_pages(lecture_translation_key=key)
        purge_session_pages(session_pk=session_pk)

    transaction.on_commit(purge)
