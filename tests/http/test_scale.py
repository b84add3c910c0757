"""test_scale.py: the first steps past one box (issue 20, docs/scaling.md).

Keyed for sharding: every restaurant-scoped table carries restaurant_id and
the no-overlap constraint names it. Tables are found by a rule, not listed:
every table of the schema is restaurant-scoped unless it is in GLOBAL, the
short list of tables that belong to a user, a token or the whole site; and
a GLOBAL table must not reach a restaurant (no foreign-key path to
restaurants, no column naming a booking or payment), so that a table added
later lands on the right side without anyone editing this file.
"""

from stolik_test import check, eq, psql

# Global tables (a Citus reference table or a coordinator-only table in
# docs/scaling.md), each with its reason.
GLOBAL = {
    "users": "people, not restaurants",
    "sessions": "a user's login",
    "email_tokens": "a user's verification and reset links",
    "refresh_tokens": "a user's API refresh tokens",
    "api_keys": "a user's API keys",
    "login_attempts": "throttle per address and e-mail",
    "audit_log": "the site's log; a target names anything",
    "idempotency_keys": "per API client, before a restaurant is known",
    "currencies": "reference data",
    "payment_events": "the gateway's event ids, seen once site-wide",
    "schema_migrations": "the migrations",
    "restaurants": "the distribution column's own table (id)",
}

# columns that tie a row to a booking or payment, hence to a restaurant
SCOPED_COLUMNS = ("reservation_id", "payment_id", "table_id", "restaurant_id")


def tables():
    """Ordinary and partitioned tables of the public schema (partitions are
    their parent's)."""
    out = psql("SELECT c.relname FROM pg_class c JOIN pg_namespace n"
               " ON n.oid = c.relnamespace WHERE n.nspname = 'public'"
               " AND c.relkind IN ('r', 'p') AND NOT c.relispartition"
               " ORDER BY 1")
    return out.split("\n") if out else []


def has_column(table, col):
    return psql("SELECT count(*) FROM pg_attribute WHERE attrelid ="
                " :'t'::regclass AND attname = :'c' AND NOT attisdropped",
                t=table, c=col) == "1"


def reaches_restaurants(table):
    """True if a chain of foreign keys leads from table to restaurants."""
    return psql("""
        WITH RECURSIVE fk(rel) AS (
            SELECT confrelid FROM pg_constraint
            WHERE contype = 'f' AND conrelid = :'t'::regclass
          UNION
            SELECT c.confrelid FROM pg_constraint c JOIN fk ON c.conrelid = fk.rel
            WHERE c.contype = 'f')
        SELECT count(*) FROM fk WHERE rel = 'restaurants'::regclass""",
                t=table) != "0"


def test_restaurant_scoped_tables_carry_restaurant_id():
    all_ = tables()
    check(len(all_) > 20, "tables found: %r" % all_)
    missing = [t for t in all_ if t not in GLOBAL
               and not has_column(t, "restaurant_id")]
    eq(missing, [], "restaurant-scoped tables without restaurant_id")
    # the allowlist holds only tables that are global indeed
    wrong = [t for t in all_ if t in GLOBAL and t != "restaurants" and
             (reaches_restaurants(t) or
              any(has_column(t, c) for c in SCOPED_COLUMNS))]
    eq(wrong, [], "tables listed as global that reach a restaurant")
    # and every restaurant-scoped child names it NOT NULL, except the
    # outbox, whose account mails (password reset, verification) have none
    nullable = psql("SELECT string_agg(c.relname, ',' ORDER BY c.relname)"
                    " FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid"
                    " JOIN pg_namespace n ON n.oid = c.relnamespace"
                    " WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')"
                    " AND NOT c.relispartition AND a.attname = 'restaurant_id'"
                    " AND NOT a.attnotnull")
    eq(nullable, "outbox", "tables whose restaurant_id may be NULL")


def test_no_overlap_constraint_names_restaurant():
    d = psql("SELECT pg_get_constraintdef(oid) FROM pg_constraint"
             " WHERE conname = 'reservations_no_overlap'"
             " AND conrelid = 'reservations'::regclass")
    check(d.startswith("EXCLUDE USING gist (restaurant_id WITH =, "
                       "table_id WITH =, tstzrange(starts_at, ends_at) WITH &&)"),
          d)
    check("'held'" in d and "'seated'" in d, d)


def test_child_rows_get_their_restaurant():
    """Rows inserted by the older PL/pgSQL functions (which name no
    restaurant) get theirs from the parent; none is left without one."""
    for t, cond in (("outbox", "reservation_id IS NOT NULL"),
                    ("payment_ledger", "true"),
                    ("webhook_deliveries", "true"),
                    ("webhook_attempts", "true")):
        eq(psql("SELECT count(*) FROM %s WHERE restaurant_id IS NULL AND %s"
                % (t, cond)), "0", t)
    # and the outbox's restaurant is its booking's
    eq(psql("SELECT count(*) FROM outbox o JOIN reservations v"
            " ON v.id = o.reservation_id"
            " WHERE o.restaurant_id IS DISTINCT FROM v.restaurant_id"), "0",
       "outbox rows naming another restaurant than their booking's")
