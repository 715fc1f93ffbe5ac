/* cmd_score.c: `winnow score` and `winnow scorers`. */
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "score/family.h"
#include "score/rules.h"
#include "util/xalloc.h"

/* Split "a,b,c" into a list (pointers into s, which is modified). */
static size_t
split_names(char *s, const char **out, size_t max)
{
	size_t n = 0;

	for (char *tok = strtok(s, ","); tok && n < max; tok = strtok(NULL, ","))
		out[n++] = tok;
	return n;
}

int
cmd_score(const struct command *cmd, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"db", required_argument, NULL, 'd'},
		{"only", required_argument, NULL, 'o'},
		{"threads", required_argument, NULL, 't'},
		{"rules", required_argument, NULL, 'r'},
		{"dup-threshold", required_argument, NULL, 'D'},
		{"reference", required_argument, NULL, 'R'},
		{"clusters", required_argument, NULL, 'k'},
		{"knn", required_argument, NULL, 'n'},
		{"target", required_argument, NULL, 'T'},
		{"seed", required_argument, NULL, 's'},
		{"model", required_argument, NULL, 'm'},
		{"quiet", no_argument, NULL, 'q'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	struct score_opts o = {0};
	struct score_result res;
	struct cli_progress prog;
	struct err err = {0};
	const char *db = NULL, *only[16];
	bool quiet = false;
	int64_t threads, num;
	int c, code;

	while ((c = getopt_long(argc, argv, "d:o:t:r:D:R:k:n:T:s:qh", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'm': o.model_path = optarg; break;
		case 'o':
			o.n_only = split_names(optarg, only, 16);
			o.only = only;
			break;
		case 't':
			if (!cli_parse_i64(optarg, &threads) || threads < 1 || threads > 64)
				return cli_usage(cmd, "--threads takes a number from 1 to 64");
			o.n_threads = (int)threads;
			break;
		case 'r': o.rules_path = optarg; break;
		case 'R': o.reference_path = optarg; break;
		case 'D': {
			char *end;
			o.dup_threshold = strtod(optarg, &end);
			if (*end || end == optarg || o.dup_threshold < 0.3 || o.dup_threshold > 1)
				return cli_usage(cmd, "--dup-threshold takes a number from 0.3 to 1");
			break;
		}
		case 'k':
			if (!cli_parse_i64(optarg, &num) || num < 1 || num > 1000000)
				return cli_usage(cmd, "--clusters takes a number from 1 to 1000000");
			o.n_clusters = (int)num;
			break;
		case 'n':
			if (!cli_parse_i64(optarg, &num) || num < 1 || num > 1000)
				return cli_usage(cmd, "--knn takes a number from 1 to 1000");
			o.knn_k = (int)num;
			break;
		case 'T': o.target_path = optarg; break;
		case 's':
			if (!cli_parse_i64(optarg, &num) || num < 0)
				return cli_usage(cmd, "--seed takes a whole number >= 0");
			o.seed = (uint64_t)num;
			break;
		case 'q': quiet = true; break;
		case 'h': return cli_help(cmd);
		default: return cli_usage(cmd, "unknown option");
		}
	}
	if (optind < argc)
		return cli_usage(cmd, "unexpected argument '%s'", argv[optind]);
	struct engine *e = cli_open(cmd, db, NULL, false, &code);
	if (!e)
		return code;
	cli_progress_init(&prog, quiet);
	o.progress = (struct progress_sink){cli_progress_cb, &prog};
	cli_catch_interrupt();
	enum status rc = engine_score(e, &o, &res, &err);
	/* on failure the last entry is the family that failed: its error says it all */
	size_t shown = rc == ST_OK || res.n_fam == 0 ? res.n_fam : res.n_fam - 1;
	for (size_t i = 0; !quiet && i < shown; i++) {
		const struct score_family_result *f = &res.fam[i];
		const struct score_family_result *pass;
		char n[32];
		if (!f->family)	/* a family that failed to start */
			continue;
		if (f->skipped)
			printf("%-6s skipped: %s\n", f->family, f->skipped);
		else if (f->n_scored == 0)
			printf("%-6s up to date (version %s)\n", f->family, f->version);
		else if (f->shared_pass)
			printf("%-6s %s samples (version %s)\n", f->family, cli_count(f->n_scored, n),
			       f->version);
		else
			printf("%-6s %s samples in %.2f s, %.0f samples/s (version %s)\n", f->family,
			       cli_count(f->n_scored, n), f->seconds,
			       f->seconds > 0 ? (double)f->n_scored / f->seconds : 0.0, f->version);
		pass = f->shared_pass && f->n_scored ? f : NULL;
		if (pass && (i + 1 == res.n_fam || !res.fam[i + 1].shared_pass))
			printf("       (scored together, one read and write per sample: %.2f s, "
			       "%.0f samples/s)\n", pass->seconds,
			       pass->seconds > 0 ? (double)pass->n_scored / pass->seconds : 0.0);
	}
	code = rc == ST_OK ? EXIT_OK : cli_fail(cmd, &err);
	engine_close(e);
	return code;
}


static const char *
dir_word(enum direction d)
{
	static const char *const w[] = {"higher", "lower", "flag", "-"};
	return w[d];
}

static void
print_metric(void *ctx, const char *family, const struct metric_def *d)
{
	(void)ctx;
	printf("%-24s %-6s %-7s %s\n", d->name, family, dir_word(d->dir), d->desc);
}

int
cmd_scorers(const struct command *cmd, int argc, char **argv)
{
	struct err err = {0};

	if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0))
		return cli_help(cmd);
	if (argc == 2 && strcmp(argv[1], "--rules") == 0) {
		fputs(rules_default_text(), stdout);
		return EXIT_OK;
	}
	if (argc > 1)
		return cli_usage(cmd, "unexpected argument '%s'", argv[1]);
	printf("%-24s %-6s %-7s %s\n", "score", "family", "better", "what it measures");
	if (registry_each_metric(print_metric, NULL, &err) != ST_OK)
		return cli_fail(cmd, &err);
	return EXIT_OK;
}

