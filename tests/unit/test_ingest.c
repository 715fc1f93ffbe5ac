/* test_ingest.c: the row reader and the format mapper. */
#include <stdio.h>
#include <stdlib.h>

#include "check.h"
#include "ingest/format.h"
#include "ingest/reader.h"

static char *
write_file(const char *name, const char *text, size_t n)
{
	char *path = test_path(name);
	FILE *fp = fopen(path, "wb");

	fwrite(text, 1, n, fp);
	fclose(fp);
	return path;
}

/* All rows of a file joined as "line:text|". */
static char *
rows_of(const char *text, size_t max_row, enum status *rc_out)
{
	char *path = write_file("in", text, strlen(text));
	struct reader *r = NULL;
	struct row_span row;
	struct err err = {0};
	static char out[4096];
	size_t o = 0;
	bool eof = false;
	enum status rc = reader_open(path, max_row, &r, &err);

	out[0] = '\0';
	while (rc == ST_OK && (rc = reader_next(r, &row, &eof, &err)) == ST_OK && !eof)
		o += (size_t)snprintf(out + o, sizeof(out) - o, "%lld:%.*s|", (long long)row.line,
				      row.too_big ? 3 : (int)row.len, row.too_big ? "BIG" : row.data);
	*rc_out = rc;
	reader_close(r);
	free(path);
	return out;
}

TEST(reader_splits_jsonl_and_skips_blank_lines)
{
	enum status rc;
	CHECK_STR(rows_of("{\"a\":1}\n\n  \n{\"b\":2}\n{\"c\":3}", 1 << 20, &rc),
		  "1:{\"a\":1}|4:{\"b\":2}|5:{\"c\":3}|");
	CHECK(rc == ST_OK);
}

TEST(reader_flags_rows_over_the_limit_and_goes_on)
{
	enum status rc;
	CHECK_STR(rows_of("{\"a\":1}\n{\"long\":\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"}\n{}\n", 16, &rc),
		  "1:{\"a\":1}|2:BIG|3:{}|");
	CHECK_STR(rows_of("[{\"a\":1},\n {\"long\":\"xxxxxxxxxxxxxxxxxxxxxxxxxxxx\"},\n {}]", 16, &rc),
		  "1:{\"a\":1}|2:BIG|3:{}|");
}

TEST(reader_splits_json_arrays_with_tricky_strings)
{
	enum status rc;
	CHECK_STR(rows_of("[\n  {\"a\": \"],{\\\"\"},\n  {\"b\": [1, {\"c\": 2}]}\n]\n", 1 << 20, &rc),
		  "2:{\"a\": \"],{\\\"\"}|3:{\"b\": [1, {\"c\": 2}]}|");
	CHECK(rc == ST_OK);
}

TEST(reader_keeps_the_array_layout)
{
	const char *text = "[\n  {\"a\":1},\n  {\"b\":2}\n]\n";
	char *path = write_file("in.json", text, strlen(text));
	struct reader *r;
	struct row_span row;
	struct err err;
	bool eof = false, uniform;
	const char *pre, *sep, *suf;

	CHECK(reader_open(path, 1 << 20, &r, &err) == ST_OK);
	CHECK(reader_container(r) == CONTAINER_JSON);
	while (reader_next(r, &row, &eof, &err) == ST_OK && !eof)
		;
	reader_json_layout(r, &pre, &sep, &suf, &uniform);
	CHECK_STR(pre, "[\n  ");
	CHECK_STR(sep, ",\n  ");
	CHECK_STR(suf, "\n]\n");
	CHECK(uniform);
	reader_close(r);
	free(path);
}

TEST(reader_reports_broken_arrays_and_empty_files)
{
	enum status rc;
	struct reader *r = NULL;
	struct err err;
	char *path;

	rows_of("[{\"a\":1} {\"b\":2}]", 1 << 20, &rc);
	CHECK(rc == ST_BADDATA);
	rows_of("[{\"a\":1},", 1 << 20, &rc);
	CHECK(rc == ST_BADDATA);
	rows_of("[{\"a\":1},]", 1 << 20, &rc);
	CHECK(rc == ST_BADDATA);
	rows_of("[{\"a\":\"unterminated}]", 1 << 20, &rc);
	CHECK(rc == ST_BADDATA);
	path = write_file("empty", "", 0);
	CHECK(reader_open(path, 1 << 20, &r, &err) == ST_BADDATA && r == NULL);
	CHECK(strstr(err.msg, "empty") != NULL);
	free(path);
	CHECK(reader_open("/nonexistent/file.jsonl", 1 << 20, &r, &err) == ST_IO);
}

static enum status
map(const char *json, enum format f, struct record *rec, enum format *det, struct err *err)
{
	return format_map_row(json, strlen(json), f, rec, det, err);
}

TEST(format_alpaca_joins_instruction_and_input)
{
	struct record rec = {0};
	struct err err = {0};
	enum format det;

	CHECK(map("{\"instruction\":\"Sum\",\"input\":\"1 2\",\"output\":\"3\",\"x\":1}", FMT_AUTO,
		  &rec, &det, &err) == ST_OK);
	CHECK(det == FMT_ALPACA && rec.format == FMT_ALPACA);
	CHECK_STR(buf_str(&rec.prompt), "Sum\n\n1 2");
	CHECK_STR(buf_str(&rec.response), "3");
	CHECK(rec.simple && rec.n_turns == 2);
	CHECK(map("{\"instruction\":\"Hi\",\"context\":\"\",\"response\":\"Yo\",\"category\":\"qa\"}",
		  FMT_AUTO, &rec, &det, &err) == ST_OK);
	CHECK(det == FMT_DOLLY);
	CHECK_STR(buf_str(&rec.prompt), "Hi");
	record_free(&rec);
}

