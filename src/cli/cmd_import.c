/* cmd_import.c: `winnow import FILE...`. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "util/xalloc.h"

static void
print_summary(const struct import_result *res, const struct import_opts *o,
	      const char *db_path)
{
	char n1[32], n2[32], b1[32];

	for (size_t i = 0; i < res->n_files; i++) {
		const struct import_file_result *f = &res->files[i];
		if (f->already) {
			printf("%s: already imported as dataset %lld; nothing to do\n", f->path,
			       (long long)f->dataset_id);
			continue;
		}
		printf("%s: %s samples (%s) as dataset %lld", f->path, cli_count(f->n_samples, n1),
		       format_name(f->format), (long long)f->dataset_id);
		if (f->n_bad)
			printf(", %s bad rows skipped", cli_count(f->n_bad, n2));
		printf("\n");
	}
	if (res->n_samples == 0)
		return;
	printf("imported %s samples (%s) in %.2f s, %.0f rows/s -> %s\n",
	       cli_count(res->n_samples, n1), cli_bytes(res->bytes, b1), res->seconds,
	       res->seconds > 0 ? (double)res->n_samples / res->seconds : 0.0, db_path);
	if (res->wrote_report)
		printf("bad rows: %s (%s lines)\n", o->bad_report, cli_count(res->n_bad, n2));
}

/* The default report goes beside the project file: DB minus ".db" plus ".bad.txt". */
static char *
default_report(const char *db_path)
{
	size_t n = strlen(db_path);

	if (n > 3 && strcmp(db_path + n - 3, ".db") == 0)
		n -= 3;
	return xasprintf("%.*s.bad.txt", (int)n, db_path);
}

int
cmd_import(const struct command *cmd, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"db", required_argument, NULL, 'd'},
		{"format", required_argument, NULL, 'f'},
		{"skip-bad", no_argument, NULL, 's'},
		{"bad-report", required_argument, NULL, 'r'},
		{"max-row-mb", required_argument, NULL, 'm'},
		{"quiet", no_argument, NULL, 'q'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	struct import_opts o = {.format = FMT_AUTO, .max_row = IMPORT_DEFAULT_MAX_ROW};
	struct import_result res;
	struct cli_progress prog;
	struct err err = {0};
	const char *db = NULL, *report = NULL;
	char *db_path = NULL, *report_path = NULL;
	bool quiet = false;
	int c, code;
	int64_t mb;

	while ((c = getopt_long(argc, argv, "d:f:sr:m:qh", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'f':
			if (format_parse(optarg, &o.format, &err) != ST_OK)
				return cli_usage(cmd, "%s", err.msg);
			break;
		case 's': o.skip_bad = true; break;
		case 'r': report = optarg; break;
		case 'm':
			if (!cli_parse_i64(optarg, &mb) || mb < 1 || mb > 1024)
				return cli_usage(cmd, "--max-row-mb takes a number from 1 to 1024");
			o.max_row = (size_t)mb << 20;
			break;
		case 'q': quiet = true; break;
		case 'h': return cli_help(cmd);
		default: return cli_usage(cmd, "unknown option");
		}
	}
	if (optind >= argc)
		return cli_usage(cmd, "no input files");
	db_path = cli_project_path(db, argv[optind], &err);
	if (!db_path)
		return cli_fail(cmd, &err);
	struct engine *e = cli_open(cmd, db_path, NULL, true, &code);
	if (!e) {
		free(db_path);
		return code;
	}
	report_path = report ? xstrdup(report) : default_report(db_path);
	o.bad_report = report_path;
	cli_progress_init(&prog, quiet);
	o.progress = (struct progress_sink){cli_progress_cb, &prog};
	cli_catch_interrupt();
	enum status rc = engine_import(e, (const char *const *)argv + optind,
				       (size_t)(argc - optind), &o, &res, &err);
	if (rc == ST_OK && !quiet)
		print_summary(&res, &o, db_path);
	code = rc == ST_OK ? EXIT_OK : cli_fail(cmd, &err);
	if (rc == ST_BADDATA && !o.skip_bad)
		fprintf(stderr, "nothing was imported; fix the row, or use --skip-bad to import "
			"the good rows and list the bad ones\n");
	import_result_free(&res);
	engine_close(e);
	free(report_path);
	free(db_path);
	return code;
}
