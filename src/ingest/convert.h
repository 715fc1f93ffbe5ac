/* convert.h: a sample rebuilt from its turns as one row of another format, for
 * `winnow export --to`. Pure: no I/O.
 *   alpaca    {"instruction": PROMPT, "input": "", "output": RESPONSE}: only the last
 *             exchange survives (earlier assistant turns are not in the prompt)
 *   sharegpt  {"conversations": [{"from": "system|human|gpt|tool", "value": ...}]}
 *   messages  {"messages": [{"role": "system|user|assistant|tool", "content": ...}]}
 * A plain-text sample's single turn becomes an assistant turn. */
#ifndef WINNOW_CONVERT_H
#define WINNOW_CONVERT_H

#include "engine.h"
#include "model.h"
#include "util/buf.h"

/* "alpaca", "sharegpt", "messages" -> *to; false for anything else. */
bool
convert_parse(const char *name, enum export_to *to);

const char *
convert_name(enum export_to to);

/* Append s as one compact JSON object in format to (not EXPORT_TO_ORIGINAL); s->turns
 * must be filled (engine_sample_get does). */
void
convert_sample(const struct sample *s, enum export_to to, struct buf *out);

#endif
