/* hashfeat.c: word unigram + bigram feature hashes of a text (see hashfeat.h). */
#include "hashfeat.h"

#include <stdbool.h>
#include <stdlib.h>

#include "util/hash.h"
#include "util/xalloc.h"

#define FNV_OFFSET 0xcbf29ce484222325ULL
#define FNV_PRIME 0x100000001b3ULL
#define BIGRAM_SALT 0x9e3779b97f4a7c15ULL

static inline bool
is_word(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c >= 0x80;
}

static inline void
push(struct hashfeat *f, uint64_t h)
{
	if (f->n == f->cap) {
		f->cap = f->cap ? 2 * f->cap : 256;
		f->h = xrealloc(f->h, f->cap * sizeof(*f->h));
	}
	f->h[f->n++] = h;
}

/* A word ended: its unigram, then the bigram with the previous word (if any). */
static inline void
word_end(struct hashfeat *f, uint64_t wh, uint64_t *prev, bool *have_prev)
{
	uint64_t h = hash_mix64(wh);

	push(f, h);
	if (*have_prev)
		push(f, hash_mix64((*prev * FNV_PRIME) ^ (h + BIGRAM_SALT)));
	*prev = h;
	*have_prev = true;
}

void
hashfeat_add(struct hashfeat *f, const char *text, size_t len)
{
	const unsigned char *p = (const unsigned char *)text;
	uint64_t wh = FNV_OFFSET, prev = 0;
	bool in_word = false, have_prev = false;

	for (size_t i = 0; i < len; i++) {
		unsigned char c = p[i];
		if (c >= 'A' && c <= 'Z')
			c |= 0x20;
		if (is_word(c)) {
			wh = (wh ^ c) * FNV_PRIME;
			in_word = true;
		} else if (in_word) {
			word_end(f, wh, &prev, &have_prev);
			wh = FNV_OFFSET;
			in_word = false;
		}
	}
	if (in_word)
		word_end(f, wh, &prev, &have_prev);
}

void
hashfeat_sample(struct hashfeat *f, const char *prompt, size_t prompt_len,
		const char *response, size_t response_len)
{
	hashfeat_clear(f);
	hashfeat_add(f, prompt, prompt_len);
	hashfeat_add(f, response, response_len);
}

void
hashfeat_clear(struct hashfeat *f)
{
	f->n = 0;
}

void
hashfeat_free(struct hashfeat *f)
{
	free(f->h);
	*f = (struct hashfeat)HASHFEAT_INIT;
}
