"""Backups (emulation/backup.py, `make backup` / `make restore`): a backup of real data with a signed report,
restored into a fresh PostgreSQL database and media folder, has every row and file, and the signature still
validates; a tampered backup or a non-empty target is refused and nothing changes."""
import hashlib
import io
import json
import subprocess
import uuid
from pathlib import Path

import pytest
from asn1crypto import pem
from asn1crypto import x509 as asn1_x509
from django.core.management import CommandError, call_command
from django.db import connection
from psycopg2 import sql
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import async_validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from emulation import backup
from reports.domain.event_loop import run_sync
from reports.models import Report
from tests.reports.signing.conftest import media, read, sign, signers, year_end  # noqa: F401 (fixtures)

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def empty_database(django_db_setup):
    """A fresh, empty PostgreSQL database on the test server (a copy of the test database's settings with
    another NAME); dropped at the end."""
    source = dict(connection.settings_dict)
    name = f"{source['NAME']}_restore_{uuid.uuid4().hex[:8]}"[:63]
    admin = backup.connect(source, dbname="postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield {**source, "NAME": name}
    finally:
        with admin.cursor() as cursor:
            cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        admin.close()


def table_counts(db):
    """{table: rows} of every table in ``db``, counted here (not by the code under test)."""
    conn = backup.connect(db)
    try:
        with conn.cursor() as cursor:
            cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")
            tables = [row[0] for row in cursor.fetchall()]
            counts = {}
            for table in tables:
                cursor.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table)))
                counts[table] = cursor.fetchone()[0]
            return counts
    finally:
        conn.close()


def tree(root):
    """{relative path: bytes} of every file under ``root``."""
    root = Path(root)
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def fetch(db, query, params=()):
    conn = backup.connect(db)
    try:
        with conn.cursor() as cursor:
            cursor.execute(query, params)
            return cursor.fetchall()
    finally:
        conn.close()


def signature_statuses(data, db):
    """pyHanko's validation of every signature in ``data``, trusting the CAs stored in the database ``db``."""
    roots = [asn1_x509.Certificate.load(pem.unarmor(row[0].encode())[2])
             for row in fetch(db, "SELECT certificate_pem FROM reports_certificateauthority")]
    context = ValidationContext(trust_roots=roots, allow_fetching=False)
    reader = PdfFileReader(io.BytesIO(data), strict=False)
    return {s.field_name: run_sync(async_validate_pdf_signature(s, context)) for s in reader.embedded_signatures}


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_backup_restores_into_an_empty_database_with_every_row_file_and_valid_signature(
        signers, year_end, media, empty_database, tmp_path):  # noqa: F811
    sign(year_end, signers.head)
    sign(year_end, signers.deputy)
    year_end.refresh_from_db()
    signed = read(year_end.signed_file.name)
    assert {name: (s.intact, s.valid, s.trusted) for name, s in signature_statuses(signed, connection.settings_dict)
            .items()} == {"sig-leader": (True, True, True), "sig-deputy": (True, True, True)}
    source = dict(connection.settings_dict)
    original_rows, original_files = table_counts(source), tree(media)
    assert original_rows["reports_report"] == 1 and original_rows["reports_signature"] == 2
    assert original_rows["audit_auditevent"] > 0 and original_rows["django_migrations"] > 0
    assert year_end.signed_file.name in original_files and year_end.file.name in original_files

    manifest = backup.backup(source, media, tmp_path / "backup")

    files = {p.name for p in (tmp_path / "backup").iterdir()}
    assert files == {"database.dump", "media.tar.gz", "manifest.json"}
    assert manifest == json.loads((tmp_path / "backup" / "manifest.json").read_text())
    assert manifest["tables"] == original_rows
    assert manifest["media"] == {name: {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
                                 for name, data in original_files.items()}
    assert manifest["files"]["database.dump"]["sha256"] == hashlib.sha256(
        (tmp_path / "backup" / "database.dump").read_bytes()).hexdigest()
    applied = dict(fetch(source, "SELECT app, max(name) FROM django_migrations GROUP BY app"))
    assert manifest["migrations"] == applied and "reports" in applied
    assert table_counts(empty_database) == {}

    restored_media = tmp_path / "restored-media"
    backup.restore(tmp_path / "backup", empty_database, restored_media)

    assert table_counts(empty_database) == original_rows
    assert tree(restored_media) == original_files
    restored_pdf = (restored_media / year_end.signed_file.name).read_bytes()
    query = "SELECT signed_sha256, version FROM reports_report WHERE id = %s"
    [(signed_sha256, version)] = fetch(empty_database, query, (year_end.pk,))
    assert (signed_sha256, version) == (hashlib.sha256(restored_pdf).hexdigest(), 3)
    statuses = signature_statuses(restored_pdf, empty_database)  # trust roots from the restored database
    assert list(statuses) == ["sig-leader", "sig-deputy"]
    assert all(s.intact and s.valid and s.trusted and s.docmdp_ok for s in statuses.values())
    # The restored sequences go on after the restored rows: a new row in the restored database gets a new id.
    [(next_id, last_id)] = fetch(empty_database, "SELECT nextval(pg_get_serial_sequence('accounts_user', 'id')), "
                                                 "(SELECT max(id) FROM accounts_user)")
    assert next_id > last_id


def _flip_byte(path):
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))


