"""The comparison of bench/backup_drill.py: what it calls a difference between source and restore."""

import importlib.util
import sys
import tarfile
from pathlib import Path

import pytest

PATH = Path(__file__).resolve().parents[2] / "bench" / "backup_drill.py"


@pytest.fixture(scope="module")
def drill():
    spec = importlib.util.spec_from_file_location("backup_drill", PATH)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    try:
        spec.loader.exec_module(module)
        yield module
    finally:
        sys.modules.pop(spec.name, None)


def test_identical_counts_are_no_difference(drill):
    counts = {"public.quizzes_attempt": 120, "public.cohorts_attendance": 30}
    assert drill.compare_counts(counts, dict(counts)) == []


def test_a_changed_count_and_a_table_on_one_side_only_are_differences(drill):
    source = {"public.quizzes_attempt": 120, "public.cohorts_attendance": 30, "public.only_here": 0}
    restored = {"public.quizzes_attempt": 119, "public.cohorts_attendance": 30, "public.only_there": 0}
    differences = drill.compare_counts(source, restored)
    assert [(d.what, d.source, d.restored) for d in differences] == [
        ("table public.only_here", 0, None),
        ("table public.only_there", None, 0),
        ("table public.quizzes_attempt", 120, 119),
    ]


def test_empty_table_missing_after_restore_is_a_difference(drill):
    # An empty table and a missing table are not the same thing: 0 is not None.
    assert drill.compare_counts({"public.empty": 0}, {}) != []


def test_files_missing_extra_or_changed_are_differences(drill):
    source = {"images/a.jpg": "aa", "documents/b.pdf": "bb", "c.txt": "cc"}
    restored = {"images/a.jpg": "aa", "documents/b.pdf": "b2", "d.txt": "dd"}
    assert [d.what for d in drill.compare_files(source, restored)] == [
        "file c.txt",
        "file d.txt",
        "file documents/b.pdf",
    ]


def test_checksums_cover_every_file_below_the_folder(drill, tmp_path):
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "a.jpg").write_bytes(b"jpeg")
    (tmp_path / "b.pdf").write_bytes(b"pdf")
    sums = drill.file_checksums(tmp_path)
    assert set(sums) == {"images/a.jpg", "b.pdf"}
    (tmp_path / "b.pdf").write_bytes(b"pdf, changed")
    assert drill.compare_files(sums, drill.file_checksums(tmp_path))[0].what == "file b.pdf"


def test_a_sequence_behind_its_ids_is_a_difference(drill):
    positions = {"public.a.id": (10, 10), "public.b.id": (3, 7), "public.empty.id": (1, None)}
    assert [d.what for d in drill.lagging_sequences(positions)] == ["sequence of public.b.id"]


def test_the_archive_holds_every_file_with_the_checksum_reported(drill, tmp_path):
    media = tmp_path / "media"
    (media / "documents").mkdir(parents=True)
    (media / "documents" / "guide.pdf").write_bytes(b"%PDF-1.7 " + bytes(range(256)) * 300)
    (media / "a.txt").write_text("бала")
    archive = tmp_path / "media.tar.gz"
    archived = drill.archive_folder(media, archive)
    restored = tmp_path / "restored"
    restored.mkdir()
    with tarfile.open(archive, "r:gz") as tar:
        tar.extractall(restored, filter="data")
    assert archived == drill.file_checksums(media) == drill.file_checksums(restored)
    assert set(archived) == {"a.txt", "documents/guide.pdf"}


def test_a_missing_media_folder_is_an_empty_archive(drill, tmp_path):
    archive = tmp_path / "media.tar.gz"
    assert drill.archive_folder(tmp_path / "no-uploads-yet", archive) == {}
    with tarfile.open(archive, "r:gz") as tar:
        assert tar.getnames() == []
