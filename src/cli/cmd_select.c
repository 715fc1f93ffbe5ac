/* cmd_select.c: `winnow select` (run a recipe, store the selection), `winnow why` (one
 * sample's way in or out) and `winnow recipe` (list, show, save, import, export, rm). */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "engine_select.h"
#include "util/atomic_file.h"
#include "util/buf.h"
#include "util/xalloc.h"

/* ---- select ---- */

/* The warning goes to stderr even with --quiet. */
static void
warn_unscored(const struct select_result *r)
{
	char a[32];

	if (r->n_unscored)
		fprintf(stderr, "winnow select: warning: %s samples have no value for %s%s (not "
				"scored yet?): a comparison with a missing value is false; run "
				"'winnow score'\n", cli_count(r->n_unscored, a), r->unscored_col,
			r->n_unscored > 1 ? " or another score the recipe reads" : "");
}

static void
print_select(const struct select_result *r, bool dry_run)
{
	char a[32], b[32];

	printf("recipe %s, seed %llu%s\n", r->recipe_label, (unsigned long long)r->seed,
	       dry_run ? " (dry run: nothing stored)" : "");
	printf("  %-34s %10s\n", "samples", cli_count(r->n_samples, a));
	for (size_t i = 0; i < r->n_steps; i++)
		printf("  %-34s %10s  %s\n", r->steps[i].from, cli_count(r->steps[i].left, a),
		       r->steps[i].text);
	printf("  %-34s %10s\n", "candidates", cli_count(r->n_candidates, a));
	if (r->n_ranked_out)
		printf("  %-34s %10s\n", "left out by rank/diversity/budget",
		       cli_count(r->n_ranked_out, a));
	printf("  %-34s %10s\n", "chosen by the recipe", cli_count(r->n_recipe, a));
	printf("  %-34s %10s\n", "+ accepted by a curator", cli_count(r->n_added, a));
	printf("  %-34s %10s\n", "- rejected by a curator", cli_count(r->n_removed, a));
	printf("  %-34s %10s  (%.1f%% of the samples)\n", "final", cli_count(r->n_final, b),
	       r->n_samples ? 100.0 * (double)r->n_final / (double)r->n_samples : 0.0);
	if (!dry_run)
		printf("%s selection '%s' (ids sha256 %.16s...)\n",
		       r->replaced ? "Replaced" : "Saved as", r->name, r->hash);
}

static enum status
print_selection(void *ctx, const struct selection_info *s, struct err *err)
{
	char a[32], b[32];

	(void)ctx;
	(void)err;
	printf("%-20s %-16s %10s of %-10s %s  %.16s\n", s->name, s->recipe_name,
	       cli_count(s->n_final, a),
	       cli_count(s->n_samples, b), s->made_at, s->hash);
	return ST_OK;
}

static int
select_list_rm(const struct command *cmd, const char *db, const char *rm)
{
	struct err err = {0};
	int code;
	struct engine *e = cli_open(cmd, db, NULL, false, &code);

	if (!e)
		return code;
	if (rm && engine_selection_rm(e, rm, &err) != ST_OK)
		code = cli_fail(cmd, &err);
	else if (rm)
		printf("Removed selection '%s'.\n", rm);
	else if (engine_selections_each(e, print_selection, NULL, &err) != ST_OK)
		code = cli_fail(cmd, &err);
	engine_close(e);
	return code;
}

/* A --recipe value: a file if one exists at that path (or it ends in .json), else a name. */
static void
recipe_arg(const char *arg, struct select_opts *o)
{
	size_t n = strlen(arg);

	if (access(arg, F_OK) == 0 || (n > 5 && strcmp(arg + n - 5, ".json") == 0))
		o->recipe_file = arg;
	else
		o->recipe = arg;
}

