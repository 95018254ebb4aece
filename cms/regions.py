"""Kazakhstan's 17 regions and 3 cities of republican significance: the site's one list.

Codes are the current ISO 3166-2:KZ codes (numeric since the 2021 and 2022 changes). Every
region a person, a focus group or a lecture record names is stored as one of these codes, so
scoping by region is a plain equality everywhere. The directory keeps the same regions as editable
data (``directory.Region``, its migration 0002), with the names shown on the public help pages.

Input may still carry a former alphabetic code (an old bookmark, a spreadsheet, an account made
before 2021): ``normalise_region`` turns it into the current one.
"""

from collections.abc import Callable

from django import forms
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# In the directory's order (migration 0002): regions by code, then the three cities.
REGIONS: list[tuple[str, Promise]] = [
    ("KZ-10", pgettext_lazy("region", "Abai Region")),
    ("KZ-11", pgettext_lazy("region", "Akmola Region")),
    ("KZ-15", pgettext_lazy("region", "Aktobe Region")),
    ("KZ-19", pgettext_lazy("region", "Almaty Region")),
    ("KZ-23", pgettext_lazy("region", "Atyrau Region")),
    ("KZ-27", pgettext_lazy("region", "West Kazakhstan Region")),
    ("KZ-31", pgettext_lazy("region", "Jambyl Region")),
    ("KZ-33", pgettext_lazy("region", "Jetisu Region")),
    ("KZ-35", pgettext_lazy("region", "Karaganda Region")),
    ("KZ-39", pgettext_lazy("region", "Kostanay Region")),
    ("KZ-43", pgettext_lazy("region", "Kyzylorda Region")),
    ("KZ-47", pgettext_lazy("region", "Mangystau Region")),
    ("KZ-55", pgettext_lazy("region", "Pavlodar Region")),
    ("KZ-59", pgettext_lazy("region", "North Kazakhstan Region")),
    ("KZ-61", pgettext_lazy("region", "Turkistan Region")),
    ("KZ-62", pgettext_lazy("region", "Ulytau Region")),
    ("KZ-63", pgettext_lazy("region", "East Kazakhstan Region")),
    ("KZ-71", pgettext_lazy("region", "Astana")),
    ("KZ-75", pgettext_lazy("region", "Almaty")),
    ("KZ-79", pgettext_lazy("region", "Shymkent")),
]
REGION_NAMES: dict[str, Promise] = dict(REGIONS)

# The alphabetic codes ISO 3166-2:KZ used before 2021 (the directory's ``former_code``). Abai,
# Jetisu and Ulytau were formed in 2022 and never had one.
FORMER_CODES: dict[str, str] = {
    "KZ-AKM": "KZ-11",
    "KZ-AKT": "KZ-15",
    "KZ-ALM": "KZ-19",
    "KZ-ATY": "KZ-23",
    "KZ-ZAP": "KZ-27",
    "KZ-ZHA": "KZ-31",
    "KZ-KAR": "KZ-35",
    "KZ-KUS": "KZ-39",
    "KZ-KZY": "KZ-43",
    "KZ-MAN": "KZ-47",
    "KZ-PAV": "KZ-55",
    "KZ-SEV": "KZ-59",
    "KZ-YUZ": "KZ-61",
    "KZ-VOS": "KZ-63",
    "KZ-AST": "KZ-71",
    "KZ-ALA": "KZ-75",
    "KZ-SHY": "KZ-79",
}
# Codes this site once made up for the 2022 regions; not ISO, but focus groups and accounts
# stored them, and links or spreadsheets made then may still carry them.
MADE_UP_CODES: dict[str, str] = {"KZ-ABY": "KZ-10", "KZ-ZHT": "KZ-33", "KZ-ULY": "KZ-62"}

_CURRENT: dict[str, str] = {code: code for code in REGION_NAMES} | FORMER_CODES | MADE_UP_CODES


def normalise_region(code: str | None) -> str:
    """The current code of the region ``code`` names (current, former or made-up code; letter
    case and surrounding spaces ignored), or "" when it names no region."""
    return _CURRENT.get((code or "").strip().upper(), "")


def region_name(code: str | None) -> str:
    """The region's name in the active language; an unknown code is shown as it is."""
    if not code:
        return str(_("No region"))
    current = normalise_region(code)
    return str(REGION_NAMES[current]) if current else code


class RegionChoiceField(forms.TypedChoiceField):
    """A region picked from the list, or typed or posted as any code ``normalise_region`` knows;
    the current code is what the form hands on."""

    default_error_messages = {
        "invalid_choice": _("“%(value)s” is not a region of Kazakhstan. Choose the region from the list."),
    }

    def __init__(self, *, choices=None, empty_label=None, **kwargs):
        if choices is None:
            choices = [("", empty_label or "---------"), *REGIONS]
        super().__init__(choices=choices, **kwargs)

    def to_python(self, value) -> str:
        value = super().to_python(value)
        # An unknown code is kept as it came, so the error message can quote it.
        return normalise_region(value) or value


class RegionField(models.CharField):
    """A region as its current ISO 3166-2:KZ code, chosen from ``REGIONS``.

    The choices are not written into migrations: they are this module's list, not schema.
    """

    def __init__(self, *args, **kwargs):
        kwargs["choices"] = REGIONS
        kwargs.setdefault("max_length", 16)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("choices", None)
        return name, path, args, kwargs

    def to_python(self, value):
        value = super().to_python(value)
        return (normalise_region(value) or value) if value else value

    def pre_save(self, model_instance, add):
        # Code that saves a former code (a script, a factory) stores the current one, so lookups by
        # the current code, which is all scoping does, find it.
        value = self.to_python(super().pre_save(model_instance, add))
        setattr(model_instance, self.attname, value)
        return value

    def formfield(self, **kwargs):
        return super().formfield(**{"choices_form_class": RegionChoiceField, **kwargs})


def rewrite_stored_codes(queryset, convert: Callable[[str], str | None], field: str = "region") -> None:
    """For data migrations: replace each stored code by ``convert(code)``, leaving it as it is
    where ``convert`` gives nothing (an unknown code is kept for a person to fix, not blanked)."""
    # order_by(): a model's default ordering would otherwise make DISTINCT see whole rows.
    for code in list(queryset.order_by().values_list(field, flat=True).distinct()):
        new = convert(code)
        if new and new != code:
            queryset.filter(**{field: code}).update(**{field: new})
