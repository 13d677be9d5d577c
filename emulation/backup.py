"""Backups of the whole system: the PostgreSQL database (pg_dump -Fc) and the media files (a .tar.gz of
MEDIA_ROOT), described by a manifest of hashes, and their verified restore into an empty database.

A backup directory holds:

* ``database.dump``: ``pg_dump -Fc`` of the database, taken in one exported snapshot;
* ``media.tar.gz``: every regular file under MEDIA_ROOT (paths relative to it), read *after* the snapshot, so
  every file a dumped row names is in it;
* ``manifest.json``: when, from where, the Django migration state (latest applied migration per app), the row
  count of every table (counted in the dump's own snapshot, so they match it exactly), the sha256 and size of
  every media file, and the sha256 of the dump and the tarball. It is written last: a directory without it
  is an unfinished backup.

Restore verifies everything first and changes nothing when anything differs or the target is not empty
(unless ``force``); then it restores the dump in one transaction, puts the media files in place, and
checks row counts, migration state and file hashes against the manifest.

Plain functions on a database described as in Django's ``DATABASES`` (``backup(...)``, ``restore(...)``);
the management commands ``backup`` and ``restore`` (audit/management/commands) and ``make backup`` /
``make restore`` call them. PostgreSQL only: SQLite is refused with a clear message.
"""
import datetime
import gzip
import hashlib
import json
import os
import secrets
import shutil
import subprocess
import tarfile
import zlib
from pathlib import Path, PurePosixPath

