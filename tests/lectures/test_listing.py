from datetime import timedelta

import pytest
from django.utils import timezone

from courses.lectures.choices import Audience, LectureLanguage

from .factories import LecturePageFactory, LectureSessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def listing(lecture_tree):
    series = lecture_tree["series"]["kk"]
    school_kk = lecture_tree["lecture"]["kk"]
    college_ru = LecturePageFactory(
        parent=series,
        slug="college",
        title="College lecture",
        audience=Audience.COLLEGE,
        language=LectureLanguage.RUSSIAN,
    )
    soon = timezone.now() + timedelta(days=1)
    past = timezone.now() - timedelta(days=1)
    sessions = {
        "school": LectureSessionFactory(lecture=school_kk, starts_at=soon, ends_at=soon + timedelta(hours=1)),
        "college": LectureSessionFactory(lecture=college_ru, starts_at=soon, ends_at=soon + timedelta(hours=1)),
        "past": LectureSessionFactory(lecture=school_kk, starts_at=past, ends_at=past + timedelta(hours=1)),
        "cancelled": LectureSessionFactory(
            lecture=college_ru, starts_at=soon, ends_at=soon + timedelta(hours=1), is_cancelled=True
        ),
    }
    return lecture_tree["index"]["kk"].url, sessions


def shown(html, sessions):
    return {name for name, session in sessions.items() if f"/lecture-sessions/{session.pk}/calendar.ics" in html}


def test_listing_shows_upcoming_sessions_with_ics_links(client, listing):
    url, sessions = listing
    assert shown(client.get(url).content.decode(), sessions) == {"school", "college"}


def test_listing_filters_by_audience(client, listing):
    url, sessions = listing
    assert shown(client.get(url, {"audience": Audience.COLLEGE}).content.decode(), sessions) == {"college"}


def test_listing_filters_by_language(client, listing):
    url, sessions = listing
    assert shown(client.get(url, {"language": "kk"}).content.decode(), sessions) == {"school"}


def test_listing_with_an_unknown_filter_value_shows_the_error_and_every_session(client, listing):
    url, sessions = listing
    response = client.get(url, {"audience": "nonsense"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "form__field--error" in html and "errorlist" in html
    assert shown(html, sessions) == {"school", "college"}


def test_filter_form_is_a_get_form_with_labels(client, listing):
    url, _sessions = listing
    html = client.get(url).content.decode()
    assert 'method="get"' in html
    assert '<label for="id_audience"' in html and '<label for="id_language"' in html
    assert "csrfmiddlewaretoken" not in html


def test_listing_query_count_does_not_grow_with_sessions(client, listing, lecture_tree, django_assert_max_num_queries):
    url, _sessions = listing
    client.get(url)
    lecture = lecture_tree["lecture"]["kk"]
    for days in range(2, 12):
        start = timezone.now() + timedelta(days=days)
        LectureSessionFactory(lecture=lecture, starts_at=start, ends_at=start + timedelta(hours=1))
    with django_assert_max_num_queries(16):
        client.get(url)