int
cmd_select(const struct command *cmd, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"db", required_argument, NULL, 'd'}, {"recipe", required_argument, NULL, 'r'},
		{"recipe-file", required_argument, NULL, 'f'}, {"name", required_argument, NULL, 'n'},
		{"seed", required_argument, NULL, 's'}, {"dry-run", no_argument, NULL, 'D'},
		{"list", no_argument, NULL, 'l'}, {"rm", required_argument, NULL, 'R'},
		{"quiet", no_argument, NULL, 'q'}, {"help", no_argument, NULL, 'h'}, {0},
	};
	struct select_opts o = {0};
	struct select_result r;
	struct err err = {0};
	const char *db = NULL, *rm = NULL;
	bool list = false, quiet = false;
	int64_t seed;
	int c, code;

	while ((c = getopt_long(argc, argv, "d:r:f:n:s:DlR:qh", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'r': recipe_arg(optarg, &o); break;
		case 'f': o.recipe_file = optarg; break;
		case 'n': o.name = optarg; break;
		case 's':
			if (!cli_parse_i64(optarg, &seed))
				return cli_usage(cmd, "--seed takes a number (0 or more)");
			o.has_seed = true;
			o.seed = (uint64_t)seed;
			break;
		case 'D': o.dry_run = true; break;
		case 'l': list = true; break;
		case 'R': rm = optarg; break;
		case 'q': quiet = true; break;
		case 'h': return cli_help(cmd);
		default: return cli_usage(cmd, "unknown option");
		}
	}
	if (list || rm)
		return select_list_rm(cmd, db, rm);
	if (optind < argc && (o.recipe || o.recipe_file))
		return cli_usage(cmd, "give the recipe once");
	if (optind < argc)
		recipe_arg(argv[optind++], &o);
	if (optind < argc)
		return cli_usage(cmd, "unexpected argument '%s'", argv[optind]);
	struct engine *e = cli_open(cmd, db, NULL, false, &code);
	if (!e)
		return code;
	if (engine_select(e, &o, &r, &err) != ST_OK) {
		code = cli_fail(cmd, &err);
	} else {
		if (!quiet)
			print_select(&r, o.dry_run);
		warn_unscored(&r);
		select_result_free(&r);
	}
	engine_close(e);
	return code;
}

/* ---- why ---- */

static void
print_rank(const struct why_result *w)
{
	const struct recipe *r = w->recipe;
	char a[32], b[32];

	if (r->rank == RANK_RANDOM) {
		printf("  rank:     none: a random subset of %s candidates (seed %llu)\n",
		       cli_count(w->n_candidates, a), (unsigned long long)r->seed);
		return;
	}
	printf("  rank:     %s of %s", cli_count(w->t.rank, a), cli_count(w->n_candidates, b));
	if (r->rank == RANK_DSIR)
		printf(" in the DSIR draw (dsir_logw + Gumbel noise, seed %llu)",
		       (unsigned long long)r->seed);
	else if (r->rank == RANK_NONE)
		printf(" (no ranking: sample order)");
	for (size_t i = 0; r->rank == RANK_SCORES && i < r->n_terms; i++) {
		printf("%s%s (%s is better", i ? " + " : " by ", r->terms[i].score,
		       r->terms[i].dir > 0 ? "higher" : "lower");
		if (r->n_terms > 1)
			printf(", weight %g", r->terms[i].weight);
		putchar(')');
	}
	putchar('\n');
}

