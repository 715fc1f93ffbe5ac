/* cmd_search.c: `winnow search QUERY [--regex PAT]`. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"

struct print_ctx {
	int64_t n;
};

static enum status
print_hit(void *ctx, const struct hit *h, struct err *err)
{
	struct print_ctx *pc = ctx;

	(void)err;
	printf("%6lld  %s:%lld  %s\n", (long long)h->id, h->dataset, (long long)h->line, h->snippet);
	pc->n++;
	return ST_OK;
}

static int
color_mode(const char *s, bool *color)
{
	if (strcmp(s, "always") == 0)
		*color = true;
	else if (strcmp(s, "never") == 0)
		*color = false;
	else if (strcmp(s, "auto") == 0)
		*color = isatty(STDOUT_FILENO) && !getenv("NO_COLOR");
	else
		return -1;
	return 0;
}

int
cmd_search(const struct command *cmd, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"db", required_argument, NULL, 'd'},
		{"regex", required_argument, NULL, 'e'},
		{"limit", required_argument, NULL, 'n'},
		{"rank", no_argument, NULL, 'r'},
		{"count", no_argument, NULL, 'c'},
		{"color", required_argument, NULL, 'C'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	struct search_query q = {.limit = 20};
	struct print_ctx pc = {0};
	struct err err = {0};
	const char *db = NULL;
	bool count = false, color = isatty(STDOUT_FILENO) && !getenv("NO_COLOR");
	int c, code;

	while ((c = getopt_long(argc, argv, "d:e:n:rcC:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'e': q.regex = optarg; break;
		case 'n':
			if (!cli_parse_i64(optarg, &q.limit))
				return cli_usage(cmd, "--limit takes a number (0 for all)");
			break;
		case 'r': q.rank = true; break;
		case 'c': count = true; break;
		case 'C':
			if (color_mode(optarg, &color) != 0)
				return cli_usage(cmd, "--color is auto, always or never");
			break;
		case 'h': return cli_help(cmd);
		default: return cli_usage(cmd, "unknown option");
		}
	}
	if (optind < argc)
		q.fts = argv[optind++];
	if (optind < argc)
		return cli_usage(cmd, "one query only (quote it: winnow search 'a b')");
	if (!q.fts && !q.regex)
		return cli_usage(cmd, "give a query, a --regex, or both");
	q.mark_open = color ? "\033[1;31m" : "**";
	q.mark_close = color ? "\033[0m" : "**";
	struct engine *e = cli_open(cmd, db, NULL, false, &code);
	if (!e)
		return code;
	if (count) {
		int64_t n;
		enum status rc = engine_search_count(e, &q, &n, &err);
		if (rc == ST_OK)
			printf("%lld\n", (long long)n);
		code = rc == ST_OK ? EXIT_OK : cli_fail(cmd, &err);
	} else {
		enum status rc = engine_search(e, &q, print_hit, &pc, &err);
		fflush(stdout);
		code = rc == ST_OK ? EXIT_OK : cli_fail(cmd, &err);
		if (rc == ST_OK && pc.n == 0)
			fprintf(stderr, "no matches\n");
		else if (rc == ST_OK && q.limit > 0 && pc.n == q.limit)
			fprintf(stderr, "(first %lld hits; --limit N for more, --count to count)\n",
				(long long)pc.n);
	}
	engine_close(e);
	return code;
}
