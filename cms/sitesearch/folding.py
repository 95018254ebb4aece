"""Search text in one normal form for Kazakh, Russian and English.

People type Kazakh in Cyrillic ("көмек"), in the official Latin alphabet ("kömek"), or in plain
ASCII ("komek"); Russian is inflected ("психолога", "психологической"). The index and the query
both go through ``terms()``: lower-case, every script folded to one ASCII skeleton (so ә/ä/a,
қ/q/k, ш/ş/sh, ы/і/и/y/i meet), then a light suffix stripper for common Russian and Kazakh
endings. The database search backend (FTS5 on SQLite, tsvector on PostgreSQL) then only sees
plain ASCII words, and prefix matching covers words typed in part. Used by the site search
(pages) and the help directory (services).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

CYRILLIC = {
    "а": "a",
    "ә": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "ғ": "g",
    "д": "d",
    "е": "e",
    "ё": "e",
    "ж": "zh",
    "з": "z",
    "и": "i",
    "й": "i",
    "к": "k",
    "қ": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "ң": "n",
    "о": "o",
    "ө": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ұ": "u",
    "ү": "u",
    "ф": "f",
    "х": "h",
    "һ": "h",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "sh",
    "ъ": "",
    "ы": "i",
    "і": "i",
    "ь": "",
    "э": "e",
    "ю": "iu",
    "я": "ia",
}
# Latin letters of the Kazakh alphabets (2017, 2018, 2021) and the usual ASCII spellings.
LATIN = {
    "ı": "i",
    "ş": "sh",
    "ç": "ch",
    "ğ": "g",
    "ñ": "n",
    "q": "k",
    "j": "zh",
    "y": "i",
    "x": "h",
    "w": "u",
}
LATIN_DIGRAPHS = (("kh", "h"), ("yu", "iu"), ("ya", "ia"), ("zz", "z"))

# Endings stripped from the skeleton, longest first.
# Russian adjective/noun/verb endings and Kazakh case, plural and possessive endings.
SUFFIXES = sorted(
    {
        # Russian
        "iami",
        "ami",
        "ogo",
        "ego",
        "omu",
        "emu",
        "imi",
        "oi",
        "ei",
        "ii",
        "aia",
        "iaia",
        "oe",
        "ee",
        "ie",
        "ov",
        "ev",
        "am",
        "iam",
        "ah",
        "iah",
        "om",
        "em",
        "uiu",
        "iuiu",
        "iu",
        "ui",
        "ia",
        "nii",
        "niia",
        "nie",
        "nia",
        "niiu",
        "niem",
        "ost",
        "osti",
        "ostiu",
        "skii",
        "skoi",
        "skaia",
        "skie",
        "a",
        "e",
        "i",
        "o",
        "u",
        # Kazakh
        "lar",
        "ler",
        "dar",
        "der",
        "tar",
        "ter",
        "larga",
        "lerge",
        "larda",
        "lerde",
        "lardin",
        "lerdin",
        "ga",
        "ge",
        "ka",
        "ke",
        "na",
        "ne",
        "da",
        "de",
        "ta",
        "te",
        "dan",
        "den",
        "tan",
        "ten",
        "nan",
        "nen",
        "nin",
        "din",
        "tin",
        "ni",
        "di",
        "ti",
        "in",
        "men",
        "ben",
        "pen",
        "si",
        "ndagi",
        "dagi",
        "tagi",
        "lik",
        "larin",
        "lerin",
        "lari",
        "leri",
        "dardin",
        "derdin",
        "tardin",
        "terdin",
    },
    key=len,
    reverse=True,
)
MIN_STEM = 4
WORD = re.compile(r"[\w]+", re.UNICODE)


def skeleton(word: str) -> str:
    """``word`` folded to the shared ASCII form (lower case, no diacritics)."""
    word = word.casefold()
    out = []
    for ch in word:
        if ch in CYRILLIC:
            out.append(CYRILLIC[ch])
            continue
        ch = LATIN.get(ch, ch)
        if len(ch) == 1:
            decomposed = unicodedata.normalize("NFKD", ch)
            ch = "".join(c for c in decomposed if not unicodedata.combining(c))
            ch = LATIN.get(ch, ch)
        out.append(ch)
    text = "".join(out)
    for pair, single in LATIN_DIGRAPHS:
        text = text.replace(pair, single)
    return "".join(ch for ch in text if ch.isascii() and ch.isalnum())


def stem(word: str) -> str:
    """Strip the longest known ending, keeping a stem of at least MIN_STEM letters.

    One ending only: stripping twice merges unrelated words ("помощи" and "помо...").
    """
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM:
            return word[: -len(suffix)]
    return word


@lru_cache(maxsize=50_000)
def _term(raw: str) -> str:
    """The term of one word ("" for none). Cached: indexing many documents folds the same words
    over and over (a directory import folds every kind of help and region name once per row)."""
    folded = skeleton(raw)
    return stem(folded) if folded else ""


def terms(text: str) -> list[str]:
    """The search terms of ``text``, in order, without repeats."""
    seen: dict[str, None] = {}
    for raw in WORD.findall(text or ""):
        term = _term(raw)
        if term:
            seen.setdefault(term, None)
    return list(seen)
