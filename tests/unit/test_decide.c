/* test_decide.c: curator decisions over a real project file: verdicts and counts, one
 * action per call, undo/redo by new entries, an append-only audit log, all-or-nothing
 * actions, and filters compiled to SQL with bound parameters. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>

#include "check.h"
#include "engine_decide.h"
#include "engine_internal.h"
#include "fixture.h"
#include "store_internal.h"
#include "store_scores.h"

/* A project with n rows "p<i>"/"c<i>" (ids 1..n) and a demo score family: demo_len = i,
 * demo_flag = (i is even), note_demo = notes[i-1] when given. */
static struct engine *
project(const char *name, int n, const char *const *notes)
{
	char *in = test_path("in.jsonl");
	FILE *fp = fopen(in, "w");
	struct metric_def defs[] = {{"demo_len", "i", DIR_NEUTRAL, 0, 1e9},
				    {"demo_flag", "even", DIR_FLAG, 0, 1}};
	struct score_writer *w = NULL;
	struct engine *e = NULL;
	struct err err;

	for (int i = 1; i <= n; i++)
		fprintf(fp, "{\"prompt\":\"p%d\",\"completion\":\"c%d %s\"}\n", i, i,
			i % 3 == 0 ? "refund" : "");
	fclose(fp);
	e = fixture_project(name, (const char *const *)&in, 1);
	CHECK(store_scores_prepare(e->store, "demo", "1", defs, 2, true, &err) == ST_OK);
	CHECK(store_score_writer_new(e->store, "demo", defs, 2, true, &w, &err) == ST_OK);
	for (int i = 1; i <= n; i++) {
		double v[2] = {i, i % 2 == 0};
		CHECK(store_score_write(w, i, "1", v, notes ? notes[i - 1] : NULL, &err) == ST_OK);
	}
	store_score_writer_free(w);
	free(in);
	return e;
}

static enum verdict
verdict_of(struct engine *e, int64_t id)
{
	enum verdict v = 99;
	struct err err;

	CHECK(engine_verdict(e, id, &v, &err) == ST_OK);
	return v;
}

static int64_t
n_audit(struct engine *e)
{
	sqlite3_stmt *q;
	int64_t n = -1;

	sqlite3_prepare_v2(e->store->db, "SELECT (SELECT count(*) FROM audit) * 1000 +"
			   " (SELECT count(*) FROM actions)", -1, &q, NULL);
	if (sqlite3_step(q) == SQLITE_ROW)
		n = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	return n;	/* entries * 1000 + actions */
}

static const struct decide_opts alice = {.curator = "alice", .reason = "looks fine"};
static const struct decide_opts bob = {.curator = "bob"};

TEST(decide_sets_verdicts_counts_and_one_action)
{
	struct engine *e = project("d.db", 10, NULL);
	int64_t ids[] = {1, 2, 3, 2}, ids2[] = {3, 4}, changed, action;
	struct verdict_counts c;
	struct err err;

	CHECK(engine_decide(e, ids, 4, VERDICT_ACCEPT, &alice, &changed, &action, &err) == ST_OK);
	CHECK(changed == 3 && action == 1);	/* a repeated id counts once */
	CHECK(engine_decide(e, ids2, 2, VERDICT_REJECT, &alice, &changed, &action, &err) == ST_OK);
	CHECK(changed == 2 && action == 2);
	CHECK(verdict_of(e, 1) == VERDICT_ACCEPT && verdict_of(e, 3) == VERDICT_REJECT);
	CHECK(verdict_of(e, 5) == VERDICT_NONE);
	CHECK(engine_verdict_counts(e, &c, &err) == ST_OK);
	CHECK(c.accepted == 2 && c.rejected == 2 && c.undecided == 6);
	/* already so: nothing written, no action */
	CHECK(engine_decide(e, ids2, 2, VERDICT_REJECT, &alice, &changed, &action, &err) == ST_OK);
	CHECK(changed == 0 && action == 0);
	CHECK(n_audit(e) == 5 * 1000 + 2);
	/* an unknown id: nothing at all is written */
	int64_t bad[] = {5, 99};
	CHECK(engine_decide(e, bad, 2, VERDICT_ACCEPT, &alice, &changed, &action, &err) == ST_NOTFOUND);
	CHECK(strstr(err.msg, "no sample with id 99") != NULL);
	CHECK(verdict_of(e, 5) == VERDICT_NONE && n_audit(e) == 5 * 1000 + 2);
	CHECK(engine_decide(e, ids, 1, VERDICT_NONE, &alice, &changed, &action, &err) == ST_OK);
	CHECK(changed == 1 && verdict_of(e, 1) == VERDICT_NONE);
	struct decide_opts nobody = {.curator = ""};
	CHECK(engine_decide(e, ids, 1, VERDICT_ACCEPT, &nobody, NULL, NULL, &err) == ST_USAGE);
	enum verdict v;
	CHECK(engine_verdict(e, 42, &v, &err) == ST_NOTFOUND);
	enum verdict vs[3];
	int64_t some[] = {2, 42, 3};
	CHECK(engine_verdicts(e, some, 3, vs, &err) == ST_OK);
	CHECK(vs[0] == VERDICT_ACCEPT && vs[1] == VERDICT_NONE && vs[2] == VERDICT_REJECT);
	engine_close(e);
}

