/* cmd_eval.c: `winnow eval`: run a comparison (subset vs full vs random), list and show
 * stored runs, export the sets for an external fine-tuning stack and import its result,
 * and time the trainer (--bench). */
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "engine_select.h"
#include "eval/examples.h"
#include "eval/gpt.h"
#include "util/xalloc.h"

enum eval_action { ACT_RUN, ACT_LIST, ACT_SHOW, ACT_EXPORT, ACT_IMPORT, ACT_BENCH };

struct eval_cli {
	struct eval_opts o;
	enum eval_action act;
	const char *db, *ids_path, *sel_name, *arg;	/* arg: RUN, DIR or FILE of the action */
	bool quiet;
	int64_t bench_steps;
};

/* ---- progress: tokens/s, ETA and the latest loss on one line ---- */

struct eval_bar {
	bool enabled;
	double last;
};

static bool
eval_progress(void *ctx, const struct progress *p)
{
	struct eval_bar *b = ctx;
	double frac = p->total ? (double)p->done / (double)p->total : 0, eta;
	char n[32];

	if (b->enabled && p->finished) {
		fputs("\r\033[K", stderr);
	} else if (b->enabled && strcmp(p->what, "eval-external") == 0) {
		if (p->elapsed - b->last >= 0.2) {
			b->last = p->elapsed;
			fprintf(stderr, "\r\033[Keval --external: %-.60s  (%d:%02d in all)", p->item,
				(int)p->elapsed / 60, (int)p->elapsed % 60);
		}
	} else if (b->enabled && p->elapsed - b->last >= 0.2) {
		b->last = p->elapsed;
		eta = frac > 0.001 ? p->elapsed * (1 - frac) / frac : 0;
		fprintf(stderr, "\r\033[Keval %-.40s  %3.0f%%  %s tokens  %.0f tokens/s", p->item,
			frac * 100, cli_count((int64_t)p->done, n),
			p->elapsed > 0 ? (double)p->done / p->elapsed : 0.0);
		if (frac > 0.001)
			fprintf(stderr, "  ETA %d:%02d", (int)eta / 60, (int)eta % 60);
	}
	return !cli_interrupted();
}

/* ---- the report ---- */

static void
print_models(const struct eval_run_row *r)
{
	char a[32], b[32];

	printf("%-8s %9s %12s %8s %9s %10s %9s\n", "model", "samples", "train tok", "steps",
	       "seconds", r->metric && strcmp(r->metric, "loss") ? r->metric : "eval loss", "ppl");
	for (size_t i = 0; i < r->n_models; i++) {
		const struct eval_model_row *m = &r->models[i];
		printf("%-8s %9s %12s %8lld %9.1f %10.4f %9.3f\n", eval_model_name(m->model),
		       cli_count(m->n_train, a), cli_count(m->train_tokens, b), (long long)m->steps,
		       m->seconds, m->loss, m->ppl);
	}
}

static void
print_verdict(const struct eval_run_row *r)
{
	double ref = eval_pir_ref(r->sdf);

	printf("SDF = |subset| / |full| = %lld / %lld = %.3f\n", (long long)r->n_subset,
	       (long long)r->n_full, r->sdf);
	if (isnan(r->pir))
		return;
	printf("PIR = %s = %.4f: %s\n", strcmp(r->metric, "loss") == 0 ? "loss_full / loss_subset"
		: "subset vs full", r->pir, r->pir > 1 ? "the subset model is better than the "
		"full-data model (PIR > 1)" : r->pir < 1 ? "the full-data model is better (PIR < 1)"
		: "a tie");
	printf("PIR against the random subset = %.4f: %s\n", r->pir_random, r->pir_random > 1 ?
	       "the subset beats a random pick of the same size" : "a random pick of the same size "
	       "does as well or better");
	printf("reference line PIR = 1.400 + 1.303 (SDF - 0.025) = %.3f at this SDF: the run is "
	       "%s it\n", ref, r->pir > ref ? "above" : "below");
	if (strcmp(r->kind, "external") == 0)
		printf("  (an indication only: the line is fitted through two published methods, "
		       "Instruction-Mining and\n   InstructionGPT-4, measured with 7B-class models "
		       "on benchmark scores; it means most when\n   this run's metric is of that "
		       "kind too)\n");
	else
		printf("  (an indication only: the line is fitted through two published methods, "
		       "Instruction-Mining and\n   InstructionGPT-4, measured with large models on "
		       "benchmark scores; here PIR is a ratio of\n   held-out losses of a small model, "
		       "which moves much less than benchmark scores do)\n");
}

