/* hashfeat.h: a sample's text as hashed word unigram and bigram features, shared by the
 * TF-IDF vectors (vectors.c) and DSIR (dsir.c). Pure, no I/O, no globals.
 *
 * Words are maximal runs of ASCII letters, digits, '_' and non-ASCII bytes (so any UTF-8
 * letter), with ASCII letters lowercased; everything else separates words. This is the
 * same word rule as dedup.h. Every word gives a unigram feature and, with the word
 * before it in the same text, a bigram feature. The prompt and the response are two
 * texts: no bigram spans the boundary between them. A feature is a 64-bit hash (FNV-1a
 * of the bytes, then the murmur3 finaliser; bigrams hash the pair with another salt, so
 * a bigram never equals a unigram by construction). Callers fold it into their own
 * number of buckets. */
#ifndef WINNOW_HASHFEAT_H
#define WINNOW_HASHFEAT_H

#include <stddef.h>
#include <stdint.h>

/* A growing list of feature hashes; HASHFEAT_INIT, reuse with hashfeat_clear. */
struct hashfeat {
	uint64_t *h;
	size_t n, cap;
};

#define HASHFEAT_INIT { NULL, 0, 0 }

/* Append the features of one text (len bytes, need not be NUL-terminated). */
void
hashfeat_add(struct hashfeat *f, const char *text, size_t len);

/* hashfeat_clear + the prompt's features + the response's. */
void
hashfeat_sample(struct hashfeat *f, const char *prompt, size_t prompt_len,
		const char *response, size_t response_len);

void
hashfeat_clear(struct hashfeat *f);

/* Frees the list; accepts an empty one. */
void
hashfeat_free(struct hashfeat *f);

#endif