TEST(undo_and_redo_write_new_entries)
{
	struct engine *e = project("u.db", 10, NULL);
	int64_t a[] = {1, 2}, b[] = {2, 3}, n;
	struct undo_result r;
	struct err err;

	CHECK(engine_decide(e, a, 2, VERDICT_ACCEPT, &alice, NULL, NULL, &err) == ST_OK);
	CHECK(engine_decide(e, b, 2, VERDICT_REJECT, &alice, NULL, NULL, &err) == ST_OK);
	CHECK(engine_undo_redo(e, "alice", false, &r, &err) == ST_OK);
	CHECK(r.target == 2 && r.n_changed == 2 && r.n_skipped == 0 && r.action == 3);
	CHECK(verdict_of(e, 2) == VERDICT_ACCEPT && verdict_of(e, 3) == VERDICT_NONE);
	CHECK(engine_undo(e, "alice", &n, &err) == ST_OK && n == 2);
	CHECK(verdict_of(e, 1) == VERDICT_NONE && verdict_of(e, 2) == VERDICT_NONE);
	CHECK(engine_undo(e, "alice", &n, &err) == ST_OK && n == 0);	/* nothing left */
	CHECK(engine_redo(e, "alice", &n, &err) == ST_OK && n == 2);
	CHECK(verdict_of(e, 1) == VERDICT_ACCEPT && verdict_of(e, 2) == VERDICT_ACCEPT);
	CHECK(engine_redo(e, "alice", &n, &err) == ST_OK && n == 2);
	CHECK(verdict_of(e, 2) == VERDICT_REJECT && verdict_of(e, 3) == VERDICT_REJECT);
	CHECK(engine_redo(e, "alice", &n, &err) == ST_OK && n == 0);
	/* undo, then a new decision: the undone action can no longer be redone */
	CHECK(engine_undo(e, "alice", &n, &err) == ST_OK && n == 2);
	int64_t c[] = {7};
	CHECK(engine_decide(e, c, 1, VERDICT_ACCEPT, &alice, NULL, NULL, &err) == ST_OK);
	CHECK(engine_redo(e, "alice", &n, &err) == ST_OK && n == 0);
	CHECK(engine_undo(e, "alice", &n, &err) == ST_OK && n == 1 && verdict_of(e, 7) == VERDICT_NONE);
	/* 4 + 2 undo + 2 undo + 2 redo + 2 redo + 2 undo + 1 + 1 entries; nothing was deleted */
	CHECK(n_audit(e) / 1000 == 16);
	engine_close(e);
}

TEST(undo_is_per_curator_and_keeps_later_changes_by_others)
{
	struct engine *e = project("c.db", 5, NULL);
	int64_t a[] = {1, 2}, one[] = {1}, n;
	struct undo_result r;
	struct err err;

	CHECK(engine_decide(e, a, 2, VERDICT_ACCEPT, &alice, NULL, NULL, &err) == ST_OK);
	CHECK(engine_decide(e, one, 1, VERDICT_REJECT, &bob, NULL, NULL, &err) == ST_OK);
	CHECK(engine_undo_redo(e, "alice", false, &r, &err) == ST_OK);
	CHECK(r.target == 1 && r.n_changed == 1 && r.n_skipped == 1);
	CHECK(verdict_of(e, 1) == VERDICT_REJECT && verdict_of(e, 2) == VERDICT_NONE);
	CHECK(engine_undo(e, "carol", &n, &err) == ST_OK && n == 0);
	CHECK(engine_undo(e, "bob", &n, &err) == ST_OK && n == 1);
	/* bob's undo puts back the verdict bob replaced, which alice's undo left alone */
	CHECK(verdict_of(e, 1) == VERDICT_ACCEPT);
	engine_close(e);
}