static void
print_outcome(const struct why_result *w)
{
	const struct recipe *r = w->recipe;
	char a[32];

	switch (w->t.outcome) {
	case SEL_KEPT:
		printf("  recipe:   chosen");
		if (r->k || r->fraction > 0)
			printf(" (within the budget of %s)", cli_count((int64_t)w->budget, a));
		putchar('\n');
		break;
	case SEL_BUDGET:
		printf("  recipe:   left out by the budget: only the first %s are kept\n",
		       cli_count((int64_t)w->budget, a));
		break;
	case SEL_NOT_DRAWN:
		printf("  recipe:   not drawn (%s of %s candidates are)\n",
		       cli_count((int64_t)w->budget, a), cli_count(w->n_candidates, a));
		break;
	case SEL_DIVERSITY:
		if (r->div == DIV_DEITA)
			printf("  recipe:   left out by diversity: within cosine distance %g of sample "
			       "%lld, kept earlier\n", r->threshold, (long long)w->t.other);
		else
			printf("  recipe:   left out by diversity: not one of the k-center picks\n");
		break;
	case SEL_QUOTA:
		printf("  recipe:   left out by the quota of cluster %lld", (long long)w->t.other);
		if (r->per_cluster)
			printf(" (%lld per cluster)", (long long)r->per_cluster);
		putchar('\n');
		break;
	}
}

static void
print_curator(const struct why_result *w)
{
	static const char *const v[] = {"none", "accepted", "rejected"};
	bool kept = w->t.outcome == SEL_KEPT;

	if (w->t.verdict == 0)
		printf("  curator:  no decision\n");
	else
		printf("  curator:  %s, which wins over the recipe%s\n", v[w->t.verdict],
		       (w->t.verdict == 1) == kept ? " (the same way here)" : "");
	if (w->verdict_now != w->t.verdict)
		printf("  since:    now %s%s%s; run 'winnow select' again to apply it\n",
		       v[w->verdict_now], w->curator ? " by " : "", w->curator ? w->curator : "");
	else if (w->verdict_now)
		printf("            by %s at %s%s%s%s%s\n", w->curator, w->at,
		       w->reason ? ", reason: " : "", w->reason ? w->reason : "",
		       w->note ? ", note: " : "", w->note ? w->note : "");
}

static void
print_why(int64_t id, const struct why_result *w)
{
	const struct recipe *r = w->recipe;
	size_t n_failed = 0;

	printf("sample %lld is %s selection '%s' (recipe %s, made %s)\n", (long long)id,
	       w->t.final ? "IN" : "OUT of", w->selection, w->recipe_label, w->made_at);
	for (size_t i = 0; i < r->n_steps; i++)
		if (w->t.failed & (1ULL << i)) {
			printf("  filter:   fails %s: %s\n", r->steps[i].from, r->steps[i].text);
			n_failed++;
		}
	if (w->t.failed & (1ULL << SEL_SEARCH_BIT))
		printf("  search:   does not match %s\n", r->search);
	if (w->t.failed == 0) {
		if (r->n_steps || r->search)
			printf("  filters:  passes all %zu step%s%s\n", r->n_steps,
			       r->n_steps == 1 ? "" : "s", r->search ? " and the search" : "");
		else
			printf("  filters:  none\n");
		if (r->rank != RANK_NONE)
			print_rank(w);
		print_outcome(w);
	}
	print_curator(w);
}

int
cmd_why(const struct command *cmd, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"db", required_argument, NULL, 'd'}, {"selection", required_argument, NULL, 's'},
		{"help", no_argument, NULL, 'h'}, {0},
	};
	const char *db = NULL, *sel = NULL;
	struct why_result w;
	struct err err = {0};
	int64_t id;
	int c, code;

	while ((c = getopt_long(argc, argv, "d:s:h", longopts, NULL)) != -1) {
		if (c == 'd')
			db = optarg;
		else if (c == 's')
			sel = optarg;
		else if (c == 'h')
			return cli_help(cmd);
		else
			return cli_usage(cmd, "unknown option");
	}
	if (!cli_one_sample_id(cmd, argc, argv, &id, &code))
		return code;
	struct engine *e = cli_open(cmd, db, NULL, false, &code);
	if (!e)
		return code;
	if (engine_why(e, sel, id, &w, &err) != ST_OK) {
		code = cli_fail(cmd, &err);
	} else {
		print_why(id, &w);
		why_result_free(&w);
	}
	engine_close(e);
	return code;
}
