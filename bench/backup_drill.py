"""Backup and restore drill: dump the database and the media store, restore both, compare.

1. Backup: ``pg_dump --format=custom`` of the database, taken in a snapshot that this script
   holds open so the row counts it reads are those of the dump exactly (the site may keep
   writing meanwhile), and a tar.gz of the media store (a folder, or every object of an S3
   bucket), both under var/backup/<stamp>/.
2. Restore: ``pg_restore`` into a new database and the tar into a new folder or a new bucket.
3. Compare: the row count of every table, source (in the dump's snapshot) against restored; every
   sequence is ahead of the largest id of its column, so new rows get fresh ids; the media files,
   name by name, by SHA-256. Prints the comparison and exits 1 on any difference.

    .venv/bin/python bench/backup_drill.py                 # the database and media of bench/cluster
    .venv/bin/python bench/backup_drill.py --database-url postgres://postgres@127.0.0.1:5432/pct \\
        --media /srv/pct/media [--keep]
    .venv/bin/python bench/backup_drill.py --database-url URL --bucket pct-media   # S3 media

With --bucket the S3 endpoint and keys come from the production settings' variables
(AWS_S3_ENDPOINT_URL, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_S3_REGION_NAME) and the
restore goes to a new bucket <bucket>-restore-<stamp> on the same endpoint.

The restored database and folder or bucket are removed afterwards unless --keep; the backup stays
in var/backup/. Needs pg_dump and pg_restore of the server's major version (postgresql-client).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shlex
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Protocol
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
BACKUPS = ROOT / "var" / "backup"


@dataclass(frozen=True)
class Difference:
    what: str
    source: object
    restored: object

    def __str__(self) -> str:
        return f"{self.what}: source {self.source}, restored {self.restored}"


def compare_counts(source: dict[str, int], restored: dict[str, int]) -> list[Difference]:
    """Tables whose row counts differ, or that exist on one side only (count None)."""
    return [
        Difference(f"table {name}", source.get(name), restored.get(name))
        for name in sorted(source.keys() | restored.keys())
        if source.get(name) != restored.get(name)
    ]


def compare_files(source: dict[str, str], restored: dict[str, str]) -> list[Difference]:
    """Files missing on one side (None) or whose checksums differ."""
    return [
        Difference(f"file {name}", source.get(name), restored.get(name))
        for name in sorted(source.keys() | restored.keys())
        if source.get(name) != restored.get(name)
    ]


def lagging_sequences(sequences: dict[str, tuple[int, int]]) -> list[Difference]:
    """Sequences whose next value would collide with an existing id: {column: (last_value, max id)}."""
    return [
        Difference(f"sequence of {column}", f"max id {top}", f"last value {last}")
        for column, (last, top) in sorted(sequences.items())
        if top is not None and last < top
    ]


def sha256_of(stream: IO[bytes]) -> str:
    digest = hashlib.sha256()
    for chunk in iter(lambda: stream.read(1 << 20), b""):
        digest.update(chunk)
    return digest.hexdigest()


def file_checksums(folder: Path) -> dict[str, str]:
    found = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            with path.open("rb") as handle:
                found[str(path.relative_to(folder))] = sha256_of(handle)
    return found


def archive_folder(folder: Path, archive: Path) -> dict[str, str]:
    """Write ``folder`` to a tar.gz and return the SHA-256 of each file as archived.

    Each file is copied once, hashed on the way, into a spooled copy that goes into the archive:
    the checksums are of what the backup holds even if the site writes a file meanwhile (hashing
    the folder and archiving it in two passes would report such a file as a failed restore). A
    missing folder (no upload yet) gives an empty archive."""
    found = {}
    with tarfile.open(archive, "w:gz") as tar:
        paths = sorted(folder.rglob("*")) if folder.exists() else []
        for path in paths:
            if not path.is_file():
                continue
            name = str(path.relative_to(folder))
            with path.open("rb") as handle:
                found[name] = add_to_archive(tar, tar.gettarinfo(str(path), arcname=name), handle)
    return found


def add_to_archive(tar: tarfile.TarFile, info: tarfile.TarInfo, source: IO[bytes]) -> str:
    """Copy ``source`` into ``tar`` as ``info`` through a spooled copy, and return its SHA-256."""
    digest = hashlib.sha256()
    with tempfile.SpooledTemporaryFile(max_size=16 << 20) as copy:
        for chunk in iter(lambda: source.read(1 << 20), b""):
            digest.update(chunk)
            copy.write(chunk)
        info.size = copy.tell()
        copy.seek(0)
        tar.addfile(info, copy)
    return digest.hexdigest()


# --- the media store: a folder or an S3 bucket -------------------------------------------------


class MediaStore(Protocol):
    def describe(self) -> str: ...

    def archive(self, archive: Path) -> dict[str, str]:
        """Write every file to ``archive`` (tar.gz); the SHA-256 of each, as archived."""

    def restore(self, archive: Path, stamp: str, backup: Path) -> str:
        """Restore ``archive`` into a new store of this kind; returns where."""

    def restored_checksums(self) -> dict[str, str]: ...

    def remove_restored(self) -> None: ...


@dataclass
class FolderStore:
    folder: Path
    restored: Path | None = None

    def describe(self) -> str:
        return f"media folder {self.folder}"

    def archive(self, archive: Path) -> dict[str, str]:
        if not self.folder.exists():
            say(f"no media folder at {self.folder}: nothing uploaded yet, the archive is empty")
        return archive_folder(self.folder, archive)

    def restore(self, archive: Path, stamp: str, backup: Path) -> str:
        self.restored = backup / "media-restored"
        self.restored.mkdir()
        with tarfile.open(archive, "r:gz") as tar:
            tar.extractall(self.restored, filter="data")
        return f"folder {self.restored}"

    def restored_checksums(self) -> dict[str, str]:
        return file_checksums(self.restored) if self.restored else {}

    def remove_restored(self) -> None:
        if self.restored:
            shutil.rmtree(self.restored, ignore_errors=True)


def s3_client(variables: Mapping[str, str] = os.environ):
    """A client for the endpoint the production settings name (the same variables)."""
    import boto3

    return boto3.client(
        "s3",
        endpoint_url=variables.get("AWS_S3_ENDPOINT_URL") or None,
        region_name=variables.get("AWS_S3_REGION_NAME") or None,
        aws_access_key_id=variables.get("AWS_ACCESS_KEY_ID"),
        aws_secret_access_key=variables.get("AWS_SECRET_ACCESS_KEY"),
    )


SINGLE_PUT_BYTES = 16 << 20


def restore_bucket_name(bucket: str, stamp: str) -> str:
    """``<bucket>-restore-<stamp>``, shortened to S3's 63 characters by cutting the source's name
    (never the stamp), and never the source's own name."""
    suffix = f"-restore-{stamp}".lower()
    name = f"{bucket[: 63 - len(suffix)].rstrip('-.')}{suffix}"
    if name == bucket:
        raise SystemExit(f"[backup] cannot name a restore bucket apart from {bucket}")
    return name