def _change_media_hash(directory):
    manifest = json.loads((directory / "manifest.json").read_text())
    name = sorted(manifest["media"])[0]
    manifest["media"][name]["sha256"] = "0" * 64
    (directory / "manifest.json").write_text(json.dumps(manifest))


def _change_tarball_hash(directory):
    manifest = json.loads((directory / "manifest.json").read_text())
    manifest["files"]["media.tar.gz"]["sha256"] = "f" * 64
    (directory / "manifest.json").write_text(json.dumps(manifest))


def _add_unlisted_file(directory):
    """A tarball rebuilt with an extra file and its new hash written in the manifest: the media list catches it."""
    import tarfile

    path = directory / "media.tar.gz"
    with tarfile.open(path, "r:gz") as tar:
        members = [(m, tar.extractfile(m).read()) for m in tar.getmembers()]
    with tarfile.open(path, "w:gz") as tar:
        for member, data in members + [(tarfile.TarInfo("evil.pdf"), b"%PDF-1.7 not from the backup")]:
            member.size = len(data)
            tar.addfile(member, io.BytesIO(data))
    manifest = json.loads((directory / "manifest.json").read_text())
    manifest["files"]["media.tar.gz"] = {"sha256": backup.sha256_file(path), "size": path.stat().st_size}
    (directory / "manifest.json").write_text(json.dumps(manifest))


TAMPERINGS = {
    "a byte of media.tar.gz": lambda d: _flip_byte(d / "media.tar.gz"),
    "a byte of database.dump": lambda d: _flip_byte(d / "database.dump"),
    "a media hash in the manifest": _change_media_hash,
    "the tarball hash in the manifest": _change_tarball_hash,
    "a file added to the tarball": _add_unlisted_file,
}


@pytest.fixture
def made_backup(db, media, tmp_path):  # noqa: F811
    """A backup of the test database (rows of the migrations) and two media files."""
    (media / "reports" / "2026").mkdir(parents=True)
    (media / "reports" / "2026" / "1.pdf").write_bytes(b"%PDF-1.7 first")
    (media / "logo.png").write_bytes(b"\x89PNG second")
    backup.backup(dict(connection.settings_dict), media, tmp_path / "backup")
    return tmp_path / "backup"


@pytest.mark.integration
def test_tampered_backups_are_refused_and_the_target_stays_empty(made_backup, empty_database, tmp_path):
    backup.verify(made_backup)  # untouched, it passes
    for label, tamper in TAMPERINGS.items():
        copy = tmp_path / label.replace(" ", "-")
        subprocess.run(["cp", "-a", str(made_backup), str(copy)], check=True)
        tamper(copy)
        target_media = tmp_path / f"media-{copy.name}"
        with pytest.raises(backup.BackupError, match="does not match its manifest; nothing was restored"):
            backup.restore(copy, empty_database, target_media)
        assert table_counts(empty_database) == {}, label
        assert not target_media.exists(), label


@pytest.mark.integration
def test_restore_refuses_a_database_that_is_not_empty_and_changes_nothing(made_backup, media, settings):  # noqa: F811
    source = dict(connection.settings_dict)
    before = table_counts(source)
    settings.MEDIA_ROOT = str(media)
    with pytest.raises(CommandError, match=r"not empty .*--force.*Nothing was changed"):
        call_command("restore", str(made_backup))
    assert table_counts(source) == before


@pytest.mark.integration
def test_backup_command_refuses_a_directory_that_is_not_empty(made_backup):
    with pytest.raises(CommandError, match="already exists and is not an empty directory"):
        call_command("backup", "--output", str(made_backup))
    assert sorted(p.name for p in made_backup.iterdir()) == ["database.dump", "manifest.json", "media.tar.gz"]


@pytest.mark.unit
def test_sqlite_is_refused_clearly(tmp_path):
    sqlite = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "db.sqlite3")}
    with pytest.raises(backup.BackupError, match="SQLite is not supported: backups need PostgreSQL"):
        backup.backup(sqlite, tmp_path / "media", tmp_path / "out")
    with pytest.raises(backup.BackupError, match="SQLite is not supported"):
        backup.restore(tmp_path / "out", sqlite, tmp_path / "media")
    assert not (tmp_path / "out").exists()


@pytest.mark.unit
def test_make_targets_call_the_scripts():
    def dry_run(*args):
        return subprocess.run(["make", "-s", "-n", "-C", str(ROOT), *args], capture_output=True, text=True,
                              check=True).stdout
    assert "bash scripts/backup.sh --output /x" in dry_run("backup", "ARGS=--output /x")
    assert 'bash scripts/restore.sh "b/1" --force' in dry_run("restore", "BACKUP=b/1", "ARGS=--force")
    for script in ("backup.sh", "restore.sh"):
        subprocess.run(["bash", "-n", str(ROOT / "scripts" / script)], check=True)
    assert "backups/" in (ROOT / ".gitignore").read_text().split()
