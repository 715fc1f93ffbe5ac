/* langid.h: a light language identifier, good enough to flag a response that is not in a
 * dataset's main language. Script from code points (Latin, Cyrillic, Greek, Arabic, Hebrew,
 * Devanagari, Thai, Hangul, Han and kana); for Latin script, a profile of each language's
 * most frequent function words.
 * Owns nothing: pure functions over static const tables, safe from any thread. */
#ifndef WINNOW_LANGID_H
#define WINNOW_LANGID_H

#include <stddef.h>

struct langid_result {
	char code[8];		/* ISO 639-1 ("en", "zh", ...) or "und" */
	double confidence;	/* [0, 1]; 0 with "und" */
};

/* Detects the language of text[0..len) (UTF-8; malformed bytes are skipped; NULL is fine
 * when len is 0). "und" with confidence 0 when there are too few letters or words.
 * Languages: en fr es de it pt nl sv da no fi pl cs tr id vi ro hu (function words),
 * ru uk el ar he hi th zh ja ko (script; Cyrillic is uk if it has more і ї є ґ than
 * ы э ъ ё; Han with kana is ja). OUT: *out. */
void
langid_detect(const char *text, size_t len, struct langid_result *out);

/* A stable small integer per code, for storage: "und" is 0, then the languages in the
 * order above (append only). -1 for a code this module never returns. */
int
langid_code_index(const char *code);

/* The code for an index from langid_code_index; NULL if out of range. Static. */
const char *
langid_code_name(int index);

#endif
