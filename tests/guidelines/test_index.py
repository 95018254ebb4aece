import pytest

from .factories import GuidelinePageFactory, publish, section

pytestmark = pytest.mark.django_db


def titles(response) -> list[str]:
    return [guideline.title for guideline in response.context["page_obj"]]


@pytest.fixture
def three(guideline_index):
    return {
        "school": publish(
            GuidelinePageFactory(parent=guideline_index, title="School", audiences=["school_psychologist"])
        ),
        "clinic": publish(
            GuidelinePageFactory(
                parent=guideline_index,
                title="Clinic",
                audiences=["health_psychologist"],
                sections=[section("Bruises", "Unexplained bruises in infants need a paediatric examination.")],
            )
        ),
        "both": publish(
            GuidelinePageFactory(parent=guideline_index, title="Both", audiences=["teacher", "school_psychologist"])
        ),
    }


def test_index_lists_every_current_guideline(client, guideline_index, three):
    assert titles(client.get(guideline_index.url)) == ["Both", "Clinic", "School"]


def test_index_filters_by_audience(client, guideline_index, three):
    assert titles(client.get(guideline_index.url, {"audience": "school_psychologist"})) == ["Both", "School"]
    assert titles(client.get(guideline_index.url, {"audience": "teacher"})) == ["Both"]


def test_index_search_finds_text_inside_sections(client, guideline_index, three):
    assert titles(client.get(guideline_index.url, {"q": "paediatric"})) == ["Clinic"]


def test_index_search_and_audience_combine(client, guideline_index, three):
    assert titles(client.get(guideline_index.url, {"q": "paediatric", "audience": "teacher"})) == []


def test_index_unknown_audience_shows_an_error_and_everything(client, guideline_index, three):
    response = client.get(guideline_index.url, {"audience": "astronauts"})
    assert response.status_code == 200
    assert response.context["form"].errors["audience"]
    assert len(titles(response)) == 3


def test_index_hides_superseded_versions_unless_asked(client, guideline_index, three):
    publish(GuidelinePageFactory(parent=guideline_index, title="School 2", supersedes=three["school"]))
    assert "School" not in titles(client.get(guideline_index.url))
    with_old = client.get(guideline_index.url, {"superseded": "on"})
    assert titles(with_old)[-1] == "School"
    assert "badge--superseded" in with_old.content.decode()


def test_index_form_is_a_get_form_without_cookies(client, guideline_index, three):
    response = client.get(guideline_index.url, {"q": "school"})
    html = response.content.decode()
    assert 'method="get"' in html
    assert "csrfmiddlewaretoken" not in html
    assert not response.cookies


def test_index_query_count_is_pinned(client, guideline_index, django_assert_max_num_queries):
    for number in range(12):
        publish(
            GuidelinePageFactory(
                parent=guideline_index, audiences=["teacher", "health_psychologist"], title=f"G{number}"
            )
        )
    client.get(guideline_index.url)  # warm the site settings and locale caches
    with django_assert_max_num_queries(16):
        response = client.get(guideline_index.url, {"audience": "teacher"})
    assert len(response.context["page_obj"]) == 12
    with django_assert_max_num_queries(18):
        response = client.get(guideline_index.url, {"q": "recognise"})
    assert len(response.context["page_obj"]) == 12
