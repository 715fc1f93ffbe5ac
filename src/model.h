/* model.h: the plain data types the engine, the store and the front ends share.
 * No behaviour here. Strings in these structs are owned by the struct unless noted;
 * each has a *_free in the module that fills it. */
#ifndef WINNOW_MODEL_H
#define WINNOW_MODEL_H

#include <stddef.h>
#include <stdint.h>

struct turn {
	char *role;		/* system, user, assistant, tool, text */
	char *text;
};

/* A sample as read back from a project file. */
struct sample {
	int64_t id;
	int64_t dataset_id;
	char *dataset;		/* dataset name */
	int64_t ord;		/* 0-based position in its file */
	int64_t line;		/* 1-based line where the row starts */
	char *format;
	char *prompt;
	char *response;
	char *turns_json;	/* NULL: the two turns user=prompt, assistant=response */
	char *raw;		/* original JSON bytes (unpacked by the engine) */
	size_t raw_len;
	int packed;		/* as stored; 0 once the engine has unpacked raw */
	struct turn *turns;	/* filled by engine_sample_get */
	size_t n_turns;
};

struct dataset {
	int64_t id;
	char *name;
	char *path;
	char *format;
	char *container;	/* "jsonl" or "json" */
	char *sha256;
	int64_t bytes;
	int64_t n_samples;
	int64_t n_skipped;
	char *json_prefix;	/* JSON array layout; NULL for JSONL */
	char *json_sep;
	char *json_suffix;
	char *imported_at;
};

/* One search hit. */
struct hit {
	int64_t id;
	int64_t dataset_id;
	int64_t line;
	const char *dataset;	/* borrowed: valid during the callback only */
	const char *snippet;	/* borrowed: highlighted excerpt */
};

#endif
