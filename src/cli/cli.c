/* cli.c: shared command-line plumbing (see cli.h). */
#include "cli.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/buf.h"
#include "util/xalloc.h"

int
cli_fail(const struct command *cmd, const struct err *err)
{
	fprintf(stderr, "winnow%s%s: %s\n", cmd ? " " : "", cmd ? cmd->name : "",
		err->msg[0] ? err->msg : status_str(err->code));
	return status_exit_code(err->code);
}

int
cli_usage(const struct command *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "winnow %s: ", cmd->name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nusage: winnow %s %s\nTry 'winnow %s --help' for more.\n", cmd->name,
		cmd->args, cmd->name);
	return EXIT_USAGE;
}

int
cli_help(const struct command *cmd)
{
	printf("usage: winnow %s %s\n\n%s\n\n%s", cmd->name, cmd->args, cmd->summary, cmd->help);
	return EXIT_OK;
}

bool
cli_parse_i64(const char *s, int64_t *out)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || end == s || *end || v < 0)
		return false;
	*out = v;
	return true;
}

bool
cli_one_sample_id(const struct command *cmd, int argc, char **argv, int64_t *id, int *code)
{
	if (optind != argc - 1)
		*code = cli_usage(cmd, "give one sample ID");
	else if (!cli_parse_i64(argv[optind], id))
		*code = cli_usage(cmd, "'%s' is not a sample ID (a number)", argv[optind]);
	else
		return true;
	return false;
}

static bool
ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* data/alpaca.jsonl -> data/alpaca.winnow.db (or ./alpaca.winnow.db if data/ is read-only) */
static char *
beside_input(const char *input)
{
	const char *slash = strrchr(input, '/');
	const char *base = slash ? slash + 1 : input;
	const char *dot = strchr(base, '.');
	size_t stem = dot && dot != base ? (size_t)(dot - base) : strlen(base);
	char *dir = slash ? xstrndup(input, (size_t)(slash - input + 1)) : xstrdup("");
	char *path;

	if (access(*dir ? dir : ".", W_OK) == 0)
		path = xasprintf("%s%.*s.winnow.db", dir, (int)stem, base);
	else
		path = xasprintf("%.*s.winnow.db", (int)stem, base);
	free(dir);
	return path;
}

/* The one *.winnow.db in the current directory. */
static char *
only_project_here(struct err *err)
{
	DIR *d = opendir(".");
	struct dirent *ent;
	struct buf names = BUF_INIT;
	char *found = NULL;
	int n = 0;

	while (d && (ent = readdir(d))) {
		if (!ends_with(ent->d_name, ".winnow.db"))
			continue;
		if (n++ == 0)
			found = xstrdup(ent->d_name);
		buf_printf(&names, "%s%s", names.len ? ", " : "", ent->d_name);
	}
	if (d)
		closedir(d);
	if (n == 1) {
		buf_free(&names);
		return found;
	}
	free(found);
	if (n == 0)
		err_set(err, ST_USAGE, "no project file here: pass --db FILE, set WINNOW_DB, or "
			"run 'winnow import DATA.jsonl' first");
	else
		err_set(err, ST_USAGE, "several project files here (%s): choose one with --db",
			buf_str(&names));
	buf_free(&names);
	return NULL;
}

char *
cli_project_path(const char *explicit, const char *first_input, struct err *err)
{
	const char *env = getenv("WINNOW_DB");

	if (explicit)
		return xstrdup(explicit);
	if (env && *env)
		return xstrdup(env);
	if (first_input)
		return beside_input(first_input);
	return only_project_here(err);
}

struct engine *
cli_open(const struct command *cmd, const char *explicit_db, const char *first_input,
	 bool create, int *code)
{
	struct err err = {0};
	struct engine *e = NULL;
	char *path = cli_project_path(explicit_db, first_input, &err);
	enum status rc = path ? engine_open(path, create ? ENGINE_CREATE : 0, &e, &err)
			      : err.code;

	free(path);
	if (rc != ST_OK) {
		*code = cli_fail(cmd, &err);
		return NULL;
	}
	*code = EXIT_OK;
	return e;
}

const char *
cli_count(int64_t n, char buf[32])
{
	char digits[32];
	int len = snprintf(digits, sizeof(digits), "%lld", (long long)(n < 0 ? -n : n));
	int o = 0;

	if (n < 0)
		buf[o++] = '-';
	for (int i = 0; i < len; i++) {
		if (i && (len - i) % 3 == 0)
			buf[o++] = ',';
		buf[o++] = digits[i];
	}
	buf[o] = '\0';
	return buf;
}

