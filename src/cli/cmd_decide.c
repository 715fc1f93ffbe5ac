/* cmd_decide.c: `winnow accept|reject|clear`, `winnow undo|redo` and `winnow log`:
 * the curator's decisions from the command line (the TUI's keys call the same engine). */
#include <ctype.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "commands.h"
#include "engine_decide.h"
#include "engine_select.h"
#include "util/buf.h"
#include "util/json_text.h"
#include "util/xalloc.h"

struct decide_args {
	const char *db, *where, *search, *recipe;
	struct decide_opts o;
	int64_t *ids;
	size_t n_ids;
	bool quiet;
};

static const char *
done_word(enum verdict v)
{
	return v == VERDICT_ACCEPT ? "accepted" : v == VERDICT_REJECT ? "rejected" : "cleared";
}

static const char *
state_word(enum verdict v)
{
	return v == VERDICT_ACCEPT ? "accepted" : v == VERDICT_REJECT ? "rejected" : "undecided";
}

/* Options, then the IDs (each a positive number). Returns -1 to go on, else an exit code. */
static int
parse_decide(const struct command *cmd, int argc, char **argv, struct decide_args *a)
{
	static const struct option longopts[] = {
		{"db", required_argument, NULL, 'd'}, {"reason", required_argument, NULL, 'r'},
		{"note", required_argument, NULL, 'n'}, {"curator", required_argument, NULL, 'c'},
		{"where", required_argument, NULL, 'w'}, {"search", required_argument, NULL, 's'},
		{"recipe", required_argument, NULL, 'R'}, {"quiet", no_argument, NULL, 'q'}, {"help", no_argument, NULL, 'h'}, {0},
	};
	int c;

	a->o.curator = decide_default_curator();
	while ((c = getopt_long(argc, argv, "d:r:n:c:w:s:R:qh", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': a->db = optarg; break;
		case 'r': a->o.reason = optarg; break;
		case 'n': a->o.note = optarg; break;
		case 'c': a->o.curator = optarg; break;
		case 'w': a->where = optarg; break;
		case 's': a->search = optarg; break;
		case 'R': a->recipe = optarg; break;
		case 'q': a->quiet = true; break;
		case 'h': return cli_help(cmd);
		default: return cli_usage(cmd, "unknown option");
		}
	}
	if (!*a->o.curator)
		return cli_usage(cmd, "--curator needs a name");
	if (optind == argc && !a->where && !a->search && !a->recipe)
		return cli_usage(cmd, "give sample IDs, or choose them with --where, --search or "
				      "--recipe");
	if (optind < argc && (a->where || a->search || a->recipe))
		return cli_usage(cmd, "give sample IDs or a query (--where, --search, --recipe), "
				      "not both");
	a->ids = xcalloc((size_t)(argc - optind) + 1, sizeof(*a->ids));
	for (int i = optind; i < argc; i++) {
		if (!cli_parse_i64(argv[i], &a->ids[a->n_ids]) || a->ids[a->n_ids] == 0) {
			free(a->ids);
			a->ids = NULL;
			return cli_usage(cmd, "'%s' is not a sample ID (a number)", argv[i]);
		}
		a->n_ids++;
	}
	return -1;
}

/* Keep the ids (sorted) that are also in keep[0..n) (sorted). */
static void
intersect(int64_t *ids, size_t *n_ids, const int64_t *keep, size_t n)
{
	size_t out = 0, j = 0;

	for (size_t i = 0; i < *n_ids; i++) {
		while (j < n && keep[j] < ids[i])
			j++;
		if (j < n && keep[j] == ids[i])
			ids[out++] = ids[i];
	}
	*n_ids = out;
}

/* What the recipe chooses (before curator decisions), intersected with a->ids. */
static enum status
recipe_ids(struct engine *e, struct decide_args *a, struct err *err)
{
	struct select_opts o = {.dry_run = true, .want_recipe_ids = true};
	struct select_result r;
	size_t n = strlen(a->recipe);
	enum status rc;

	if (access(a->recipe, F_OK) == 0 || (n > 5 && strcmp(a->recipe + n - 5, ".json") == 0))
		o.recipe_file = a->recipe;
	else
		o.recipe = a->recipe;
	rc = engine_select(e, &o, &r, err);
	if (rc == ST_OK)
		intersect(a->ids, &a->n_ids, r.recipe_ids, r.n_recipe_ids);
	if (rc == ST_OK)
		select_result_free(&r);
	return rc;
}

/* --where, --search and --recipe: the ids all of them match, and the query text
 * recorded with the action. */
static enum status
query_ids(struct engine *e, struct decide_args *a, struct buf *query, struct err *err)
{
	struct filter *f = NULL;
	enum status rc = ST_OK;

	if (a->where)
		rc = engine_filter_parse(e, a->where, &f, err);
	if (rc == ST_OK)
		rc = engine_filter_ids(e, f, a->search, &a->ids, &a->n_ids, err);
	if (rc == ST_OK && a->recipe)
		rc = recipe_ids(e, a, err);
	filter_free(f);
	if (a->where)
		buf_printf(query, "--where %s", a->where);
	if (a->search)
		buf_printf(query, "%s--search %s", query->len ? " " : "", a->search);
	if (a->recipe)
		buf_printf(query, "%s--recipe %s", query->len ? " " : "", a->recipe);
	return rc;
}

static void
report(const struct decide_args *a, enum verdict v, bool bulk, int64_t changed, int64_t action)
{
	int64_t same = (int64_t)a->n_ids - changed;
	const char *word = done_word(v);
	char n1[32], n2[32];

	if (a->quiet)
		return;
	if (bulk)
		printf("%s sample%s matched; ", cli_count((int64_t)a->n_ids, n1),
		       a->n_ids == 1 ? "" : "s");
	if (a->n_ids == 0)
		printf("nothing changed.\n");
	else if (changed == 0 && a->n_ids == 1)
		printf("%s: it is already %s.\n", bulk ? "nothing changed" : "Nothing changed",
		       state_word(v));
	else if (changed == 0)
		printf("%s: all are already %s.\n", bulk ? "nothing changed" : "Nothing changed",
		       state_word(v));
	else {
		printf("%c%s %s sample%s (action %lld)", bulk ? word[0] : toupper(word[0]), word + 1,
		       cli_count(changed, n1), changed == 1 ? "" : "s", (long long)action);
		if (same)
			printf("; %s %s already %s", cli_count(same, n2), same == 1 ? "was" : "were",
			       state_word(v));
		printf(".\n");
	}
}

static int
decide(const struct command *cmd, int argc, char **argv, enum verdict v)
{
	struct decide_args a = {0};
	struct buf query = BUF_INIT;
	struct err err = {0};
	int64_t changed = 0, action = 0;
	int code = parse_decide(cmd, argc, argv, &a);
	bool bulk = a.where || a.search || a.recipe;

	if (code >= 0)
		return code;
	struct engine *e = cli_open(cmd, a.db, NULL, false, &code);
	enum status rc = e ? ST_OK : ST_ERROR;
	if (e && bulk) {
		free(a.ids);
		a.ids = NULL;
		rc = query_ids(e, &a, &query, &err);
		a.o.query = buf_str(&query);
	}
	if (e && rc == ST_OK)
		rc = engine_decide(e, a.ids, a.n_ids, v, &a.o, &changed, &action, &err);
	if (e && rc != ST_OK)
		code = cli_fail(cmd, &err);
	else if (e)
		report(&a, v, bulk, changed, action);
	engine_close(e);
	buf_free(&query);
	free(a.ids);
	return code;
}

int
cmd_accept(const struct command *cmd, int argc, char **argv)
{
	return decide(cmd, argc, argv, VERDICT_ACCEPT);
}

int
cmd_reject(const struct command *cmd, int argc, char **argv)
{
	return decide(cmd, argc, argv, VERDICT_REJECT);
}

int
cmd_clear(const struct command *cmd, int argc, char **argv)
{
	return decide(cmd, argc, argv, VERDICT_NONE);
}

/* ---- undo, redo ---- */

static int
undo_redo(const struct command *cmd, int argc, char **argv, bool redo)
{
	static const struct option longopts[] = {
		{"db", required_argument, NULL, 'd'}, {"curator", required_argument, NULL, 'c'},
		{"help", no_argument, NULL, 'h'}, {0},
	};
	const char *db = NULL, *curator = decide_default_curator();
	struct undo_result r;
	struct err err = {0};
	int c, code;
	char n[32];

	while ((c = getopt_long(argc, argv, "d:c:h", longopts, NULL)) != -1) {
		if (c == 'd')
			db = optarg;
		else if (c == 'c')
			curator = optarg;
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
	if (engine_undo_redo(e, curator, redo, &r, &err) != ST_OK)
		code = cli_fail(cmd, &err);
	else if (r.action == 0)
		printf("Nothing to %s for %s.\n", redo ? "redo" : "undo", curator);
	else {
		printf("%s action %lld: %s sample%s changed (action %lld)", redo ? "Redid" : "Undid",
		       (long long)r.target, cli_count(r.n_changed, n), r.n_changed == 1 ? "" : "s",
		       (long long)r.action);
		if (r.n_skipped)
			printf("; %lld left as they are, changed since by someone else",
			       (long long)r.n_skipped);
		printf(".\n");
	}
	engine_close(e);
	return code;
}

int
cmd_undo(const struct command *cmd, int argc, char **argv)
{
	return undo_redo(cmd, argc, argv, false);
}

int
cmd_redo(const struct command *cmd, int argc, char **argv)
{
	return undo_redo(cmd, argc, argv, true);
}

/* ---- log ---- */

/* "2026-11-24", "2026-11-24T10:00" (a prefix of ISO 8601 UTC), or "90s", "30m", "2h",
 * "7d" ago. OUT: out. */
static bool
parse_since(const char *s, char out[32])
{
	size_t n = strlen(s);
	char *end;
	long long v;

	if (n >= 4 && n < 21 && isdigit((unsigned char)s[0]) && isdigit((unsigned char)s[3]) &&
	    strspn(s, "0123456789-:TZ") == n) {
		memcpy(out, s, n + 1);
		return true;
	}
	v = strtoll(s, &end, 10);
	if (end == s || v < 0 || strlen(end) != 1 || !strchr("smhd", *end))
		return false;
	v *= *end == 's' ? 1 : *end == 'm' ? 60 : *end == 'h' ? 3600 : 86400;
	time_t t = time(NULL) - (time_t)v;
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return true;
}

static void
json_field(struct buf *b, const char *key, const char *val)
{
	buf_printf(b, ",\"%s\":", key);
	if (val)
		json_quote(b, val, strlen(val));
	else
		buf_puts(b, "null");
}

static enum status
print_jsonl(void *ctx, const struct audit_entry *a, struct err *err)
{
	struct buf *b = ctx;

	(void)err;
	buf_clear(b);
	buf_printf(b, "{\"seq\":%lld,\"action\":%lld,\"sample\":%lld", (long long)a->seq,
		   (long long)a->action, (long long)a->sample_id);
	json_field(b, "curator", a->curator);
	json_field(b, "at", a->at);
	json_field(b, "kind", a->kind);
	json_field(b, "old", verdict_name(a->old_verdict));
	json_field(b, "new", verdict_name(a->new_verdict));
	json_field(b, "reason", a->reason);
	json_field(b, "note", a->note);
	json_field(b, "query", a->query);
	if (a->target)
		buf_printf(b, ",\"target\":%lld", (long long)a->target);
	buf_puts(b, "}\n");
	fputs(buf_str(b), stdout);
	return ST_OK;
}

static enum status
print_entry(void *ctx, const struct audit_entry *a, struct err *err)
{
	(void)ctx;
	(void)err;
	printf("%6lld  %s  %-10s  action %-4lld %-6s sample %-7lld %s -> %s", (long long)a->seq,
	       a->at, a->curator, (long long)a->action, a->kind, (long long)a->sample_id,
	       verdict_name(a->old_verdict), verdict_name(a->new_verdict));
	if (a->target)
		printf("  (%s of action %lld)", a->kind, (long long)a->target);
	if (a->reason)
		printf("  reason: %s", a->reason);
	if (a->note)
		printf("  note: %s", a->note);
	if (a->query)
		printf("  [%s]", a->query);
	putchar('\n');
	return ST_OK;
}

int
cmd_log(const struct command *cmd, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"db", required_argument, NULL, 'd'}, {"curator", required_argument, NULL, 'c'},
		{"since", required_argument, NULL, 's'}, {"sample", required_argument, NULL, 'S'},
		{"limit", required_argument, NULL, 'l'}, {"jsonl", no_argument, NULL, 'j'},
		{"help", no_argument, NULL, 'h'}, {0},
	};
	struct audit_filter f = {0};
	const char *db = NULL;
	char since[32];
	bool jsonl = false;
	struct buf b = BUF_INIT;
	struct err err = {0};
	int c, code;

	while ((c = getopt_long(argc, argv, "d:c:s:S:l:jh", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'c': f.curator = optarg; break;
		case 's':
			if (!parse_since(optarg, since))
				return cli_usage(cmd, "--since takes a UTC time like 2026-11-24 or "
						      "2026-11-24T10:00, or an age like 30m, 2h, 7d");
			f.since = since;
			break;
		case 'S':
			if (!cli_parse_i64(optarg, &f.sample_id) || f.sample_id == 0)
				return cli_usage(cmd, "--sample takes a sample ID");
			break;
		case 'l':
			if (!cli_parse_i64(optarg, &f.limit))
				return cli_usage(cmd, "--limit takes a number (0: all)");
			break;
		case 'j': jsonl = true; break;
		case 'h': return cli_help(cmd);
		default: return cli_usage(cmd, "unknown option");
		}
	}
	if (optind < argc)
		return cli_usage(cmd, "unexpected argument '%s'", argv[optind]);
	struct engine *e = cli_open(cmd, db, NULL, false, &code);
	if (!e)
		return code;
	if (engine_audit_each(e, &f, jsonl ? print_jsonl : print_entry, &b, &err) != ST_OK)
		code = cli_fail(cmd, &err);
	buf_free(&b);
	engine_close(e);
	return code;
}