struct log {
	int n;
	char text[2048];
};

static enum status
collect(void *ctx, const struct audit_entry *a, struct err *err)
{
	struct log *l = ctx;
	size_t len = strlen(l->text);

	(void)err;
	snprintf(l->text + len, sizeof(l->text) - len, "%lld:%lld:%lld:%s:%s>%s:%s:%s|",
		 (long long)a->seq, (long long)a->action, (long long)a->sample_id, a->curator,
		 verdict_name(a->old_verdict), verdict_name(a->new_verdict), a->kind,
		 a->reason ? a->reason : "-");
	l->n++;
	return ST_OK;
}

TEST(audit_log_filters_and_is_append_only)
{
	struct engine *e = project("a.db", 5, NULL);
	int64_t a[] = {1, 2}, b[] = {2};
	struct audit_filter f = {0};
	struct log l = {0};
	struct err err;
	int64_t n;

	CHECK(engine_decide(e, a, 2, VERDICT_ACCEPT, &alice, NULL, NULL, &err) == ST_OK);
	CHECK(engine_decide(e, b, 1, VERDICT_REJECT, &bob, NULL, NULL, &err) == ST_OK);
	CHECK(engine_undo(e, "bob", &n, &err) == ST_OK);
	CHECK(engine_audit_each(e, &f, collect, &l, &err) == ST_OK);
	CHECK_STR(l.text, "1:1:1:alice:none>accept:decide:looks fine|"
			  "2:1:2:alice:none>accept:decide:looks fine|"
			  "3:2:2:bob:accept>reject:decide:-|"
			  "4:3:2:bob:reject>accept:undo:looks fine|");
	memset(&l, 0, sizeof(l));
	f.curator = "bob";
	f.limit = 1;	/* the newest first */
	CHECK(engine_audit_each(e, &f, collect, &l, &err) == ST_OK);
	CHECK_STR(l.text, "4:3:2:bob:reject>accept:undo:looks fine|");
	memset(&l, 0, sizeof(l));
	f = (struct audit_filter){.sample_id = 1};
	CHECK(engine_audit_each(e, &f, collect, &l, &err) == ST_OK && l.n == 1);
	memset(&l, 0, sizeof(l));
	f = (struct audit_filter){.since = "9999"};
	CHECK(engine_audit_each(e, &f, collect, &l, &err) == ST_OK && l.n == 0);
	f = (struct audit_filter){.since = "2000-01-01"};
	CHECK(engine_audit_each(e, &f, collect, &l, &err) == ST_OK && l.n == 4);
	/* even plain SQL cannot rewrite history */
	sqlite3 *db = e->store->db;
	CHECK(sqlite3_exec(db, "UPDATE audit SET new_verdict = 'reject'", NULL, NULL, NULL) != SQLITE_OK);
	CHECK(strstr(sqlite3_errmsg(db), "append-only") != NULL);
	CHECK(sqlite3_exec(db, "DELETE FROM audit", NULL, NULL, NULL) != SQLITE_OK);
	CHECK(sqlite3_exec(db, "UPDATE actions SET curator = 'eve'", NULL, NULL, NULL) != SQLITE_OK);
	CHECK(sqlite3_exec(db, "DELETE FROM actions", NULL, NULL, NULL) != SQLITE_OK);
	CHECK(n_audit(e) == 4 * 1000 + 3);
	engine_close(e);
}

TEST(an_action_that_fails_midway_writes_nothing)
{
	struct engine *e = project("f.db", 6, NULL);
	int64_t first[] = {6}, ids[] = {1, 2, 3, 4, 5};
	struct verdict_counts c;
	struct err err;

	CHECK(engine_decide(e, first, 1, VERDICT_REJECT, &alice, NULL, NULL, &err) == ST_OK);
	/* the write of sample 4's decision fails after the others were written */
	CHECK(sqlite3_exec(e->store->db, "CREATE TEMP TRIGGER boom BEFORE INSERT ON main.decisions"
			   " WHEN new.sample_id = 4 BEGIN SELECT RAISE(ABORT, 'disk on fire'); END",
			   NULL, NULL, NULL) == SQLITE_OK);
	CHECK(engine_decide(e, ids, 5, VERDICT_ACCEPT, &alice, NULL, NULL, &err) == ST_DB);
	CHECK(strstr(err.msg, "disk on fire") != NULL);
	CHECK(engine_verdict_counts(e, &c, &err) == ST_OK);
	CHECK(c.accepted == 0 && c.rejected == 1);
	CHECK(n_audit(e) == 1 * 1000 + 1);
	CHECK(sqlite3_exec(e->store->db, "DROP TRIGGER temp.boom", NULL, NULL, NULL) == SQLITE_OK);
	CHECK(engine_decide(e, ids, 5, VERDICT_ACCEPT, &alice, NULL, NULL, &err) == ST_OK);
	CHECK(engine_verdict_counts(e, &c, &err) == ST_OK && c.accepted == 5);
	engine_close(e);
}

