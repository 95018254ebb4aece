import pytest
from django.core.exceptions import ValidationError

from cms.home.sanitize import iframe_embed, plain_text
from courses.lectures.choices import Provider
from courses.lectures.embeds import embed_csp, sanitise_embed
from courses.lectures.models import LectureSession

JITSI = "https://meet.lectures.demo.invalid/room"
HOSTS = {"meet.lectures.demo.invalid"}


def test_allowlisted_iframe_is_kept_with_a_title_and_fixed_referrer_policy():
    html = iframe_embed(f'<iframe src="{JITSI}" width="640" height="360" allowfullscreen></iframe>', hosts=HOSTS)
    assert html.startswith(f'<iframe src="{JITSI}"')
    assert 'width="640"' in html and "allowfullscreen" in html
    assert 'referrerpolicy="strict-origin-when-cross-origin"' in html


def test_missing_title_gets_the_default_title():
    html = iframe_embed(f'<iframe src="{JITSI}"></iframe>', hosts=HOSTS, default_title="Lecture player")
    assert 'title="Lecture player"' in html


def test_scripts_are_dropped_with_their_text():
    html = iframe_embed(f'<script>alert(1)</script><iframe src="{JITSI}"></iframe>', hosts=HOSTS)
    assert "script" not in html
    assert "alert" not in html


@pytest.mark.parametrize("handler", ["onload", "onerror", "onmouseover", "ONLOAD"])
def test_event_handlers_are_dropped(handler):
    html = iframe_embed(f'<iframe src="{JITSI}" {handler}="alert(1)"></iframe>', hosts=HOSTS)
    assert "alert" not in html
    assert handler.lower() not in html.lower()
    assert JITSI in html


@pytest.mark.parametrize(
    "src",
    [
        "https://evil.example.com/room",
        "https://meet.lectures.demo.invalid.evil.example/room",
        "http://meet.lectures.demo.invalid/room",
        "javascript:alert(1)",
        "//meet.lectures.demo.invalid/room",
        "https://user@evil.example/@meet.lectures.demo.invalid",
        "data:text/html,<script>alert(1)</script>",
    ],
)
def test_iframes_from_other_hosts_or_schemes_are_dropped(src):
    assert iframe_embed(f'<iframe src="{src}"></iframe>', hosts=HOSTS) == ""


@pytest.mark.parametrize(
    "attribute",
    ['srcdoc="<script>alert(1)</script>"', 'style="position:fixed"', 'sandbox=""', 'name="x"', 'allow="geolocation"'],
)
def test_attributes_off_the_list_are_dropped(attribute):
    html = iframe_embed(f'<iframe src="{JITSI}" {attribute}></iframe>', hosts=HOSTS)
    name = attribute.split("=")[0]
    assert f"{name}=" not in html
    assert JITSI in html


def test_other_tags_and_text_are_dropped():
    html = iframe_embed(
        f'<div><p>hi</p><a href="https://x">x</a><object data="x"></object><iframe src="{JITSI}"></iframe></div>',
        hosts=HOSTS,
    )
    assert html == f'<iframe src="{JITSI}" title="" referrerpolicy="strict-origin-when-cross-origin"></iframe>'


def test_nested_iframe_trick_does_not_survive():
    html = iframe_embed(
        f'<iframe src="https://evil.example"><iframe src="{JITSI}" onload="x"></iframe></iframe>', hosts=HOSTS
    )
    assert "evil" not in html
    assert "onload" not in html


def test_provider_embed_only_accepts_that_providers_host():
    youtube = '<iframe src="https://www.youtube-nocookie.com/embed/abc"></iframe>'
    assert sanitise_embed(youtube, provider=Provider.JITSI) == ""
    assert "youtube-nocookie.com" in sanitise_embed(youtube, provider=Provider.YOUTUBE)
    assert sanitise_embed('<iframe src="https://www.youtube.com/embed/abc"></iframe>') == ""


def test_plain_text_removes_tags_and_keeps_words():
    assert plain_text("<b>Hello</b> <script>x()</script>world &amp; 5 < 6") == "Hello x()world & 5 < 6"
    assert plain_text("a\n\n\n\nb  c") == "a\n\nb c"


def test_frame_src_lists_exactly_the_allowlisted_hosts():
    policy = embed_csp()
    assert policy["frame-src"] == [
        "'self'",
        "https://bbb.lectures.demo.invalid",
        "https://meet.lectures.demo.invalid",
        "https://www.youtube-nocookie.com",
    ]
    assert "'unsafe-inline'" not in policy["script-src"]


@pytest.mark.django_db
def test_session_clean_rejects_an_embed_from_another_host(lecture):
    session = LectureSession(
        lecture=lecture,
        starts_at="2030-01-01T10:00+05:00",
        ends_at="2030-01-01T11:00+05:00",
        provider=Provider.JITSI,
        embed_html='<iframe src="https://evil.example/x"></iframe>',
    )
    with pytest.raises(ValidationError) as error:
        session.full_clean()
    assert "embed_html" in error.value.message_dict


@pytest.mark.django_db
def test_session_clean_stores_the_sanitised_embed(lecture):
    session = LectureSession(
        lecture=lecture,
        starts_at="2030-01-01T10:00+05:00",
        ends_at="2030-01-01T11:00+05:00",
        provider=Provider.JITSI,
        embed_html=f'<iframe src="{JITSI}" onload="steal()"></iframe><script>x</script>',
    )
    session.full_clean()
    assert "steal" not in session.embed_html and "script" not in session.embed_html
