from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from icalendar import Calendar

from courses.lectures.captions import transcript_from_webvtt
from courses.lectures.choices import Provider
from courses.lectures.models.sessions import CODE_ALPHABET, SessionStatus

from .factories import LectureSessionFactory

pytestmark = pytest.mark.django_db

VTT = (
    b"WEBVTT\n\nNOTE demo\n\n1\n00:00:00.000 --> 00:00:02.000\nHello <b>class</b>.\n\n"
    b"2\n00:00:02.000 --> 00:00:04.000\nCall 111.\n"
)


def session_starting_in(lecture, delta: timedelta, **kwargs):
    start = timezone.now() + delta
    return LectureSessionFactory(lecture=lecture, starts_at=start, ends_at=start + timedelta(minutes=45), **kwargs)


def test_join_is_closed_more_than_15_minutes_before_the_start(lecture):
    session = session_starting_in(lecture, timedelta(minutes=20))
    now = session.starts_at - timedelta(minutes=15, seconds=1)
    assert session.status(now) == SessionStatus.SCHEDULED
    assert not session.join_is_open(now)


def test_join_opens_exactly_15_minutes_before_the_start(lecture):
    session = session_starting_in(lecture, timedelta(minutes=20))
    assert session.join_is_open(session.starts_at - timedelta(minutes=15))
    assert session.status(session.starts_at - timedelta(minutes=15)) == SessionStatus.OPEN


def test_join_stays_open_while_live_and_closes_at_the_end(lecture):
    session = session_starting_in(lecture, timedelta(minutes=20))
    assert session.status(session.starts_at + timedelta(minutes=1)) == SessionStatus.LIVE
    assert session.join_is_open(session.ends_at - timedelta(seconds=1))
    assert not session.join_is_open(session.ends_at)
    assert session.status(session.ends_at) == SessionStatus.ENDED


def test_cancelled_session_never_opens(lecture):
    session = session_starting_in(lecture, timedelta(minutes=5), is_cancelled=True)
    assert not session.join_is_open(session.starts_at)
    assert not session.check_in_is_open(session.starts_at)


def test_check_in_codes_use_only_unambiguous_characters(lecture):
    codes = {LectureSessionFactory(lecture=lecture).check_in_code for _ in range(20)}
    assert len(codes) == 20
    for code in codes:
        assert len(code) == 6 and set(code) <= set(CODE_ALPHABET)
    assert not set("0O1IL2Z5S8B") & set(CODE_ALPHABET)


def test_session_page_shows_no_join_button_before_the_window(client, lecture):
    session = session_starting_in(lecture, timedelta(minutes=30))
    html = client.get(f"/en/lecture-sessions/{session.pk}/").content.decode()
    assert "/watch/" not in html
    assert "15 minutes before the start" in html
    assert 'data-seconds="' in html


def test_session_page_shows_the_join_button_inside_the_window(client, lecture):
    session = session_starting_in(lecture, timedelta(minutes=10))
    html = client.get(f"/en/lecture-sessions/{session.pk}/").content.decode()
    assert f"/en/lecture-sessions/{session.pk}/watch/" in html


def test_link_provider_joins_by_its_link(client, lecture):
    session = session_starting_in(
        lecture, timedelta(minutes=10), provider=Provider.LINK, embed_html="", join_url="https://lectures.example/x"
    )
    html = client.get(f"/en/lecture-sessions/{session.pk}/").content.decode()
    assert 'href="https://lectures.example/x"' in html
    assert "/watch/" not in html


def test_watch_page_is_404_outside_the_join_window(client, lecture):
    session = session_starting_in(lecture, timedelta(hours=2))
    assert client.get(f"/en/lecture-sessions/{session.pk}/watch/").status_code == 404


