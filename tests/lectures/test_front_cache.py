import pytest

from .factories import LectureSessionFactory

pytestmark = pytest.mark.django_db


def test_a_new_session_purges_the_lecture_in_every_language_and_the_index(
    lecture_tree, purge_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        LectureSessionFactory(lecture=lecture_tree["lecture"]["kk"])
    purged = {path for path, _host in purge_server.purged}
    for language in ("kk", "ru"):
        assert lecture_tree["lecture"][language].url in purged
        assert lecture_tree["index"][language].url in purged


def test_cancelling_a_session_purges_the_lecture(lecture_tree, purge_server, django_capture_on_commit_callbacks):
    session = LectureSessionFactory(lecture=lecture_tree["lecture"]["kk"])
    purge_server.purged.clear()
    with django_capture_on_commit_callbacks(execute=True):
        session.is_cancelled = True
        session.save()
    assert lecture_tree["lecture"]["ru"].url in {path for path, _host in purge_server.purged}