static void
print_run(const struct eval_run_row *r)
{
	printf("run %lld: %s, %s, started %s%s%s\n", (long long)r->id, r->kind, r->status,
	       r->started_at, r->finished_at ? ", finished " : "", r->finished_at ? r->finished_at : "");
	printf("subset: %s (sha256 %.16s...), held-out: %s (%lld samples)\n", r->selection,
	       r->selection_hash, r->eval_source, (long long)r->n_eval);
	printf("config: %s\n", r->config);
	if (r->error)
		printf("error: %s\n", r->error);
	if (r->n_models)
		print_models(r);
	print_verdict(r);
}

/* ---- actions ---- */

static enum status
list_row(void *ctx, const struct eval_run_row *r, struct err *err)
{
	double loss[EVAL_N_MODELS] = {NAN, NAN, NAN};

	(void)ctx;
	(void)err;
	for (size_t i = 0; i < r->n_models; i++)
		loss[r->models[i].model] = r->models[i].loss;
	printf("%4lld  %-8s %-9s %-20s %7lld %7lld %6.3f %8.4f %8.4f %8.4f %6.3f %6.3f\n",
	       (long long)r->id, r->kind, r->status, r->started_at, (long long)r->n_full,
	       (long long)r->n_subset, r->sdf, loss[0], loss[1], loss[2], r->pir, r->pir_random);
	return ST_OK;
}

static int
do_list(const struct command *cmd, struct engine *e)
{
	struct err err = {0};

	printf("%4s  %-8s %-9s %-20s %7s %7s %6s %8s %8s %8s %6s %6s\n", "run", "kind", "status",
	       "started", "full", "subset", "SDF", "full", "subset", "random", "PIR", "PIRrnd");
	if (engine_eval_list(e, list_row, NULL, &err) != ST_OK)
		return cli_fail(cmd, &err);
	return EXIT_OK;
}

static int
do_show(const struct command *cmd, struct engine *e, const char *arg)
{
	struct eval_run_row r;
	struct err err = {0};
	int64_t id;

	if (!cli_parse_i64(arg, &id))
		return cli_usage(cmd, "--show takes a run number (see winnow eval --list)");
	if (engine_eval_get(e, id, &r, &err) != ST_OK)
		return cli_fail(cmd, &err);
	print_run(&r);
	for (int m = 0; m < EVAL_N_MODELS; m++) {
		struct curve_point *c;
		size_t n;
		if (engine_eval_curve(e, id, m, &c, &n, &err) != ST_OK || n == 0) {
			free(c);
			continue;
		}
		printf("curve %-7s", eval_model_name(m));
		for (size_t i = 0; i < n; i += (n + 9) / 10)	/* about ten points */
			printf(" %lld:%.3f", (long long)c[i].tokens, c[i].loss);
		printf(" %lld:%.3f\n", (long long)c[n - 1].tokens, c[n - 1].loss);
		free(c);
	}
	eval_run_row_free(&r);
	return EXIT_OK;
}

static int
do_run(const struct command *cmd, struct engine *e, struct eval_cli *c)
{
	struct eval_result res;
	struct eval_bar bar = {.enabled = !c->quiet && isatty(STDERR_FILENO)};
	struct err err = {0};
	enum status rc;

	c->o.progress = (struct progress_sink){eval_progress, &bar};
	cli_catch_interrupt();
	rc = engine_eval(e, &c->o, &res, &err);
	if (rc == ST_OK && !c->quiet)
		print_run(&res.run);
	if (rc == ST_CANCELLED && res.run_id)
		fprintf(stderr, "winnow eval: cancelled; run %lld is marked cancelled\n",
			(long long)res.run_id);
	else if (rc != ST_OK)
		cli_fail(cmd, &err);
	eval_result_free(&res);
	return status_exit_code(rc);
}

