/* cmd_show.c: `winnow show ID`: the whole sample, turns laid out and labelled. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "commands.h"

static void
rule(const char *label)
{
	int n = 60 - (int)strlen(label);

	printf("── %s ", label);
	for (int i = 0; i < n; i++)
		fputs("─", stdout);
	putchar('\n');
}

static void
print_sample(const struct sample *s)
{
	char label[64];

	printf("sample %lld  ·  %s:%lld  ·  %s  ·  %zu turn%s\n", (long long)s->id, s->dataset,
	       (long long)s->line, s->format, s->n_turns, s->n_turns == 1 ? "" : "s");
	for (size_t i = 0; i < s->n_turns; i++) {
		snprintf(label, sizeof(label), "%zu %s", i + 1, s->turns[i].role);
		rule(label);
		fputs(s->turns[i].text, stdout);
		if (!*s->turns[i].text)
			fputs("(empty)", stdout);
		putchar('\n');
	}
}

int
cmd_show(const struct command *cmd, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"db", required_argument, NULL, 'd'},
		{"raw", no_argument, NULL, 'r'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	const char *db = NULL;
	bool raw = false;
	struct sample s;
	struct err err = {0};
	int64_t id;
	int c, code;

	while ((c = getopt_long(argc, argv, "d:rh", longopts, NULL)) != -1) {
		if (c == 'd')
			db = optarg;
		else if (c == 'r')
			raw = true;
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
	if (engine_sample_get(e, id, &s, &err) != ST_OK) {
		code = cli_fail(cmd, &err);
	} else {
		if (raw) {
			fwrite(s.raw, 1, s.raw_len, stdout);
			putchar('\n');
		} else {
			print_sample(&s);
		}
		sample_free(&s);
	}
	engine_close(e);
	return code;
}
