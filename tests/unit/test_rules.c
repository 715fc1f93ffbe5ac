/* test_rules.c: the rule-file loader, its errors, the built-in checks and the default
 * rules, each flag on a positive example and on tricky negatives. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "score/rules.h"
#include "util/buf.h"
#include "util/status.h"

#define MAX_FLAGS 16

/* Evaluates resp (and prompt) and returns the fired ids; *n_up gets how many flags are up. */
static const char *
eval_ids(const struct rules *r, struct rules_scratch *s, const char *prompt, const char *resp,
	 struct buf *ids, size_t *n_up)
{
	double out[MAX_FLAGS];

	rules_eval(r, s, prompt, strlen(prompt), resp, strlen(resp), out, ids);
	*n_up = 0;
	for (size_t i = 0; i < rules_n_flags(r); i++)
		*n_up += out[i] == 1.0;
	return buf_str(ids);
}

static struct rules *
load_ok(const char *text)
{
	struct rules *r = NULL;
	struct err err = {0};

	if (rules_load(text, "t.rules", &r, &err) != ST_OK)
		fprintf(stderr, "      load failed: %s\n", err.msg);
	return r;
}

TEST(rules_default_has_the_seven_flags)
{
	static const char *const names[] = {
		"flag_empty", "flag_refusal", "flag_placeholder", "flag_truncated",
		"flag_copies_prompt", "flag_url", "flag_code_block",
	};
	struct rules *r = load_ok(rules_default_text());

	CHECK(r != NULL);
	if (!r)
		return;
	CHECK(rules_n_flags(r) == 7);
	for (size_t i = 0; i < 7 && i < rules_n_flags(r); i++) {
		const struct metric_def *d = rules_flag_def(r, i);
		CHECK_STR(d->name, names[i]);
		CHECK(d->dir == DIR_FLAG && d->lo == 0 && d->hi == 1);
		CHECK(d->desc && strlen(d->desc) > 10);
	}
	rules_free(r);
}

struct fire_case {
	const char *prompt, *resp;
	const char *ids;	/* exactly the rules expected to fire; "" for none */
};

static void
check_cases(const struct fire_case *c, size_t n)
{
	struct rules *r = load_ok(rules_default_text());
	struct rules_scratch *s = r ? rules_scratch_new(r) : NULL;
	struct buf ids = BUF_INIT;
	size_t n_up;

	CHECK(r != NULL);
	for (size_t i = 0; r && i < n; i++) {
		const char *got = eval_ids(r, s, c[i].prompt, c[i].resp, &ids, &n_up);
		CHECK_STR(got, c[i].ids);
		CHECK((n_up == 0) == (c[i].ids[0] == '\0'));
	}
	buf_free(&ids);
	rules_scratch_free(s);
	rules_free(r);
}

TEST(rules_default_flags_fire_on_positives)
{
	static const struct fire_case c[] = {
		{"Say hi.", "  \n\t ", "empty#1"},
		{"Say hi.", "", "empty#1"},
		{"Browse.", "As an AI language model, I cannot browse the internet.", "refusal#1"},
		{"Opinion?", "I am an AI and do not have personal opinions.", "refusal#2"},
		{"Help.", "I'm sorry, but I am unable to do that.", "refusal#3"},
		{"Rome?", "I'm sorry, but I won't be able to help with this topic.", "refusal#3"},
		{"Rome?", "As an AI developed by OpenAI, I am not able to answer that.", "refusal#1"},
		{"Draw.", "Sorry, the task requires a visual output.", "refusal#4"},
		{"Diagnose me.", "I'm not able to provide medical advice.", "refusal#5"},
		{"Do it.", "I cannot fulfill this request.", "refusal#5 refusal#6"},
		{"Draw.", "This task cannot be completed by a GPT model.", "refusal#7"},
		{"Draw.", "A GPT model cannot produce images.", "refusal#8"},
		{"Sum?", "N/A", "placeholder#1"},
		{"Sum?", "None", "placeholder#1"},
		{"Sum?", " TODO ", "placeholder#1"},
		{"Sum?", "<nooutput>", "placeholder#1 placeholder#2"},
		{"Sum?", "Input:\n<noinput>\nOutput: 4.", "placeholder#2"},
		{"Draw.", "No output because a chart is needed.", "placeholder#3"},
		{"Paris?", "The capital of France is Paris, and it is known for", "truncated#1"},
		{"Write a short poem about the sea at night.\n\nUse rhyme.",
		 "Write a short poem about the sea at night.\n\nThe waves are dark.",
		 "copies_prompt#1"},
		{"Link?", "See https://example.com/page for details.", "url#1"},
		{"Link?", "Visit www.example.org today.", "url#2"},
		{"Code?", "Here:\n```python\nprint(1)\n```", "code_block#1"},
	};
	check_cases(c, sizeof(c) / sizeof(c[0]));
}

