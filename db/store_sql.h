/* store_sql.h: the SQL embedded from the db folder's .sql files by db/embed.sh (private to db/). */
#ifndef WINNOW_STORE_SQL_H
#define WINNOW_STORE_SQL_H

struct store_migration {
	int version;
	const char *name;
	const char *sql;
};

extern const char store_schema_sql[];
extern const struct store_migration store_migrations[];
extern const int store_n_migrations;

#endif
