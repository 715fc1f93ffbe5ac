/* cmd_recipe.c: `winnow recipe list|show|save|import|export|check|rm`: recipes saved in
 * the project file by name, and moved to and from files. */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "engine_select.h"
#include "util/atomic_file.h"
#include "util/buf.h"
#include "util/xalloc.h"

struct recipe_args {
	const char *db, *name, *out;
	bool force;
	char **pos;		/* the positional arguments after the verb */
	int n_pos;
};

static enum status
print_recipe_line(void *ctx, const struct recipe_info *r, struct err *err)
{
	(void)ctx;
	(void)err;
	printf("%-20s %-20s %s\n", r->name, r->saved_at ? r->saved_at : "(built in)",
	       r->description ? r->description : "");
	return ST_OK;
}

/* A recipe file's text ("-": standard input). */
static enum status
slurp(const char *path, char **out, struct err *err)
{
	FILE *fp = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	struct buf b = BUF_INIT;
	char chunk[8192];
	size_t n;

	*out = NULL;
	if (!fp)
		return err_set(err, ST_IO, "%s: cannot open: %s", path, strerror(errno));
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		buf_append(&b, chunk, n);
	if (fp != stdin)
		fclose(fp);
	*out = b.data ? buf_take(&b) : xstrdup("");
	return ST_OK;
}

/* "dir/top_mtld.json" -> "top_mtld" (the caller's). */
static char *
stem(const char *path)
{
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	const char *dot = strrchr(base, '.');

	return xstrndup(base, dot && dot != base ? (size_t)(dot - base) : strlen(base));
}

static enum status
recipe_show(struct engine *e, const char *name, const char *out, struct err *err)
{
	char *json = NULL, *label = NULL, *canonical = NULL;
	struct err why = {0};
	enum status rc = engine_recipe_source(e, name, NULL, &json, &label, err);

	if (rc == ST_OK && engine_recipe_check(e, json, label, &canonical, &why) != ST_OK)
		fprintf(stderr, "winnow recipe: note: it does not fit this project now: %s\n", why.msg);
	if (rc == ST_OK && out) {
		struct atomic_file af;
		rc = atomic_file_open(&af, out, err);
		if (rc == ST_OK) {
			fputs(canonical ? canonical : json, af.fp);
			rc = atomic_file_commit(&af, err);
		}
	}
	if (rc == ST_OK && !out)
		fputs(canonical ? canonical : json, stdout);
	free(json);
	free(label);
	free(canonical);
	return rc;
}

static enum status
recipe_save(struct engine *e, const char *name, const char *file, bool force, struct err *err)
{
	char *json = NULL;
	enum status rc = slurp(file, &json, err);

	if (rc == ST_OK)
		rc = engine_recipe_save(e, name, json, strcmp(file, "-") ? file : "standard input",
					force, err);
	if (rc == ST_OK)
		printf("Saved recipe '%s'.\n", name);
	free(json);
	return rc;
}

static enum status
recipe_check(struct engine *e, const char *file, struct err *err)
{
	char *json = NULL, *canonical = NULL;
	enum status rc = slurp(file, &json, err);

	if (rc == ST_OK)
		rc = engine_recipe_check(e, json, file, &canonical, err);
	if (rc == ST_OK)
		fputs(canonical, stdout);
	free(json);
	free(canonical);
	return rc;
}

static int
recipe_verb(const struct command *cmd, struct engine *e, const char *verb, struct recipe_args *a)
{
	struct err err = {0};
	enum status rc = ST_OK;
	char *name = NULL;

#define NEED(n, what) \
	if (a->n_pos != (n)) \
		return cli_usage(cmd, "winnow recipe %s takes %s", verb, what)
	if (strcmp(verb, "list") == 0) {
		NEED(0, "no arguments");
		rc = engine_recipes_each(e, print_recipe_line, NULL, &err);
	} else if (strcmp(verb, "show") == 0 || strcmp(verb, "export") == 0) {
		NEED(1, "a recipe name");
		rc = recipe_show(e, a->pos[0], a->out, &err);
	} else if (strcmp(verb, "save") == 0) {
		NEED(2, "a name and a file ('-': standard input)");
		rc = recipe_save(e, a->pos[0], a->pos[1], a->force, &err);
	} else if (strcmp(verb, "import") == 0) {
		NEED(1, "a file");
		name = a->name ? xstrdup(a->name) : stem(a->pos[0]);
		rc = recipe_save(e, name, a->pos[0], a->force, &err);
	} else if (strcmp(verb, "check") == 0) {
		NEED(1, "a file");
		rc = recipe_check(e, a->pos[0], &err);
	} else if (strcmp(verb, "rm") == 0) {
		NEED(1, "a recipe name");
		rc = engine_recipe_rm(e, a->pos[0], &err);
		if (rc == ST_OK)
			printf("Removed recipe '%s'.\n", a->pos[0]);
	} else {
		return cli_usage(cmd, "unknown verb '%s' (list, show, save, import, export, check, rm)",
				 verb);
	}
#undef NEED
	free(name);
	return rc == ST_OK ? EXIT_OK : cli_fail(cmd, &err);
}

int
cmd_recipe(const struct command *cmd, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"db", required_argument, NULL, 'd'}, {"name", required_argument, NULL, 'n'},
		{"output", required_argument, NULL, 'o'}, {"force", no_argument, NULL, 'f'},
		{"help", no_argument, NULL, 'h'}, {0},
	};
	struct recipe_args a = {0};
	int c, code;

	while ((c = getopt_long(argc, argv, "d:n:o:fh", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': a.db = optarg; break;
		case 'n': a.name = optarg; break;
		case 'o': a.out = optarg; break;
		case 'f': a.force = true; break;
		case 'h': return cli_help(cmd);
		default: return cli_usage(cmd, "unknown option");
		}
	}
	if (optind == argc)
		return cli_usage(cmd, "say what to do: list, show, save, import, export, check, rm");
	a.pos = argv + optind + 1;
	a.n_pos = argc - optind - 1;
	struct engine *e = cli_open(cmd, a.db, NULL, false, &code);
	if (!e)
		return code;
	code = recipe_verb(cmd, e, argv[optind], &a);
	engine_close(e);
	return code;
}