TEST(rules_default_flags_stay_silent_on_tricky_negatives)
{
	static const struct fire_case c[] = {
		{"My dog is lost.",
		 "I am sorry to hear that you lost your dog; here is what to do: call the shelter.",
		 ""},
		{"Job?", "As an AI researcher, I study neural networks.", ""},
		{"Job?", "I am an AI engineer at a bank.", ""},
		{"Tweet.", "I can't believe how fast this year went by!", ""},
		{"Dialogue.", "Anna: Sorry, I can't make it tonight.\nBen: No problem.", ""},
		{"Letter.", "I apologize for the delay. I cannot wait to see you.", ""},
		{"Bio?", "As an AI built by a small team, the robot in my story could not speak.", ""},
		{"Which?", "None of the options is correct, because each breaks the rule.", ""},
		{"Which?", "The rule is not applicable to mammals.", ""},
		{"Protocols?", "Use the http protocol and the www prefix.", ""},
		{"Show x.", "Use `print(x)` to show x.", ""},
		{"Predict what will happen in the stock market tomorrow.",
		 "It is impossible to predict what will happen in the stock market tomorrow.", ""},
		{"Name three primary colors.", "Name three primary colors: red, blue, yellow.", ""},
		{"Sentiment?", "Positive", ""},
		{"Fruits?", "1. Apples\n2. Pears\n3. Plums", ""},
		{"Headline?", "Swimmer Breaks World Record for Fastest Time", ""},
		{"Poem.", "Roses are red\nViolets are blue\nSugar is sweet\nAnd so are you", ""},
		{"React.", "I love it 😀", ""},
		{"Quote?", "He said, “Stay hungry, stay foolish”", ""},
	};
	check_cases(c, sizeof(c) / sizeof(c[0]));
}

TEST(rules_bad_regex_names_pattern_message_and_offset)
{
	struct rules *r = (struct rules *)1;
	struct err err = {0};
	enum status rc = rules_load("ok response foo\n\nbad response (?i)abc(def\n", "my.rules",
				    &r, &err);

	CHECK(rc == ST_BADDATA);
	CHECK(r == NULL);
	CHECK(strstr(err.msg, "my.rules:3: ") == err.msg);
	CHECK(strstr(err.msg, "bad pattern /(?i)abc(def/") != NULL);
	CHECK(strstr(err.msg, "missing closing parenthesis") != NULL);
	CHECK(strstr(err.msg, "at offset 11") != NULL);
}

TEST(rules_unknown_side_names_the_line)
{
	struct rules *r = NULL;
	struct err err = {0};

	CHECK(rules_load("# c\nx response a\ny respnse b\n", "s.rules", &r, &err) ==
	      ST_BADDATA);
	CHECK(r == NULL);
	CHECK(strstr(err.msg, "s.rules:3: ") == err.msg);
	CHECK(strstr(err.msg, "unknown side 'respnse'") != NULL);
}

TEST(rules_other_load_errors)
{
	static const struct {
		const char *text, *want;
	} c[] = {
		{"x response @trunc\n", "t.rules:1: unknown built-in check '@trunc'"},
		{"x prompt @copies_prompt\n", "t.rules:1: @copies_prompt"},
		{"Bad-Name response x\n", "t.rules:1: bad flag name 'Bad-Name'"},
		{"\nx response   \n", "t.rules:2: flag 'x': missing pattern"},
		{"x\n", "t.rules:1: flag 'x': missing side and pattern"},
		{"x desc about x\n", "t.rules: flag 'x' has a desc line but no rules"},
		{"x desc a\nx desc b\nx response y\n", "t.rules:2: flag 'x' has a second desc"},
		{"# only a comment\n\n", "t.rules: no rules"},
		{"x response caf\xC3\n", "t.rules:1: invalid UTF-8"},
	};

	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		struct rules *r = NULL;
		struct err err = {0};
		CHECK(rules_load(c[i].text, "t.rules", &r, &err) == ST_BADDATA);
		CHECK(r == NULL);
		if (strncmp(err.msg, c[i].want, strlen(c[i].want)) != 0) {
			CHECK_STR(err.msg, c[i].want);
		}
	}
}

