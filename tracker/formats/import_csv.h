/*
 * import_csv.h: tracker import --format csv|tsv FILE --map MAP.json (docs/csv-import.md).
 *
 * The reading phase for spreadsheets. A mapping file (JSON, docs/csv-map.schema.json) says, for
 * each tracker field, which column it comes from (or a constant, or a template of columns), how
 * the column's text is cleaned, and the column's date and number formats. Each data row becomes
 * a case (rows with the same case id share it), an event, optionally a fine, the case's parties,
 * the authority (a body) and a source. The rows are parsed with libcsv (RFC 4180 quoting, line
 * breaks and tabs inside quoted fields, a UTF-8 BOM), streamed one at a time, validated, and
 * spooled as the same typed COPY rows as the interchange reader writes (import.h), so that the
 * loading phase (import_db.c: one transaction, set-based checks, upserts by external id, the
 * deadline engine) is the same. Errors name the row (the header is row 1, as a spreadsheet
 * shows it), the column and the value.
 */
#ifndef TRK_IMPORT_CSV_H
#define TRK_IMPORT_CSV_H

#include "import.h"

/*
 * Read o->path (CSV when delim is ',', TSV when '\t'; the mapping may set its own delimiter)
 * through the mapping file map_path into sp (zeroed by the caller). db is only read (the known
 * jurisdiction codes). Returns as trk_import_read: 0 valid, 1 errors reported but the spool
 * complete, -1 otherwise; every input or mapping error is counted in sp->nerr, so that sp->nerr
 * == 0 after -1 means an I/O or database failure. The caller frees sp with trk_import_spool_free.
 */
int trk_import_csv_read(trk_db *db, const trk_import_opts *o, const char *map_path, char delim,
                        trk_import_spool *sp);

#endif