static int
scores_export(const struct command *cmd, struct engine *e, const char *out, bool csv)
{
	struct err err = {0};
	int64_t n;

	if (engine_scores_export(e, out, csv, &n, &err) != ST_OK)
		return cli_fail(cmd, &err);
	if (strcmp(out, "-") != 0)
		fprintf(stderr, "wrote scores of %lld samples to %s\n", (long long)n, out);
	return EXIT_OK;
}

static int
scores_import(const struct command *cmd, struct engine *e, struct scores_import_opts *o)
{
	struct scores_import_result res;
	struct err err = {0};

	if (engine_scores_import(e, o, &res, &err) != ST_OK)
		return cli_fail(cmd, &err);
	printf("%s: %lld values imported as score '%s'", o->path, (long long)res.n_matched, o->name);
	if (res.n_unmatched)
		printf("; %lld rows matched no sample (%s)", (long long)res.n_unmatched, res.unmatched);
	printf("\n");
	return EXIT_OK;
}


static const char *
dir_arrow(const struct auc_score *s)
{
	return s->dir == DIR_HIGHER ? "low" : s->dir == DIR_NEUTRAL ? (s->reversed ? "low" : "high")
								    : "high";
}

/* Per label: its rows, then the top scores by AUC with their 95% intervals; or every
 * (label, score) pair as TSV for other tools. */
static int
scores_auc(const struct command *cmd, struct engine *e, const char *labels, int top, bool tsv)
{
	struct auc_report r;
	struct err err = {0};

	if (engine_scores_auc(e, labels, &r, &err) != ST_OK)
		return cli_fail(cmd, &err);
	if (tsv)
		printf("kind\tscore\tdirection\tworse_when\tauc\tlo\thi\tn_pos\tn_neg\n");
	else
		printf("%-16s %5s  %-30s %-5s %s\n", "label", "rows", "score (worse when)", "AUC",
		       "95% CI");
	for (size_t k = 0; k < r.n_kinds; k++) {
		int shown = 0;
		for (size_t i = 0; i < r.n_rows; i++) {
			const struct auc_score *s = &r.rows[i];
			char name[64], rows[24];
			if (s->kind != k || isnan(s->a.auc))
				continue;
			if (tsv) {
				printf("%s\t%s\t%s\t%s\t%.4f\t%.4f\t%.4f\t%zu\t%zu\n", r.kinds[k],
				       s->score, dir_word(s->dir), dir_arrow(s), s->a.auc, s->a.lo, s->a.hi,
				       s->a.n_pos, s->a.n_neg);
				continue;
			}
			if (shown == top)
				break;
			snprintf(name, sizeof(name), "%s (%s)", s->score, dir_arrow(s));
			snprintf(rows, sizeof(rows), "%zu", s->a.n_pos);
			printf("%-16s %5s  %-30s %.3f [%.3f, %.3f]\n", shown ? "" : r.kinds[k],
			       shown ? "" : rows, name, s->a.auc, s->a.lo, s->a.hi);
			shown++;
		}
	}
	if (r.n_unmatched)
		fprintf(stderr, "winnow scores auc: %lld labels matched no sample (first: %s)\n",
			(long long)r.n_unmatched, r.first_unmatched);
	auc_report_free(&r);
	return EXIT_OK;
}