static double
eval_one(const char *rules_text, const char *prompt, const char *resp)
{
	struct rules *r = load_ok(rules_text);
	struct rules_scratch *s;
	double out[MAX_FLAGS] = {-1};

	if (!r)
		return -1;
	s = rules_scratch_new(r);
	rules_eval(r, s, prompt, strlen(prompt), resp, strlen(resp), out, NULL);
	rules_scratch_free(s);
	rules_free(r);
	return out[0];
}

TEST(rules_truncated_builtin)
{
	const char *t = "t response @truncated\n";

	CHECK(eval_one(t, "", "This ends mid") == 1);
	CHECK(eval_one(t, "", "It was founded in the year 20") == 1);
	CHECK(eval_one(t, "", "Here are the steps:\n\nFirst, mix the flour and the sugar with") == 1);
	CHECK(eval_one(t, "", "This ends.") == 0);
	CHECK(eval_one(t, "", "Done!") == 0);
	CHECK(eval_one(t, "", "```\ncode\n```") == 0);
	CHECK(eval_one(t, "", "Is it? ") == 0);
	CHECK(eval_one(t, "", "**Bold end.**") == 0);
	CHECK(eval_one(t, "", "") == 0);
	CHECK(eval_one(t, "", "   ") == 0);
	CHECK(eval_one(t, "", "終わりです。") == 0);
	CHECK(eval_one(t, "", "Great job 👍🏽") == 0);
	CHECK(eval_one(t, "", "Total: 42") == 0);
	CHECK(eval_one(t, "", "| a | b |\n|---|---|\n| 1 | 2 |") == 0);
	/* the side matters: a prompt-side rule does not read the response */
	CHECK(eval_one("t prompt @truncated\n", "Fine.", "This ends mid") == 0);
	CHECK(eval_one("t any @truncated\n", "This was cut short and", "Fine.") == 1);
}

TEST(rules_copies_prompt_builtin)
{
	const char *t = "c response @copies_prompt\n";
	const char *p = "Explain why the sky is blue in simple terms.\n\nAudience: children";

	CHECK(eval_one(t, p, "Explain why the sky is blue in simple terms. Light scatters.") == 1);
	CHECK(eval_one(t, p, "EXPLAIN  why the\nsky is blue in simple terms") == 1);
	CHECK(eval_one(t, p, "Sure.\n\"Explain why the sky is blue in simple terms\"") == 1);
	CHECK(eval_one(t, p, "def f():\n    \"\"\"Explain why the sky is blue in simple terms.\"\"\"") ==
	      1);
	/* restating the task inside a sentence is normal */
	CHECK(eval_one(t, p, "To explain why the sky is blue in simple terms: light scatters.") ==
	      0);
	/* a longer word is not the instruction's last word */
	CHECK(eval_one(t, p, "Explain why the sky is blue in simple termsheet") == 0);
	/* the input after the blank line is not the instruction */
	CHECK(eval_one(t, p, "Audience: children") == 0);
	/* under six words, copying is how short answers look */
	CHECK(eval_one(t, "Name three primary colors.", "Name three primary colors: red.") == 0);
	CHECK(eval_one(t, "", "") == 0);
}

TEST(rules_sides_shared_flags_and_ids)
{
	struct rules *r = load_ok("x prompt foo\nx response bar\ny any baz\n");
	struct rules_scratch *s = r ? rules_scratch_new(r) : NULL;
	struct buf ids = BUF_INIT;
	double out[MAX_FLAGS];
	size_t n_up;

	CHECK(r != NULL);
	if (!r)
		return;
	CHECK(rules_n_flags(r) == 2);
	CHECK_STR(rules_flag_def(r, 0)->name, "flag_x");
	CHECK_STR(rules_flag_def(r, 0)->desc, "prompt matches /foo/ or response matches /bar/");
	CHECK_STR(eval_ids(r, s, "foo", "", &ids, &n_up), "x#1");
	CHECK_STR(eval_ids(r, s, "", "foo", &ids, &n_up), "");
	CHECK_STR(eval_ids(r, s, "foo", "bar", &ids, &n_up), "x#1 x#2");
	CHECK(n_up == 1);
	CHECK_STR(eval_ids(r, s, "baz", "", &ids, &n_up), "y#1");
	CHECK_STR(eval_ids(r, s, "", "bar baz", &ids, &n_up), "x#2 y#1");
	CHECK(n_up == 2);
	/* without ids, the short cut gives the same flags */
	rules_eval(r, s, "foo", 3, "bar baz", 7, out, NULL);
	CHECK(out[0] == 1 && out[1] == 1);
	rules_eval(r, s, NULL, 0, NULL, 0, out, NULL);
	CHECK(out[0] == 0 && out[1] == 0);
	buf_free(&ids);
	rules_scratch_free(s);
	rules_free(r);
}