TEST(format_chat_prompt_is_system_and_user_before_last_answer)
{
	struct record rec = {0};
	struct err err = {0};
	enum format det;

	CHECK(map("{\"conversations\":[{\"from\":\"system\",\"value\":\"S\"},{\"from\":\"human\","
		  "\"value\":\"Q1\"},{\"from\":\"gpt\",\"value\":\"A1\"},{\"from\":\"human\",\"value\":"
		  "\"Q2\"},{\"from\":\"gpt\",\"value\":\"A2\"}]}", FMT_AUTO, &rec, &det, &err) == ST_OK);
	CHECK(det == FMT_SHAREGPT && rec.n_turns == 5 && !rec.simple);
	CHECK_STR(buf_str(&rec.prompt), "S\n\nQ1\n\nQ2");
	CHECK_STR(buf_str(&rec.response), "A2");
	CHECK(strstr(buf_str(&rec.turns_json), "{\"role\":\"system\",\"text\":\"S\"}") != NULL);
	CHECK(map("{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"a\"},"
		  "{\"type\":\"text\",\"text\":\"b\"}]},{\"role\":\"assistant\",\"content\":\"c\\\"d\"}]}",
		  FMT_AUTO, &rec, &det, &err) == ST_OK);
	CHECK(det == FMT_MESSAGES && rec.simple);
	CHECK_STR(buf_str(&rec.prompt), "a\nb");
	CHECK_STR(buf_str(&rec.response), "c\"d");
	CHECK(map("{\"text\":\"plain\"}", FMT_AUTO, &rec, &det, &err) == ST_OK);
	CHECK(det == FMT_TEXT && rec.n_turns == 1);
	CHECK_STR(buf_str(&rec.response), "plain");
	CHECK(map("{\"prompt\":\"p\",\"completion\":\"c\"}", FMT_AUTO, &rec, &det, &err) == ST_OK);
	CHECK(det == FMT_PC && rec.simple);
	record_free(&rec);
}

TEST(format_errors_name_the_field)
{
	struct record rec = {0};
	struct err err = {0};
	enum format det;

	CHECK(map("{\"instruction\":\"x\",\"output\":5}", FMT_AUTO, &rec, &det, &err) == ST_BADDATA);
	CHECK_STR(err.msg, "field 'output': expected a string, found a number");
	CHECK(map("{\"instruction\":\"x\"}", FMT_ALPACA, &rec, &det, &err) == ST_BADDATA);
	CHECK_STR(err.msg, "missing field 'output'");
	CHECK(map("{\"conversations\":[{\"from\":\"human\",\"value\":\"q\"},{\"from\":\"narrator\","
		  "\"value\":\"a\"}]}", FMT_AUTO, &rec, &det, &err) == ST_BADDATA);
	CHECK_STR(err.msg, "field 'conversations[1].from': unknown role 'narrator'");
	CHECK(map("{\"conversations\":[]}", FMT_AUTO, &rec, &det, &err) == ST_BADDATA);
	CHECK(map("{\"instruction\":\"x\",\"output\":\"a\xff\"}", FMT_AUTO, &rec, &det, &err) ==
	      ST_BADDATA);
	CHECK_STR(err.msg, "field 'output': invalid UTF-8 (byte 31 of the row)");
	CHECK(map("{\"a\":1,\"b\":2}", FMT_AUTO, &rec, &det, &err) == ST_BADDATA);
	CHECK(strstr(err.msg, "found keys: a, b") != NULL);
	CHECK(map("{\"text\": \"x\"", FMT_AUTO, &rec, &det, &err) == ST_BADDATA);
	CHECK(strstr(err.msg, "malformed JSON") != NULL);
	CHECK(map("[1,2]", FMT_AUTO, &rec, &det, &err) == ST_BADDATA);
	CHECK_STR(err.msg, "expected a JSON object, found an array");
	CHECK(map("{\"text\":\"x\"} {}", FMT_AUTO, &rec, &det, &err) == ST_BADDATA);
	record_free(&rec);
}

TEST(format_parse_names_and_aliases)
{
	enum format f;
	struct err err;

	CHECK(format_parse("openai", &f, &err) == ST_OK && f == FMT_MESSAGES);
	CHECK(format_parse("mixed", &f, &err) == ST_OK && f == FMT_MIXED);
	CHECK(format_parse("csv", &f, &err) == ST_USAGE);
}

TEST(reader_hashes_the_whole_file)
{
	const char *text = "{\"a\":\"abc\"}\n";
	char *path = write_file("h.jsonl", text, strlen(text));
	struct reader *r;
	struct row_span row;
	struct err err;
	bool eof = false;
	char hex[65];

	/* sha256 of the 12 bytes above, from sha256sum */
	CHECK(reader_open(path, 1 << 20, &r, &err) == ST_OK);
	while (reader_next(r, &row, &eof, &err) == ST_OK && !eof)
		;
	reader_sha256(r, hex);
	CHECK_STR(hex, "8fe9aaae11f22d9f59c6b4a97ff57a13dd6acb3b8c44c223d08373a734cee45b");
	reader_close(r);
	CHECK(reader_open(path, 1 << 20, &r, &err) == ST_OK);
	reader_close(r);	/* closing before the hash is read must not hang or leak */
	free(path);
}
