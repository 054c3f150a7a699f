# tracker db migrate/status, connection errors, version checks.
source "$(dirname "$0")/lib.sh"

run case list
expect_rc 1
expect_err_has "has no tracker schema"

run db status
expect_rc 1
expect_out_has "needs migrate"

run db migrate
expect_rc 0
expect_out_has "applied 001_foundation"
v1=$(sql "SELECT max(version) FROM schema_migration")

run db migrate
expect_rc 0
expect_out_has "up to date"
expect_eq "$v1" "$(sql "SELECT max(version) FROM schema_migration")" "version after 2nd migrate"
# (migration numbers are handed out per branch, so they may have gaps until all are merged)
expect_eq "$(ls "$TRACKER_SRC"/schema/[0-9][0-9][0-9]_*.sql | wc -l)" "$(sql "SELECT count(*) FROM schema_migration")" "one row per migration"

run db status --json
expect_rc 0
expect_out_has '"state":	"up to date"'

# A database newer than the binary is refused, by migrate and by every other command.
sql "INSERT INTO schema_migration (version, name) VALUES (999, '999_future')"
run db migrate
expect_rc 1
expect_err_has "newer than this tracker knows"
run case list
expect_rc 1
expect_err_has "newer than this tracker knows"
sql "DELETE FROM schema_migration WHERE version = 999"

# Unreachable database: one clear line naming the target, exit 1.
run --db "host=/nonexistent/socket port=1 dbname=x" db status
expect_rc 1
expect_err_has "could not connect to database"
expect_err_has "/nonexistent/socket"
TRACKER_DB="postgresql:///nosuchdb_$$" run db status
expect_rc 1
expect_err_has "nosuchdb_$$"

# Usage errors exit 2.
run db frobnicate
expect_rc 2
run --bogus
expect_rc 2
run db migrate --help
expect_rc 0
expect_out_has "usage: tracker db migrate"
finish
