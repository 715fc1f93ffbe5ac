/* cmd_export.c: `winnow export (--all | --ids FILE) -o OUT`. */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "util/xalloc.h"

int
cmd_export(const struct command *cmd, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"db", required_argument, NULL, 'd'},
		{"all", no_argument, NULL, 'a'},
		{"ids", required_argument, NULL, 'i'},
		{"output", required_argument, NULL, 'o'},
		{"as", required_argument, NULL, 'A'},
		{"quiet", no_argument, NULL, 'q'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	struct export_opts o = {.as = EXPORT_AUTO};
	struct export_result res;
	struct cli_progress prog;
	struct err err = {0};
	const char *db = NULL, *ids_path = NULL;
	int64_t *ids = NULL;
	bool all = false, quiet = false;
	int c, code;

	while ((c = getopt_long(argc, argv, "d:ai:o:A:qh", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'a': all = true; break;
		case 'i': ids_path = optarg; break;
		case 'o': o.out = optarg; break;
		case 'A':
			if (strcmp(optarg, "json") == 0)
				o.as = EXPORT_JSON;
			else if (strcmp(optarg, "jsonl") == 0)
				o.as = EXPORT_JSONL;
			else
				return cli_usage(cmd, "--as is json or jsonl");
			break;
		case 'q': quiet = true; break;
		case 'h': return cli_help(cmd);
		default: return cli_usage(cmd, "unknown option");
		}
	}
	if (optind < argc)
		return cli_usage(cmd, "unexpected argument '%s'", argv[optind]);
	if (all == (ids_path != NULL))
		return cli_usage(cmd, "choose the rows: --all or --ids FILE");
	if (!o.out)
		return cli_usage(cmd, "say where to write: -o OUT (or -o - for standard output)");
	if (ids_path && cli_read_ids(ids_path, &ids, &o.n_ids, &err) != ST_OK)
		return cli_fail(cmd, &err);
	o.ids = ids;
	struct engine *e = cli_open(cmd, db, NULL, false, &code);
	if (e) {
		cli_progress_init(&prog, quiet);
		o.progress = (struct progress_sink){cli_progress_cb, &prog};
		cli_catch_interrupt();
		if (engine_export(e, &o, &res, &err) != ST_OK) {
			code = cli_fail(cmd, &err);
		} else if (!quiet && strcmp(o.out, "-") != 0) {
			fprintf(stderr, "wrote %lld rows (%s) to %s%s\n", (long long)res.n_rows,
				res.as == EXPORT_JSON ? "JSON array" : "JSONL", o.out,
				res.exact_file ? ", the original file byte for byte" : "");
		}
	}
	engine_close(e);
	free(ids);
	return code;
}
