/* cmd_export.c: `winnow export (--all | --ids FILE) -o OUT`. */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "engine_select.h"
#include "ingest/convert.h"
#include "util/xalloc.h"

/* --selection S: the stored selection's rows and OUT.manifest.json. */
static int
export_selection(const struct command *cmd, const char *db, const char *sel, const char *out,
		 bool rejected, enum export_to to, bool quiet)
{
	struct selection_export_opts o = {sel, out, rejected, WINNOW_VERSION, to};
	struct selection_export_result r;
	struct err err = {0};
	int code;
	struct engine *e = cli_open(cmd, db, NULL, false, &code);

	if (!e)
		return code;
	if (engine_export_selection(e, &o, &r, &err) != ST_OK)
		code = cli_fail(cmd, &err);
	else if (!quiet)
		fprintf(stderr, "wrote %lld %srows to %s (sha256 %.16s...) and %s\n",
			(long long)r.n_rows, rejected ? "left-out " : "", out, r.out_hash,
			r.manifest_path);
	free(r.manifest_path);
	engine_close(e);
	return code;
}

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
		{"selection", required_argument, NULL, 'S'},
		{"rejected", no_argument, NULL, 'R'},
		{"to", required_argument, NULL, 't'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	const char *selection = NULL;
	bool rejected = false;
	struct export_opts o = {.as = EXPORT_AUTO};
	struct export_result res;
	struct cli_progress prog;
	struct err err = {0};
	const char *db = NULL, *ids_path = NULL;
	int64_t *ids = NULL;
	bool all = false, quiet = false;
	int c, code;

	while ((c = getopt_long(argc, argv, "d:ai:o:A:qS:Rt:h", longopts, NULL)) != -1) {
		switch (c) {
		case 't':
			if (!convert_parse(optarg, &o.to))
				return cli_usage(cmd, "--to is alpaca, sharegpt or messages");
			break;
		case 'S': selection = optarg; break;
		case 'R': rejected = true; break;
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
	if ((selection || rejected) && (all || ids_path || o.as != EXPORT_AUTO))
		return cli_usage(cmd, "--selection takes no --all, --ids or --as (OUT's ending "
				      "chooses JSON or JSONL)");
	if (selection || rejected) {
		if (!o.out || strcmp(o.out, "-") == 0)
			return cli_usage(cmd, "say where to write: -o OUT (the manifest goes to "
					      "OUT.manifest.json)");
		return export_selection(cmd, db, selection, o.out, rejected, o.to, quiet);
	}
	if (all == (ids_path != NULL))
		return cli_usage(cmd, "choose the rows: --all, --ids FILE or --selection S");
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
