/* test_matrix.c: the in-memory score matrix over a real project file. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "check.h"
#include "engine.h"
#include "engine_decide.h"

static void
write_rows(const char *path, int from, int to)
{
	FILE *fp = fopen(path, "w");

	for (int i = from; i < to; i++)
		fprintf(fp, "{\"instruction\":\"Q%d?\",\"output\":\"%s\"}\n", i,
			i % 2 ? "one two three" : "one two three four five");
	fclose(fp);
}

TEST(score_matrix_columns_directions_verdicts_and_unscored_rows)
{
	char *db = test_path("m.db"), *a = test_path("a.jsonl"), *b = test_path("b.jsonl");
	struct import_opts io = {.format = FMT_AUTO, .max_row = IMPORT_DEFAULT_MAX_ROW};
	const char *only[] = {"text"};
	struct score_opts so = {.only = only, .n_only = 1, .n_threads = 1};
	struct decide_opts d = {.curator = "t"};
	struct import_result ir;
	struct score_result sr;
	struct score_matrix m;
	struct engine *e;
	struct err err;
	int64_t one = 1, two = 2;

	write_rows(a, 0, 4);
	write_rows(b, 4, 6);
	CHECK(engine_open(db, ENGINE_CREATE, &e, &err) == ST_OK);
	CHECK(engine_import(e, (const char *const *)&a, 1, &io, &ir, &err) == ST_OK);
	import_result_free(&ir);
	CHECK(engine_score(e, &so, &sr, &err) == ST_OK);
	CHECK(engine_import(e, (const char *const *)&b, 1, &io, &ir, &err) == ST_OK);	/* unscored */
	import_result_free(&ir);
	CHECK(engine_decide(e, &one, 1, VERDICT_ACCEPT, &d, NULL, NULL, &err) == ST_OK);
	CHECK(engine_decide(e, &two, 1, VERDICT_REJECT, &d, NULL, NULL, &err) == ST_OK);
	CHECK(engine_score_matrix(e, true, &m, &err) == ST_OK);
	CHECK(m.n_rows == 6 && m.ids[0] == 1 && m.ids[5] == 6);
	size_t w = score_matrix_col(&m, "resp_words"), t = score_matrix_col(&m, "resp_ttr");
	CHECK(w < m.n_cols && t < m.n_cols && score_matrix_col(&m, "nosuch") == m.n_cols);
	CHECK(m.cols[w][0] == 5 && m.cols[w][1] == 3);
	CHECK(isnan(m.cols[w][4]) && isnan(m.cols[w][5]));
	CHECK(m.dirs[t] == DIR_HIGHER);
	CHECK(m.verdict[0] == 1 && m.verdict[1] == 0 && m.verdict[2] == -1);
	CHECK(score_matrix_row(&m, 3) == 2 && score_matrix_row(&m, 99) == m.n_rows);
	score_matrix_free(&m);
	engine_close(e);
	free(db);
	free(a);
	free(b);
}
