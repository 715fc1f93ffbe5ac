/* format.h: the dataset formats winnow reads, how to tell them apart by their keys, and
 * how a row of each becomes turns plus the derived prompt and response.
 * Owns struct record (the mapped row). Knows nothing of files or the store. */
#ifndef WINNOW_FORMAT_H
#define WINNOW_FORMAT_H

#include <stdbool.h>
#include <stddef.h>

#include "util/buf.h"
#include "util/status.h"

#define FORMAT_INFO(X) \
	X(FMT_ALPACA,   "alpaca",            "instruction, input, output") \
	X(FMT_DOLLY,    "dolly",             "instruction, context, response, category") \
	X(FMT_SHAREGPT, "sharegpt",          "conversations: [{from, value}]") \
	X(FMT_MESSAGES, "messages",          "messages: [{role, content}] (OpenAI chat)") \
	X(FMT_PC,       "prompt_completion", "prompt, completion") \
	X(FMT_TEXT,     "text",              "text")

enum format {
#define FORMAT_ENUM(id, name, keys) id,
	FORMAT_INFO(FORMAT_ENUM)
#undef FORMAT_ENUM
	FMT__COUNT,
	FMT_AUTO = FMT__COUNT,	/* detect from the first row; later rows must match */
	FMT_MIXED,		/* detect every row on its own */
};

const char *format_name(enum format f);
const char *format_keys(enum format f);

/* Parse a --format value (a format name, "auto" or "mixed", or the aliases "openai"
 * and "pc"). ST_USAGE with the valid names if unknown. */
enum status
format_parse(const char *s, enum format *out, struct err *err);

enum role { ROLE_SYSTEM, ROLE_USER, ROLE_ASSISTANT, ROLE_TOOL, ROLE_TEXT };

const char *role_name(enum role r);

/* One mapped row. Reused across rows: record_reset keeps the memory. */
struct record {
	enum format format;
	int n_turns;
	struct buf prompt;
	struct buf response;
	struct buf turns_json;	/* empty when simple */
	bool simple;		/* exactly [user: prompt, assistant: response] */
	size_t prompt_chars, response_chars;
};

void record_reset(struct record *rec);
void record_free(struct record *rec);

/* Parse one row's JSON text and map it. f is the file's format, or FMT_AUTO/FMT_MIXED
 * (then the row's own keys decide). OUT: rec; *detected = the row's own format by its
 * keys (FMT__COUNT if none). ST_BADDATA with a message naming the field, without file
 * or line (the caller adds them). */
enum status
format_map_row(const char *json, size_t len, enum format f, struct record *rec,
	       enum format *detected, struct err *err);

#endif