static int
do_export(const struct command *cmd, struct engine *e, struct eval_cli *c)
{
	struct err err = {0};
	int64_t id;

	if (engine_eval_export(e, &c->o, c->arg, &id, &err) != ST_OK)
		return cli_fail(cmd, &err);
	printf("run %lld: wrote train_full.jsonl, train_subset.jsonl, train_random.jsonl, "
	       "eval.jsonl and manifest.json to %s\n", (long long)id, c->arg);
	return EXIT_OK;
}

static int
do_import(const struct command *cmd, struct engine *e, const char *path)
{
	struct eval_run_row r;
	struct err err = {0};
	int64_t id;

	if (engine_eval_import(e, path, &id, &err) != ST_OK || engine_eval_get(e, id, &r, &err) != ST_OK)
		return cli_fail(cmd, &err);
	print_run(&r);
	eval_run_row_free(&r);
	return EXIT_OK;
}

/* Trainer throughput: forward + backward + update of the configured model on random
 * tokens, batch x seq tokens a step. */
static int
do_bench(const struct command *cmd, struct eval_cli *c)
{
	struct gpt_config m;
	struct gpt *g;
	struct err err = {0};
	int B = c->o.train.batch ? c->o.train.batch : 8;

	eval_default_model(&m);
	m.max_seq = c->o.model.max_seq ? c->o.model.max_seq : m.max_seq;
	m.n_layer = c->o.model.n_layer ? c->o.model.n_layer : m.n_layer;
	m.n_head = c->o.model.n_head ? c->o.model.n_head : m.n_head;
	m.n_embd = c->o.model.n_embd ? c->o.model.n_embd : m.n_embd;
	if (gpt_new(&m, 1, c->o.n_threads, &g, &err) != ST_OK)
		return cli_fail(cmd, &err);
	size_t n = (size_t)B * m.max_seq;
	int *in = xmalloc(n * sizeof(int)), *tg = xmalloc(n * sizeof(int));
	float *mask = xmalloc(n * sizeof(float));
	for (size_t i = 0; i < n; i++) {
		in[i] = (int)(i * 7919 % TOK_VOCAB);
		tg[i] = (int)(i * 104729 % TOK_VOCAB);
		mask[i] = 1;
	}
	double t0 = progress_now();
	for (int64_t s = 0; s < c->bench_steps; s++) {
		gpt_forward(g, in, tg, mask, B, m.max_seq);
		gpt_zero_grad(g);
		gpt_backward(g);
		gpt_clip_grad(g, 1.0);
		gpt_update(g, 1e-3f, 0.1f);
	}
	double dt = progress_now() - t0;
	printf("trainer: %zu parameters (L=%d H=%d C=%d T=%d), batch %d, %d threads: %.0f tokens/s\n",
	       g->n_params, m.n_layer, m.n_head, m.n_embd, m.max_seq, B, c->o.n_threads,
	       (double)c->bench_steps * (double)n / dt);
	free(in);
	free(tg);
	free(mask);
	gpt_free(g);
	return EXIT_OK;
}

/* ---- options ---- */

static bool
int_opt(const char *s, int64_t lo, int64_t hi, int64_t *out)
{
	return cli_parse_i64(s, out) && *out >= lo && *out <= hi;
}

static bool
real_opt(const char *s, double lo, double hi, double *out)
{
	char *end;

	*out = strtod(s, &end);
	return end != s && !*end && *out >= lo && *out <= hi;
}

