#!/bin/sh
# with_pg.sh: automake's LOG_COMPILER for the unit tests. Programs named in
# $PG_TESTS get a throwaway PostgreSQL cluster (unix socket only, in a temp dir)
# and $STOLIK_TEST_PGDSN; without server binaries they print a TAP skip. Others
# run as they are.
set -eu
prog=$1
shift
case " ${PG_TESTS:-} " in
*" $(basename "$prog") "*) ;;
*) exec "$prog" "$@" ;;
esac

PG_BINDIR=${PG_BINDIR:-/usr/lib/postgresql/15/bin}
[ -x "$PG_BINDIR/initdb" ] || { echo "1..0 # SKIP no PostgreSQL server binaries"; exit 0; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/stolik-unit.XXXXXX")
chmod 755 "$tmp"
# initdb refuses root: run the cluster as an unprivileged user
if [ "$(id -u)" = 0 ]; then
	pguser=$(id -u postgres >/dev/null 2>&1 && echo postgres || echo nobody)
	chown "$pguser" "$tmp"
	as_pg() { runuser -u "$pguser" -- "$@"; }
else
	as_pg() { "$@"; }
fi
cleanup() {
	as_pg "$PG_BINDIR/pg_ctl" -D "$tmp/data" -m immediate -w stop >/dev/null 2>&1 || true
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM
as_pg "$PG_BINDIR/initdb" -D "$tmp/data" -U stolik -A trust -E UTF8 \
	--locale=C.UTF-8 --no-sync >"$tmp/initdb.log" 2>&1 || { cat "$tmp/initdb.log" >&2; exit 99; }
# settings in the file, so a test can stop and start the server again
printf "listen_addresses = ''\nunix_socket_directories = '%s'\nfsync = off\nfull_page_writes = off\n" \
	"$tmp" | as_pg tee -a "$tmp/data/postgresql.conf" >/dev/null
as_pg "$PG_BINDIR/pg_ctl" -D "$tmp/data" -l "$tmp/server.log" -w -t 60 \
	start >/dev/null || { cat "$tmp/server.log" >&2; exit 99; }
STOLIK_TEST_PGDSN="host=$tmp user=stolik dbname=postgres"
STOLIK_TEST_PGCTL="$PG_BINDIR/pg_ctl -D $tmp/data"
[ "$(id -u)" = 0 ] && STOLIK_TEST_PGCTL="runuser -u $pguser -- $STOLIK_TEST_PGCTL"
export STOLIK_TEST_PGDSN STOLIK_TEST_PGCTL
"$prog" "$@"
