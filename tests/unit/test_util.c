/* test_util.c: UTF-8, SHA-256, buffers, status codes, atomic files. */
#include <stdio.h>
#include <unistd.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "check.h"
#include "util/atomic_file.h"
#include "util/buf.h"
#include "util/sha256.h"
#include "util/status.h"
#include "util/utf8.h"

TEST(utf8_accepts_valid_text)
{
	const char *s = "héllo 世界 🙂";
	CHECK(utf8_valid(s, strlen(s), NULL));
	CHECK(utf8_count(s, strlen(s)) == 10);
}

TEST(utf8_rejects_bad_bytes_with_offset)
{
	size_t at = 99;
	CHECK(!utf8_valid("abc\xff", 4, &at) && at == 3);
	CHECK(!utf8_valid("ab\xc3", 3, &at) && at == 2);		/* truncated */
	CHECK(!utf8_valid("\xc0\xaf", 2, &at) && at == 0);		/* overlong */
	CHECK(!utf8_valid("x\xed\xa0\x80", 4, &at) && at == 1);	/* surrogate */
	CHECK(!utf8_valid("\xf4\x90\x80\x80", 4, &at));		/* > U+10FFFF */
	CHECK(!utf8_valid("0123456789\x80", 11, &at) && at == 10);	/* after the fast path */
}

TEST(utf8_prefix_does_not_split_characters)
{
	const char *s = "aé世b";
	CHECK(utf8_prefix(s, strlen(s), 2) == 3);
	CHECK(utf8_prefix(s, strlen(s), 3) == 6);
	CHECK(utf8_prefix(s, strlen(s), 10) == strlen(s));
}

static void
sha_hex(const char *s, size_t step, char hex[65])
{
	struct sha256 h;
	size_t n = strlen(s);

	sha256_init(&h);
	for (size_t i = 0; i < n; i += step)
		sha256_update(&h, s + i, i + step < n ? step : n - i);
	sha256_final_hex(&h, hex);
}

TEST(sha256_matches_known_vectors)
{
	char hex[65];
	const char *abc_long = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";

	sha_hex("", 1, hex);
	CHECK_STR(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	sha_hex("abc", 1, hex);
	CHECK_STR(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	sha_hex(abc_long, 7, hex);	/* fed in odd pieces across block edges */
	CHECK_STR(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST(buf_grows_and_formats)
{
	struct buf b = BUF_INIT;
	CHECK_STR(buf_str(&b), "");
	for (int i = 0; i < 1000; i++)
		buf_printf(&b, "%d,", i % 10);
	CHECK(b.len == 2000);
	buf_clear(&b);
	buf_puts(&b, "x");
	CHECK_STR(buf_str(&b), "x");
	buf_free(&b);
}

TEST(status_exit_codes_are_fixed)
{
	CHECK(status_exit_code(ST_OK) == 0);
	CHECK(status_exit_code(ST_DB) == 1);
	CHECK(status_exit_code(ST_USAGE) == 2);
	CHECK(status_exit_code(ST_BADDATA) == 3);
	CHECK(status_exit_code(ST_IO) == 4);
	CHECK(status_exit_code(ST_NOTFOUND) == 5);
	CHECK(status_exit_code(ST_CANCELLED) == 130);
}

TEST(atomic_file_commit_and_abort)
{
	char *path = test_path("out.txt");
	struct atomic_file af;
	struct err err = {0};
	struct stat sb;
	FILE *fp;
	char line[32] = "";

	fp = fopen(path, "w");
	fputs("old\n", fp);
	fclose(fp);
	CHECK(atomic_file_open(&af, path, &err) == ST_OK);
	fputs("new\n", af.fp);
	atomic_file_abort(&af);	/* the old file stays */
	fp = fopen(path, "r");
	CHECK(fgets(line, sizeof(line), fp) && strcmp(line, "old\n") == 0);
	fclose(fp);
	CHECK(atomic_file_open(&af, path, &err) == ST_OK);
	fputs("new\n", af.fp);
	CHECK(atomic_file_commit(&af, &err) == ST_OK);
	fp = fopen(path, "r");
	CHECK(fgets(line, sizeof(line), fp) && strcmp(line, "new\n") == 0);
	fclose(fp);
	CHECK(stat(path, &sb) == 0 && sb.st_size == 4);
	free(path);
	path = test_path("no/such/dir/x");
	CHECK(atomic_file_open(&af, path, &err) == ST_IO);
	free(path);
}

/* A target that is a device or a pipe is written in place: a rename over it would
 * replace it (as root, over /dev/null itself). A FIFO with a reader stands in. */
TEST(atomic_file_writes_pipes_in_place_and_refuses_directories)
{
	char *path = test_path("fifo"), buf[16] = "";
	struct atomic_file af;
	struct err err = {0};
	struct stat sb;
	int rd;

	CHECK(mkfifo(path, 0600) == 0);
	rd = open(path, O_RDONLY | O_NONBLOCK);	/* a reader, so opening to write won't block */
	CHECK(rd >= 0);
	CHECK(atomic_file_open(&af, path, &err) == ST_OK);
	fputs("piped\n", af.fp);
	CHECK(atomic_file_commit(&af, &err) == ST_OK);
	CHECK(stat(path, &sb) == 0 && S_ISFIFO(sb.st_mode));	/* still the pipe */
	CHECK(read(rd, buf, sizeof(buf) - 1) == 6 && strcmp(buf, "piped\n") == 0);
	close(rd);
	free(path);
	path = test_path("");
	CHECK(atomic_file_open(&af, path, &err) == ST_IO && strstr(err.msg, "is a directory"));
	free(path);
}