static bool
parse_key(const char *s, struct scores_import_opts *o)
{
	static const char *const names[] = {"id", "line", "hash"};

	for (int k = 0; k < 3; k++)
		if (strcmp(s, names[k]) == 0) {
			o->key = (enum scores_key)k;
			o->key_field = o->key_field ? o->key_field : names[k];
			return true;
		}
	return false;
}

int
cmd_scores(const struct command *cmd, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"db", required_argument, NULL, 'd'},
		{"output", required_argument, NULL, 'o'},
		{"format", required_argument, NULL, 'f'},
		{"name", required_argument, NULL, 'n'},
		{"key", required_argument, NULL, 'k'},
		{"field", required_argument, NULL, 'F'},
		{"key-field", required_argument, NULL, 'K'},
		{"dataset", required_argument, NULL, 'D'},
		{"direction", required_argument, NULL, 'r'},
		{"skip-unmatched", no_argument, NULL, 's'},
		{"labels", required_argument, NULL, 'l'},
		{"top", required_argument, NULL, 't'},
		{"tsv", no_argument, NULL, 'T'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	struct scores_import_opts io = {.field = "score", .dir = DIR_HIGHER};
	const char *db = NULL, *out = "-", *key = "id", *labels = NULL;
	bool csv = true, tsv = false;
	int c, code, top = 3;
	char *end;

	while ((c = getopt_long(argc, argv, "d:o:f:n:k:F:K:D:r:sl:t:Th", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'o': out = optarg; break;
		case 'f':
			if (strcmp(optarg, "csv") != 0 && strcmp(optarg, "jsonl") != 0)
				return cli_usage(cmd, "--format is csv or jsonl");
			csv = strcmp(optarg, "csv") == 0;
			break;
		case 'n': io.name = optarg; break;
		case 'k': key = optarg; break;
		case 'F': io.field = optarg; break;
		case 'K': io.key_field = optarg; break;
		case 'D': io.dataset = optarg; break;
		case 'r':
			if (strcmp(optarg, "higher") && strcmp(optarg, "lower"))
				return cli_usage(cmd, "--direction is higher or lower");
			io.dir = optarg[0] == 'h' ? DIR_HIGHER : DIR_LOWER;
			break;
		case 's': io.skip_unmatched = true; break;
		case 'l': labels = optarg; break;
		case 't':
			top = (int)strtol(optarg, &end, 10);
			if (*end || end == optarg || top < 1)
				return cli_usage(cmd, "--top takes a positive number");
			break;
		case 'T': tsv = true; break;
		case 'h': return cli_help(cmd);
		default: return cli_usage(cmd, "unknown option");
		}
	}
	const char *verb = optind < argc ? argv[optind++] : "";
	bool is_import = strcmp(verb, "import") == 0, is_auc = strcmp(verb, "auc") == 0;
	if (!is_import && !is_auc && strcmp(verb, "export") != 0)
		return cli_usage(cmd, "say what to do: winnow scores export | import FILE --name N | "
				 "auc --labels FILE");
	if (is_auc && !labels)
		return cli_usage(cmd, "auc needs --labels FILE (TSV: file, line, kind)");
	if (is_import && optind < argc)
		io.path = argv[optind++];
	if (optind < argc)
		return cli_usage(cmd, "unexpected argument '%s'", argv[optind]);
	if (is_import && (!io.path || !io.name))
		return cli_usage(cmd, "import needs a FILE and --name NAME");
	if (is_import && !parse_key(key, &io))
		return cli_usage(cmd, "--key is id, line or hash");
	struct engine *e = cli_open(cmd, db, NULL, false, &code);
	if (!e)
		return code;
	code = is_import ? scores_import(cmd, e, &io) : is_auc ? scores_auc(cmd, e, labels, top, tsv)
		: scores_export(cmd, e, out, csv);
	engine_close(e);
	return code;
}
