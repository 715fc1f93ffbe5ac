/* rawpack.c: packing a row's JSON against its own prompt and response (see rawpack.h). */
#define _GNU_SOURCE	/* memmem */
#include "rawpack.h"

#include <string.h>

#include "util/json_text.h"

#define RAWPACK_MIN 16	/* shorter strings are not worth a marker */

/* Replace the single occurrence of needle in b by the marker; false if it is not there
 * exactly once. */
static int
replace_once(struct buf *b, const struct buf *needle, char marker, struct buf *tmp)
{
	const char *hit = memmem(b->data, b->len, needle->data, needle->len);
	size_t at;

	if (!hit)
		return 0;
	at = (size_t)(hit - b->data);
	if (memmem(hit + 1, b->len - at - 1, needle->data, needle->len))
		return 0;
	buf_clear(tmp);
	buf_append(tmp, b->data, at);
	buf_putc(tmp, '\x01');
	buf_putc(tmp, marker);
	buf_append(tmp, hit + needle->len, b->len - at - needle->len);
	buf_clear(b);
	buf_append(b, tmp->data, tmp->len);
	return 1;
}

int
rawpack_pack(const char *raw, size_t len, const char *prompt, size_t plen,
	     const char *response, size_t rlen, struct buf *out, struct buf *scratch)
{
	struct buf tmp = BUF_INIT;
	int flags = 0;

	buf_clear(out);
	buf_append(out, raw, len);
	if (memchr(raw, '\x01', len))	/* cannot happen in valid JSON; stay verbatim */
		return 0;
	if (rlen >= RAWPACK_MIN) {
		buf_clear(scratch);
		json_quote(scratch, response, rlen);
		flags |= replace_once(out, scratch, 'R', &tmp) ? RAWPACK_RESPONSE : 0;
	}
	if (plen >= RAWPACK_MIN) {
		buf_clear(scratch);
		json_quote(scratch, prompt, plen);
		flags |= replace_once(out, scratch, 'P', &tmp) ? RAWPACK_PROMPT : 0;
	}
	buf_free(&tmp);
	return flags;
}

void
rawpack_unpack(const char *packed, size_t len, int flags, const char *prompt,
	       const char *response, struct buf *out)
{
	const char *p = packed, *end = packed + len, *mark;

	buf_clear(out);
	buf_reserve(out, len + (flags ? strlen(response) + strlen(prompt) : 0) + 16);
	while (flags && (mark = memchr(p, '\x01', (size_t)(end - p))) && mark + 1 < end) {
		const char *text = mark[1] == 'R' ? response : prompt;
		buf_append(out, p, (size_t)(mark - p));
		json_quote(out, text, strlen(text));
		p = mark + 2;
	}
	buf_append(out, p, (size_t)(end - p));
}