TEST(rules_version_changes_with_the_text)
{
	struct rules *a = load_ok("x response foo\n");
	struct rules *b = load_ok("x response foo\n");
	struct rules *c = load_ok("x response fooo\n");
	struct rules *d = load_ok("# note\nx response foo\n");

	CHECK(a && b && c && d);
	if (a && b && c && d) {
		CHECK(strlen(rules_version(a)) == 16);
		CHECK(strspn(rules_version(a), "0123456789abcdef") == 16);
		CHECK_STR(rules_version(a), rules_version(b));
		CHECK(strcmp(rules_version(a), rules_version(c)) != 0);
		CHECK(strcmp(rules_version(a), rules_version(d)) != 0);
	}
	rules_free(a);
	rules_free(b);
	rules_free(c);
	rules_free(d);
}

TEST(rules_load_file_reads_and_reports)
{
	char *path = test_path("my.rules");
	FILE *f = fopen(path, "w");
	struct rules *r = NULL;
	struct err err = {0};

	CHECK(f != NULL);
	if (f) {
		fputs("# mine\r\nshout response \\b[A-Z]{5,}\\b\r\n", f);
		fclose(f);
	}
	CHECK(rules_load_file(path, &r, &err) == ST_OK);
	CHECK(r && rules_n_flags(r) == 1);
	if (r) {
		struct rules_scratch *s = rules_scratch_new(r);
		double out[1];
		rules_eval(r, s, "", 0, "SHOUTING is rude", 16, out, NULL);
		CHECK(out[0] == 1);
		rules_eval(r, s, "", 0, "STOP it", 7, out, NULL);
		CHECK(out[0] == 0);
		rules_scratch_free(s);
	}
	rules_free(r);
	r = (struct rules *)1;
	CHECK(rules_load_file("/nonexistent/x.rules", &r, &err) == ST_IO);
	CHECK(r == NULL);
	CHECK(strstr(err.msg, "/nonexistent/x.rules") != NULL);
	free(path);
}

TEST(rules_runaway_pattern_gives_up)
{
	char resp[64];

	memset(resp, 'a', 40);
	strcpy(resp + 40, "!");
	/* exponential backtracking: without the match limit this would run for hours */
	CHECK(eval_one("slow response ^(a|aa)+$\n", "", resp) == 0);
	CHECK(eval_one("slow response ^(a|aa)+!$\n", "", resp) == 1);
}

struct thread_job {
	const struct rules *r;
	int bad;
};

static void *
thread_main(void *arg)
{
	static const char *const resp[] = {
		"I'm sorry, but I cannot do that.", "N/A", "See https://x.org now.", "This ends mid",
	};
	static const char *const want[] = {"refusal#3", "placeholder#1", "url#1", "truncated#1"};
	struct thread_job *job = arg;
	struct rules_scratch *s = rules_scratch_new(job->r);
	struct buf ids = BUF_INIT;
	size_t n_up;

	for (int k = 0; k < 400; k++)
		if (strcmp(eval_ids(job->r, s, "Do it.", resp[k % 4], &ids, &n_up), want[k % 4]))
			job->bad++;
	buf_free(&ids);
	rules_scratch_free(s);
	return NULL;
}

TEST(rules_eval_is_thread_safe_with_one_scratch_each)
{
	struct rules *r = load_ok(rules_default_text());
	pthread_t th[4];
	struct thread_job job[4];

	CHECK(r != NULL);
	if (!r)
		return;
	for (int i = 0; i < 4; i++) {
		job[i] = (struct thread_job){r, 0};
		CHECK(pthread_create(&th[i], NULL, thread_main, &job[i]) == 0);
	}
	for (int i = 0; i < 4; i++) {
		pthread_join(th[i], NULL);
		CHECK(job[i].bad == 0);
	}
	rules_free(r);
}
