# Access control (issue 6): roles from the migrations, no superuser needed at run time, the feed
# server refusing a superuser connection unless told to, read-only roles refused writes cleanly.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/feeds_lib.sh"
migrate
W="t_writer_$$"
R="t_reader_$$"
drop_roles() { psql -X -q -U postgres -d postgres -c "DROP ROLE IF EXISTS \"$W\"" -c "DROP ROLE IF EXISTS \"$R\"" >/dev/null 2>&1; }
trap 'cleanup; drop_roles' EXIT
psql -X -q -v ON_ERROR_STOP=1 -U postgres -d "$TEST_DB" \
  -c "CREATE ROLE \"$W\" LOGIN IN ROLE tracker_writer" \
  -c "CREATE ROLE \"$R\" LOGIN IN ROLE tracker_feed_reader" >/dev/null ||
  { fail "could not create the test roles"; finish; }
expect_eq "f|f" "$(sql "SELECT bool_or(rolsuper), bool_or(rolcreaterole) FROM pg_roles WHERE rolname IN ('$W', '$R')")" "test roles are plain"

# The CLI works for an analyst who holds only tracker_writer.
AS_W="dbname=$TEST_DB user=$W"
TRACKER_DB="$AS_W" run case add --title "Telegram fined" --jurisdiction RU --external-id tg --party defendant:Telegram
expect_rc 0
TRACKER_DB="$AS_W" run event add tg --type ruling --date 2017-10-16 --appeal-sutki 10 --fine 800000 --currency RUB --source https://example.org/a
expect_rc 0
expect_err_has "appeal due 2017-10-26"
TRACKER_DB="$AS_W" run event edit 1 --date 2017-10-17
expect_rc 0
TRACKER_DB="$AS_W" run feed create --case tg
expect_rc 0
TRACKER_DB="$AS_W" run db migrate
expect_rc 0
expect_out_has "up to date"
# ... but cannot change the schema, rewrite history or the migration record.
wq() { psql -X -q -d "$TEST_DB" -U "$W" -c "$1" >/dev/null 2>&1; }
wq "DROP TABLE legal_case" && fail "writer dropped a table" || pass
wq "UPDATE audit SET actor = 'x'" && fail "writer rewrote the audit trail" || pass
wq "DELETE FROM audit" && fail "writer deleted the audit trail" || pass
wq "DELETE FROM deadline_revision" && fail "writer deleted deadline history" || pass
wq "DELETE FROM schema_migration" && fail "writer changed the migration record" || pass
wq "CREATE TABLE x (i int)" && fail "writer created a table" || pass
expect_eq "$W" "$(sql "SELECT DISTINCT db_role FROM audit WHERE table_name = 'event'")" "audit names the analyst's database role"

# A read-only role: reads work, writes get one clear error (exit 1) and write nothing.
AS_R="dbname=$TEST_DB user=$R"
TRACKER_DB="$AS_R" run case show tg --json
expect_rc 0
before=$(snapshot)
TRACKER_DB="$AS_R" run case add --title X --jurisdiction RU
expect_rc 1
expect_err_has "permission denied"
TRACKER_DB="$AS_R" run event add tg --type statement --date 2017-10-16
expect_rc 1
TRACKER_DB="$AS_R" run case edit tg --status closed
expect_rc 1
expect_eq "$before" "$(snapshot)" "read-only role wrote nothing"

# tracker serve refuses a superuser connection unless --allow-superuser, and runs as the writer.
TRACKER_DB="dbname=$TEST_DB user=postgres" run serve --listen 127.0.0.1:0
expect_rc 1
expect_err_has "refusing to serve feeds as the superuser"
TRACKER_DB="$AS_R" start_server
grep -q "reading as role tracker_feed_reader" "$SERVER_LOG" && pass || fail "reader did not take the read-only role: $(cat "$SERVER_LOG")"
fetch h "$BASE/healthz"
expect_eq 200 "$CODE" "server as the reader role"
stop_server
expect_eq 0 "$SERVER_RC" "clean exit"
TRACKER_DB="dbname=$TEST_DB user=postgres" start_server --allow-superuser
# The warning may reach the log just after the "listening" line start_server waits for.
for _ in $(seq 1 100); do grep -q "connected as superuser" "$SERVER_LOG" && break; sleep 0.05; done
grep -q "connected as superuser" "$SERVER_LOG" && pass || fail "no superuser warning"
stop_server
finish
