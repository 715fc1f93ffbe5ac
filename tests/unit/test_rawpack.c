/* test_rawpack.c: packing raw rows is exactly reversible, in C and in the SQL view. */
#define _GNU_SOURCE	/* memmem */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>

#include "check.h"
#include "engine.h"
#include "ingest/rawpack.h"
#include "util/json_text.h"

TEST(json_quote_matches_sqlite)
{
	const char *cases[] = {"plain", "tab\tnl\ncr\r\"q\" back\\slash /", "\x01\x08\x0c\x1f\x7f",
			       "é 世界 🙂", ""};
	sqlite3 *db;

	sqlite3_open(":memory:", &db);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct buf b = BUF_INIT;
		sqlite3_stmt *q;
		json_quote(&b, cases[i], strlen(cases[i]));
		sqlite3_prepare_v2(db, "SELECT json_quote(?1)", -1, &q, NULL);
		sqlite3_bind_text(q, 1, cases[i], -1, SQLITE_STATIC);
		CHECK(sqlite3_step(q) == SQLITE_ROW);
		CHECK_STR(buf_str(&b), (const char *)sqlite3_column_text(q, 0));
		sqlite3_finalize(q);
		buf_free(&b);
	}
	sqlite3_close(db);
}

static int
roundtrip(const char *raw, const char *prompt, const char *response, struct buf *packed)
{
	struct buf scratch = BUF_INIT, back = BUF_INIT;
	int flags = rawpack_pack(raw, strlen(raw), prompt, strlen(prompt), response,
				 strlen(response), packed, &scratch);

	rawpack_unpack(packed->data, packed->len, flags, prompt, response, &back);
	CHECK_STR(buf_str(&back), raw);
	buf_free(&scratch);
	buf_free(&back);
	return flags;
}

TEST(rawpack_is_reversible_and_only_packs_unique_strings)
{
	struct buf p = BUF_INIT;
	const char *r1 = "{\"instruction\": \"Say hello to the world\", \"output\": \"Hello, \\\"world\\\"!\\n\"}";

	CHECK(roundtrip(r1, "Say hello to the world", "Hello, \"world\"!\n", &p) ==
	      (RAWPACK_RESPONSE | RAWPACK_PROMPT));
	CHECK(!memmem(p.data, p.len, "Hello", 5) && !memmem(p.data, p.len, "Say hello", 9));
	/* the same text twice: ambiguous, stays verbatim */
	CHECK(roundtrip("{\"a\": \"repeated text here!!\", \"b\": \"repeated text here!!\"}", "x",
			"repeated text here!!", &p) == 0);
	/* escaped differently from ours (\u00e9): not found, stays verbatim */
	CHECK(roundtrip("{\"output\": \"caf\\u00e9 au lait, please\"}", "", "café au lait, please", &p) == 0);
	/* short strings are not worth it */
	CHECK(roundtrip("{\"output\": \"ok\"}", "", "ok", &p) == 0);
	buf_free(&p);
}

TEST(rawpack_view_rebuilds_the_original_in_sql)
{
	char *db_path = test_path("p.db"), *in = test_path("in.jsonl");
	const char *rows[] = {
		"{\"instruction\":\"Explain tides in one line\",\"input\":\"\",\"output\":\"The moon's pull\\tmoves water.\\u0001\"}",
		"{\"instruction\": \"Translate this please\", \"input\": \"Bonjour\", \"output\": \"Hello there, friend\"}",
	};
	FILE *fp = fopen(in, "w");
	struct import_opts o = {.format = FMT_AUTO, .max_row = IMPORT_DEFAULT_MAX_ROW};
	struct import_result res;
	struct engine *e;
	struct err err;
	sqlite3 *db;
	sqlite3_stmt *q;
	int i = 0;

	fprintf(fp, "%s\n%s\n", rows[0], rows[1]);
	fclose(fp);
	CHECK(engine_open(db_path, ENGINE_CREATE, &e, &err) == ST_OK);
	CHECK(engine_import(e, (const char *const *)&in, 1, &o, &res, &err) == ST_OK);
	import_result_free(&res);
	engine_close(e);
	sqlite3_open(db_path, &db);
	sqlite3_prepare_v2(db, "SELECT v.raw, s.packed FROM samples_v v JOIN samples s USING (id) ORDER BY id",
			   -1, &q, NULL);
	while (sqlite3_step(q) == SQLITE_ROW && i < 2) {
		CHECK_STR((const char *)sqlite3_column_text(q, 0), rows[i]);
		CHECK(sqlite3_column_int(q, 1) != 0);	/* both rows were packed */
		i++;
	}
	CHECK(i == 2);
	sqlite3_finalize(q);
	sqlite3_close(db);
	free(db_path);
	free(in);
}
