/* cmd_tui.c: `winnow tui [FILE...] [--db P]` (and `winnow` alone when a project file is
 * found): open the curses review screen, importing and scoring FILEs first. The screen
 * itself is ui/ui.h's ui_run. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "ui/ui.h"

static bool
parse_size(const char *s, int *cols, int *rows)
{
	char *x;
	long c = strtol(s, &x, 10), r;

	if (x == s || *x != 'x')
		return false;
	r = strtol(x + 1, &x, 10);
	if (*x || c < 1 || r < 1 || c > 1000 || r > 1000)
		return false;
	*cols = (int)c;
	*rows = (int)r;
	return true;
}

int
cmd_tui(const struct command *cmd, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"db", required_argument, NULL, 'd'},
		{"headless", no_argument, NULL, 'H'},
		{"keys", required_argument, NULL, 'k'},
		{"size", required_argument, NULL, 's'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	struct ui_opts o = {.cols = 100, .rows = 30};
	const char *db = NULL;
	int c, code;

	while ((c = getopt_long(argc, argv, "d:Hk:s:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'H': o.headless = true; break;
		case 'k': o.keys = optarg; break;
		case 's':
			if (!parse_size(optarg, &o.cols, &o.rows))
				return cli_usage(cmd, "--size takes COLSxROWS, e.g. 100x30");
			break;
		case 'h': return cli_help(cmd);
		default: return cli_usage(cmd, "unknown option");
		}
	}
	if (o.keys && !o.headless)
		return cli_usage(cmd, "--keys needs --headless");
	o.files = (const char *const *)argv + optind;
	o.n_files = (size_t)(argc - optind);
	struct err err = {0};
	char *path = cli_project_path(db, o.n_files ? o.files[0] : NULL, &err);
	if (!path)
		return cli_fail(cmd, &err);
	o.project = path;
	struct engine *e = cli_open(cmd, path, NULL, o.n_files > 0, &code);
	if (e)
		code = ui_run(e, &o);
	engine_close(e);
	free(path);
	return code;
}