@dataclass
class BucketStore:
    """Media in an S3 bucket (STORAGES["default"] of the production settings). Object keys are
    the archive's member names, so a bucket's archive restores into a folder as well."""

    client: object
    bucket: str
    restored: str = ""

    def describe(self) -> str:
        return f"S3 bucket {self.bucket}"

    def keys(self, bucket: str) -> list[str]:
        pages = self.client.get_paginator("list_objects_v2").paginate(Bucket=bucket)
        return sorted(item["Key"] for page in pages for item in page.get("Contents", []))

    def archive(self, archive: Path) -> dict[str, str]:
        found = {}
        with tarfile.open(archive, "w:gz") as tar:
            for key in self.keys(self.bucket):
                try:
                    body = self.client.get_object(Bucket=self.bucket, Key=key)["Body"]
                except self.client.exceptions.NoSuchKey:
                    continue  # deleted since the listing: not in the store any more
                info = tarfile.TarInfo(key)
                info.mtime = int(time.time())
                with body:
                    found[key] = add_to_archive(tar, info, body)
        return found

    def restore(self, archive: Path, stamp: str, backup: Path) -> str:
        name = restore_bucket_name(self.bucket, stamp)
        # A new bucket or nothing: remove_restored() empties what `restored` names, so it must
        # never name the source or any bucket that existed before.
        try:
            self.client.head_bucket(Bucket=name)
        except self.client.exceptions.ClientError as error:
            if error.response.get("Error", {}).get("Code") not in ("404", "NoSuchBucket"):
                raise
        else:
            raise SystemExit(f"[backup] bucket {name} exists already: the drill restores into a new one only")
        region = self.client.meta.region_name
        where = {} if region in (None, "us-east-1") else {"LocationConstraint": region}
        self.client.create_bucket(Bucket=name, **({"CreateBucketConfiguration": where} if where else {}))
        self.restored = name
        with tarfile.open(archive, "r:gz") as tar:
            for member in tar:
                if not member.isfile():
                    continue
                source = tar.extractfile(member)
                if member.size <= SINGLE_PUT_BYTES:
                    # One request: upload_fileobj's transfer manager costs ~0.15 s per small object.
                    self.client.put_object(Bucket=self.restored, Key=member.name, Body=source.read())
                else:
                    self.client.upload_fileobj(source, self.restored, member.name)  # multipart
        return f"bucket {self.restored}"

    def restored_checksums(self) -> dict[str, str]:
        if not self.restored:
            return {}
        found = {}
        for key in self.keys(self.restored):
            with self.client.get_object(Bucket=self.restored, Key=key)["Body"] as body:
                found[key] = sha256_of(body)
        return found

    def remove_restored(self) -> None:
        if not self.restored:
            return
        keys = self.keys(self.restored)
        for start in range(0, len(keys), 1000):  # at most 1,000 keys per delete request
            batch = [{"Key": key} for key in keys[start : start + 1000]]
            self.client.delete_objects(Bucket=self.restored, Delete={"Objects": batch})
        self.client.delete_bucket(Bucket=self.restored)


