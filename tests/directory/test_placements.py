"""Placements: codes, the scan counter (no personal data), the staff report and its permissions."""

import datetime

import pytest
from django.db import connection
from django.test import Client

from cms.accounts.models import Role
from directory.outreach import services
from directory.outreach.models import CODE_ALPHABET, PLACEMENT_MANAGERS, Placement, PlacementKind, PlacementScan
from tests.factories import PASSWORD, UserFactory, backup_code_for

from .outreach_factories import PlacementFactory, region, scans, today

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    assert client.post("/en/accounts/login/", {"email": user.email, "password": PASSWORD}).status_code == 302
    assert client.post("/en/accounts/verify/", {"token": backup_code_for(user)}).status_code == 302
    return client


@pytest.fixture
def coordinator_almaty(db):
    return signed_in(UserFactory(role=Role.COORDINATOR, region="KZ-75"))


@pytest.fixture
def two_regions(db):
    almaty = PlacementFactory(name="Алматы, №12 мектеп", region=region("KZ-75"))
    astana = PlacementFactory(name="Астана, №3 колледж", kind=PlacementKind.COLLEGE, region=region("KZ-71"))
    return almaty, astana


def test_a_placement_gets_a_short_unambiguous_unique_code(db):
    codes = {PlacementFactory().code for _ in range(30)}
    assert len(codes) == 30
    assert all(len(code) == 6 and set(code) <= set(CODE_ALPHABET) for code in codes)


def test_a_scan_is_counted_per_placement_and_day(db, two_regions):
    almaty, astana = two_regions
    monday, tuesday = datetime.date(2026, 11, 23), datetime.date(2026, 11, 24)
    for _ in range(3):
        services.record_scan(placement=almaty, day=monday)
    services.record_scan(placement=almaty, day=tuesday)
    services.record_scan(placement=astana, day=monday)
    counts = set(PlacementScan.objects.values_list("placement__code", "day", "count"))
    assert counts == {(almaty.code, monday, 3), (almaty.code, tuesday, 1), (astana.code, monday, 1)}


def test_scanning_the_qr_code_counts_and_leads_to_the_region_help_page(client, two_regions):
    almaty, _ = two_regions
    response = client.get(f"/kk/help/p/{almaty.code.lower()}/")
    assert response.status_code == 302
    assert response["Location"] == "/kk/help/region/almaty/"
    assert "no-store" in response["Cache-Control"]
    assert PlacementScan.objects.get(placement=almaty, day=today()).count == 1


def test_a_scan_stores_nothing_about_the_person(client, two_regions):
    almaty, _ = two_regions
    client.get(
        f"/ru/help/p/{almaty.code}/",
        HTTP_USER_AGENT="Mozilla/5.0 (Linux; Android 13) SecretPhone",
        REMOTE_ADDR="203.0.113.77",
        HTTP_X_FORWARDED_FOR="198.51.100.9",
        HTTP_REFERER="https://example.org/from-here",
    )
    response = client.get(f"/ru/help/p/{almaty.code}/")
    assert not response.cookies, "the redirect sets no cookie"
    assert [field.name for field in PlacementScan._meta.concrete_fields] == ["id", "placement", "day", "count"]
    row = PlacementScan.objects.values().get()
    assert row == {"id": row["id"], "placement_id": almaty.pk, "day": today(), "count": 2}
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM directory_outreach_placementscan")
        stored = " ".join(str(value) for value in cursor.fetchall()[0])
    for secret in ("SecretPhone", "203.0.113", "198.51.100", "example.org"):
        assert secret not in stored


def test_head_requests_and_inactive_placements_are_not_counted(client, two_regions):
    almaty, astana = two_regions
    Placement.objects.filter(pk=astana.pk).update(is_active=False)
    assert client.head(f"/kk/help/p/{almaty.code}/").status_code == 302
    assert client.get(f"/kk/help/p/{astana.code}/").status_code == 302
    assert not PlacementScan.objects.exists()


def test_an_unknown_code_still_leads_to_help(client, db):
    response = client.get("/kk/help/p/NOPE42/")
    assert response.status_code == 302
    assert response["Location"] == "/kk/help/"
    assert not PlacementScan.objects.exists()


