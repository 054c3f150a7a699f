/*
 * migrations.h: schema migrations compiled into the binary (generated from schema/NNN_*.sql).
 */
#ifndef TRK_MIGRATIONS_H
#define TRK_MIGRATIONS_H

typedef struct trk_migration {
    int version;
    const char *name;
    const char *sql;
} trk_migration;

extern const trk_migration trk_migrations[];
extern const int trk_migration_count;

#endif
