"""Adding members from a CSV file: a dry run with a row-by-row report, then all or nothing.

Columns: email, name, role, agency, organisation (a header row is required; comma or semicolon;
UTF-8, or Windows-1251 as Excel saves it in Russian). ``role`` is a role code or its name in any
of the site's languages.
"""

import csv
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from cms.accounts.models import LEARNER_ROLES, Role, User

from .models import FocusGroup, Membership
from .services import NewPerson, add_person

COLUMNS = ("email", "name", "role", "agency", "organisation")
REQUIRED_COLUMNS = ("email", "name", "role")
MAX_ROWS = 2000


@dataclass
class RowProblem:
    row: int
    field: str
    message: str


@dataclass
class RowPlan:
    row: int
    email: str
    name: str
    outcome: str  # "invite", "add", "already"


@dataclass
class ImportReport:
    problems: list[RowProblem] = field(default_factory=list)
    plan: list[RowPlan] = field(default_factory=list)
    people: list[NewPerson] = field(default_factory=list)
    applied: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    def count(self, outcome: str) -> int:
        return sum(1 for item in self.plan if item.outcome == outcome)

    @property
    def invited(self) -> int:
        return self.count("invite")

    @property
    def added(self) -> int:
        return self.count("add")

    @property
    def already(self) -> int:
        return self.count("already")


def decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1251"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValueError


def _role_lookup() -> dict[str, str]:
    lookup = {}
    for role in Role:
        if role not in LEARNER_ROLES:
            continue
        lookup[role.value] = role.value
        for code in ("kk", "ru", "en"):
            with translation.override(code):
                lookup[str(role.label).casefold()] = role.value
    return lookup


def check(*, group: FocusGroup, text: str) -> ImportReport:
    """Validate every row and say what would happen, writing nothing."""
    report = ImportReport()
    sample = text[:2048]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        header = [cell.strip().lower() for cell in next(reader)]
    except StopIteration:
        report.problems.append(RowProblem(1, "", _("The file is empty.")))
        return report
    except csv.Error:
        report.problems.append(RowProblem(1, "", _("This is not a CSV file.")))
        return report
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if missing:
        report.problems.append(
            RowProblem(
                1,
                ", ".join(missing),
                _("The header row must name the columns: %(columns)s.") % {"columns": ", ".join(COLUMNS)},
            )
        )
        return report
    index = {name: header.index(name) for name in COLUMNS if name in header}
    roles = _role_lookup()
    rows = []
    try:
        for number, cells in enumerate(reader, start=2):
            if not any(cell.strip() for cell in cells):
                continue
            rows.append((number, {name: (cells[i].strip() if i < len(cells) else "") for name, i in index.items()}))
            if len(rows) > MAX_ROWS:
                report.problems.append(
                    RowProblem(number, "", _("At most %(max)d people per file.") % {"max": MAX_ROWS})
                )
                return report
    except csv.Error as error:
        report.problems.append(
            RowProblem(reader.line_num, "", _("The file could not be read: %(error)s") % {"error": error})
        )
        return report
    if not rows:
        report.problems.append(RowProblem(2, "", _("The file has no people in it.")))
        return report
    emails = [values["email"].lower() for _number, values in rows]
    existing = {user.email.lower(): user for user in User.objects.filter(email__in=[e for e in emails if e])}
    members = set(Membership.objects.filter(group=group).values_list("user__email", flat=True))
    seen: dict[str, int] = {}
    for number, values in rows:
        email = values["email"].lower()
        problems = len(report.problems)
        if not email:
            report.problems.append(RowProblem(number, "email", _("Enter an email address.")))
        else:
            try:
                validate_email(email)
            except ValidationError:
                report.problems.append(
                    RowProblem(
                        number, "email", _("“%(value)s” is not a valid email address.") % {"value": values["email"]}
                    )
                )
            if email in seen:
                report.problems.append(
                    RowProblem(number, "email", _("This address is already on row %(row)d.") % {"row": seen[email]})
                )
            seen.setdefault(email, number)
        user = existing.get(email)
        role = roles.get(values["role"].casefold()) if values["role"] else None
        if user is None:
            if not values["name"]:
                report.problems.append(RowProblem(number, "name", _("Enter the person's name.")))
            elif len(values["name"]) > 300:
                report.problems.append(RowProblem(number, "name", _("The name is too long.")))
            if not values["role"]:
                report.problems.append(RowProblem(number, "role", _("Enter the person's role.")))
            elif role is None:
                report.problems.append(
                    RowProblem(number, "role", _("“%(value)s” is not a learner role.") % {"value": values["role"]})
                )
        for name in ("agency", "organisation"):
            if len(values.get(name, "")) > 200:
                report.problems.append(RowProblem(number, name, _("At most 200 characters.")))
        if len(report.problems) > problems:
            continue
        if user is not None:
            outcome = "already" if user.email in members else "add"
            report.plan.append(RowPlan(number, user.email, user.full_name, outcome))
        else:
            report.plan.append(RowPlan(number, email, values["name"], "invite"))
        report.people.append(
            NewPerson(
                email=email,
                name=values["name"],
                role=role or "",
                agency=values.get("agency", ""),
                organisation=values.get("organisation", ""),
            )
        )
    return report


def run(*, group: FocusGroup, text: str, by, language: str, apply: bool) -> ImportReport:
    """Check the file; when ``apply`` and nothing is wrong, add everyone in one transaction."""
    report = check(group=group, text=text)
    if not apply or not report.ok:
        return report
    with transaction.atomic():
        for person in report.people:
            add_person(group=group, person=person, by=by, language=language)
    report.applied = True
    return report