/* Model and training options (long-only, values 'A'..). false: a bad value, err set. */
static bool
model_opt(struct eval_cli *c, int opt, const char *arg, const char **bad)
{
	int64_t v = 0;
	double d = 0;
	struct train_opts *t = &c->o.train;

	if (!t->batch)
		train_opts_default(t);
	switch (opt) {
	case 'L': *bad = "--layers takes 1..64"; if (!int_opt(arg, 1, 64, &v)) return false; c->o.model.n_layer = (int)v; break;
	case 'H': *bad = "--heads takes 1..64"; if (!int_opt(arg, 1, 64, &v)) return false; c->o.model.n_head = (int)v; break;
	case 'C': *bad = "--width takes 8..4096"; if (!int_opt(arg, 8, 4096, &v)) return false; c->o.model.n_embd = (int)v; break;
	case 'T': *bad = "--seq takes 8..8192"; if (!int_opt(arg, 8, 8192, &v)) return false; c->o.model.max_seq = (int)v; break;
	case 'B': *bad = "--batch takes 1..1024"; if (!int_opt(arg, 1, 1024, &v)) return false; t->batch = (int)v; break;
	case 'R': *bad = "--lr takes a number in (0, 1]"; if (!real_opt(arg, 1e-9, 1, &d)) return false; t->lr = (float)d; break;
	case 'W': *bad = "--weight-decay takes 0..1"; if (!real_opt(arg, 0, 1, &d)) return false; t->weight_decay = (float)d; break;
	case 'O': *bad = "--order takes 1..8"; if (!int_opt(arg, 1, 8, &v)) return false; c->o.ngram_order = (int)v; break;
	default: return false;
	}
	return true;
}

static bool
action(struct eval_cli *c, enum eval_action a, const char *arg)
{
	if (c->act != ACT_RUN)
		return false;
	c->act = a;
	c->arg = arg;
	return true;
}

static int
parse(const struct command *cmd, struct eval_cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"db", 1, NULL, 'd'}, {"ids", 1, NULL, 'i'}, {"selection", 1, NULL, 'S'},
		{"eval-set", 1, NULL, 'e'}, {"eval-frac", 1, NULL, 'f'}, {"budget", 1, NULL, 'b'},
		{"equal", 1, NULL, 'q'}, {"quick", 0, NULL, 'k'}, {"seed", 1, NULL, 's'},
		{"threads", 1, NULL, 't'}, {"save-models", 1, NULL, 'm'}, {"list", 0, NULL, 'l'},
		{"show", 1, NULL, 'w'}, {"export-sets", 1, NULL, 'x'}, {"import-result", 1, NULL, 'I'},
		{"bench", 1, NULL, 'z'}, {"quiet", 0, NULL, 'Q'}, {"layers", 1, NULL, 'L'},
		{"heads", 1, NULL, 'H'}, {"width", 1, NULL, 'C'}, {"seq", 1, NULL, 'T'},
		{"batch", 1, NULL, 'B'}, {"lr", 1, NULL, 'R'}, {"weight-decay", 1, NULL, 'W'},
		{"order", 1, NULL, 'O'}, {"external", 1, NULL, 'X'}, {"work-dir", 1, NULL, 'D'},
		{"help", 0, NULL, 'h'}, {0},
	};
	const char *bad = NULL;
	struct err err = {0};
	int64_t v;
	int opt;

	while ((opt = getopt_long(argc, argv, "d:h", longopts, NULL)) != -1) {
		switch (opt) {
		case 'd': c->db = optarg; break;
		case 'i': c->ids_path = optarg; break;
		case 'S': c->sel_name = optarg; break;
		case 'e': c->o.eval_set = optarg; break;
		case 'f': if (!real_opt(optarg, 0.001, 0.5, &c->o.eval_frac)) return cli_usage(cmd, "--eval-frac takes 0.001..0.5"); break;
		case 'b': if (!int_opt(optarg, 1, INT64_MAX / 4, &c->o.budget)) return cli_usage(cmd, "--budget takes a number of tokens"); break;
		case 'q':
			if (strcmp(optarg, "steps") && strcmp(optarg, "epochs"))
				return cli_usage(cmd, "--equal is steps or epochs");
			c->o.equal = optarg[0] == 'e' ? EVAL_EQUAL_EPOCHS : EVAL_EQUAL_STEPS;
			break;
		case 'k': c->o.quick = true; break;
		case 's': if (!int_opt(optarg, 1, INT64_MAX, &v)) return cli_usage(cmd, "--seed takes a positive number"); c->o.seed = (uint64_t)v; break;
		case 't': if (!int_opt(optarg, 1, 64, &v)) return cli_usage(cmd, "--threads takes 1..64"); c->o.n_threads = (int)v; break;
		case 'm': c->o.save_dir = optarg; break;
		case 'X': c->o.external = optarg; break;
		case 'D': c->o.work_dir = optarg; break;
		case 'l': if (!action(c, ACT_LIST, NULL)) return cli_usage(cmd, "one action at a time"); break;
		case 'w': if (!action(c, ACT_SHOW, optarg)) return cli_usage(cmd, "one action at a time"); break;
		case 'x': if (!action(c, ACT_EXPORT, optarg)) return cli_usage(cmd, "one action at a time"); break;
		case 'I': if (!action(c, ACT_IMPORT, optarg)) return cli_usage(cmd, "one action at a time"); break;
		case 'z':
			if (!action(c, ACT_BENCH, NULL) || !int_opt(optarg, 1, 100000, &c->bench_steps))
				return cli_usage(cmd, "--bench takes a number of steps");
			break;
		case 'Q': c->quiet = true; break;
		case 'h': return cli_help(cmd);
		default:
			if (!model_opt(c, opt, optarg, &bad))
				return cli_usage(cmd, "%s", bad ? bad : "unknown option");
		}
	}
	if (optind < argc)
		return cli_usage(cmd, "unexpected argument '%s'", argv[optind]);
	if ((c->act == ACT_RUN || c->act == ACT_EXPORT) && !c->ids_path && !c->sel_name)
		return cli_usage(cmd, "give the subset: --ids FILE (one sample id a line) or "
				 "--selection S (a stored selection: winnow select --list)");
	if (c->ids_path && c->sel_name)
		return cli_usage(cmd, "give the subset once: --ids FILE or --selection S");
	if (c->o.external && (c->act != ACT_RUN || c->o.quick || c->o.save_dir))
		return cli_usage(cmd, "--external runs a comparison; it does not go with --quick, "
				 "--save-models or another action");
	if (c->o.work_dir && !c->o.external)
		return cli_usage(cmd, "--work-dir goes with --external");
	if (c->o.external && eval_external_check(c->o.external, &err) != ST_OK)
		return cli_usage(cmd, "%s", err.msg);
	return -1;
}

