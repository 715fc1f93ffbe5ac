/* dedup.h: exact and near-duplicate clustering (MinHash + LSH over word shingles).
 * Owns: struct dedup (one compact signature per sample, the union-find of dedup_run).
 * Touches nothing else: no I/O, no globals; the caller streams texts in and never has to
 * hold them all, since only signatures are kept.
 *
 * Exact duplicates: two texts are exact duplicates when their normalised forms are equal:
 * ASCII letters lowercased, every run of ASCII white space (space, \t \n \v \f \r)
 * collapsed to one space, leading and trailing white space dropped. Other bytes (UTF-8
 * included) are compared as they are. Equality is by a 64-bit hash of the normalised
 * bytes; a false match between two distinct texts has odds ~n^2 / 2^65 (~3e-8 at 1M).
 *
 * Near duplicates: words are maximal runs of ASCII letters, digits, '_' and non-ASCII
 * bytes, lowercased, so punctuation and white space do not matter. Shingles are runs of
 * `shingle` consecutive words; a text with fewer words than that is one shingle, its
 * normalised text, so short texts only match their exact duplicates. A signature is the
 * minimum over the shingles of n_perm seeded hash functions, each kept as 16 bits
 * (b-bit MinHash): two texts agree at one position with probability
 * J + (1 - J) / 65536, J their Jaccard similarity, so the estimate J^ = agreements /
 * n_perm is unbiased to 2e-5 with standard deviation sqrt(J(1-J)/n_perm) (0.038 at
 * J = 0.8, n_perm = 112). Pairs with J^ >= threshold are linked; clusters are the
 * connected components (single linkage: A~B and B~C put A and C together). Scale: one
 * changed word alters up to `shingle` shingles, so two scattered changes in a 60-word
 * text give J = 46/66 = 0.70 with 5-word shingles, under the default 0.8, while the same
 * two changes at the ends give 54/58 = 0.93.
 *
 * LSH: candidates are pairs equal in all r rows of one of b bands (b * r <= n_perm), see
 * dedup_bands for the choice. Within one band bucket, each member is verified against
 * the bucket's first member and its DEDUP_WINDOW nearest earlier members only, so a
 * bucket of k samples costs O(k) comparisons, not O(k^2); buckets up to DEDUP_WINDOW + 1
 * are compared in full. Pairs already in one cluster are not compared again.
 *
 * Threads: signatures are the costly part (~6 us per 400-byte text); dedup_add_batch
 * spreads them over o.n_threads, and dedup_signature is pure for callers that run their
 * own threads. dedup_run works on the calling thread (~1.6 s at 1M samples).
 *
 * Memory: 2 * n_perm + 8 bytes per sample (232 B at 112 perms) while adding; dedup_run
 * adds 20 bytes per sample for its sort buffers and union-find. Band hashes are not
 * stored: dedup_run recomputes one band at a time from the 16-bit signature.
 *
 * Determinism: signatures depend only on the text and (shingle, n_perm, seed); clusters
 * are components of a graph fixed by the signatures; each cluster is named by its lowest
 * sample index. The same input and options give the same output with any n_threads. */
#ifndef WINNOW_DEDUP_H
#define WINNOW_DEDUP_H

#include <stddef.h>
#include <stdint.h>

#define DEDUP_MAX_PERM 512
#define DEDUP_MAX_SHINGLE 64
#define DEDUP_WINDOW 8

struct dedup_opts {
	double threshold;	/* estimated Jaccard to link two samples, in (0, 1] */
	int shingle;		/* words per shingle, 1..DEDUP_MAX_SHINGLE */
	int n_perm;		/* hash functions, 1..DEDUP_MAX_PERM */
	uint64_t seed;		/* derives the hash functions */
	int n_threads;		/* dedup_add_batch's threads; <= 0 means 1 */
};

#define DEDUP_OPTS_INIT { 0.8, 5, 112, 0, 1 }

struct dedup;

/* The LSH shape used for o: r rows per band, b = n_perm / r bands. Candidates are
 * verified afterwards, so a candidate that fails costs only a comparison while a
 * similar pair that is never a candidate is lost: r is the largest value whose
 * candidate probability 1 - (1 - t^r)^b at J = t = threshold is still >= 0.9. For
 * t = 0.8 and 112 perms that is b = 14, r = 8 (0.92 at J = 0.8, 0.99 at J = 0.85; the
 * S-curve is steepest near J = 0.71). OUT: *b, *r. */
void
dedup_bands(const struct dedup_opts *o, int *b, int *r);

/* Pure: the signature of text (len bytes, need not be NUL-terminated) into sig
 * (o->n_perm values), and its exact-duplicate hash as the result. Reads nothing but its
 * arguments, so any number of threads may call it at once. */
uint64_t
dedup_signature(const struct dedup_opts *o, const char *text, size_t len, uint16_t *sig);

/* New, empty set; n_hint samples are preallocated (0 is fine, it grows). Asserts that o
 * is in range (the caller validates user input). Free with dedup_free. */
struct dedup *
dedup_new(const struct dedup_opts *o, size_t n_hint);

/* Store sample i's signature (copied) and exact hash. Samples are numbered 0..n-1 and
 * every slot up to the highest i must be filled before dedup_run; the order does not
 * matter. Not thread-safe: it may grow the arrays. */
void
dedup_add_signature(struct dedup *d, size_t i, const uint16_t *sig, uint64_t exact_hash);

/* dedup_signature + dedup_add_signature. The text is only read during the call. */
void
dedup_add(struct dedup *d, size_t i, const char *text, size_t len);

/* Samples first .. first + n - 1 from text[k] / len[k], signatures computed on
 * o->n_threads threads (falls back to this thread if one cannot be started). The texts
 * are only read during the call, so a caller streams its rows in batches of this. */
void
dedup_add_batch(struct dedup *d, size_t first, size_t n, const char *const *text,
		const size_t *len);

/* Samples added so far (highest i + 1). */
size_t
dedup_count(const struct dedup *d);

/* Cluster the n = dedup_count(d) samples. OUT, arrays of n each: cluster[i] is the index
 * of the cluster's representative, its lowest (earliest) sample; size[i] the cluster's
 * size; is_rep[i] 1 for the representative (the copy to keep), else 0; is_exact[i] 1 if
 * sample i is an exact duplicate of an earlier sample. May be called again. */
void
dedup_run(struct dedup *d, int64_t *cluster, int32_t *size, uint8_t *is_rep,
	  uint8_t *is_exact);

/* Accepts NULL. */
void
dedup_free(struct dedup *d);

#endif
