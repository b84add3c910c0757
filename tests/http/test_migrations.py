"""test_migrations.py: stolik-migrate against the running stack's database."""

import os
import shutil
import subprocess
import tempfile

from stolik_test import BUILD, PGHOST, TOP, check, config_path, eq, psql


def migrate(*args):
    return subprocess.run([os.path.join(BUILD, "batch", "stolik-migrate"), "-c",
                           config_path()] + list(args), capture_output=True, text=True)


def schema():
    p = subprocess.run(["pg_dump", "--schema-only", "-h", PGHOST,
                        "-U", "stolik", "stolik"], capture_output=True, text=True)
    eq(p.returncode, 0, "pg_dump")
    # pg_dump marks its output with a fresh random \restrict key every run
    return "\n".join(l for l in p.stdout.split("\n")
                     if not l.startswith(("\\restrict", "\\unrestrict")))


def test_twice_changes_nothing():
    before = schema()
    rows = psql("SELECT version, checksum, applied_at FROM schema_migrations")
    p = migrate()
    eq(p.returncode, 0, "exit status: " + p.stderr)
    check("0 migrations applied" in p.stderr, p.stderr)
    eq(schema(), before, "schema")
    eq(psql("SELECT version, checksum, applied_at FROM schema_migrations"), rows,
       "schema_migrations")


def test_dry_run():
    p = migrate("-n")
    eq(p.returncode, 0, "exit status")
    check("0 migrations pending" in p.stderr, p.stderr)


def test_changed_file_refused():
    d = tempfile.mkdtemp()
    try:
        for f in os.listdir(os.path.join(TOP, "sql")):
            if f[:4].isdigit():
                shutil.copy(os.path.join(TOP, "sql", f), d)
        with open(os.path.join(d, "0001_init.sql"), "a") as f:
            f.write("\n-- edited after release\n")
        p = migrate("-d", d)
        check(p.returncode != 0, "refused")
        check("changed after it was applied" in p.stderr, p.stderr)
    finally:
        shutil.rmtree(d)