# --- PostgreSQL ------------------------------------------------------------------------------


TABLES = """
    SELECT quote_ident(table_schema) || '.' || quote_ident(table_name)
    FROM information_schema.tables
    WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')
    ORDER BY 1
"""
# Every column that takes its default from a sequence (serial or identity), with that sequence.
SEQUENCES = """
    SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname), quote_ident(a.attname),
           pg_get_serial_sequence(quote_ident(n.nspname) || '.' || quote_ident(c.relname), a.attname)
    FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
      AND n.nspname NOT IN ('pg_catalog', 'information_schema')
      AND pg_get_serial_sequence(quote_ident(n.nspname) || '.' || quote_ident(c.relname), a.attname) IS NOT NULL
"""


def row_counts(cursor) -> dict[str, int]:
    cursor.execute(TABLES)
    tables = [name for (name,) in cursor.fetchall()]
    counts = {}
    for table in tables:
        cursor.execute(f"SELECT count(*) FROM {table}")  # names quoted by quote_ident above
        counts[table] = cursor.fetchone()[0]
    return counts


def sequence_positions(cursor) -> dict[str, tuple[int, int | None]]:
    cursor.execute(SEQUENCES)
    positions = {}
    for table, column, sequence in cursor.fetchall():
        cursor.execute(f"SELECT last_value FROM {sequence}")
        last = cursor.fetchone()[0]
        cursor.execute(f"SELECT max({column}) FROM {table}")
        positions[f"{table}.{column}"] = (last, cursor.fetchone()[0])
    return positions


def with_database(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def connection_options(url: str) -> list[str]:
    parts = urlsplit(url)
    options = ["-h", parts.hostname or "127.0.0.1", "-p", str(parts.port or 5432)]
    if parts.username:
        options += ["-U", parts.username]
    return options


# --- the drill -------------------------------------------------------------------------------


def say(message: str) -> None:
    print(f"[backup] {message}", flush=True)


def run(command: list[str]) -> float:
    started = time.monotonic()
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"[backup] failed: {shlex.join(command)}\n{result.stderr.strip()}")
    return time.monotonic() - started


def size(path: Path) -> str:
    total = path.stat().st_size if path.is_file() else sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    return f"{total / 1e6:.1f} MB"


def cluster_source() -> tuple[str, MediaStore]:
    """The database and media store of bench/cluster in this checkout."""
    output = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "cluster"), "env"], capture_output=True, text=True, check=True
    ).stdout
    variables = {}
    for line in output.splitlines():
        name, _, value = line.removeprefix("export ").partition("=")
        variables[name] = shlex.split(value)[0] if value else ""
    if variables.get("AWS_STORAGE_BUCKET_NAME"):
        return variables["DATABASE_URL"], BucketStore(s3_client(variables), variables["AWS_STORAGE_BUCKET_NAME"])
    return variables["DATABASE_URL"], FolderStore(Path(variables["MEDIA_ROOT"]))


