/* buf.h: a growable byte buffer, always NUL-terminated. Owns its memory. */
#ifndef WINNOW_BUF_H
#define WINNOW_BUF_H

#include <stddef.h>

struct buf {
	char *data;	/* NUL-terminated; NULL until the first append */
	size_t len;
	size_t cap;
};

#define BUF_INIT {NULL, 0, 0}

void buf_reserve(struct buf *b, size_t extra);
void buf_append(struct buf *b, const void *p, size_t n);
void buf_puts(struct buf *b, const char *s);
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_clear(struct buf *b);	/* len = 0, keeps memory */
void buf_free(struct buf *b);
/* One byte; inline because text normalisers call it per character. */
static inline void
buf_putc(struct buf *b, char c)
{
	if (b->len + 2 > b->cap)
		buf_reserve(b, 1);
	b->data[b->len++] = c;
	b->data[b->len] = '\0';
}

/* The text, or "" for an empty buffer; borrowed until the next change. */
const char *buf_str(const struct buf *b);
/* Hand the memory to the caller (free()); the buffer is left empty. */
char *buf_take(struct buf *b);

#endif
