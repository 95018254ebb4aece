"""The comparison of bench/backup_drill.py: what it calls a difference between source and restore."""

import hashlib
import importlib.util
import shutil
import socket
import subprocess
import sys
import tarfile
import time
import urllib.error
import urllib.request
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


# --- media in an S3 bucket: against moto's S3 server when this machine has it -----------------


@pytest.fixture(scope="module")
def s3_endpoint():
    server = shutil.which("moto_server")
    if server is None:
        pytest.skip("no S3-compatible server here (moto_server)")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(  # noqa: S603 - moto_server found on PATH, fixed arguments
        [server, "-H", "127.0.0.1", "-p", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(url, timeout=1)  # noqa: S310 - our own local server
                break
            except urllib.error.HTTPError:
                break  # it answers
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("moto_server did not start")
        yield url
    finally:
        process.terminate()
        process.wait(10)


@pytest.fixture
def s3(drill, s3_endpoint, monkeypatch):
    for name, value in {
        "AWS_S3_ENDPOINT_URL": s3_endpoint,
        "AWS_S3_REGION_NAME": "us-east-1",
        "AWS_ACCESS_KEY_ID": "drill",
        "AWS_SECRET_ACCESS_KEY": "drill-secret",
    }.items():
        monkeypatch.setenv(name, value)
    return drill.s3_client()


def bucket_with_media(client, name: str) -> dict[str, bytes]:
    objects = {
        "original_images/child-helpline.png": b"\x89PNG" + bytes(range(256)) * 500,
        "documents/guide.pdf": b"%PDF-1.7 " + "бала".encode() * 1000,
        "empty.txt": b"",
    }
    client.create_bucket(Bucket=name)
    for key, body in objects.items():
        client.put_object(Bucket=name, Key=key, Body=body)
    return objects


def test_a_bucket_is_archived_and_restored_into_a_new_bucket_object_by_object(drill, s3, tmp_path):
    objects = bucket_with_media(s3, "pct-media-a")
    store = drill.BucketStore(s3, "pct-media-a")
    archived = store.archive(tmp_path / "media.tar.gz")
    assert archived == {key: hashlib.sha256(body).hexdigest() for key, body in objects.items()}
    where = store.restore(tmp_path / "media.tar.gz", "20261129-080000", tmp_path)
    assert where == "bucket pct-media-a-restore-20261129-080000"
    assert store.restored_checksums() == archived
    # A changed or lost object in the restored bucket is what the drill's comparison reports.
    s3.put_object(Bucket=store.restored, Key="documents/guide.pdf", Body=b"other")
    s3.delete_object(Bucket=store.restored, Key="empty.txt")
    differences = drill.compare_files(archived, store.restored_checksums())
    assert [d.what for d in differences] == ["file documents/guide.pdf", "file empty.txt"]
    store.remove_restored()
    names = {bucket["Name"] for bucket in s3.list_buckets()["Buckets"]}
    assert "pct-media-a" in names and store.restored not in names


def test_a_bucket_archive_restores_into_a_folder_as_well(drill, s3, tmp_path):
    """One archive format for both stores: a bucket's backup can be read without S3."""
    bucket_with_media(s3, "pct-media-b")
    archived = drill.BucketStore(s3, "pct-media-b").archive(tmp_path / "media.tar.gz")
    folder = drill.FolderStore(tmp_path / "unused")
    folder.restore(tmp_path / "media.tar.gz", "stamp", tmp_path)
    assert folder.restored_checksums() == archived


def test_an_empty_bucket_is_an_empty_archive(drill, s3, tmp_path):
    s3.create_bucket(Bucket="pct-media-empty")
    assert drill.BucketStore(s3, "pct-media-empty").archive(tmp_path / "media.tar.gz") == {}


def test_large_objects_are_restored_by_multipart_upload_too(drill, s3, tmp_path, monkeypatch):
    monkeypatch.setattr(drill, "SINGLE_PUT_BYTES", 1000)  # the two larger objects take the other path
    bucket_with_media(s3, "pct-media-large")
    store = drill.BucketStore(s3, "pct-media-large")
    archived = store.archive(tmp_path / "media.tar.gz")
    store.restore(tmp_path / "media.tar.gz", "large", tmp_path)
    assert store.restored_checksums() == archived
    store.remove_restored()


@pytest.mark.parametrize("length", [3, 40, 54, 63])
def test_a_restore_bucket_name_is_valid_and_never_the_source(drill, length):
    source = ("pct-media-" + "x" * 63)[:length]
    name = drill.restore_bucket_name(source, "20261129-080000")
    assert len(name) <= 63 and name != source
    assert name.endswith("-restore-20261129-080000") and name[0].isalnum()


def test_a_restore_never_goes_into_a_bucket_that_exists(drill, s3, tmp_path):
    """remove_restored() empties what it restored into: never the source or an older restore."""
    objects = bucket_with_media(s3, "pct-media-c")
    store = drill.BucketStore(s3, "pct-media-c")
    store.archive(tmp_path / "media.tar.gz")
    s3.create_bucket(Bucket="pct-media-c-restore-stamp")
    s3.put_object(Bucket="pct-media-c-restore-stamp", Key="kept.txt", Body=b"kept")
    with pytest.raises(SystemExit, match="exists already"):
        store.restore(tmp_path / "media.tar.gz", "stamp", tmp_path)
    store.remove_restored()
    assert s3.get_object(Bucket="pct-media-c-restore-stamp", Key="kept.txt")["Body"].read() == b"kept"
    assert len(store.keys("pct-media-c")) == len(objects)
