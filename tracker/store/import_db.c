/*
 * import_db.c: the loading phase of tracker import, in one transaction.
 *
 *   1. COPY each spool into a temporary staging table (dropped at commit);
 *   2. set-based checks: duplicate ids in the input, references to records that exist neither in
 *      the input nor in the database, unknown jurisdictions and time zones, and conflicts with
 *      existing rows (a party name used by another party, an event that belongs to another
 *      case). Each error names the JSON path the reading phase stored with the row;
 *   3. upserts by external id: UPDATE only rows whose values differ, INSERT the rest, so that
 *      importing the same file twice changes nothing (no audit rows, no updated_at bumps);
 *   4. events that are new, re-dated or whose explicit deadlines changed go to the deadline
 *      engine's bulk interface (deadlines.h).
 * Every statement is a fixed SQL text; the only values are COPY data and $n parameters.
 */
#include "import.h"

#include "msg.h"
#include "deadlines.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* TRACKER_IMPORT_TIMING=1 prints how long each loading step took (for tuning). */
static void step_done(const char *what)
{
    static double last;
    static int on = -1;
    if (on < 0)
        on = getenv("TRACKER_IMPORT_TIMING") != NULL;
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    double t = (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
    if (on && what && last > 0)
        fprintf(stderr, "import timing: %-22s %8.3f s\n", what, t - last);
    last = t;
}

typedef struct stg_def {
    const char *name;    /* temp table */
    const char *columns; /* CREATE column list after src/ord */
    const char *copy;    /* COPY column list */
    const char *keys;    /* columns to ANALYZE: the join keys (long text would cost time) */
} stg_def;

static const stg_def stg[TRK_STG_N] = {
    [TRK_STG_PARTY] = {"stg_party", "ext text, name text, kind text, id bigint",
                       "src, ord, ext, name, kind",
        "ext, name"},
    [TRK_STG_BODY] = {"stg_body", "ext text, name text, kind text, jurisdiction text, id bigint",
                      "src, ord, ext, name, kind, jurisdiction",
        "ext, name, jurisdiction"},
    [TRK_STG_SOURCE] = {"stg_source",
                        "ext text, url text, publisher text, title text, published_on date,"
                        " retrieved_on date, id bigint",
                        "src, ord, ext, url, publisher, title, published_on, retrieved_on",
        "ext, url"},
    [TRK_STG_CASE] = {"stg_case",
                      "ext text, title text, jurisdiction text, body_ref text, docket text,"
                      " status text, summary text, tags text[], procedure text",
                      "src, ord, ext, title, jurisdiction, body_ref, docket, status, summary, tags,"
                      " procedure",
        "ext, body_ref, jurisdiction"},
    [TRK_STG_CASE_PARTY] = {"stg_case_party", "case_ext text, party_ref text, role text",
                            "src, ord, case_ext, party_ref, role",
        "case_ext, party_ref"},
    [TRK_STG_EVENT] = {"stg_event",
                       "ext text, case_ext text, type text, date date, date_precision text,"
                       " time time, time_zone text, received_on date, outcome text, title text,"
                       " description text, body_ref text, party_ref text, vacated boolean,"
                       " service_method text, changed boolean NOT NULL DEFAULT false,"
                       " existed boolean NOT NULL DEFAULT false",
                       "src, ord, ext, case_ext, type, date, date_precision, time, time_zone,"
                       " received_on, outcome, title, description, body_ref, party_ref, vacated,"
                       " service_method",
        "ext, case_ext, body_ref, party_ref"},
    [TRK_STG_EVENT_SOURCE] = {"stg_event_source", "event_ext text, source_ref text",
                              "src, ord, event_ext, source_ref",
        "event_ext, source_ref"},
    [TRK_STG_FINE] = {"stg_fine",
                      "ext text, event_ext text, amount numeric, currency text, paid boolean,"
                      " paid_on date, payer_ref text, authority_ref text",
                      "src, ord, ext, event_ext, amount, currency, paid, paid_on, payer_ref,"
                      " authority_ref",
        "ext, event_ext"},
    [TRK_STG_FINE_EQ] = {"stg_fine_eq",
                         "event_ext text, amount numeric, currency text, rate numeric,"
                         " as_of date, note text",
                         "src, ord, event_ext, amount, currency, rate, as_of, note",
        "event_ext, currency"},
    [TRK_STG_DEADLINE] = {"stg_deadline",
                          "ext text, event_ext text, kind text, title text, count int, unit text,"
                          " roll text, due_on date",
                          "src, ord, ext, event_ext, kind, title, count, unit, roll, due_on",
        "ext, event_ext"},
};

/* ---- checks: each query yields (src, msg) rows in input order ---- */

static const char *const checks[] = {
    /* duplicate ids within the input (a hash aggregate finds the few duplicated ids; only their
     * rows are sorted to name the first use) */
    "SELECT src || '.id' AS src, format('duplicate id \"%s\" (first used at %s)', ext, first) AS msg, ord"
    " FROM (SELECT src, ord, ext, first_value(src) OVER w AS first, row_number() OVER w AS n"
    "       FROM stg_party WHERE ext IN (SELECT ext FROM stg_party GROUP BY ext HAVING count(*) > 1)"
    "       WINDOW w AS (PARTITION BY ext ORDER BY ord)) d WHERE n > 1"
    " UNION ALL SELECT src || '.id', format('duplicate id \"%s\" (first used at %s)', ext, first), ord"
    " FROM (SELECT src, ord, ext, first_value(src) OVER w AS first, row_number() OVER w AS n"
    "       FROM stg_body WHERE ext IN (SELECT ext FROM stg_body GROUP BY ext HAVING count(*) > 1)"
    "       WINDOW w AS (PARTITION BY ext ORDER BY ord)) d WHERE n > 1"
    " UNION ALL SELECT src || '.id', format('duplicate id \"%s\" (first used at %s)', ext, first), ord"
    " FROM (SELECT src, ord, ext, first_value(src) OVER w AS first, row_number() OVER w AS n"
    "       FROM stg_source WHERE ext IN (SELECT ext FROM stg_source GROUP BY ext HAVING count(*) > 1)"
    "       WINDOW w AS (PARTITION BY ext ORDER BY ord)) d WHERE n > 1"
    " UNION ALL SELECT src || '.id', format('duplicate id \"%s\" (first used at %s)', ext, first), ord"
    " FROM (SELECT src, ord, ext, first_value(src) OVER w AS first, row_number() OVER w AS n"
    "       FROM stg_case WHERE ext IN (SELECT ext FROM stg_case GROUP BY ext HAVING count(*) > 1)"
    "       WINDOW w AS (PARTITION BY ext ORDER BY ord)) d WHERE n > 1"
    " UNION ALL SELECT src || '.id', format('duplicate id \"%s\" (first used at %s)', ext, first), ord"
    " FROM (SELECT src, ord, ext, first_value(src) OVER w AS first, row_number() OVER w AS n"
    "       FROM stg_event WHERE ext IN (SELECT ext FROM stg_event GROUP BY ext HAVING count(*) > 1)"
    "       WINDOW w AS (PARTITION BY ext ORDER BY ord)) d WHERE n > 1"
    " UNION ALL SELECT src || '.id', format('duplicate id \"%s\" (first used at %s)', ext, first), ord"
    " FROM (SELECT src, ord, ext, first_value(src) OVER w AS first, row_number() OVER w AS n"
    "       FROM stg_fine WHERE ext IN (SELECT ext FROM stg_fine GROUP BY ext HAVING count(*) > 1)"
    "       WINDOW w AS (PARTITION BY ext ORDER BY ord)) d WHERE n > 1"
    " UNION ALL SELECT src || '.id', format('duplicate id \"%s\" (first used at %s)', ext, first), ord"
    " FROM (SELECT src, ord, ext, first_value(src) OVER w AS first, row_number() OVER w AS n"
    "       FROM stg_deadline WHERE ext IN (SELECT ext FROM stg_deadline GROUP BY ext HAVING count(*) > 1)"
    "       WINDOW w AS (PARTITION BY ext ORDER BY ord)) d WHERE n > 1"
    " UNION ALL SELECT src || '.currency', format('duplicate equivalent in %s', currency), ord"
    " FROM (SELECT src, ord, currency, row_number() OVER (PARTITION BY event_ext, currency ORDER BY ord) AS n"
    "       FROM stg_fine_eq) d WHERE n > 1"
    " UNION ALL SELECT src, format('duplicate party \"%s\" with role %s', party_ref, role), ord"
    " FROM (SELECT src, ord, party_ref, role, row_number() OVER (PARTITION BY case_ext, party_ref, role ORDER BY ord) AS n"
    "       FROM stg_case_party) d WHERE n > 1"
    " UNION ALL SELECT src, format('duplicate source \"%s\"', source_ref), ord"
    " FROM (SELECT src, ord, source_ref, row_number() OVER (PARTITION BY event_ext, source_ref ORDER BY ord) AS n"
    "       FROM stg_event_source WHERE (event_ext, source_ref) IN (SELECT event_ext, source_ref"
    "        FROM stg_event_source GROUP BY 1, 2 HAVING count(*) > 1)) d WHERE n > 1"
    " ORDER BY ord LIMIT $1",

    /* references and vocabularies that live in the database */
    "SELECT s.src || '.jurisdiction' AS src, format('unknown jurisdiction \"%s\"', s.jurisdiction) AS msg, s.ord"
    " FROM stg_case s WHERE s.jurisdiction IS NOT NULL"
    "  AND NOT EXISTS (SELECT 1 FROM jurisdiction j WHERE j.code = s.jurisdiction)"
    " UNION ALL SELECT s.src || '.jurisdiction', format('unknown jurisdiction \"%s\"', s.jurisdiction), s.ord"
    " FROM stg_body s WHERE s.jurisdiction IS NOT NULL"
    "  AND NOT EXISTS (SELECT 1 FROM jurisdiction j WHERE j.code = s.jurisdiction)"
    " UNION ALL SELECT s.src || '.body', format('unknown body \"%s\" (not in \"bodies\" nor in the database)', s.body_ref), s.ord"
    " FROM stg_case s WHERE s.body_ref IS NOT NULL"
    "  AND NOT EXISTS (SELECT 1 FROM stg_body b WHERE b.ext = s.body_ref)"
    "  AND NOT EXISTS (SELECT 1 FROM body b WHERE b.external_id = s.body_ref)"
    " UNION ALL SELECT s.src || '.party', format('unknown party \"%s\" (not in \"parties\" nor in the database)', s.party_ref), s.ord"
    " FROM stg_case_party s WHERE s.party_ref IS NOT NULL"
    "  AND NOT EXISTS (SELECT 1 FROM stg_party p WHERE p.ext = s.party_ref)"
    "  AND NOT EXISTS (SELECT 1 FROM party p WHERE p.external_id = s.party_ref)"
    " UNION ALL SELECT s.src || '.case', format('unknown case \"%s\" (not in the input nor in the database)', s.case_ext), s.ord"
    " FROM stg_event s WHERE s.case_ext IS NOT NULL"
    "  AND NOT EXISTS (SELECT 1 FROM stg_case c WHERE c.ext = s.case_ext)"
    "  AND NOT EXISTS (SELECT 1 FROM legal_case c WHERE c.external_id = s.case_ext)"
    " UNION ALL SELECT s.src || '.body', format('unknown body \"%s\" (not in \"bodies\" nor in the database)', s.body_ref), s.ord"
    " FROM stg_event s WHERE s.body_ref IS NOT NULL"
    "  AND NOT EXISTS (SELECT 1 FROM stg_body b WHERE b.ext = s.body_ref)"
    "  AND NOT EXISTS (SELECT 1 FROM body b WHERE b.external_id = s.body_ref)"
    " UNION ALL SELECT s.src || '.party', format('unknown party \"%s\" (not in \"parties\" nor in the database)', s.party_ref), s.ord"
    " FROM stg_event s WHERE s.party_ref IS NOT NULL"
    "  AND NOT EXISTS (SELECT 1 FROM stg_party p WHERE p.ext = s.party_ref)"
    "  AND NOT EXISTS (SELECT 1 FROM party p WHERE p.external_id = s.party_ref)"
    " UNION ALL SELECT s.src || '.time_zone', format('unknown time zone \"%s\" (expected an IANA name such as Europe/Moscow)', s.time_zone), s.ord"
    " FROM stg_event s WHERE s.time_zone IS NOT NULL"
    "  AND NOT EXISTS (SELECT 1 FROM pg_timezone_names z WHERE z.name = s.time_zone)"
    " UNION ALL SELECT s.src, format('unknown source \"%s\" (not in \"sources\" nor in the database)', s.source_ref), s.ord"
    " FROM stg_event_source s"
    " WHERE NOT EXISTS (SELECT 1 FROM stg_source x WHERE x.ext = s.source_ref)"
    "  AND NOT EXISTS (SELECT 1 FROM source x WHERE x.external_id = s.source_ref)"
    " UNION ALL SELECT s.src || '.payer', format('unknown party \"%s\" (not in \"parties\" nor in the database)', s.payer_ref), s.ord"
    " FROM stg_fine s WHERE s.payer_ref IS NOT NULL"
    "  AND NOT EXISTS (SELECT 1 FROM stg_party p WHERE p.ext = s.payer_ref)"
    "  AND NOT EXISTS (SELECT 1 FROM party p WHERE p.external_id = s.payer_ref)"
    " UNION ALL SELECT s.src || '.authority', format('unknown body \"%s\" (not in \"bodies\" nor in the database)', s.authority_ref), s.ord"
    " FROM stg_fine s WHERE s.authority_ref IS NOT NULL"
    "  AND NOT EXISTS (SELECT 1 FROM stg_body b WHERE b.ext = s.authority_ref)"
    "  AND NOT EXISTS (SELECT 1 FROM body b WHERE b.external_id = s.authority_ref)"
    " ORDER BY ord LIMIT $1",

    /* conflicts with rows already in the database */
    "SELECT s.src || '.case' AS src, format('event \"%s\" already belongs to case \"%s\"', s.ext,"
    "   coalesce(c.external_id, c.id::text)) AS msg, s.ord"
    " FROM stg_event s JOIN event e ON e.external_id = s.ext JOIN legal_case c ON c.id = e.case_id"
    " WHERE c.external_id IS DISTINCT FROM s.case_ext"
    " UNION ALL SELECT s.src || '.id', format('fine \"%s\" already belongs to event \"%s\"', s.ext,"
    "   coalesce(e.external_id, e.id::text)), s.ord"
    " FROM stg_fine s JOIN fine f ON f.external_id = s.ext JOIN event e ON e.id = f.event_id"
    " WHERE e.external_id IS DISTINCT FROM s.event_ext"
    " UNION ALL SELECT s.src || '.name', format('party name \"%s\" is already used by party \"%s\"', s.name,"
    "   coalesce(p.external_id, p.id::text)), s.ord"
    " FROM stg_party s JOIN party p ON p.name = s.name WHERE p.id IS DISTINCT FROM s.id"
    " UNION ALL SELECT s.src || '.name', format('party name \"%s\" is also used by %s', s.name, t.src), s.ord"
    " FROM stg_party s JOIN stg_party t ON t.name = s.name AND t.ord < s.ord AND t.ext <> s.ext"
    " UNION ALL SELECT s.src || '.name', format('body \"%s\" (%s) already exists as body \"%s\"', s.name,"
    "   s.jurisdiction, coalesce(b.external_id, b.id::text)), s.ord"
    " FROM stg_body s JOIN body b ON b.name = s.name AND b.jurisdiction = s.jurisdiction"
    " WHERE b.id IS DISTINCT FROM s.id"
    " UNION ALL SELECT s.src || '.name', format('body \"%s\" (%s) is also defined at %s', s.name, s.jurisdiction, t.src), s.ord"
    " FROM stg_body s JOIN stg_body t ON t.name = s.name AND t.jurisdiction = s.jurisdiction"
    "  AND t.ord < s.ord AND t.ext <> s.ext"
    " UNION ALL SELECT s.src || '.url', format('URL is already used by source \"%s\"',"
    "   coalesce(x.external_id, x.id::text)), s.ord"
    " FROM stg_source s JOIN source x ON x.url = s.url WHERE x.id IS DISTINCT FROM s.id"
    " UNION ALL SELECT s.src || '.url', format('URL is also used by %s', t.src), s.ord"
    " FROM stg_source s JOIN stg_source t ON t.url = s.url AND t.ord < s.ord AND t.ext <> s.ext"
    " ORDER BY ord LIMIT $1",
};

/* Match staging rows to existing rows: by external id, else adopt a row with the same natural
 * key that has no external id yet (e.g. recorded with the CLI before). */
static const char *const match_sql[] = {
    "UPDATE stg_party s SET id = p.id FROM party p WHERE p.external_id = s.ext",
    "UPDATE stg_party s SET id = p.id FROM party p"
    " WHERE s.id IS NULL AND p.name = s.name AND p.external_id IS NULL",
    "UPDATE stg_body s SET id = b.id FROM body b WHERE b.external_id = s.ext",
    "UPDATE stg_body s SET id = b.id FROM body b WHERE s.id IS NULL AND b.name = s.name"
    " AND b.jurisdiction IS NOT DISTINCT FROM s.jurisdiction AND b.external_id IS NULL",
    "UPDATE stg_source s SET id = x.id FROM source x WHERE x.external_id = s.ext",
    "UPDATE stg_source s SET id = x.id FROM source x"
    " WHERE s.id IS NULL AND x.url = s.url AND x.external_id IS NULL",
};

/*
 * Adopt our own derived ids (TRK_SQL_DERIVED_ID, import.h): an id "local:case:12:<fingerprint>"
 * that the input uses (as a record's id or in a reference) and that is exactly what case 12 of
 * this database, having no external id, is exported as, becomes case 12's external id. So an
 * export imported back into its database updates its records in place instead of duplicating
 * them, and references to them resolve. Ids of the same shape from another database do not match
 * (another creation time, another fingerprint) and are stored as new records' external ids, as
 * any id is. Runs before the checks, in the import's transaction (audited like any change).
 */
#define ADOPT(kind, table, ids)                                                                    \
    "UPDATE " table " t SET external_id = d.ext FROM (SELECT ext, CASE WHEN ext ~ "               \
    TRK_SQL_DERIVED_RE(kind) " THEN split_part(ext, ':', 3)::bigint END AS id FROM (" ids ") u"   \
    " WHERE ext LIKE 'local:" kind ":%') d"                                                        \
    " WHERE t.id = d.id AND t.external_id IS NULL AND " TRK_SQL_DERIVED_ID(kind, "t") " = d.ext"
static const char *const adopt_sql[] = {
    ADOPT("party", "party", "SELECT ext FROM stg_party UNION SELECT party_ref FROM stg_case_party"
                            " UNION SELECT party_ref FROM stg_event UNION SELECT payer_ref FROM stg_fine"),
    ADOPT("body", "body", "SELECT ext FROM stg_body UNION SELECT body_ref FROM stg_case"
                          " UNION SELECT body_ref FROM stg_event UNION SELECT authority_ref FROM stg_fine"),
    ADOPT("source", "source", "SELECT ext FROM stg_source UNION SELECT source_ref FROM stg_event_source"),
    ADOPT("case", "legal_case", "SELECT ext FROM stg_case UNION SELECT case_ext FROM stg_event"
                                " UNION SELECT case_ext FROM stg_case_party"),
    ADOPT("event", "event", "SELECT ext FROM stg_event UNION SELECT event_ext FROM stg_event_source"
                            " UNION SELECT event_ext FROM stg_fine UNION SELECT event_ext FROM stg_fine_eq"
                            " UNION SELECT event_ext FROM stg_deadline"),
};

/* Writes. Each returns one row (ins, upd) counting what it changed. */
typedef struct write_step {
    int table;
    const char *sql;
    /* Optional: links of records that existed before and are no longer listed are deleted
     * first (returns n). Run only when one of the staged cases ('c') or events ('e') existed:
     * a first import skips it. */
    char needs;
    const char *prune;
    /* Optional: the same write as a plain INSERT, used when none of the staged cases ('c') or
     * events ('e') existed. Nothing can conflict then (duplicates in the input were refused by
     * the checks, and imports take turns), and a plain INSERT skips ON CONFLICT's per-row
     * speculative insertion and the join back to existing rows. */
    char fresh_when;
    const char *fresh;
} write_step;

/* The INSERT ... SELECT of each table from its staging table, shared by the upsert and the
 * plain-INSERT (fresh) form of its write. */
#define INS_CASE                                                                                   \
    "INSERT INTO legal_case (title, jurisdiction, body_id, docket, status, summary, tags,"         \
    "  external_id, procedure)"                                                                    \
    "  SELECT s.title, s.jurisdiction, b.id, s.docket, s.status, s.summary, s.tags, s.ext,"        \
    "  s.procedure"                                                                                \
    "  FROM stg_case s LEFT JOIN body b ON b.external_id = s.body_ref ORDER BY s.ord"

#define INS_CASE_PARTY                                                                             \
    "INSERT INTO case_party (case_id, party_id, role)"                                             \
    "  SELECT c.id, p.id, s.role FROM stg_case_party s"                                            \
    "  JOIN legal_case c ON c.external_id = s.case_ext"                                            \
    "  JOIN party p ON p.external_id = s.party_ref"

#define INS_EVENT                                                                                  \
    "INSERT INTO event (case_id, type, date, date_precision, time, time_zone,"                     \
    "  received_on, outcome, title, description, body_id, party_id, vacated, service_method,"      \
    "  external_id)"                                                                               \
    "  SELECT c.id, s.type, s.date, s.date_precision, s.time, s.time_zone, s.received_on,"         \
    "   s.outcome, s.title, s.description, b.id, p.id, s.vacated, s.service_method, s.ext"         \
    "  FROM stg_event s JOIN legal_case c ON c.external_id = s.case_ext"                           \
    "  LEFT JOIN body b ON b.external_id = s.body_ref"                                             \
    "  LEFT JOIN party p ON p.external_id = s.party_ref ORDER BY s.ord"

#define INS_EVENT_SOURCE                                                                           \
    "INSERT INTO event_source (event_id, source_id)"                                               \
    "  SELECT e.id, x.id FROM stg_event_source s JOIN event e ON e.external_id = s.event_ext"      \
    "  JOIN source x ON x.external_id = s.source_ref"

#define INS_FINE                                                                                   \
    "INSERT INTO fine (event_id, amount, currency, paid, paid_on, payer_id,"                       \
    "  authority_id, external_id)"                                                                 \
    "  SELECT e.id, s.amount, s.currency, s.paid, s.paid_on, p.id, b.id, s.ext"                    \
    "  FROM stg_fine s JOIN event e ON e.external_id = s.event_ext"                                \
    "  LEFT JOIN party p ON p.external_id = s.payer_ref"                                           \
    "  LEFT JOIN body b ON b.external_id = s.authority_ref ORDER BY s.ord"

#define INS_FINE_EQ                                                                                \
    "INSERT INTO fine_equivalent (fine_id, amount, currency, rate, as_of, note)"                   \
    "  SELECT f.id, s.amount, s.currency, s.rate, s.as_of, s.note FROM stg_fine_eq s"              \
    "  JOIN event e ON e.external_id = s.event_ext JOIN fine f ON f.event_id = e.id"               \
    "  ORDER BY s.ord"

static const write_step writes[] = {
    {TRK_STG_PARTY,
     "WITH u AS (UPDATE party p SET name = s.name, kind = s.kind, external_id = s.ext"
     "  FROM stg_party s WHERE p.id = s.id"
     "  AND (p.name, p.kind, p.external_id) IS DISTINCT FROM (s.name, s.kind, s.ext) RETURNING 1),"
     " i AS (INSERT INTO party (name, kind, external_id)"
     "  SELECT name, kind, ext FROM stg_party WHERE id IS NULL ORDER BY ord RETURNING 1)"
     " SELECT (SELECT count(*) FROM i) AS ins, (SELECT count(*) FROM u) AS upd",
     0, NULL, 0, NULL},
    {TRK_STG_BODY,
     "WITH u AS (UPDATE body b SET name = s.name, kind = s.kind, jurisdiction = s.jurisdiction,"
     "  external_id = s.ext FROM stg_body s WHERE b.id = s.id"
     "  AND (b.name, b.kind, b.jurisdiction, b.external_id)"
     "   IS DISTINCT FROM (s.name, s.kind, s.jurisdiction, s.ext) RETURNING 1),"
     " i AS (INSERT INTO body (name, kind, jurisdiction, external_id)"
     "  SELECT name, kind, jurisdiction, ext FROM stg_body WHERE id IS NULL ORDER BY ord RETURNING "
     "1)"
     " SELECT (SELECT count(*) FROM i) AS ins, (SELECT count(*) FROM u) AS upd",
     0, NULL, 0, NULL},
    {TRK_STG_SOURCE,
     "WITH u AS (UPDATE source x SET url = s.url, publisher = s.publisher, title = s.title,"
     "  published_on = s.published_on, retrieved_on = s.retrieved_on, external_id = s.ext"
     "  FROM stg_source s WHERE x.id = s.id"
     "  AND (x.url, x.publisher, x.title, x.published_on, x.retrieved_on, x.external_id)"
     "   IS DISTINCT FROM (s.url, s.publisher, s.title, s.published_on, s.retrieved_on, s.ext)"
     "  RETURNING 1),"
     " i AS (INSERT INTO source (url, publisher, title, published_on, retrieved_on, external_id)"
     "  SELECT url, publisher, title, published_on, retrieved_on, ext FROM stg_source"
     "  WHERE id IS NULL ORDER BY ord RETURNING 1)"
     " SELECT (SELECT count(*) FROM i) AS ins, (SELECT count(*) FROM u) AS upd",
     0, NULL, 0, NULL},
    {TRK_STG_CASE,
     "WITH w AS (" INS_CASE "  ON CONFLICT (external_id) DO UPDATE SET title = EXCLUDED.title,"
     "   jurisdiction = EXCLUDED.jurisdiction, body_id = EXCLUDED.body_id, docket = "
     "EXCLUDED.docket,"
     "   status = EXCLUDED.status, summary = EXCLUDED.summary, tags = EXCLUDED.tags,"
     "   procedure = EXCLUDED.procedure, version = legal_case.version + 1"
     "  WHERE (legal_case.title, legal_case.jurisdiction, legal_case.body_id, legal_case.docket,"
     "   legal_case.status, legal_case.summary, legal_case.tags, legal_case.procedure)"
     "   IS DISTINCT FROM"
     "   (EXCLUDED.title, EXCLUDED.jurisdiction, EXCLUDED.body_id, EXCLUDED.docket,"
     "   EXCLUDED.status, EXCLUDED.summary, EXCLUDED.tags, EXCLUDED.procedure)"
     "  RETURNING (xmax = 0) AS ins)"
     " SELECT count(*) FILTER (WHERE ins) AS ins, count(*) FILTER (WHERE NOT ins) AS upd FROM w",
     0, NULL, 'c',
     "WITH w AS (" INS_CASE " RETURNING 1)"
     " SELECT count(*) AS ins, 0 AS upd FROM w"},
    {TRK_STG_CASE_PARTY,
     "WITH i AS (" INS_CASE_PARTY " ON CONFLICT DO NOTHING RETURNING 1)"
     " SELECT count(*) AS ins, 0 AS upd FROM i",
     'c',
     "WITH d AS (DELETE FROM case_party cp USING legal_case c, stg_case sc"
     "  WHERE cp.case_id = c.id AND c.external_id = sc.ext"
     "  AND NOT EXISTS (SELECT 1 FROM stg_case_party s JOIN party p ON p.external_id = s.party_ref"
     "   WHERE s.case_ext = sc.ext AND p.id = cp.party_id AND s.role = cp.role) RETURNING 1)"
     " SELECT count(*) AS n FROM d",
     'c',
     "WITH i AS (" INS_CASE_PARTY " RETURNING 1)"
     " SELECT count(*) AS ins, 0 AS upd FROM i"},
    {TRK_STG_EVENT,
     "WITH w AS (" INS_EVENT
     "  ON CONFLICT (external_id) DO UPDATE SET type = EXCLUDED.type, date = EXCLUDED.date,"
     "   date_precision = EXCLUDED.date_precision, time = EXCLUDED.time,"
     "   time_zone = EXCLUDED.time_zone, received_on = EXCLUDED.received_on,"
     "   outcome = EXCLUDED.outcome, title = EXCLUDED.title, description = EXCLUDED.description,"
     "   body_id = EXCLUDED.body_id, party_id = EXCLUDED.party_id, vacated = EXCLUDED.vacated,"
     "   service_method = EXCLUDED.service_method"
     "  WHERE (event.type, event.date, event.date_precision, event.time, event.time_zone,"
     "   event.received_on, event.outcome, event.title, event.description, event.body_id,"
     "   event.party_id, event.vacated, event.service_method) IS DISTINCT FROM"
     "   (EXCLUDED.type, EXCLUDED.date, EXCLUDED.date_precision, EXCLUDED.time,"
     "   EXCLUDED.time_zone, EXCLUDED.received_on, EXCLUDED.outcome, EXCLUDED.title,"
     "   EXCLUDED.description, EXCLUDED.body_id, EXCLUDED.party_id, EXCLUDED.vacated,"
     "   EXCLUDED.service_method)"
     "  RETURNING (xmax = 0) AS ins)"
     " SELECT count(*) FILTER (WHERE ins) AS ins, count(*) FILTER (WHERE NOT ins) AS upd FROM w",
     0, NULL, 'e',
     "WITH w AS (" INS_EVENT " RETURNING 1)"
     " SELECT count(*) AS ins, 0 AS upd FROM w"},
    {TRK_STG_EVENT_SOURCE,
     "WITH i AS (" INS_EVENT_SOURCE " ON CONFLICT DO NOTHING RETURNING 1)"
     " SELECT count(*) AS ins, 0 AS upd FROM i",
     'e',
     "WITH d AS (DELETE FROM event_source es USING event e, stg_event se"
     "  WHERE se.existed AND es.event_id = e.id AND e.external_id = se.ext"
     "  AND NOT EXISTS (SELECT 1 FROM stg_event_source s JOIN source x ON x.external_id = "
     "s.source_ref"
     "   WHERE s.event_ext = se.ext AND x.id = es.source_id) RETURNING 1)"
     " SELECT count(*) AS n FROM d",
     'e',
     "WITH i AS (" INS_EVENT_SOURCE " RETURNING 1)"
     " SELECT count(*) AS ins, 0 AS upd FROM i"},
    {TRK_STG_FINE,
     "WITH w AS (" INS_FINE "  ON CONFLICT (event_id) DO UPDATE SET amount = EXCLUDED.amount,"
     "   currency = EXCLUDED.currency, paid = EXCLUDED.paid, paid_on = EXCLUDED.paid_on,"
     "   payer_id = EXCLUDED.payer_id, authority_id = EXCLUDED.authority_id,"
     "   external_id = EXCLUDED.external_id"
     "  WHERE (fine.amount, fine.currency, fine.paid, fine.paid_on, fine.payer_id,"
     "   fine.authority_id, fine.external_id) IS DISTINCT FROM"
     "   (EXCLUDED.amount, EXCLUDED.currency, EXCLUDED.paid, EXCLUDED.paid_on,"
     "   EXCLUDED.payer_id, EXCLUDED.authority_id, EXCLUDED.external_id)"
     "  RETURNING (xmax = 0) AS ins)"
     " SELECT count(*) FILTER (WHERE ins) AS ins, count(*) FILTER (WHERE NOT ins) AS upd FROM w",
     0, NULL, 'e',
     "WITH w AS (" INS_FINE " RETURNING 1)"
     " SELECT count(*) AS ins, 0 AS upd FROM w"},
    {TRK_STG_FINE_EQ,
     "WITH w AS (" INS_FINE_EQ
     "  ON CONFLICT (fine_id, currency) DO UPDATE SET amount = EXCLUDED.amount,"
     "   rate = EXCLUDED.rate, as_of = EXCLUDED.as_of, note = EXCLUDED.note"
     "  WHERE (fine_equivalent.amount, fine_equivalent.rate, fine_equivalent.as_of,"
     "   fine_equivalent.note) IS DISTINCT FROM"
     "   (EXCLUDED.amount, EXCLUDED.rate, EXCLUDED.as_of, EXCLUDED.note)"
     "  RETURNING (xmax = 0) AS ins)"
     " SELECT count(*) FILTER (WHERE ins) AS ins, count(*) FILTER (WHERE NOT ins) AS upd FROM w",
     'e',
     "WITH d AS (DELETE FROM fine_equivalent fe USING fine f, event e, stg_fine sf, stg_event se"
     "  WHERE se.existed AND se.ext = sf.event_ext"
     "  AND fe.fine_id = f.id AND f.event_id = e.id AND e.external_id = sf.event_ext"
     "  AND NOT EXISTS (SELECT 1 FROM stg_fine_eq s WHERE s.event_ext = sf.event_ext"
     "   AND s.currency = fe.currency) RETURNING 1)"
     " SELECT count(*) AS n FROM d",
     'e',
     "WITH w AS (" INS_FINE_EQ " RETURNING 1)"
     " SELECT count(*) AS ins, 0 AS upd FROM w"},
};

/* Events whose deadlines must be (re)computed: new, re-dated, re-typed, vacated, or whose
 * explicit deadline specs differ from the explicit deadlines recorded for them. Computed before
 * the event upsert (it compares with the stored rows). */
static const char mark_changed_sql[] =
    "WITH same AS ("
    "  SELECT s.ext FROM stg_event s JOIN event e ON e.external_id = s.ext"
    /* the fine's payment and the case's procedure decide deadlines too (docs/engine.md). Joins,
     * not correlated subqueries: a subquery over a staging table (no index) ran once per staged
     * event, 100,000 x 100,000 rows on a re-import of 100,000 fines (minutes instead of
     * seconds). At most one row each: one fine per event (unique), one staged fine per event
     * and one staged case per id (duplicates are refused by the checks). */
    "  JOIN legal_case c ON c.id = e.case_id"
    "  LEFT JOIN fine f ON f.event_id = e.id"
    "  LEFT JOIN stg_fine sf ON sf.event_ext = s.ext"
    "  LEFT JOIN stg_case sc ON sc.ext = s.case_ext"
    "  WHERE e.date = s.date AND e.received_on IS NOT DISTINCT FROM s.received_on"
    "  AND e.type = s.type AND e.outcome IS NOT DISTINCT FROM s.outcome AND e.vacated = s.vacated"
    "  AND e.service_method IS NOT DISTINCT FROM s.service_method"
    "  AND (f.event_id IS NULL) = (sf.event_ext IS NULL)"
    "  AND (f.event_id IS NULL OR ROW(f.paid, f.paid_on) IS NOT DISTINCT FROM ROW(sf.paid, sf.paid_on))"
    "  AND c.procedure IS NOT DISTINCT FROM sc.procedure),"
    " have AS ("
    "  SELECT e.external_id AS ext, x.kind, x.period_count, x.period_unit, x.roll, x.due_on"
    "  FROM deadline x JOIN event e ON e.id = x.trigger_event_id"
    "  JOIN stg_event s ON s.ext = e.external_id"
    "  WHERE x.rule_id IS NULL AND x.status <> 'superseded'),"
    " differ AS ("
    "  SELECT d.event_ext AS ext FROM stg_deadline d LEFT JOIN have h"
    "   ON h.ext = d.event_ext AND h.kind = d.kind"
    "   AND ((d.count IS NOT NULL AND h.period_count = d.count AND h.period_unit = d.unit"
    "         AND (d.roll IS NULL OR h.roll = d.roll))"
    "     OR (d.due_on IS NOT NULL AND h.period_count IS NULL AND h.due_on = d.due_on))"
    "  WHERE h.ext IS NULL"
    "  UNION"
    "  SELECT h.ext FROM have h LEFT JOIN stg_deadline d ON d.event_ext = h.ext AND d.kind = h.kind"
    "  WHERE d.event_ext IS NULL)"
    " UPDATE stg_event s SET changed = true"
    " WHERE NOT EXISTS (SELECT 1 FROM same WHERE same.ext = s.ext)"
    " OR EXISTS (SELECT 1 FROM differ WHERE differ.ext = s.ext)";

static int copy_spool(trk_db *db, int t, FILE *f)
{
    char sql[512];
    snprintf(sql, sizeof sql, "COPY pg_temp.%s (%s) FROM STDIN", stg[t].name, stg[t].copy);
    if (trk_db_copy_start(db, sql) != 0)
        return -1;
    static char buf[1 << 18];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        if (trk_db_copy_send(db, buf, (int)n) != 0) {
            trk_db_copy_end(db);
            return -1;
        }
    if (ferror(f)) {
        trk_error("could not read a temporary file: %s", strerror(errno));
        trk_db_copy_end(db);
        return -1;
    }
    return trk_db_copy_end(db);
}

static int run_checks(trk_db *db, const trk_import_opts *o, trk_import_spool *sp)
{
    char lim[16];
    for (size_t k = 0; k < sizeof checks / sizeof checks[0]; k++) {
        if (sp->nerr >= o->max_errors)
            break;
        snprintf(lim, sizeof lim, "%d", o->max_errors - sp->nerr + 1);
        const char *p[] = {lim};
        trk_res *r = trk_db_query(db, checks[k], 1, p);
        if (!r)
            return -1;
        for (int i = 0; i < trk_res_rows(r); i++)
            trk_import_error(sp, o, "%s: %s", trk_res_val(r, i, "src"), trk_res_val(r, i, "msg"));
        trk_res_free(r);
        step_done(k == 0 ? "check duplicates" : k == 1 ? "check references" : "check conflicts");
        /* Conflicts are only meaningful once ids are matched, which needs valid references:
         * matching runs before the conflict checks, and only when all is well so far. */
        if (k == 1 && sp->nerr > 0)
            break;
        if (k == 1)
            for (size_t m = 0; m < sizeof match_sql / sizeof match_sql[0]; m++)
                if (trk_db_exec(db, match_sql[m], 0, NULL) != 0)
                    return -1;
    }
    if (sp->nerr > o->max_errors)
        trk_error("... and more errors (listing stops after %d)", o->max_errors);
    return 0;
}

static bool temp_table_exists(trk_db *db, const char *name)
{
    const char *p[] = {name};
    trk_res *r = trk_db_query(db, "SELECT to_regclass($1) IS NOT NULL AS e", 1, p);
    bool e = r && trk_res_bool(r, 0, "e");
    trk_res_free(r);
    return e;
}

/* Events per call of the deadline engine. The engine loads its trigger events, their cases'
 * deadlines and satisfying events into memory: batches keep a large import's memory flat (about
 * 25 MB per 10,000 events), while each call has a fixed cost (about 0.3 s: calendars, rules), so
 * batches should not be small. A batch never splits a case: each call sees all of a case's
 * changes at once. */
#define ENGINE_BATCH 10000

static int hand_to_engine(trk_db *db, bool all_new)
{
    if (trk_deadlines_bulk_prepare(db) != 0)
        return -1;
    /* Before the engine exists its tables are absent: there is nothing to hand over. */
    if (!temp_table_exists(db, "pg_temp.trk_new_events") ||
        !temp_table_exists(db, "pg_temp.trk_new_deadline_specs"))
        return 0;
    /* TRACKER_IMPORT_ENGINE_BATCH overrides the batch size (tests use small batches). */
    const char *env = getenv("TRACKER_IMPORT_ENGINE_BATCH");
    int batch = env ? atoi(env) : ENGINE_BATCH;
    char size[16];
    snprintf(size, sizeof size, "%d", batch > 0 ? batch : ENGINE_BATCH);
    const char *ps[] = {size, all_new ? "t" : "f"};
    /* The events to hand over, numbered into batches of whole cases, indexed by batch. A new
     * event matters to the engine only when a rule can trigger on its type, it carries explicit
     * deadlines, or its type can meet or vacate deadlines of its case (the engine reads those
     * events of every case it handles anyway); a hearing or a statement is left out. Events that
     * existed are always handed over: they may have deadlines to supersede. */
    if (trk_db_exec(db,
                    "CREATE TEMP TABLE stg_engine ON COMMIT DROP AS"
                    " WITH x AS MATERIALIZED (SELECT e.id AS event_id, e.case_id, s.ext, s.ord"
                    "  FROM stg_event s JOIN event e ON e.external_id = s.ext"
                    "  WHERE (s.changed OR $2::boolean)"
                    "  AND (s.existed OR s.type = ANY (ARRAY['ruling', 'appeal_filed',"
                    "   'appeal_decided', 'compliance', 'block', 'payment']"
                    "   || ARRAY(SELECT trigger_type FROM rule"
                    "   WHERE retired_at IS NULL AND trigger_type IS NOT NULL))"
                    "   OR s.ext IN (SELECT event_ext FROM stg_deadline))),"
                    " k AS (SELECT case_id,"
                    "  ((sum(count(*)) OVER (ORDER BY case_id))::bigint - 1) / $1::int AS batch"
                    "  FROM x GROUP BY case_id)"
                    " SELECT x.event_id, x.ext, x.ord, k.batch FROM x JOIN k USING (case_id)",
                    2, ps) != 0 ||
        trk_db_exec(db, "CREATE INDEX ON stg_engine (batch)", 0, NULL) != 0 ||
        trk_db_exec(db, "CREATE INDEX ON stg_deadline (event_ext)", 0, NULL) != 0 ||
        trk_db_exec(db, "ANALYZE stg_engine", 0, NULL) != 0)
        return -1;
    trk_res *r =
        trk_db_query(db, "SELECT coalesce(max(batch), -1) AS last FROM stg_engine", 0, NULL);
    if (!r)
        return -1;
    long long last = trk_res_int(r, 0, "last");
    trk_res_free(r);
    for (long long b = 0; b <= last; b++) {
        char bs[24];
        snprintf(bs, sizeof bs, "%lld", b);
        const char *p[] = {bs};
        if (trk_db_exec(db, "DELETE FROM pg_temp.trk_new_events", 0, NULL) != 0 ||
            trk_db_exec(db, "DELETE FROM pg_temp.trk_new_deadline_specs", 0, NULL) != 0)
            return -1;
        if (trk_db_exec(db,
                        "INSERT INTO pg_temp.trk_new_events (event_id)"
                        " SELECT event_id FROM stg_engine WHERE batch = $1::bigint ORDER BY ord",
                        1, p) != 0)
            return -1;
        if (trk_db_exec(db,
                        "INSERT INTO pg_temp.trk_new_deadline_specs"
                        " (event_id, kind, title, count, unit, roll, due_on, external_id)"
                        " SELECT g.event_id, d.kind, d.title, d.count, d.unit, d.roll, d.due_on,"
                        " d.ext FROM stg_engine g JOIN stg_deadline d ON d.event_ext = g.ext"
                        " WHERE g.batch = $1::bigint ORDER BY d.ord",
                        1, p) != 0)
            return -1;
        if (trk_deadlines_on_events_listed(db) != 0)
            return -1;
    }
    return 0;
}

int trk_import_load(trk_db *db, const trk_import_opts *o, trk_import_spool *sp,
                    trk_import_count counts[TRK_STG_N])
{
    int rc = -1;
    long total = 0, done = 0;
    for (int t = 0; t < TRK_STG_N; t++)
        total += sp->rows[t];
    step_done(NULL);
    if (trk_db_begin(db) != 0)
        return -1;
    /* The statements below are short joins over staging tables whose cost estimates can be
     * large; JIT compilation would then take longer than running them (a second per statement
     * was seen on 10,000 events). */
    if (trk_db_exec(db, "SET LOCAL jit = off", 0, NULL) != 0)
        goto out;
    /* The ANALYZEs below only give the planner row counts and key distinctness for these
     * joins: a sample of 3,000 rows (instead of 30,000) does that, at a tenth of the cost.
     * Autovacuum analyzes the real tables again at its own target after the commit. */
    if (trk_db_exec(db, "SET LOCAL default_statistics_target = 10", 0, NULL) != 0)
        goto out;
    /* One import at a time per database: a second one waits, then sees the first's rows (each
     * statement below takes a fresh snapshot) instead of failing on its new external ids. */
    if (trk_db_exec(db, "SELECT pg_advisory_xact_lock(7171005)", 0, NULL) != 0)
        goto out;
    if (o->in_txn && o->in_txn(db, o->in_txn_ctx) != 0)
        goto out;
    for (int t = 0; t < TRK_STG_N; t++) {
        char sql[1024];
        snprintf(sql, sizeof sql,
                 "CREATE TEMP TABLE %s (src text NOT NULL, ord bigint NOT NULL, %s) ON COMMIT DROP",
                 stg[t].name, stg[t].columns);
        if (trk_db_exec(db, sql, 0, NULL) != 0)
            goto out;
        if (sp->rows[t] > 0 && copy_spool(db, t, sp->f[t]) != 0)
            goto out;
        done += sp->rows[t];
        trk_progress(o->progress, "staging", total ? (double)done / (double)total : 1, done);
        snprintf(sql, sizeof sql, "ANALYZE pg_temp.%s (%s)", stg[t].name, stg[t].keys);
        if (trk_db_exec(db, sql, 0, NULL) != 0)
            goto out;
        step_done(stg[t].name);
    }
    trk_progress(o->progress, "checking", -1, total);
    for (size_t k = 0; k < sizeof adopt_sql / sizeof adopt_sql[0]; k++)
        if (trk_db_exec(db, adopt_sql[k], 0, NULL) != 0)
            goto out;
    step_done("adopt derived ids");
    if (run_checks(db, o, sp) != 0 || sp->nerr > 0)
        goto out;
    step_done("checks");
    trk_res *fr = trk_db_query(db,
                               "SELECT EXISTS (SELECT 1 FROM stg_event s JOIN event e"
                               "  ON e.external_id = s.ext) AS e,"
                               " EXISTS (SELECT 1 FROM stg_case s JOIN legal_case c"
                               "  ON c.external_id = s.ext) AS c",
                               0, NULL);
    if (!fr)
        goto out;
    bool existed_event = trk_res_bool(fr, 0, "e"), existed_case = trk_res_bool(fr, 0, "c");
    trk_res_free(fr);
    /* When no staged event exists yet, every one is new and goes to the deadline engine. */
    if (existed_event &&
        (trk_db_exec(db,
                     "UPDATE stg_event s SET existed = true FROM event e WHERE e.external_id = s.ext",
                     0, NULL) != 0 ||
         trk_db_exec(db, mark_changed_sql, 0, NULL) != 0 ||
         trk_db_exec(db, "ANALYZE pg_temp.stg_event (ext, changed, existed)", 0, NULL) != 0))
        goto out;
    step_done("mark changed");
    for (size_t k = 0; k < sizeof writes / sizeof writes[0]; k++) {
        const write_step *w = &writes[k];
        trk_progress(o->progress, "writing", (double)k / (double)(sizeof writes / sizeof writes[0]),
                     total);
        long pruned = 0;
        if (w->prune && ((w->needs == 'c' && existed_case) || (w->needs == 'e' && existed_event))) {
            trk_res *pr = trk_db_query(db, w->prune, 0, NULL);
            if (!pr)
                goto out;
            pruned = trk_res_int(pr, 0, "n");
            trk_res_free(pr);
        }
        bool fresh = w->fresh && ((w->fresh_when == 'c' && !existed_case) ||
                                  (w->fresh_when == 'e' && !existed_event));
        trk_res *r = trk_db_query(db, fresh ? w->fresh : w->sql, 0, NULL);
        if (!r) {
            if (strcmp(trk_db_sqlstate(db), TRK_SQLSTATE_UNIQUE) == 0 ||
                strcmp(trk_db_sqlstate(db), TRK_SQLSTATE_SERIALIZATION) == 0)
                trk_hint("another import or edit wrote the same records at the same time; "
                         "run the import again");
            goto out;
        }
        counts[w->table].inserted = trk_res_int(r, 0, "ins");
        counts[w->table].updated = trk_res_int(r, 0, "upd") + pruned;
        long rest = sp->rows[w->table] - counts[w->table].inserted - counts[w->table].updated;
        counts[w->table].unchanged = rest > 0 ? rest : 0;
        trk_res_free(r);
        step_done(stg[w->table].name);
    }
    /* Many new rows in this transaction: give the planner (here and in the engine) their
     * numbers, or it plans joins against these tables as if they were still small. */
    if (counts[TRK_STG_EVENT].inserted > 5000 &&
        (trk_db_exec(db, "ANALYZE event", 0, NULL) != 0 ||
         trk_db_exec(db, "ANALYZE legal_case", 0, NULL) != 0))
        goto out;
    trk_progress(o->progress, "deadlines", -1, total);
    if (hand_to_engine(db, !existed_event) != 0)
        goto out;
    step_done("deadline engine");
    trk_progress_done(o->progress);
    if (o->dry_run) {
        trk_db_rollback(db);
        return 0;
    }
    if (trk_db_commit(db) != 0)
        return -1;
    step_done("commit");
    rc = 0;
out:
    trk_progress_done(o->progress);
    if (rc != 0)
        trk_db_rollback(db);
    return rc;
}
