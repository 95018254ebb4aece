"""Kazakhstan's 17 regions and 3 cities of republican significance, by ISO 3166-2:KZ code.

``User.region`` holds the same codes; the directory keeps its own editable copy as data.
"""

from django.utils.translation import gettext_lazy as _

REGIONS = [
    ("KZ-AST", _("Astana")),
    ("KZ-ALA", _("Almaty")),
    ("KZ-SHY", _("Shymkent")),
    ("KZ-ABY", _("Abai Region")),
    ("KZ-AKM", _("Akmola Region")),
    ("KZ-AKT", _("Aktobe Region")),
    ("KZ-ALM", _("Almaty Region")),
    ("KZ-ATY", _("Atyrau Region")),
    ("KZ-ZAP", _("West Kazakhstan Region")),
    ("KZ-ZHA", _("Jambyl Region")),
    ("KZ-ZHT", _("Jetisu Region")),
    ("KZ-KAR", _("Karaganda Region")),
    ("KZ-KUS", _("Kostanay Region")),
    ("KZ-KZY", _("Kyzylorda Region")),
    ("KZ-MAN", _("Mangystau Region")),
    ("KZ-PAV", _("Pavlodar Region")),
    ("KZ-SEV", _("North Kazakhstan Region")),
    ("KZ-VOS", _("East Kazakhstan Region")),
    ("KZ-YUZ", _("Turkistan Region")),
    ("KZ-ULY", _("Ulytau Region")),
]
REGION_NAMES = dict(REGIONS)


def region_name(code: str) -> str:
    return str(REGION_NAMES.get(code, code or _("No region")))