def drill(database_url: str, media: MediaStore, *, keep: bool) -> bool:
    import psycopg

    stamp = time.strftime("%Y%m%d-%H%M%S")
    folder = BACKUPS / stamp
    folder.mkdir(parents=True)
    source_name = urlsplit(database_url).path.lstrip("/")
    restored_name = f"{source_name}_restore_{stamp.replace('-', '_')}"
    restored_url = with_database(database_url, restored_name)
    dump, archive = folder / "db.dump", folder / "media.tar.gz"
    say(f"source: database {source_name}, {media.describe()}")

    # 1. Backup. The snapshot stays open until pg_dump has read it, so the counts are the dump's.
    with psycopg.connect(database_url) as source:
        source.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        snapshot = source.execute("SELECT pg_export_snapshot()").fetchone()[0]
        seconds = run(
            ["pg_dump", *connection_options(database_url), "--format=custom", f"--snapshot={snapshot}",
             "--file", str(dump), source_name]
        )  # fmt: skip
        say(f"pg_dump --format=custom --snapshot={snapshot} → {dump.relative_to(ROOT)} ({size(dump)}, {seconds:.1f} s)")
        with source.cursor() as cursor:
            source_counts = row_counts(cursor)
        source.rollback()
    started = time.monotonic()
    source_files = media.archive(archive)
    say(f"tar of the media store → {archive.relative_to(ROOT)} ({len(source_files)} files, {size(archive)}, "
        f"{time.monotonic() - started:.1f} s)")  # fmt: skip

    # 2. Restore into a fresh database and a fresh folder or bucket.
    try:
        run(["createdb", *connection_options(database_url), restored_name])
        seconds = run(
            ["pg_restore", *connection_options(database_url), "--no-owner", "--no-privileges", "--exit-on-error",
             "--jobs=2", "--dbname", restored_name, str(dump)]
        )  # fmt: skip
        say(f"pg_restore → database {restored_name} ({seconds:.1f} s)")
        started = time.monotonic()
        where = media.restore(archive, stamp, folder)
        say(f"media restored → {where} ({time.monotonic() - started:.1f} s)")

        # 3. Compare.
        with psycopg.connect(restored_url) as restored, restored.cursor() as cursor:
            restored_counts = row_counts(cursor)
            sequences = sequence_positions(cursor)
        restored_files = media.restored_checksums()
    finally:
        if not keep:
            subprocess.run(["dropdb", *connection_options(database_url), "--if-exists", restored_name], check=False)
            media.remove_restored()

    table_differences = compare_counts(source_counts, restored_counts)
    file_differences = compare_files(source_files, restored_files)
    sequence_differences = lagging_sequences(sequences)
    print(f"\n{'table':56} {'source':>9} {'restored':>9}")
    for table in sorted(source_counts.keys() | restored_counts.keys()):
        before, after = source_counts.get(table), restored_counts.get(table)
        mark = "" if before == after else "  ≠"
        print(f"{table:56} {before if before is not None else '-':>9} {after if after is not None else '-':>9}{mark}")
    print()
    checks = [
        (
            not table_differences,
            f"row counts: {len(source_counts)} tables, {sum(source_counts.values())} rows in the dump's snapshot, "
            f"{sum(restored_counts.values())} restored; {len(table_differences)} tables differ",
        ),
        (
            not sequence_differences,
            f"sequences: {len(sequences)} id sequences, {len(sequence_differences)} behind their column's largest id",
        ),
        (
            not file_differences,
            f"media: {len(source_files)} files in the store, {len(restored_files)} restored, "
            f"{len(file_differences)} missing, extra or with another SHA-256",
        ),
    ]
    for ok, text in checks:
        print(f"  {'PASS' if ok else 'FAIL'}  {text}")
    for difference in [*table_differences, *sequence_differences, *file_differences][:20]:
        print(f"        {difference}")
    kept = f"; restored copies kept: database {restored_name}, media {getattr(media, 'restored', '')}" if keep else ""
    say(f"backup kept in {folder.relative_to(ROOT)}{kept}")
    return all(ok for ok, _ in checks)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help="default: the database of bench/cluster")
    parser.add_argument("--media", type=Path, help="default: the media folder of bench/cluster")
    parser.add_argument("--bucket", help="media in this S3 bucket (endpoint and keys: AWS_* variables)")
    parser.add_argument("--keep", action="store_true", help="keep the restored database and folder or bucket")
    args = parser.parse_args()
    if args.media and args.bucket:
        parser.error("--media or --bucket, not both")
    database_url = args.database_url
    media: MediaStore | None = None
    if args.bucket:
        media = BucketStore(s3_client(), args.bucket)
    elif args.media:
        media = FolderStore(args.media)
    if not (database_url and media):
        cluster_url, cluster_media = cluster_source()
        database_url, media = database_url or cluster_url, media or cluster_media
    passed = drill(database_url, media, keep=args.keep)
    say("PASSED" if passed else "FAILED")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
