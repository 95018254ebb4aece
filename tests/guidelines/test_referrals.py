import re

import pytest
from django.utils import translation
from wagtail import blocks

from cms.guidelines.blocks import ReferralBlock
from directory.models import Service, ServiceStatus, TaxonomyTerm
from tests.directory.factories import make_service

from .factories import GuidelinePageFactory, algorithm_section, publish

pytestmark = pytest.mark.django_db


def referral(**values):
    return {"label": "", "page": None, "note": "", "service": None, "kind_of_help": None, **values}


def guideline_with(index, *referrals):
    step = {
        "title": "Refer",
        "signs": ["A sign"],
        "actions": ["An action"],
        "referrals": list(referrals),
        "danger_to_life": False,
    }
    return publish(GuidelinePageFactory(parent=index, slug="refer", sections=[algorithm_section("Act", step)]))


def referral_links(client, page) -> list[tuple[str, str]]:
    html = client.get(page.url).content.decode()
    block = html.split('class="referrals"')[1].split("</ul>")[0]
    return re.findall(r'<a href="([^"]+)">([^<]+)</a>', block)


def test_referral_to_a_public_service_links_its_live_directory_page(client, guideline_index):
    service = make_service(locales=("kk",), names={"kk": "Жасөспірімдерге көмек (демо)"})
    page = guideline_with(guideline_index, referral(service=service))
    links = referral_links(client, page)
    assert links[0] == (service.get_absolute_url(), "Жасөспірімдерге көмек (демо)")
    assert client.get(links[0][0]).status_code == 200
    assert links[-1][0] == "tel:111"


def test_referral_to_a_kind_of_help_links_the_filtered_directory(client, guideline_index):
    kind = TaxonomyTerm.objects.get(code="police", locale__language_code="kk")
    page = guideline_with(guideline_index, referral(kind_of_help=kind, note="at once"))
    url, name = referral_links(client, page)[0]
    assert url == "/kk/help/?kind=police"
    assert name == kind.name
    response = client.get(url)
    assert response.status_code == 200


def test_a_service_no_longer_active_falls_back_to_its_kind_of_help(client, guideline_index):
    service = make_service(locales=("kk",), names={"kk": "Жабылған қызмет"})
    kind = TaxonomyTerm.objects.get(code="psychological", locale__language_code="kk")
    page = guideline_with(guideline_index, referral(service=service, kind_of_help=kind))
    for row in Service.objects.filter(translation_key=service.translation_key):
        row.status = ServiceStatus.DEFUNCT
        row.save()
    links = referral_links(client, page)
    assert "Жабылған қызмет" not in dict(links).values()
    assert links[0][0] == "/kk/help/?kind=psychological"
    assert links[-1][0] == "tel:111"


def test_referral_reads_the_service_in_the_readers_language(client, guideline_index, home_tree):
    service = make_service(locales=("kk", "ru"), names={"kk": "Көмек (демо)", "ru": "Помощь (демо)"})
    page = guideline_with(guideline_index, referral(service=service))
    with_russian = page.sections[0].value["content"][0].value["steps"][0]["referrals"][0]
    with translation.override("ru"):
        assert with_russian.name == "Помощь (демо)"
        assert with_russian.url.startswith("/ru/help/service/")


def test_a_referral_needs_a_service_a_kind_or_a_name():
    block = ReferralBlock()
    with pytest.raises(blocks.StructBlockValidationError):
        block.clean(block.to_python(referral()))
    assert block.clean(block.to_python(referral(label="School psychologist")))["label"] == "School psychologist"