static size_t
match(struct engine *e, const char *text, const char *fts, int64_t *first)
{
	struct filter *f = NULL;
	int64_t *ids = NULL, n2 = -1;
	size_t n = 0;
	struct err err;

	*first = 0;
	if (text && engine_filter_parse(e, text, &f, &err) != ST_OK) {
		fprintf(stderr, "      %s\n", err.msg);
		return (size_t)-1;
	}
	CHECK(engine_filter_ids(e, f, fts, &ids, &n, &err) == ST_OK);
	CHECK(engine_filter_count(e, f, fts, &n2, &err) == ST_OK && n2 == (int64_t)n);
	if (n)
		*first = ids[0];
	free(ids);
	filter_free(f);
	return n;
}

TEST(filters_run_as_sql_with_bound_values)
{
	const char *notes[] = {"en", "fr", "it's\" OR 1=1 --", "en", "x'); DROP TABLE samples; --",
			       "en"};
	struct engine *e = project("q.db", 6, notes);
	int64_t first, ids[] = {2, 5};
	struct err err;
	struct filter *f;

	CHECK(match(e, "demo_len >= 3", NULL, &first) == 4 && first == 3);
	CHECK(match(e, "demo_flag", NULL, &first) == 3 && first == 2);
	CHECK(match(e, "not demo_flag and demo_len < 5", NULL, &first) == 2);
	CHECK(match(e, "note_demo == 'en'", NULL, &first) == 3);
	CHECK(match(e, "note_demo == 'it''s\" OR 1=1 --'", NULL, &first) == 1 && first == 3);
	CHECK(match(e, "note_demo == 'x''); DROP TABLE samples; --'", NULL, &first) == 1);
	CHECK(match(e, "note_demo != 'en' or id == 1", NULL, &first) == 4);
	CHECK(match(e, "dataset == 'in.jsonl' and line <= 2", NULL, &first) == 2);
	CHECK(match(e, "dataset == 'in.jsonl'' OR ''1''=''1'", NULL, &first) == 0);
	CHECK(match(e, "regex(response, '^c[12] ')", NULL, &first) == 2);
	CHECK(match(e, NULL, "refund", &first) == 2 && first == 3);
	CHECK(match(e, "demo_len > 3", "refund", &first) == 1 && first == 6);
	CHECK(engine_decide(e, ids, 2, VERDICT_REJECT, &alice, NULL, NULL, &err) == ST_OK);
	CHECK(match(e, "verdict == reject", NULL, &first) == 2 && first == 2);
	CHECK(match(e, "verdict == none", NULL, &first) == 4);
	CHECK(match(e, NULL, NULL, &first) == 6);
	/* a bad FTS query is the user's error */
	int64_t *out = NULL;
	size_t n;
	CHECK(engine_filter_ids(e, NULL, "refund AND", &out, &n, &err) == ST_BADQUERY);
	/* names come from the project's own columns */
	CHECK(engine_filter_parse(e, "demo_lne > 1", &f, &err) == ST_BADQUERY);
	CHECK(strstr(err.msg, "did you mean 'demo_len'") != NULL);
	CHECK(engine_filter_parse(e, "cluster == 1", &f, &err) == ST_BADQUERY);
	CHECK(strstr(err.msg, "run 'winnow score' with vectors first") != NULL);
	CHECK(engine_filter_parse(e, "v_demo == '1'", &f, &err) == ST_BADQUERY);	/* not a filter name */
	CHECK(engine_filter_parse(e, "demo_len > 1", &f, &err) == ST_OK);
	CHECK_STR(filter_text(f), "demo_len > 1");
	filter_free(f);
	engine_close(e);
}