def test_watch_page_embeds_the_sanitised_player_and_widens_frame_src(client, open_session):
    response = client.get(f"/en/lecture-sessions/{open_session.pk}/watch/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<iframe src="https://meet.lectures.demo.invalid/room-1"' in html
    assert "https://meet.lectures.demo.invalid" in response["Content-Security-Policy"]


def test_pages_without_a_player_keep_frame_src_self(client, lecture_tree):
    for url in ("/kk/", lecture_tree["lecture"]["kk"].url, "/kk/class-check-in/"):
        policy = client.get(url)["Content-Security-Policy"]
        frame_src = next(part for part in policy.split(";") if part.strip().startswith("frame-src"))
        assert frame_src.split() == ["frame-src", "'self'"], url


def test_ics_is_valid_icalendar_with_the_session_times(client, open_session):
    response = client.get(f"/kk/lecture-sessions/{open_session.pk}/calendar.ics")
    assert response["Content-Type"].startswith("text/calendar")
    assert "attachment" in response["Content-Disposition"]
    assert response.content.startswith(b"BEGIN:VCALENDAR\r\n")
    calendar = Calendar.from_ical(response.content)
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    [event] = calendar.walk("VEVENT")
    assert event.decoded("DTSTART") == open_session.starts_at.replace(microsecond=0)
    assert event.decoded("DTEND") == open_session.ends_at.replace(microsecond=0)
    assert event["UID"] and event["DTSTAMP"]
    assert str(event["SUMMARY"]) == open_session.lecture.title
    assert f"/kk/lecture-sessions/{open_session.pk}/" in str(event["URL"])
    for line in response.content.split(b"\r\n"):
        assert len(line) <= 75, line


def test_recording_has_a_webvtt_captions_track(client, past_session):
    past_session.recording_file.save("lecture.webm", ContentFile(b"\x1aE\xdf\xa3"), save=False)
    past_session.captions.save("lecture.vtt", ContentFile(VTT), save=False)
    past_session.save()
    html = client.get(f"/kk/lecture-sessions/{past_session.pk}/").content.decode()
    assert "<video" in html
    assert f'<track kind="captions" src="{past_session.captions.url}" srclang="kk"' in html


def test_recording_by_embed_is_shown_after_the_session(client, past_session):
    past_session.recording_embed_html = '<iframe src="https://www.youtube-nocookie.com/embed/x" onload="x()"></iframe>'
    past_session.save()
    html = client.get(f"/kk/lecture-sessions/{past_session.pk}/").content.decode()
    assert '<iframe src="https://www.youtube-nocookie.com/embed/x"' in html
    assert "onload" not in html


def test_transcript_page_is_made_from_the_captions(client, past_session):
    past_session.captions.save("lecture.vtt", ContentFile(VTT))
    response = client.get(f"/kk/lecture-sessions/{past_session.pk}/transcript/")
    html = response.content.decode()
    assert "<p>Hello class.</p>" in html and "<p>Call 111.</p>" in html
    assert "-->" not in html


def test_transcript_text_wins_over_captions(client, past_session):
    past_session.transcript = "First part.\n\nSecond part."
    past_session.save()
    html = client.get(f"/kk/lecture-sessions/{past_session.pk}/transcript/").content.decode()
    assert "<p>First part.</p>" in html and "<p>Second part.</p>" in html


def test_transcript_is_404_without_captions_or_text(client, past_session):
    assert client.get(f"/kk/lecture-sessions/{past_session.pk}/transcript/").status_code == 404


def test_webvtt_parser_skips_notes_ids_and_tags():
    assert transcript_from_webvtt(VTT.decode()) == ["Hello class.", "Call 111."]


def test_captions_that_are_not_webvtt_are_refused(past_session):
    from django.core.exceptions import ValidationError

    past_session.captions.save("bad.vtt", ContentFile(b"1\n00:00:00,000 --> 00:00:01,000\nSRT\n"), save=False)
    with pytest.raises(ValidationError) as error:
        past_session.full_clean()
    assert "captions" in error.value.message_dict


def test_lecture_page_lists_sessions_made_on_another_language_version(client, lecture_tree, open_session):
    html = client.get(lecture_tree["lecture"]["ru"].url).content.decode()
    assert f"/ru/lecture-sessions/{open_session.pk}/" in html
    assert "111" in html  # the help block


def test_session_page_in_russian_names_the_russian_lecture(client, lecture_tree, open_session):
    html = client.get(f"/ru/lecture-sessions/{open_session.pk}/").content.decode()
    assert "Границы" in html


def test_help_block_on_every_lecture_page_uses_the_helpline_setting(client, lecture_tree, open_session):
    from wagtail.models import Site

    from cms.home.models import HelplineSettings

    helpline = HelplineSettings.for_site(Site.objects.get(is_default_site=True))
    helpline.helpline_number = "111 00"
    helpline.save()
    urls = [
        lecture_tree["index"]["kk"].url,
        lecture_tree["series"]["kk"].url,
        lecture_tree["lecture"]["ru"].url,
        f"/en/lecture-sessions/{open_session.pk}/",
        f"/en/lecture-sessions/{open_session.pk}/feedback/",
        "/en/class-check-in/",
    ]
    for url in urls:
        html = client.get(url).content.decode()
        block = html[html.index('class="help-now lecture-help"') :]
        assert 'href="tel:11100"' in block, url
