"""The help page caches service cards and reference lists: every way of changing what a card
shows must reach the next page view."""

import datetime as dt

import pytest
from bs4 import BeautifulSoup

from directory import selectors
from directory.models import Location, Region, Service, TaxonomyTerm
from directory.selectors import ALMATY
from directory.services import import_services_csv

from .factories import location, make_service

pytestmark = pytest.mark.django_db

URL = "/kk/help/"


def page(client, url=URL) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def edit_form_data(html: str) -> dict[str, list[str]]:
    """Every field of the admin edit form as the browser would send it."""
    form = BeautifulSoup(html, "html.parser").find("form", id="w-editor-form")
    data: dict[str, list[str]] = {}
    for field in form.find_all(["input", "select", "textarea"]):
        name = field.get("name")
        if not name or field.get("type") in ("submit", "button", "file"):
            continue
        if field.name == "select":
            chosen = [option for option in field.find_all("option") if option.has_attr("selected")]
            values = [option.get("value", option.text) for option in chosen]
        elif field.name == "textarea":
            values = [field.text]
        elif field.get("type") in ("checkbox", "radio"):
            values = [field.get("value", "on")] if field.has_attr("checked") else []
        else:
            values = [field.get("value", "")]
        data.setdefault(name, []).extend(values)
    return data


def test_a_service_published_from_the_snippet_editor_shows_its_new_name(verified_client, home_tree, helpline):
    service = make_service(names={"kk": "Ескі атау"})
    assert "Ескі атау" in page(verified_client)
    edit_url = f"/admin/snippets/directory/service/edit/{service.pk}/"
    data = edit_form_data(verified_client.get(edit_url).content.decode())
    data["name"] = ["Жаңа атау"]
    data["action-publish"] = ["action-publish"]
    response = verified_client.post(edit_url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    html = page(verified_client)
    assert "Жаңа атау" in html and "Ескі атау" not in html


def test_a_service_updated_by_a_csv_import_shows_its_new_details(client, home_tree, helpline):
    key = "0b7e4d3c-59a2-4c1e-8f00-2f5b9e1c0a11"
    header = "id,language,name,organization,kinds,regions,free,phone\n"
    row = f"{key},kk,Импорт,Ұйым,legal,KZ-75,yes,+7 000 000 {{}}\n"
    assert import_services_csv(content=header + row.format("0001"), dry_run=False).ok
    assert 'href="tel:+70000000001"' in page(client)
    assert import_services_csv(content=header + row.format("0999"), dry_run=False).ok
    html = page(client)
    assert 'href="tel:+70000000999"' in html and 'href="tel:+70000000001"' not in html


def test_an_edited_location_organisation_or_kind_of_help_reaches_the_cached_card(
    client, home_tree, helpline, django_capture_on_commit_callbacks
):
    service = make_service(names={"kk": "Орталық"}, kinds=["legal"], location=location(address_1="Ескі көше, 1"))
    html = page(client)
    assert "Ескі көше, 1" in html and "Заң көмегі" in html
    with django_capture_on_commit_callbacks(execute=True):
        place = Location.objects.get(pk=service.service_at_locations.get().location_id)
        place.address_1 = "Жаңа көше, 2"
        place.save()
    assert "Жаңа көше, 2" in page(client)
    with django_capture_on_commit_callbacks(execute=True):
        organization = service.organization
        organization.name = "Жаңа ұйым"
        organization.save()
    assert "Жаңа ұйым" in page(client)
    with django_capture_on_commit_callbacks(execute=True):
        term = TaxonomyTerm.objects.get(code="legal", locale__language_code="kk")
        term.name = "Заңгер кеңесі"
        term.save()
    html = page(client)
    assert "Заңгер кеңесі" in html and "Заң көмегі" not in html


def test_a_renamed_region_reaches_the_form_and_the_region_links(
    client, home_tree, helpline, django_capture_on_commit_callbacks
):
    assert "Алматы" in page(client)
    with django_capture_on_commit_callbacks(execute=True):
        region = Region.objects.get(code="KZ-75", locale__language_code="kk")
        region.name = "Алматы қаласы (жаңа)"
        region.save()
    html = page(client)
    assert html.count("Алматы қаласы (жаңа)") >= 2  # the region select and the region links


def test_a_cached_card_follows_the_clock_for_open_now(client, home_tree, helpline, monkeypatch):
    make_service(names={"kk": "Күндізгі орталық"})  # Monday to Friday, 09:00-18:00

    def results_at(moment) -> str:
        monkeypatch.setattr(selectors, "almaty_now", lambda: moment)
        return page(client, "/en/help/?q=kundizgi").split("data-service-list", 1)[1]

    wednesday_noon = results_at(dt.datetime(2026, 11, 25, 12, 0, tzinfo=ALMATY))
    assert "Күндізгі орталық" in wednesday_noon and "Open now" in wednesday_noon
    sunday_noon = results_at(dt.datetime(2026, 11, 29, 12, 0, tzinfo=ALMATY))
    assert "Closed now" in sunday_noon and "Open now" not in sunday_noon


def test_an_unpublished_service_leaves_the_cached_list(client, home_tree, helpline):
    service = make_service(names={"kk": "Жабылатын"})
    assert "Жабылатын" in page(client)
    revision = service.save_revision()
    revision.publish()
    service.refresh_from_db()
    service.unpublish()
    assert not Service.objects.get(pk=service.pk).listed_kk
    assert "Жабылатын" not in page(client)
