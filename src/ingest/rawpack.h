/* rawpack.h: store a row's original JSON without repeating its longest texts.
 * The response's (and the prompt's) quoted JSON string, when it occurs exactly once in
 * the row, is replaced by the byte 0x01 and 'R' (or 'P'). Valid JSON never contains a
 * raw 0x01, so unpacking is the exact inverse. This halves the bytes an import writes.
 * The SQL view samples_v does the same unpacking with replace() and json_quote(). */
#ifndef WINNOW_RAWPACK_H
#define WINNOW_RAWPACK_H

#include <stddef.h>

#include "util/buf.h"

enum { RAWPACK_RESPONSE = 1, RAWPACK_PROMPT = 2 };

/* Pack raw into out (cleared first); returns the RAWPACK_* flags used (0: out is raw). */
int
rawpack_pack(const char *raw, size_t len, const char *prompt, size_t plen,
	     const char *response, size_t rlen, struct buf *out, struct buf *scratch);

/* Unpack into out (cleared first). */
void
rawpack_unpack(const char *packed, size_t len, int flags, const char *prompt,
	       const char *response, struct buf *out);

#endif
