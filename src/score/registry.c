/* registry.c: the one table of scorer families, in the order `winnow score` runs them.
 * Each family's adapter (fam_*.c) wraps a pure module (textstats.c, rules.c, langid.c). */
#include <string.h>

#include "score/family.h"

extern const struct family family_text;
extern const struct family family_rules;
extern const struct family family_lang;

static const struct family *const families[] = {
	&family_text,
	&family_rules,
	&family_lang,
};

const struct family *const *
registry_families(size_t *n)
{
	*n = sizeof(families) / sizeof(families[0]);
	return families;
}

const struct family *
registry_find(const char *name)
{
	for (size_t i = 0; i < sizeof(families) / sizeof(families[0]); i++)
		if (strcmp(families[i]->name, name) == 0)
			return families[i];
	return NULL;
}
