/* rules.h: rule flags: a user-editable file of PCRE2 patterns and built-in checks, each
 * rule raising a named flag (refusal, placeholder, url, ...) on a sample's prompt or response.
 * Owns: struct rules (the compiled rule set, immutable after load, shared read-only by
 * every thread) and struct rules_scratch (per-thread PCRE2 match data and buffers).
 * Touches nothing else: no globals, no I/O except rules_load_file reading its file.
 *
 * The file format is documented at the top of rules_default_text(). In short: one rule per
 * line, `FLAG SIDE PATTERN`; SIDE is prompt, response or any (or desc, which sets the flag's
 * description); PATTERN is a PCRE2 regex or one of @empty, @truncated, @copies_prompt.
 * Rule k (1-based, file order) of flag F has the id "F#k". */
#ifndef WINNOW_RULES_H
#define WINNOW_RULES_H

#include <stdbool.h>
#include <stddef.h>

#include "score/metric.h"
#include "util/buf.h"
#include "util/status.h"

struct rules;
struct rules_scratch;

/* Compiles rule text. source_name names the text in messages ("rules.txt", "<default>").
 * Errors (ST_BADDATA, *out = NULL), all starting "<source>:<line>: ":
 *   bad pattern /PAT/: <PCRE2 message> at offset N
 *   unknown side 'X' (expected prompt, response, any or desc)
 *   missing pattern, bad flag name, unknown built-in check, no rules at all.
 * OUT: *out, the caller's, freed with rules_free. */
enum status
rules_load(const char *text, const char *source_name, struct rules **out, struct err *err);

/* rules_load on a file's contents (ST_IO if it cannot be read). */
enum status
rules_load_file(const char *path, struct rules **out, struct err *err);

/* The built-in rule file, with the format described in its opening comment. Static. */
const char *
rules_default_text(void);

/* Frees r; NULL is fine. */
void
rules_free(struct rules *r);

/* Number of distinct flags, in order of first appearance in the text. */
size_t
rules_n_flags(const struct rules *r);

/* Flag i as a metric: name "flag_<name>", DIR_FLAG, range [0, 1], desc from the flag's desc
 * line or else generated from its rules. Borrowed: lives as long as r. */
const struct metric_def *
rules_flag_def(const struct rules *r, size_t i);

/* Changes whenever the rule text (or the code of the built-in checks) changes: 16 hex digits
 * of a SHA-256. Borrowed: lives as long as r. */
const char *
rules_version(const struct rules *r);

/* Per-thread working memory for rules_eval. Never NULL (dies on OOM). Must only be used with
 * the r it was made for; free it before r. */
struct rules_scratch *
rules_scratch_new(const struct rules *r);

/* Frees s; NULL is fine. */
void
rules_scratch_free(struct rules_scratch *s);

/* Evaluates every flag on one sample. prompt/resp are valid UTF-8 (not checked again), not
 * necessarily NUL-terminated; NULL is fine when the length is 0.
 * OUT: out[rules_n_flags(r)], 1.0 where the flag fired, else 0.0.
 * OUT: fired_ids (may be NULL) is cleared, then gets the ids of every rule that fired,
 * space-separated in file order, e.g. "refusal#2 url#1". Without it, evaluation of a flag
 * stops at its first firing rule.
 * A regex that hits the PCRE2 match limit counts as not matching. Thread-safe with one
 * scratch per thread. */
void
rules_eval(const struct rules *r, struct rules_scratch *s, const char *prompt, size_t plen,
	   const char *resp, size_t rlen, double *out, struct buf *fired_ids);

/* Where the rule with this id ("refusal#2") matches text, one side of a sample (prompt
 * true: the prompt side): each match of a regex rule, the last sentence fragment for a
 * firing @truncated, nothing for the other built-in checks. For showing a curator why a
 * flag fired. Returns false if there is no such rule or it does not read that side. */
typedef void (*rules_span_fn)(void *ctx, size_t start, size_t end);

bool
rules_spans(const struct rules *r, struct rules_scratch *s, const char *id, bool prompt,
	    const char *text, size_t n, rules_span_fn fn, void *ctx);

#endif
