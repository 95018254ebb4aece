from datetime import timedelta

import pytest
from django.utils import timezone

from cms.home.demo import upsert_translation
from tests.factories import PASSWORD, backup_code_for

from .factories import LectureIndexPageFactory, LecturePageFactory, LectureSeriesPageFactory, LectureSessionFactory


@pytest.fixture
def lecture_tree(home_tree):
    """Index → series → lecture in kk, with ru translations of each page."""
    index = LectureIndexPageFactory(parent=home_tree["home"]["kk"])
    series = LectureSeriesPageFactory(parent=index, slug="safety")
    lecture = LecturePageFactory(parent=series, slug="boundaries", title="Шекаралар")
    tree = {"index": {"kk": index}, "series": {"kk": series}, "lecture": {"kk": lecture}}
    for name, page in (("index", index), ("series", series), ("lecture", lecture)):
        tree[name]["ru"] = upsert_translation(page, "ru")
    tree["lecture"]["ru"].title = "Границы"
    tree["lecture"]["ru"].save_revision().publish()
    return tree


@pytest.fixture
def lecture(lecture_tree):
    return lecture_tree["lecture"]["kk"]


@pytest.fixture
def open_session(lecture):
    """A session that started ten minutes ago: join, check-in and feedback are open."""
    start = timezone.now() - timedelta(minutes=10)
    return LectureSessionFactory(lecture=lecture, starts_at=start, ends_at=start + timedelta(minutes=45))


@pytest.fixture
def past_session(lecture):
    start = timezone.now() - timedelta(days=2)
    return LectureSessionFactory(lecture=lecture, starts_at=start, ends_at=start + timedelta(minutes=45))


@pytest.fixture
def sign_in_verified():
    """Signs ``client`` in as ``user`` past the second factor (a backup code)."""

    def sign_in(client, user):
        code = backup_code_for(user)
        assert client.post("/en/accounts/login/", {"email": user.email, "password": PASSWORD}).status_code == 302
        assert client.post("/en/accounts/verify/", {"token": code}).status_code == 302
        return client

    return sign_in
