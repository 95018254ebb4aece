from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from cms.home.models import HomePage, StandardPage
from courses.blocks import VideoBlock
from courses.models import CourseIndexPage, CoursePage, LessonPage, ModulePage
from courses.video import parse_video_url

pytestmark = pytest.mark.django_db


def test_course_index_lives_only_under_the_home_page():
    assert CourseIndexPage.can_create_at(HomePage()) is True
    assert CourseIndexPage.can_create_at(StandardPage()) is False
    assert CourseIndexPage.allowed_subpage_models() == [CoursePage]


def test_courses_modules_and_lessons_nest_in_order_only():
    assert CoursePage.allowed_parent_page_models() == [CourseIndexPage]
    assert ModulePage.allowed_parent_page_models() == [CoursePage]
    assert LessonPage.allowed_parent_page_models() == [ModulePage]
    assert CoursePage.allowed_subpage_models() == [ModulePage]
    assert ModulePage.allowed_subpage_models() == [LessonPage]
    assert LessonPage.allowed_subpage_models() == []


def test_only_one_course_index_per_home_page(course_index):
    assert CourseIndexPage.can_create_at(course_index.get_parent().specific) is False


def test_course_page_lists_modules_and_lessons(client, course_tree):
    html = client.get(course_tree.course.url).content.decode()
    for page in [*course_tree.modules, *course_tree.lessons]:
        assert page.title in html
    assert "6 h" in html or "6 сағ" in html


def test_lesson_is_readable_without_signing_in_and_sets_no_cookie(client, course_tree):
    response = client.get(course_tree.lessons[0].url)
    assert response.status_code == 200
    assert "Сабақ мәтіні" in response.content.decode()
    assert not response.cookies


def test_course_page_sets_no_cookie_for_anonymous_visitors(client, course_tree):
    response = client.get(course_tree.course.url)
    assert response.status_code == 200
    assert not response.cookies
    assert "csrfmiddlewaretoken" not in response.content.decode()


def test_every_block_type_renders(client, course_index):
    from .conftest import build_course

    tree = build_course(course_index, modules=1, lessons_per_module=1)
    lesson = tree.lessons[0]
    lesson.body = [
        ("text", "<p>Мәтін</p>"),
        (
            "video",
            {
                "title": "Бейне",
                "embed_url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
                "file": None,
                "captions": None,
                "captions_language": "kk",
                "transcript": "<p>Транскрипт мәтіні</p>",
            },
        ),
        (
            "case_study",
            {
                "title": "Жағдай",
                "situation": "<p>Оқушы</p>",
                "questions": ["Не істейсіз?"],
                "discussion": "<p>Талқылау</p>",
            },
        ),
        ("callout", {"kind": "important", "title": "Маңызды", "text": "<p>111</p>"}),
        ("accordion", {"items": [{"title": "Белгілер", "body": "<p>Белгі мәтіні</p>"}]}),
    ]
    lesson.save_revision().publish()
    response = client.get(lesson.url)
    html = response.content.decode()
    assert "<details" in html and "<summary>Белгілер</summary>" in html
    assert "Транскрипт мәтіні" in html
    assert "youtube-nocookie.com/embed/dQw4w9WgXcQ" in html
    # The player's origin is allowed to be framed on this page only, and only after a click (no iframe in the HTML).
    assert "https://www.youtube-nocookie.com" in response["Content-Security-Policy"]
    assert "<iframe" not in html


def test_pages_without_embeds_keep_the_strict_frame_policy(client, course_tree):
    response = client.get(course_tree.lessons[0].url)
    assert "youtube" not in response["Content-Security-Policy"]


@pytest.mark.parametrize(
    "url, expected",
    [
        ("https://youtu.be/dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
        ("https://vimeo.com/76979871", "https://player.vimeo.com/video/76979871"),
        (
            "https://rutube.ru/video/0123456789abcdef0123456789abcdef/",
            "https://rutube.ru/play/embed/0123456789abcdef0123456789abcdef",
        ),
        ("https://evil.example/watch?v=dQw4w9WgXcQ", None),
        ("http://www.youtube.com/watch?v=dQw4w9WgXcQ", None),
        ("https://www.youtube.com/watch?v=<script>", None),
    ],
)
def test_only_allowlisted_video_addresses_are_embedded(url, expected):
    embed = parse_video_url(url)
    assert (embed.player_url if embed else None) == expected


def test_video_block_refuses_an_address_off_the_allowlist():
    block = VideoBlock()
    value = block.to_python({"title": "x", "embed_url": "https://evil.example/v/1", "transcript": "<p>t</p>"})
    with pytest.raises(ValidationError):
        block.clean(value)


def test_embedded_video_needs_a_transcript():
    block = VideoBlock()
    value = block.to_python({"title": "x", "embed_url": "https://youtu.be/dQw4w9WgXcQ", "transcript": ""})
    with pytest.raises(ValidationError):
        block.clean(value)


def test_lesson_has_print_styles(client, course_tree):
    from django.contrib.staticfiles import finders

    html = client.get(course_tree.lessons[0].url).content.decode()
    assert "courses/courses.css" in html
    css = Path(finders.find("courses/courses.css")).read_text()
    assert "@media print" in css and "details-content" in css


def test_uploaded_video_plays_with_a_captions_track(client, course_index):
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    from .conftest import build_course

    Document = get_document_model()
    video = Document(title="Бейне")
    video.file.save("lesson.mp4", ContentFile(b"\x00\x00\x00\x18ftypmp42"), save=False)
    video.save()
    captions = Document(title="Субтитр")
    captions.file.save("lesson.vtt", ContentFile(b"WEBVTT\n\n00:00.000 --> 00:01.000\n111\n"), save=False)
    captions.save()
    tree = build_course(course_index, modules=1, lessons_per_module=1)
    lesson = tree.lessons[0]
    lesson.body = [
        (
            "video",
            {
                "title": "Бейне",
                "file": video,
                "embed_url": "",
                "captions": captions,
                "captions_language": "kk",
                "transcript": "",
            },
        ),
    ]
    lesson.save_revision().publish()
    html = client.get(lesson.url).content.decode()
    assert f'<source src="{video.url}" type="video/mp4">' in html
    assert f'<track kind="captions" src="{captions.url}" srclang="kk"' in html


def test_uploaded_video_without_captions_or_transcript_is_refused():
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    video = get_document_model()(title="Бейне")
    video.file.save("lesson.mp4", ContentFile(b"\x00"), save=False)
    video.save()
    block = VideoBlock()
    with pytest.raises(ValidationError):
        block.clean(block.to_python({"title": "x", "file": video.pk, "embed_url": "", "transcript": ""}))