const char *
cli_bytes(uint64_t n, char buf[32])
{
	if (n >= 1000 * 1000 * 1000)
		snprintf(buf, 32, "%.2f GB", (double)n / 1e9);
	else if (n >= 1000 * 1000)
		snprintf(buf, 32, "%.1f MB", (double)n / 1e6);
	else if (n >= 1000)
		snprintf(buf, 32, "%.0f KB", (double)n / 1e3);
	else
		snprintf(buf, 32, "%llu B", (unsigned long long)n);
	return buf;
}

/* One ID a line ('#' comments and blank lines allowed); "-" reads standard input. */
enum status
cli_read_ids(const char *path, int64_t **ids, size_t *n, struct err *err)
{
	FILE *fp = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
	char line[256];
	size_t cap = 0;
	long lineno = 0;
	enum status rc = ST_OK;

	*ids = NULL;
	*n = 0;
	if (!fp)
		return err_set(err, ST_IO, "%s: cannot open: %s", path, strerror(errno));
	while (rc == ST_OK && fgets(line, sizeof(line), fp)) {
		char *p = line, *end;
		lineno++;
		while (*p == ' ' || *p == '\t')
			p++;
		end = p + strcspn(p, "\r\n#");
		while (end > p && (end[-1] == ' ' || end[-1] == '\t'))
			end--;
		if (end == p)
			continue;
		*end = '\0';
		int64_t id;
		if (!cli_parse_i64(p, &id)) {
			rc = err_set(err, ST_BADDATA, "%s:%ld: '%s' is not a sample ID", path, lineno, p);
			break;
		}
		if (*n == cap)
			*ids = xrealloc(*ids, (cap = cap ? 2 * cap : 256) * sizeof(**ids));
		(*ids)[(*n)++] = id;
	}
	if (fp != stdin)
		fclose(fp);
	if (rc != ST_OK) {
		free(*ids);
		*ids = NULL;
	}
	return rc;
}

/* ---- Ctrl-C ---- */

static volatile sig_atomic_t interrupted;

static void
on_sigint(int sig)
{
	(void)sig;
	if (interrupted)	/* second Ctrl-C: the user means it */
		_exit(EXIT_INTERRUPTED);
	interrupted = 1;
}

void
cli_catch_interrupt(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_sigint;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

bool
cli_interrupted(void)
{
	return interrupted != 0;
}

/* ---- progress bar ---- */

void
cli_progress_init(struct cli_progress *p, bool quiet)
{
	p->enabled = !quiet && isatty(STDERR_FILENO);
	p->last_draw = 0;
}

/* The last part of a path ("" for NULL). */
static const char *
base_name(const char *path)
{
	const char *slash = path ? strrchr(path, '/') : NULL;

	return slash ? slash + 1 : (path ? path : "");
}

static void
draw_bar(const struct progress *p)
{
	char rows[32], done[32];
	double frac = p->total ? (double)p->done / (double)p->total : 0;
	double rate = p->elapsed > 0 ? (double)p->rows / p->elapsed : 0;
	double eta = frac > 0.001 ? p->elapsed * (1 - frac) / frac : 0;
	int width = 24, fill = (int)(frac * width);
	const char *item = base_name(p->item);

	if (!p->total) {	/* no total known: a count and a rate, no bar */
		fprintf(stderr, "\r\033[K%s %-.24s  %s rows  %.0f rows/s", p->what, item,
			cli_count((int64_t)p->rows, rows), rate);
		return;
	}
	fprintf(stderr, "\r\033[K%s %-.24s [", p->what, item);
	for (int i = 0; i < width; i++)
		fputc(i < fill ? '#' : '.', stderr);
	fprintf(stderr, "] %3.0f%%  %s rows  %s  %.0f rows/s", frac * 100, cli_count((int64_t)p->rows, rows),
		cli_bytes(p->done, done), rate);
	if (p->total && frac > 0.001)
		fprintf(stderr, "  ETA %d:%02d", (int)eta / 60, (int)eta % 60);
}

bool
cli_progress_cb(void *ctx, const struct progress *p)
{
	struct cli_progress *cp = ctx;

	if (cp && cp->enabled) {
		if (p->stage && !p->finished) {
			const char *item = base_name(p->item);
			char rows[32];
			fprintf(stderr, "\r\033[K%s%s%-.24s: %s, %s rows…", p->what, *item ? " " : "",
				item, p->stage, cli_count((int64_t)p->rows, rows));
			cp->last_draw = p->elapsed;
		} else if (p->finished) {
			fputs("\r\033[K", stderr);
		} else if (p->elapsed - cp->last_draw >= 0.1) {
			cp->last_draw = p->elapsed;
			draw_bar(p);
		}
	}
	return !cli_interrupted();
}
