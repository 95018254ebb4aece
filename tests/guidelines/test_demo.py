import io
import uuid

import pytest

from cms.guidelines import demo
from cms.guidelines.models import GuidelinePage, GuidelineStatus
from cms.guidelines.selectors import change_log
from cms.home import demo as home_demo
from directory import demo as directory_demo
from tests.directory.factories import make_service

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(db):
    home_demo.load(io.StringIO())
    # The one directory service the demo guideline names (the full directory demo takes minutes).
    make_service(locales=("kk", "ru"), key=uuid.uuid5(directory_demo.NAMESPACE, "online-sms"))
    demo.load(io.StringIO())


def test_demo_has_version_1_superseded_by_2_in_kazakh_and_russian(loaded):
    for code in ("kk", "ru"):
        pages = GuidelinePage.objects.filter(locale__language_code=code, alias_of__isnull=True)
        by_version = {page.version: page for page in pages}
        assert set(by_version) == {"1.0", "2.1"}
        assert by_version["1.0"].status == GuidelineStatus.SUPERSEDED
        assert by_version["1.0"].superseded_by == by_version["2.1"]
        assert [entry.version for entry in change_log(guideline=by_version["2.1"])] == ["2.1", "2.0", "1.0"]


def test_demo_is_idempotent(loaded):
    before = [(page.pk, page.latest_revision_id) for page in GuidelinePage.objects.order_by("pk")]
    demo.load(io.StringIO())
    assert [(page.pk, page.latest_revision_id) for page in GuidelinePage.objects.order_by("pk")] == before


def test_demo_algorithm_links_live_directory_entries(client, loaded):
    page = GuidelinePage.objects.get(locale__language_code="ru", version="2.1")
    html = client.get(page.url).content.decode()
    assert 'href="/ru/help/service/' in html and 'href="/ru/help/?kind=police"' in html


def test_home_door_for_psychologists_leads_to_the_guideline_index(client, loaded):
    html = client.get("/ru/").content.decode()
    assert 'href="/ru/guidelines/"' in html
    assert client.get("/ru/guidelines/").status_code == 200
