"""Purging lecture pages from the front cache when their sessions change.

Sessions are not pages: adding, moving or cancelling one changes what the lecture page (in every
language) and the lecture index list, so those pages are purged once the change is committed.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.contrib.frontend_cache.utils import purge_pages_from_cache


def purge_lecture_pages(*, lecture_translation_key) -> None:
    """Every language version of the lecture, and the lecture index pages."""
    from .models import LectureIndexPage, LecturePage

    lectures = LecturePage.objects.filter(translation_key=lecture_translation_key).live()
    purge_pages_from_cache([*lectures, *LectureIndexPage.objects.live()])


@receiver(post_save, sender="lectures.LectureSession")
@receiver(post_delete, sender="lectures.LectureSession")
def _purge_after_session_change(sender, instance, **kwargs):
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    key = instance.lecture.translation_key
    transaction.on_commit(lambda: purge_lecture_pages(lecture_translation_key=key))
