/* fam_rules.c: the "rules" scorer family: rules.c (PCRE2 rule flags) as a registry entry.
 * The note records which rules fired ("refusal#2 url#1"), so the UI can say why. */
#include <string.h>

#include "score/family.h"
#include "score/rules.h"
#include "score/score_run.h"
#include <stdlib.h>

#include "util/buf.h"
#include "util/xalloc.h"

struct rules_thread {
	struct rules_scratch *s;
	struct buf fired;
};

static enum status
rules_cfg_new(const struct score_opts *o, void **cfg, struct err *err)
{
	struct rules *r = NULL;
	enum status rc = o && o->rules_path
				 ? rules_load_file(o->rules_path, &r, err)
				 : rules_load(rules_default_text(), "<built-in rules>", &r, err);

	*cfg = r;
	return rc;
}

static void
rules_cfg_free(void *cfg)
{
	rules_free(cfg);
}

static const char *
fam_rules_version(const void *cfg)
{
	return rules_version(cfg);
}

static size_t
fam_rules_n(const void *cfg)
{
	return rules_n_flags(cfg);
}

static const struct metric_def *
fam_rules_metric(const void *cfg, size_t i)
{
	return rules_flag_def(cfg, i);
}

static void *
fam_rules_scratch_new(const void *cfg)
{
	struct rules_thread *t = xcalloc(1, sizeof(*t));

	t->s = rules_scratch_new(cfg);
	return t;
}

static void
fam_rules_scratch_free(void *p)
{
	struct rules_thread *t = p;

	if (!t)
		return;
	rules_scratch_free(t->s);
	buf_free(&t->fired);
	free(t);
}

static void
fam_rules_score(const void *cfg, void *scratch, const struct score_input *in, double *out,
		char *note)
{
	struct rules_thread *t = scratch;
	size_t n;

	buf_clear(&t->fired);
	rules_eval(cfg, t->s, in->prompt, in->prompt_len, in->response, in->response_len, out,
		   &t->fired);
	n = t->fired.len < FAMILY_NOTE_MAX - 1 ? t->fired.len : FAMILY_NOTE_MAX - 1;
	memcpy(note, buf_str(&t->fired), n);
	note[n] = '\0';
}

const struct family family_rules = {
	.name = "rules",
	.desc = "rule flags from a PCRE2 rule file: refusals, placeholders, truncation, ...",
	.cfg_new = rules_cfg_new,
	.cfg_free = rules_cfg_free,
	.version = fam_rules_version,
	.n_metrics = fam_rules_n,
	.metric = fam_rules_metric,
	.scratch_new = fam_rules_scratch_new,
	.scratch_free = fam_rules_scratch_free,
	.score = fam_rules_score,
	.has_note = true,
};
