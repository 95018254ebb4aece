"""Which row of each service the public sees in each language (``Service.listed_<language>``).

A service shows in a language as its row in that language when that row is published and active;
otherwise as its Kazakh, then Russian, then English row (the first published and active one).
"""

from __future__ import annotations

from django.db.models.signals import post_delete
from django.dispatch import receiver

LISTED_LANGUAGES = ("kk", "ru", "en")
FALLBACK_ORDER = ("kk", "ru", "en")


def listed_field(language_code: str) -> str:
    code = language_code if language_code in LISTED_LANGUAGES else LISTED_LANGUAGES[0]
    return f"listed_{code}"


def choose_listed(rows: list[tuple[object, str, bool]]) -> dict[str, object | None]:
    """For rows (pk, language, public), the pk shown in each language."""
    public = {language: pk for pk, language, is_public in rows if is_public}
    chosen = {}
    for language in LISTED_LANGUAGES:
        order = (language, *(code for code in FALLBACK_ORDER if code != language))
        chosen[language] = next((public[code] for code in order if code in public), None)
    return chosen


def refresh_listing(translation_key) -> None:
    """Recompute the listed flags of every row of the service ``translation_key``."""
    from .models import Service, ServiceStatus

    rows = list(
        Service.objects.filter(translation_key=translation_key).values_list(
            "pk", "locale__language_code", "live", "status", *(listed_field(code) for code in LISTED_LANGUAGES)
        )
    )
    chosen = choose_listed(
        [(pk, language, live and status == ServiceStatus.ACTIVE) for pk, language, live, status, *_flags in rows]
    )
    for pk, _language, _live, _status, *flags in rows:
        wanted = [chosen[code] == pk for code in LISTED_LANGUAGES]
        if wanted != list(flags):
            Service.objects.filter(pk=pk).update(
                **{listed_field(code): value for code, value in zip(LISTED_LANGUAGES, wanted, strict=True)}
            )


@receiver(post_delete, sender="directory.Service")
def _refresh_after_delete(sender, instance, **kwargs):
    refresh_listing(instance.translation_key)
