/* cmd_stats.c: `winnow stats`. */
#include <getopt.h>

#include "commands.h"
#include "engine_decide.h"

static void
print_lengths(const char *what, const struct length_stats *l)
{
	printf("  %-9s %7lld %7lld %7lld %7lld %7lld %7lld %8lld %9.1f\n", what,
	       (long long)l->min, (long long)l->p25, (long long)l->median, (long long)l->p75,
	       (long long)l->p90, (long long)l->p99, (long long)l->max, l->mean);
}

static void
print_stats(const char *path, const struct stats *s)
{
	char n[32], b[32];

	printf("project %s: %s samples in %zu dataset%s\n\n", path, cli_count(s->n_samples, n),
	       s->n_datasets, s->n_datasets == 1 ? "" : "s");
	printf("datasets\n  %4s  %-32s %-17s %-5s %10s %9s  %s\n", "id", "name", "format", "file",
	       "samples", "bytes", "imported");
	for (size_t i = 0; i < s->n_datasets; i++) {
		const struct dataset *d = &s->datasets[i];
		printf("  %4lld  %-32.32s %-17s %-5s %10s %9s  %s", (long long)d->id, d->name,
		       d->format, d->container, cli_count(d->n_samples, n), cli_bytes((uint64_t)d->bytes, b),
		       d->imported_at);
		if (d->n_skipped)
			printf("  (%lld bad rows skipped)", (long long)d->n_skipped);
		printf("\n");
	}
	printf("\nsamples by format\n");
	for (size_t i = 0; i < s->n_formats; i++)
		printf("  %-17s %10s  %5.1f%%\n", s->formats[i].key, cli_count(s->formats[i].n, n),
		       100.0 * (double)s->formats[i].n / (double)(s->n_samples ? s->n_samples : 1));
	printf("\nsamples by number of turns\n");
	for (size_t i = 0; i < s->n_turns; i++)
		printf("  %5s turns %10s\n", s->turns[i].key, cli_count(s->turns[i].n, n));
	printf("\nlength in characters\n  %-9s %7s %7s %7s %7s %7s %7s %8s %9s\n", "", "min", "p25",
	       "median", "p75", "p90", "p99", "max", "mean");
	print_lengths("prompt", &s->prompt);
	print_lengths("response", &s->response);
}

/* The curator's verdicts ('winnow accept/reject'). */
static int
print_decisions(const struct command *cmd, struct engine *e)
{
	struct verdict_counts c;
	struct err err = {0};
	char a[32], r[32], u[32];

	if (engine_verdict_counts(e, &c, &err) != ST_OK)
		return cli_fail(cmd, &err);
	printf("\ncurator decisions\n  %s accepted, %s rejected, %s undecided\n",
	       cli_count(c.accepted, a), cli_count(c.rejected, r), cli_count(c.undecided, u));
	return EXIT_OK;
}

int
cmd_stats(const struct command *cmd, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"db", required_argument, NULL, 'd'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	const char *db = NULL;
	struct stats s;
	struct err err = {0};
	int c, code;

	while ((c = getopt_long(argc, argv, "d:h", longopts, NULL)) != -1) {
		if (c == 'd')
			db = optarg;
		else if (c == 'h')
			return cli_help(cmd);
		else
			return cli_usage(cmd, "unknown option");
	}
	if (optind < argc)
		return cli_usage(cmd, "unexpected argument '%s'", argv[optind]);
	struct engine *e = cli_open(cmd, db, NULL, false, &code);
	if (!e)
		return code;
	if (engine_stats(e, &s, &err) != ST_OK) {
		code = cli_fail(cmd, &err);
	} else {
		print_stats(engine_path(e), &s);
		stats_free(&s);
		code = print_decisions(cmd, e);
	}
	engine_close(e);
	return code;
}