int
cmd_eval(const struct command *cmd, int argc, char **argv)
{
	struct eval_cli c = {0};
	struct err err = {0};
	int64_t *ids = NULL;
	int code = parse(cmd, &c, argc, argv);

	if (code >= 0)
		return code;
	if (c.act == ACT_BENCH)
		return do_bench(cmd, &c);
	if (c.ids_path && cli_read_ids(c.ids_path, &ids, &c.o.n_subset, &err) != ST_OK)
		return cli_fail(cmd, &err);
	char *label = c.ids_path ? xasprintf("ids:%s", c.ids_path) :
		      c.sel_name ? xasprintf("selection:%s", c.sel_name) : NULL;
	c.o.selection = label;
	struct engine *e = cli_open(cmd, c.db, NULL, false, &code);
	if (e && c.sel_name) {	/* the stored selection's final ids (recipe + decisions) */
		char hash[65];
		if (engine_selection_ids(e, c.sel_name, &ids, &c.o.n_subset, hash, &err) != ST_OK) {
			code = cli_fail(cmd, &err);
			engine_close(e);
			e = NULL;
		}
	}
	c.o.subset_ids = ids;
	if (e) {
		switch (c.act) {
		case ACT_LIST: code = do_list(cmd, e); break;
		case ACT_SHOW: code = do_show(cmd, e, c.arg); break;
		case ACT_EXPORT: code = do_export(cmd, e, &c); break;
		case ACT_IMPORT: code = do_import(cmd, e, c.arg); break;
		default: code = do_run(cmd, e, &c); break;
		}
		engine_close(e);
	}
	free(label);
	free(ids);
	return code;
}
