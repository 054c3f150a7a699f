/*
 * fuzz_import.c: the reading phase of tracker import (import_read.c), which parses and validates
 * a whole JSON document or a JSON Lines stream and spools COPY text rows, without a database.
 *
 * Each input is read twice, as a document and as JSON Lines. Properties:
 *   - never crashes, leaks or hangs; returns -1, 0 or 1, and 1 or 0 exactly when errors were or
 *     were not reported;
 *   - on success the spools hold exactly rows[t] lines per staging table, all lines of a table
 *     have the same number of fields (a value can never add a COPY column or row: tabs, newlines
 *     and backslashes in user text are escaped), and every line is valid UTF-8.
 * The input goes through a real file, as `tracker import FILE` reads it.
 */
#include "fuzz_common.h"
#include "import.h"

#include <stdbool.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char path[64];
static int fd = -1;

static void remove_input(void)
{
    unlink(path);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    strcpy(path, "/tmp/fuzz_import_XXXXXX");
    fd = mkstemp(path);
    FUZZ_CHECK(fd >= 0);
    atexit(remove_input);
    return 0;
}

static void check_spool(trk_import_spool *sp)
{
    for (int t = 0; t < TRK_STG_N; t++) {
        FILE *f = sp->f[t];
        FUZZ_CHECK(f != NULL);
        long lines = 0;
        long fields = -1;
        char *line = NULL;
        size_t cap = 0;
        ssize_t n;
        while ((n = getline(&line, &cap, f)) > 0) {
            FUZZ_CHECK(line[n - 1] == '\n');
            FUZZ_CHECK(fuzz_utf8_ok(line, (size_t)n - 1));
            long tabs = 0;
            for (ssize_t i = 0; i < n - 1; i++) {
                FUZZ_CHECK(line[i] != '\r');
                tabs += line[i] == '\t';
            }
            if (fields < 0)
                fields = tabs;
            FUZZ_CHECK(tabs == fields);
            lines++;
        }
        free(line);
        FUZZ_CHECK(lines == sp->rows[t]);
    }
}

static void run(bool jsonl)
{
    trk_import_opts o = {
        .path = path,
        .jsonl = jsonl,
        .max_size = 1024 * 1024,
        .max_errors = 1000,
    };
    trk_import_spool sp;
    memset(&sp, 0, sizeof sp);
    fuzz_quiet_begin();
    int rc = trk_import_read(&o, &sp);
    fuzz_quiet_end();
    FUZZ_CHECK(rc == -1 || rc == 0 || rc == 1);
    if (rc == 0)
        FUZZ_CHECK(sp.nerr == 0);
    if (rc == 1)
        FUZZ_CHECK(sp.nerr > 0);
    if (rc >= 0)
        check_spool(&sp);
    trk_import_spool_free(&sp);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    FUZZ_CHECK(ftruncate(fd, 0) == 0);
    FUZZ_CHECK(pwrite(fd, data, size, 0) == (ssize_t)size);
    run(false);
    run(true);
    return 0;
}