FORMAT = 1
DUMP_NAME = "database.dump"
MEDIA_NAME = "media.tar.gz"
MANIFEST_NAME = "manifest.json"
CHUNK = 1024 * 1024
# Keys of Django's OPTIONS that are not libpq connection parameters.
_DJANGO_ONLY_OPTIONS = {"isolation_level", "server_side_binding", "pool", "assume_role", "cursor_factory"}


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why and what to do."""


# --- the database ---------------------------------------------------------------------------------------


def check_postgresql(db):
    """Refuse anything but PostgreSQL (Django's DATABASES entry ``db``)."""
    engine = db.get("ENGINE", "")
    if "postgresql" not in engine:
        kind = "SQLite" if "sqlite" in engine else engine or "this database"
        raise BackupError(
            f"{kind} is not supported: backups need PostgreSQL. Set DATABASE_URL=postgres://user:password@host:"
            f"port/name (the database the application uses) and run the command again.")


def _libpq_params(db, *, password=True, dbname=None):
    params = {"dbname": dbname or db.get("NAME") or "", "user": db.get("USER") or None,
              "host": db.get("HOST") or None, "port": str(db["PORT"]) if db.get("PORT") else None}
    if password and db.get("PASSWORD"):
        params["password"] = db["PASSWORD"]
    for key, value in (db.get("OPTIONS") or {}).items():
        if key not in _DJANGO_ONLY_OPTIONS and isinstance(value, (str, int)):
            params[key] = str(value)
    return {k: v for k, v in params.items() if v is not None}


def connect(db, *, dbname=None):
    """A psycopg2 connection to ``db`` (a Django DATABASES entry), or to its server's ``dbname``."""
    import psycopg2

    check_postgresql(db)
    try:
        return psycopg2.connect(**_libpq_params(db, dbname=dbname))
    except psycopg2.OperationalError as exc:
        raise BackupError(f"cannot connect to PostgreSQL database {dbname or db.get('NAME')!r}: "
                          f"{str(exc).strip()}") from exc


def _client(db, program, *args):
    """Run pg_dump / pg_restore against ``db``: the password goes in PGPASSWORD, never on the command line."""
    import psycopg2.extensions

    if shutil.which(program) is None:
        raise BackupError(f"{program} not found: install the PostgreSQL client tools (Debian: apt-get install "
                          f"postgresql-client, at least the server's major version).")
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    dsn = psycopg2.extensions.make_dsn(**_libpq_params(db, password=False))
    result = subprocess.run([program, "--no-password", *args, f"--dbname={dsn}"], env=env, capture_output=True,
                            text=True)
    if result.returncode != 0:
        raise BackupError(f"{program} failed (exit {result.returncode}): {result.stderr.strip()}")
    return result


def user_tables(cursor):
    """[(schema, table)] of every ordinary or partitioned table outside PostgreSQL's own schemas."""
    cursor.execute("""
        SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
          AND n.nspname NOT LIKE 'pg\\_toast%%' AND n.nspname NOT LIKE 'pg\\_temp%%'
        ORDER BY 1, 2""")
    return cursor.fetchall()


def _relation_count(cursor):
    cursor.execute("""
        SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
          AND n.nspname NOT LIKE 'pg\\_toast%%' AND n.nspname NOT LIKE 'pg\\_temp%%'""")
    return cursor.fetchone()[0]


def _table_key(schema, table):
    return table if schema == "public" else f"{schema}.{table}"


def row_counts(cursor):
    """{table: rows} of every user table (``schema.table`` outside the public schema)."""
    from psycopg2 import sql

    counts = {}
    for schema, table in user_tables(cursor):
        cursor.execute(sql.SQL("SELECT count(*) FROM {}.{}").format(sql.Identifier(schema), sql.Identifier(table)))
        counts[_table_key(schema, table)] = cursor.fetchone()[0]
    return counts


def migration_state(cursor):
    """{app: name of its latest applied migration}, from django_migrations ({} when there is no such table)."""
    cursor.execute("SELECT to_regclass('django_migrations') IS NOT NULL")
    if not cursor.fetchone()[0]:
        return {}
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY applied, id")
    return dict(sorted(dict(cursor.fetchall()).items()))


def database_summary(db):
    """Row counts and migration state of ``db`` now: {"tables": {...}, "migrations": {...}}."""
    with connect(db) as conn, conn.cursor() as cursor:
        result = {"tables": row_counts(cursor), "migrations": migration_state(cursor)}
    conn.close()
    return result


# --- files ----------------------------------------------------------------------------------------------


def sha256_file(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


class _HashingReader:
    """A file wrapper that hashes exactly what tarfile reads from it."""

    def __init__(self, handle):
        self.handle, self.digest = handle, hashlib.sha256()

    def read(self, size=-1):
        data = self.handle.read(size)
        self.digest.update(data)
        return data


def media_files(media_root):
    """Sorted relative POSIX paths of every regular file under ``media_root`` (symbolic links not followed)."""
    root = Path(media_root)
    if not root.is_dir():
        return []
    found = []
    for directory, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in filenames:
            path = Path(directory) / name
            if path.is_file() and not path.is_symlink():
                found.append(path.relative_to(root).as_posix())
    return sorted(found)


def _archive_media(media_root, target):
    """Write every media file into the tarball ``target``; {path: {"sha256", "size"}} of what was written."""
    entries = {}
    with open(target, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as gz, \
            tarfile.open(fileobj=gz, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for relative in media_files(media_root):
            path = Path(media_root) / relative
            try:
                handle = open(path, "rb")
            except FileNotFoundError:  # deleted since the walk: it is not in the backup
                continue
            with handle:
                stat = os.fstat(handle.fileno())
                info = tarfile.TarInfo(relative)
                info.size, info.mtime, info.mode = stat.st_size, int(stat.st_mtime), 0o644
                reader = _HashingReader(handle)
                tar.addfile(info, reader)
                entries[relative] = {"sha256": reader.digest.hexdigest(), "size": stat.st_size}
    return entries


def _safe_member_name(name):
    path = PurePosixPath(name)
    if not name or path.is_absolute() or any(part in ("", ".", "..") for part in name.split("/")):
        raise BackupError(f"{MEDIA_NAME} holds an unsafe path {name!r}; this is not a backup made here.")
    return path


def _read_media(tarball, expected, extract_to=None):
    """Check every member of ``tarball`` against the manifest's ``expected`` {path: {sha256, size}}: regular
    files only, safe paths, no duplicate, none missing or extra, same size and hash. With ``extract_to``, also
    write each file there. Returns a list of problems (empty when everything matches)."""
    problems, seen = [], set()
    try:
        with tarfile.open(tarball, mode="r:gz") as tar:
            for member in tar:
                path = _safe_member_name(member.name)
                if not member.isreg():
                    problems.append(f"{member.name}: not a regular file in {MEDIA_NAME}")
                    continue
                if member.name in seen:
                    problems.append(f"{member.name}: twice in {MEDIA_NAME}")
                    continue
                seen.add(member.name)
                digest, source = hashlib.sha256(), tar.extractfile(member)
                out = None
                if extract_to is not None:
                    destination = Path(extract_to, *path.parts)
                    destination.parent.mkdir(parents=True, exist_ok=True)
                    out = open(destination, "wb")
                try:
                    for chunk in iter(lambda: source.read(CHUNK), b""):
                        digest.update(chunk)
                        if out:
                            out.write(chunk)
                finally:
                    if out:
                        out.close()
                want = expected.get(member.name)
                if want is None:
                    problems.append(f"{member.name}: in {MEDIA_NAME} but not in the manifest")
                elif (digest.hexdigest(), member.size) != (want["sha256"], want["size"]):
                    problems.append(f"{member.name}: sha256/size differ from the manifest")
    except (tarfile.TarError, OSError, EOFError, zlib.error) as exc:
        problems.append(f"{MEDIA_NAME} cannot be read: {exc}")
    problems.extend(f"{name}: in the manifest but missing from {MEDIA_NAME}" for name in sorted(set(expected) - seen))
    return problems


# --- backup ---------------------------------------------------------------------------------------------


def default_directory(base_dir):
    """<BACKUP_DIR or <base_dir>/backups>/<UTC timestamp>."""
    parent = Path(os.environ.get("BACKUP_DIR") or Path(base_dir) / "backups")
    return parent / datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def _write_json(path, data):
    temporary = path.with_name(path.name + ".tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(data, handle, ensure_ascii=False, indent=2, sort_keys=True)
        handle.write("\n")
    os.replace(temporary, path)


def backup(db, media_root, directory):
    """Back up ``db`` (Django DATABASES entry, PostgreSQL) and the files under ``media_root`` into the new or
    empty ``directory``; returns the manifest. On failure the files written so far are removed."""
    import psycopg2.extensions

    check_postgresql(db)
    directory, media_root = Path(directory).absolute(), Path(media_root).absolute()
    if directory == media_root or media_root in directory.parents:
        raise BackupError(f"the backup directory {directory} must not be inside MEDIA_ROOT ({media_root}).")
    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        raise BackupError(f"{directory} already exists and is not an empty directory; choose another one.")
    created = not directory.exists()
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(directory, 0o700)  # a backup holds password hashes and signing keys
    try:
        manifest = _backup_into(db, media_root, directory, psycopg2.extensions)
    except BaseException:
        for name in (DUMP_NAME, MEDIA_NAME, MANIFEST_NAME, MANIFEST_NAME + ".tmp"):
            (directory / name).unlink(missing_ok=True)
        if created:
            shutil.rmtree(directory, ignore_errors=True)
        raise
    return manifest


def _backup_into(db, media_root, directory, extensions):
    conn = connect(db)
    try:
        conn.set_session(isolation_level=extensions.ISOLATION_LEVEL_REPEATABLE_READ, readonly=True)
        with conn.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot(), current_setting('server_version'), now()")
            snapshot, server_version, snapshot_at = cursor.fetchone()
            tables, migrations = row_counts(cursor), migration_state(cursor)
            dump = directory / DUMP_NAME
            # The dump sees exactly this transaction's snapshot, so the counts above are the dump's own.
            _client(db, "pg_dump", "--format=custom", f"--snapshot={snapshot}", f"--file={dump}")
        conn.rollback()
    finally:
        conn.close()
    os.chmod(dump, 0o600)
    version = subprocess.run(["pg_dump", "--version"], capture_output=True, text=True).stdout.strip()
    tarball = directory / MEDIA_NAME
    media = _archive_media(media_root, tarball)  # after the snapshot: a superset of the files rows name
    os.chmod(tarball, 0o600)
    manifest = {
        "format": FORMAT,
        "created_at": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "source": {"database": db.get("NAME"), "host": db.get("HOST") or "", "port": str(db.get("PORT") or ""),
                   "server_version": server_version, "pg_dump": version,
                   "snapshot_at": snapshot_at.astimezone(datetime.timezone.utc).isoformat(),
                   "media_root": str(media_root)},
        "migrations": migrations,
        "tables": tables,
        "media": media,
        "files": {DUMP_NAME: {"sha256": sha256_file(dump), "size": dump.stat().st_size},
                  MEDIA_NAME: {"sha256": sha256_file(tarball), "size": tarball.stat().st_size}},
    }
    _write_json(directory / MANIFEST_NAME, manifest)
    return manifest


# --- restore --------------------------------------------------------------------------------------------


def load_manifest(directory):
    path = Path(directory) / MANIFEST_NAME
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BackupError(f"{path} not found: not a backup directory, or an unfinished backup.") from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise BackupError(f"{path} is not valid JSON: {exc}") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        found = manifest.get("format") if isinstance(manifest, dict) else None
        raise BackupError(f"{path}: unknown manifest format {found!r} (this tool reads format {FORMAT}).")
    for key in ("files", "media", "tables", "migrations"):
        if not isinstance(manifest.get(key), dict):
            raise BackupError(f"{path}: the manifest has no {key!r} section.")
    for name in (DUMP_NAME, MEDIA_NAME):
        if not isinstance(manifest["files"].get(name), dict) or "sha256" not in manifest["files"][name]:
            raise BackupError(f"{path}: the manifest has no hash of {name}.")
    return manifest


def verify(directory):
    """Check a backup directory without touching any database or media folder: the manifest, the hash and
    size of the dump and the tarball, every media file inside the tarball, and that pg_restore reads the dump.
    Returns the manifest; raises BackupError listing every difference."""
    directory = Path(directory)
    manifest = load_manifest(directory)
    problems = []
    for name in (DUMP_NAME, MEDIA_NAME):
        path, want = directory / name, manifest["files"][name]
        if not path.is_file():
            problems.append(f"{name}: missing")
        elif sha256_file(path) != want["sha256"] or ("size" in want and path.stat().st_size != want["size"]):
            problems.append(f"{name}: sha256 differs from the manifest (damaged or changed)")
    if not problems:
        problems.extend(_read_media(directory / MEDIA_NAME, manifest["media"]))
    if not problems:
        if shutil.which("pg_restore") is None:
            raise BackupError("pg_restore not found: install the PostgreSQL client tools (Debian: apt-get install "
                              "postgresql-client).")
        listing = subprocess.run(["pg_restore", "--list", str(directory / DUMP_NAME)], capture_output=True, text=True)
        if listing.returncode != 0:
            problems.append(f"{DUMP_NAME}: pg_restore cannot read it: {listing.stderr.strip()}")
    if problems:
        raise BackupError(f"backup {directory} does not match its manifest; nothing was restored:\n  - "
                          + "\n  - ".join(problems))
    return manifest


def _compare(manifest, summary, media_root, *, extra_tables_ok=False):
    """Differences between the manifest and a restored database (``summary``) and media folder."""
    problems = []
    tables = summary["tables"]
    for table, want in sorted(manifest["tables"].items()):
        got = tables.get(table)
        if got is None:
            problems.append(f"table {table}: missing after the restore (the manifest says {want} rows)")
        elif got != want:
            problems.append(f"table {table}: {got} rows, the manifest says {want}")
    if not extra_tables_ok:
        problems.extend(f"table {table}: not in the backup" for table in sorted(set(tables) - set(manifest["tables"])))
    if summary["migrations"] != manifest["migrations"]:
        problems.append(f"migration state {summary['migrations']} differs from the manifest's "
                        f"{manifest['migrations']}")
    for name, want in sorted(manifest["media"].items()):
        path = Path(media_root, *PurePosixPath(name).parts)
        if not path.is_file():
            problems.append(f"media file {name}: missing after the restore")
        elif sha256_file(path) != want["sha256"]:
            problems.append(f"media file {name}: sha256 differs from the manifest")
    return problems


def restore(directory, db, media_root, *, force=False, log=lambda message: None):
    """Restore the backup in ``directory`` into ``db`` (Django DATABASES entry) and ``media_root``.

    Refuses, changing nothing, when the backup does not match its manifest, or (without ``force``) when the
    database has any table or ``media_root`` any file. Then: media files are unpacked into a hidden folder
    inside ``media_root``; the dump is restored with ``pg_restore --no-owner --no-acl --single-transaction``
    (with ``force`` also ``--clean --if-exists``), so a failure leaves the database as it was; the files are
    moved into place; row counts, migration state and file hashes are checked against the manifest.
    Returns the manifest; raises BackupError."""
    check_postgresql(db)
    directory, media_root = Path(directory).absolute(), Path(media_root).absolute()
    log(f"Verifying {directory} against its manifest")
    manifest = verify(directory)

    with connect(db) as conn, conn.cursor() as cursor:
        relations = _relation_count(cursor)
    conn.close()
    existing = media_files(media_root)
    if not force and (relations or existing):
        what = []
        if relations:
            what.append(f"database {db.get('NAME')!r} is not empty ({relations} tables, views or sequences)")
        if existing:
            what.append(f"MEDIA_ROOT {media_root} already holds {len(existing)} files")
        raise BackupError("refusing to restore: " + "; ".join(what) + ". Restore into an empty database and "
                          "media folder, or pass --force to overwrite (objects and files of the backup are "
                          "replaced, others are left). Nothing was changed.")

    media_created = not media_root.exists()
    media_root.mkdir(parents=True, exist_ok=True)
    staging = media_root / f".restore-{secrets.token_hex(6)}"
    try:
        log(f"Unpacking {len(manifest['media'])} media files")
        problems = _read_media(directory / MEDIA_NAME, manifest["media"], extract_to=staging)
        if problems:
            raise BackupError(f"{MEDIA_NAME} changed during the restore; nothing was restored:\n  - "
                              + "\n  - ".join(problems))
        log(f"Restoring {DUMP_NAME} into database {db.get('NAME')!r}")
        options = ["--no-owner", "--no-acl", "--exit-on-error", "--single-transaction"]
        if force:
            options += ["--clean", "--if-exists"]
        _client(db, "pg_restore", *options, str(directory / DUMP_NAME))
        for name in manifest["media"]:
            source = Path(staging, *PurePosixPath(name).parts)
            target = Path(media_root, *PurePosixPath(name).parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(source, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        if media_created:
            shutil.rmtree(media_root, ignore_errors=True)
        raise
    shutil.rmtree(staging, ignore_errors=True)

    log("Checking row counts, migrations and file hashes against the manifest")
    summary = database_summary(db)
    extra = sorted(set(summary["tables"]) - set(manifest["tables"]))
    if force and extra:
        log(f"Note: tables not in the backup were left in place: {', '.join(extra)}")
    problems = _compare(manifest, summary, media_root, extra_tables_ok=force)
    if problems:
        raise BackupError("the restore finished but does not match the manifest:\n  - " + "\n  - ".join(problems))
    return manifest


def describe(manifest):
    """One line for an operator: tables, rows, files, sizes."""
    files = manifest["files"]
    return (f"{len(manifest['tables'])} tables, {sum(manifest['tables'].values())} rows, "
            f"{len(manifest['media'])} media files; {DUMP_NAME} {files[DUMP_NAME]['size']:,} bytes, "
            f"{MEDIA_NAME} {files[MEDIA_NAME]['size']:,} bytes")
