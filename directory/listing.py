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
    refresh_listings([translation_key])


def refresh_listings(translation_keys, *, chunk_size: int = 1000) -> None:
    """Recompute the listed flags of every row of the services ``translation_keys``: one read per
    chunk of keys and one update per combination of flags that changed (at most eight)."""
    from .models import Service, ServiceStatus

    keys = list(dict.fromkeys(translation_keys))
    for start in range(0, len(keys), chunk_size):
        rows = Service.objects.filter(translation_key__in=keys[start : start + chunk_size]).values_list(
            "pk", "translation_key", "locale__language_code", "live", "status",
            *(listed_field(code) for code in LISTED_LANGUAGES),
        )
        by_key: dict[object, list[tuple]] = {}
        for row in rows:
            by_key.setdefault(row[1], []).append(row)
        changes: dict[tuple[bool, ...], list] = {}
        for service_rows in by_key.values():
            chosen = choose_listed(
                [(pk, code, live and status == ServiceStatus.ACTIVE) for pk, _k, code, live, status, *_ in service_rows]
            )
            for pk, _key, _language, _live, _status, *flags in service_rows:
                wanted = tuple(chosen[code] == pk for code in LISTED_LANGUAGES)
                if list(wanted) != list(flags):
                    changes.setdefault(wanted, []).append(pk)
        for wanted, pks in changes.items():
            Service.objects.filter(pk__in=pks).update(
                **{listed_field(code): value for code, value in zip(LISTED_LANGUAGES, wanted, strict=True)}
            )


@receiver(post_delete, sender="directory.Service")
def _refresh_after_delete(sender, instance, **kwargs):
    refresh_listing(instance.translation_key)
