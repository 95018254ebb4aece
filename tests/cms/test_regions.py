"""The site's one list of regions (cms.regions): the codes every app stores, how input with a former
code is read, the data migrations that converted stored codes, and region scoping across apps."""

from datetime import timedelta

import pytest
from django import forms
from django.core.exceptions import PermissionDenied
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone, translation

from cms.accounts.forms import UserCreationForm, UserEditForm
from cms.accounts.models import Role, User
from cms.regions import FORMER_CODES, MADE_UP_CODES, REGIONS, RegionChoiceField, normalise_region, region_name
from courses.cohorts.forms import FocusGroupForm
from courses.cohorts.models import FocusGroup
from courses.cohorts.selectors import visible_groups
from courses.lectures.models import ClassCheckIn, Feedback, SelfCheckResult
from courses.lectures.selectors import narrow_region, scope_for, statistics
from directory.models import Region
from directory.outreach.selectors import placements_visible_to, regions_visible_to
from tests.cohorts.factories import FocusGroupFactory
from tests.directory.outreach_factories import PlacementFactory, region
from tests.factories import UserFactory
from tests.lectures.factories import (
    ClassCheckInFactory,
    LectureIndexPageFactory,
    LecturePageFactory,
    LectureSeriesPageFactory,
    LectureSessionFactory,
)

CODES = [code for code, _name in REGIONS]


# -- the list ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_list_has_the_20_regions_of_the_directory_with_their_current_codes():
    directory = Region.objects.filter(locale__language_code="en").order_by("sort_order")
    assert len(REGIONS) == 20
    assert [row.code for row in directory] == CODES


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_each_region_is_named_as_in_the_directorys_data(language):
    directory = dict(Region.objects.filter(locale__language_code=language).values_list("code", "name"))
    with translation.override(language):
        assert {code: str(name) for code, name in REGIONS} == directory


@pytest.mark.django_db
def test_former_codes_are_exactly_the_directorys():
    rows = Region.objects.filter(locale__language_code="en").exclude(former_code="")
    assert {row.former_code: row.code for row in rows} == FORMER_CODES


def test_made_up_codes_name_the_three_regions_formed_in_2022():
    assert MADE_UP_CODES == {"KZ-ABY": "KZ-10", "KZ-ZHT": "KZ-33", "KZ-ULY": "KZ-62"}
    assert not set(MADE_UP_CODES) & set(FORMER_CODES)


@pytest.mark.parametrize(
    ("given", "current"),
    [
        ("KZ-75", "KZ-75"),
        ("KZ-ALA", "KZ-75"),
        (" kz-ala ", "KZ-75"),
        ("KZ-AST", "KZ-71"),
        ("KZ-ABY", "KZ-10"),
        ("KZ-ZHT", "KZ-33"),
        ("KZ-ULY", "KZ-62"),
        ("KZ-XXX", ""),
        ("Almaty", ""),
        ("", ""),
        (None, ""),
    ],
)
def test_normalise_region_gives_the_current_code_or_nothing(given, current):
    assert normalise_region(given) == current


def test_region_names_are_translated_and_read_former_codes():
    with translation.override("kk"):
        assert region_name("KZ-10") == "Абай облысы"
        assert region_name("KZ-ALA") == "Алматы"
    with translation.override("ru"):
        assert region_name("KZ-19") == "Алматинская область"
        assert region_name("") == "Регион не указан"
    assert region_name("KZ-XXX") == "KZ-XXX"


# -- input ---------------------------------------------------------------------------------------


def test_the_region_field_stores_the_current_code_of_a_former_one():
    field = RegionChoiceField(required=False)
    assert field.clean("KZ-ALA") == "KZ-75"
    assert field.clean("KZ-ABY") == "KZ-10"
    assert field.clean("") == ""


def test_the_region_field_refuses_an_unknown_code_with_a_translated_message():
    field = RegionChoiceField()
    with translation.override("ru"):
        with pytest.raises(forms.ValidationError) as error:
            field.clean("KZ-XXX")
        assert error.value.messages == ["«KZ-XXX» — не регион Казахстана. Выберите регион из списка."]


@pytest.mark.django_db
def test_the_user_admin_forms_choose_the_region_from_the_list():
    for form in (UserCreationForm(), UserEditForm(instance=UserFactory())):
        field = form.fields["region"]
        assert isinstance(field, RegionChoiceField)
        assert [code for code, _name in field.choices] == ["", *CODES]


@pytest.mark.django_db
def test_saving_a_former_code_stores_the_current_one():
    user = UserFactory(region="KZ-SHY")
    assert user.region == "KZ-79"
    assert User.objects.get(pk=user.pk).region == "KZ-79"


@pytest.mark.django_db
def test_a_coordinator_of_abai_forms_a_group_in_abai_with_any_code_for_it():
    coordinator = UserFactory(role=Role.COORDINATOR, region="KZ-10")
    form = FocusGroupForm({"name": "Абай психологтары", "region": "KZ-ABY"}, viewer=coordinator)
    assert form.is_valid(), form.errors
    assert form.save().region == "KZ-10"
    other = FocusGroupForm({"name": "Алматы", "region": "KZ-75"}, viewer=coordinator)
    assert not other.is_valid()


# -- the data migrations -------------------------------------------------------------------------

MIGRATIONS = [
    ("accounts", "0002_user_region_current_iso_codes", [User]),
    ("cohorts", "0002_focus_group_region_current_iso_codes", [FocusGroup]),
    ("lectures", "0003_regions_current_iso_codes", [ClassCheckIn, Feedback, SelfCheckResult]),
]