def test_the_report_needs_a_verified_staff_member(client, two_regions):
    response = client.get("/en/staff/placements/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    learner = signed_in(UserFactory(role=Role.PSYCHOLOGIST))
    assert learner.get("/en/staff/placements/").status_code == 403


def test_the_report_lists_scans_per_placement_and_region_for_the_period(verified_client, two_regions):
    almaty, astana = two_regions
    scans(almaty, (today(), 5), (today() - datetime.timedelta(days=3), 2), (today() - datetime.timedelta(days=90), 40))
    scans(astana, (today(), 1))
    response = verified_client.get("/en/staff/placements/")
    assert response.status_code == 200
    rows = {row.code: row.scans for row in response.context["rows"]}
    assert rows == {almaty.code: 7, astana.code: 1}
    assert {region.code: region.scans for region in response.context["regions"]} == {"KZ-75": 7, "KZ-71": 1}
    longer = verified_client.get(
        "/en/staff/placements/", {"date_from": (today() - datetime.timedelta(days=100)).isoformat()}
    )
    assert {row.code: row.scans for row in longer.context["rows"]}[almaty.code] == 47


def test_the_report_keeps_a_bad_period_and_explains_it(verified_client, two_regions):
    response = verified_client.get("/en/staff/placements/", {"date_from": "2026-05-01", "date_to": "2026-04-01"})
    assert response.status_code == 200
    assert "The end date must not be before the start date." in response.content.decode()
    assert 'value="2026-05-01"' in response.content.decode()


def test_the_report_exports_csv(verified_client, two_regions):
    almaty, _ = two_regions
    scans(almaty, (today(), 4))
    response = verified_client.get("/en/staff/placements/", {"format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Region code,Region,Code,Placement")
    assert any(almaty.code in line and ",4," in line for line in lines[1:])


def test_a_coordinator_sees_only_their_region_in_the_report_and_csv(coordinator_almaty, two_regions):
    almaty, astana = two_regions
    scans(astana, (today(), 9))
    response = coordinator_almaty.get("/ru/staff/placements/")
    assert [row.code for row in response.context["rows"]] == [almaty.code]
    assert astana.name not in response.content.decode()
    other_region = coordinator_almaty.get("/ru/staff/placements/", {"region": "KZ-71"})
    assert [row.code for row in other_region.context["rows"]] == [almaty.code]
    csv_text = coordinator_almaty.get("/ru/staff/placements/", {"format": "csv"}).content.decode("utf-8-sig")
    assert almaty.code in csv_text and astana.code not in csv_text


def test_a_coordinator_cannot_download_another_regions_poster(coordinator_almaty, two_regions):
    _, astana = two_regions
    response = coordinator_almaty.get(f"/ru/staff/placements/{astana.code}/poster/", {"size": "A4", "language": "ru"})
    assert response.status_code == 403


def _join_placement_managers(client) -> None:
    """What an administrator does for a real coordinator: the group is made by a migration."""
    from django.contrib.auth.models import Group

    user = UserFactory._meta.model.objects.get(pk=client.session["_auth_user_id"])
    user.groups.add(Group.objects.get(name=PLACEMENT_MANAGERS))


def test_the_placement_managers_group_exists_with_exactly_what_managing_placements_needs(db):
    from django.contrib.auth.models import Group

    granted = Group.objects.get(name=PLACEMENT_MANAGERS).permissions.values_list("content_type__app_label", "codename")
    # Wagtail's own later migrations let every group with admin access choose images and documents.
    assert {grant for grant in granted if not grant[1].startswith("choose_")} == {("wagtailadmin", "access_admin")} | {
        ("directory_outreach", f"{action}_placement") for action in ("add", "change", "delete", "view")
    }


def test_a_coordinator_cannot_open_another_regions_placement_in_the_admin(coordinator_almaty, two_regions):
    almaty, astana = two_regions
    _join_placement_managers(coordinator_almaty)
    index = coordinator_almaty.get("/admin/snippets/directory_outreach/placement/")
    assert index.status_code == 200
    assert almaty.name in index.content.decode() and astana.name not in index.content.decode()
    assert coordinator_almaty.get(f"/admin/snippets/directory_outreach/placement/edit/{almaty.pk}/").status_code == 200
    assert coordinator_almaty.get(f"/admin/snippets/directory_outreach/placement/edit/{astana.pk}/").status_code in (
        302,
        403,
    )


def test_a_coordinator_cannot_create_a_placement_in_another_region(coordinator_almaty, db):
    _join_placement_managers(coordinator_almaty)
    data = {"name": "Чужая школа", "kind": "school", "region": region("KZ-71").pk, "address": "", "is_active": "on"}
    response = coordinator_almaty.post("/admin/snippets/directory_outreach/placement/add/", data)
    assert response.status_code == 200, "the form is shown again with an error"
    assert not Placement.objects.filter(name="Чужая школа").exists()
    data["region"] = region("KZ-75").pk
    coordinator_almaty.post("/admin/snippets/directory_outreach/placement/add/", data)
    assert Placement.objects.filter(name="Чужая школа", region__code="KZ-75").exists()


def test_the_report_needs_a_fixed_number_of_queries(verified_client, django_assert_max_num_queries):
    for number in range(25):
        placement = PlacementFactory(name=f"School {number}")
        scans(placement, (today(), number))
    with django_assert_max_num_queries(20):
        response = verified_client.get("/en/staff/placements/")
    assert len(response.context["rows"]) == 25


def test_the_demo_loader_is_idempotent(db):
    import io

    from directory import demo_placements

    demo_placements.load(io.StringIO())
    first = list(
        PlacementScan.objects.order_by("placement__name", "day").values_list("placement__code", "day", "count")
    )
    demo_placements.load(io.StringIO())
    again = list(
        PlacementScan.objects.order_by("placement__name", "day").values_list("placement__code", "day", "count")
    )
    assert first == again
    assert Placement.objects.count() == len(demo_placements.PLACEMENTS)
    assert set(Placement.objects.values_list("region__code", flat=True)) == {"KZ-75", "KZ-71"}
    assert all("(демо)" in name for name in Placement.objects.values_list("name", flat=True))


def test_the_demo_loader_lets_demo_coordinators_manage_placements(db):
    import io

    from directory import demo_placements

    coordinator = UserFactory(email="coordinator@demo.invalid", role=Role.COORDINATOR)
    learner = UserFactory(email="learner@demo.invalid", role=Role.PSYCHOLOGIST)
    demo_placements.load(io.StringIO())
    assert coordinator.has_perm("directory_outreach.change_placement")
    assert coordinator.has_perm("wagtailadmin.access_admin")
    assert not learner.has_perm("directory_outreach.change_placement")