STORED = ["KZ-ALA", "kz-ast", "KZ-ABY", "KZ-ZHT", "KZ-ULY", "KZ-10", "KZ-79", "KZ-XX", ""]
CONVERTED = ["KZ-75", "KZ-71", "KZ-10", "KZ-33", "KZ-62", "KZ-10", "KZ-79", "KZ-XX", ""]


@pytest.fixture(scope="module")
def loader():
    return MigrationLoader(None, ignore_no_migrations=True)


def run_data_step(loader, app_label: str, name: str, *, backwards: bool = False) -> None:
    """Runs the migration's data step on the test database with the models as the migration sees
    them (the schema step only swaps the field class; the column stays as it is)."""
    migration = loader.get_migration(app_label, name)
    apps = loader.project_state((app_label, name), at_end=False).apps
    step = migration.operations[0]
    (step.reverse_code if backwards else step.code)(apps, None)


@pytest.fixture
def stored(db, lecture_session):
    """Rows of each model holding the codes older versions stored (written with update(), which
    does not normalise): model → primary keys in the order of STORED."""
    rows = {model: [] for model in (User, FocusGroup, ClassCheckIn, Feedback, SelfCheckResult)}
    for index in range(len(STORED)):
        rows[User].append(UserFactory(email=f"person{index}@example.test").pk)
        rows[FocusGroup].append(FocusGroupFactory(name=f"Group {index}").pk)
        rows[ClassCheckIn].append(ClassCheckInFactory(session=lecture_session, school=f"School {index}").pk)
        rows[Feedback].append(
            Feedback.objects.create(session=lecture_session, usefulness=4, clarity=4, knows_where_to_get_help=True).pk
        )
        rows[SelfCheckResult].append(SelfCheckResult.objects.create(session=lecture_session, score_percent=50).pk)
    for model, pks in rows.items():
        for pk, code in zip(pks, STORED, strict=True):
            model.objects.filter(pk=pk).update(region=code)
    return rows


def regions_of(model, pks) -> list[str]:
    found = dict(model.objects.filter(pk__in=pks).values_list("pk", "region"))
    return [found[pk] for pk in pks]


@pytest.mark.parametrize(("app_label", "name", "models"), MIGRATIONS, ids=[row[0] for row in MIGRATIONS])
def test_the_data_migration_converts_former_and_made_up_codes(loader, stored, app_label, name, models):
    run_data_step(loader, app_label, name)
    for model in models:
        assert regions_of(model, stored[model]) == CONVERTED, model


def test_reversing_the_focus_groups_migration_restores_the_cohorts_old_codes(loader, stored):
    run_data_step(loader, "cohorts", "0002_focus_group_region_current_iso_codes")
    run_data_step(loader, "cohorts", "0002_focus_group_region_current_iso_codes", backwards=True)
    assert regions_of(FocusGroup, stored[FocusGroup]) == [
        "KZ-ALA",
        "KZ-AST",
        "KZ-ABY",
        "KZ-ZHT",
        "KZ-ULY",
        "KZ-ABY",
        "KZ-SHY",
        "KZ-XX",
        "",
    ]


def test_reversing_the_lectures_migration_restores_the_lectures_old_codes(loader, stored):
    run_data_step(loader, "lectures", "0003_regions_current_iso_codes")
    run_data_step(loader, "lectures", "0003_regions_current_iso_codes", backwards=True)
    assert regions_of(ClassCheckIn, stored[ClassCheckIn]) == [
        "KZ-ALA",
        "KZ-AST",
        "KZ-10",
        "KZ-33",
        "KZ-62",
        "KZ-10",
        "KZ-SHY",
        "KZ-XX",
        "",
    ]


# -- one region everywhere -----------------------------------------------------------------------


@pytest.fixture
def lecture_session(home_tree):
    index = LectureIndexPageFactory(parent=home_tree["home"]["kk"])
    series = LectureSeriesPageFactory(parent=index, slug="safety")
    lecture = LecturePageFactory(parent=series, slug="boundaries")
    start = timezone.now() - timedelta(days=1)
    return LectureSessionFactory(lecture=lecture, starts_at=start, ends_at=start + timedelta(hours=1))


def test_a_coordinator_of_abai_sees_abai_everywhere_and_not_almaty(lecture_session):
    abai_group = FocusGroupFactory(name="Абай", region="KZ-10")
    FocusGroupFactory(name="Алматы", region="KZ-75")
    ClassCheckInFactory(session=lecture_session, region="KZ-10", school="Abai school", students_present=12)
    ClassCheckInFactory(session=lecture_session, region="KZ-75", school="Almaty school", students_present=30)
    abai_placement = PlacementFactory(region=region("KZ-10"))
    PlacementFactory(region=region("KZ-75"))
    # An account made with the code the focus groups once used for Abai.
    coordinator = UserFactory(role=Role.COORDINATOR, region="KZ-ABY")

    assert list(visible_groups(coordinator)) == [abai_group]
    scope = scope_for(coordinator)
    rows = statistics(scope=scope, group_by="region", region=narrow_region(scope, None))
    assert [(row.key, row.students) for row in rows] == [("KZ-10", 12)]
    assert narrow_region(scope, "KZ-ABY") == "KZ-10"
    with pytest.raises(PermissionDenied):
        narrow_region(scope, "KZ-75")
    assert list(placements_visible_to(user=coordinator)) == [abai_placement]
    assert [code for code, _name in regions_visible_to(user=coordinator)] == ["KZ-10"]
