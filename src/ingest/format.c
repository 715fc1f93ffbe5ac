/* format.c: format detection and mapping rows to turns (cJSON stays in this file). */
#include "format.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/json_text.h"
#include "util/utf8.h"
#include "util/xalloc.h"

static const struct {
	const char *name;
	const char *keys;
} format_table[] = {
#define FORMAT_ROW(id, name, keys) {name, keys},
	FORMAT_INFO(FORMAT_ROW)
#undef FORMAT_ROW
};

const char *
format_name(enum format f)
{
	if (f == FMT_AUTO)
		return "auto";
	if (f == FMT_MIXED)
		return "mixed";
	return f < FMT__COUNT ? format_table[f].name : "unknown";
}

const char *
format_keys(enum format f)
{
	return f < FMT__COUNT ? format_table[f].keys : "";
}

enum status
format_parse(const char *s, enum format *out, struct err *err)
{
	for (int f = 0; f < FMT__COUNT; f++)
		if (strcmp(s, format_table[f].name) == 0)
			return *out = (enum format)f, ST_OK;
	if (strcmp(s, "auto") == 0)
		return *out = FMT_AUTO, ST_OK;
	if (strcmp(s, "mixed") == 0)
		return *out = FMT_MIXED, ST_OK;
	if (strcmp(s, "openai") == 0)
		return *out = FMT_MESSAGES, ST_OK;
	if (strcmp(s, "pc") == 0)
		return *out = FMT_PC, ST_OK;
	return err_set(err, ST_USAGE,
		       "unknown format '%s' (known: auto, mixed, alpaca, dolly, sharegpt, "
		       "messages, prompt_completion, text)", s);
}

const char *
role_name(enum role r)
{
	static const char *const names[] = {"system", "user", "assistant", "tool", "text"};
	return names[r];
}

void
record_reset(struct record *rec)
{
	buf_clear(&rec->prompt);
	buf_clear(&rec->response);
	buf_clear(&rec->turns_json);
	rec->n_turns = 0;
	rec->simple = false;
	rec->prompt_chars = rec->response_chars = 0;
}

void
record_free(struct record *rec)
{
	buf_free(&rec->prompt);
	buf_free(&rec->response);
	buf_free(&rec->turns_json);
}

/* ---- detection ---- */

static bool
has(const cJSON *o, const char *key)
{
	return cJSON_GetObjectItemCaseSensitive(o, key) != NULL;
}

static enum format
detect(const cJSON *o)
{
	if (has(o, "conversations"))
		return FMT_SHAREGPT;
	if (has(o, "messages"))
		return FMT_MESSAGES;
	if (has(o, "instruction") && has(o, "output"))
		return FMT_ALPACA;
	if (has(o, "instruction") && has(o, "response"))
		return FMT_DOLLY;
	if (has(o, "prompt") && has(o, "completion"))
		return FMT_PC;
	if (has(o, "text"))
		return FMT_TEXT;
	return FMT__COUNT;
}

/* ---- turns ---- */

struct turns {
	struct tv_turn {
		enum role role;
		const char *text;	/* borrowed from the cJSON tree or from owned */
		size_t len;
	} *t;
	int n, cap;
	char **owned;		/* texts we joined ourselves (multi-part content) */
	int n_owned;
};

static void
turns_free(struct turns *tv)
{
	for (int i = 0; i < tv->n_owned; i++)
		free(tv->owned[i]);
	free(tv->owned);
	free(tv->t);
}

static const char *
type_name(const cJSON *v)
{
	if (!v)
		return "nothing";
	if (cJSON_IsNull(v))
		return "null";
	if (cJSON_IsBool(v))
		return "a boolean";
	if (cJSON_IsNumber(v))
		return "a number";
	if (cJSON_IsString(v))
		return "a string";
	if (cJSON_IsArray(v))
		return "an array";
	return "an object";
}

/* A string field: required fields must be strings; optional ones may be absent or null. */
static enum status
get_str(const cJSON *o, const char *key, bool required, const char **out, struct err *err)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	*out = NULL;
	if (!v || (!required && cJSON_IsNull(v))) {
		if (required)
			return err_set(err, ST_BADDATA, "missing field '%s'", key);
		return ST_OK;
	}
	if (!cJSON_IsString(v))
		return err_set(err, ST_BADDATA, "field '%s': expected a string, found %s", key,
			       type_name(v));
	*out = v->valuestring;
	return ST_OK;
}

static void
add_turn(struct turns *tv, enum role role, const char *text)
{
	if (tv->n == tv->cap) {
		tv->cap = tv->cap ? 2 * tv->cap : 8;
		tv->t = xrealloc(tv->t, (size_t)tv->cap * sizeof(*tv->t));
	}
	tv->t[tv->n].role = role;
	tv->t[tv->n].text = text;
	tv->t[tv->n].len = strlen(text);
	tv->n++;
}

static bool
role_from(const char *s, enum role *r)
{
	static const struct {
		const char *name;
		enum role role;
	} map[] = {
		{"system", ROLE_SYSTEM}, {"user", ROLE_USER}, {"human", ROLE_USER},
		{"assistant", ROLE_ASSISTANT}, {"gpt", ROLE_ASSISTANT}, {"chatgpt", ROLE_ASSISTANT},
		{"model", ROLE_ASSISTANT}, {"bard", ROLE_ASSISTANT}, {"bing", ROLE_ASSISTANT},
		{"tool", ROLE_TOOL}, {"function", ROLE_TOOL}, {"observation", ROLE_TOOL},
		{"ipython", ROLE_TOOL},
	};
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(s, map[i].name) == 0)
			return *r = map[i].role, true;
	return false;
}

/* A turn's text. OpenAI content may also be null (an assistant turn that only calls
 * tools) or a list of parts, of which the "text" ones count. NULL with err if neither. */
static const char *
turn_text(const cJSON *v, const char *field, bool openai, struct turns *tv, struct err *err)
{
	const cJSON *part;
	struct buf joined = BUF_INIT;

	if (cJSON_IsString(v))
		return v->valuestring;
	if (openai && cJSON_IsNull(v))
		return "";
	if (!openai || !cJSON_IsArray(v)) {
		err_set(err, ST_BADDATA, "field '%s': expected a string, found %s", field,
			type_name(v));
		return NULL;
	}
	cJSON_ArrayForEach(part, v) {
		const cJSON *t = cJSON_GetObjectItemCaseSensitive(part, "text");
		if (cJSON_IsString(t)) {
			if (joined.len)
				buf_putc(&joined, '\n');
			buf_puts(&joined, t->valuestring);
		}
	}
	tv->owned = xrealloc(tv->owned, (size_t)(tv->n_owned + 1) * sizeof(char *));
	tv->owned[tv->n_owned++] = buf_take(&joined);
	return tv->owned[tv->n_owned - 1];
}

/* A list of {from, value} or {role, content} turns (ShareGPT and OpenAI alike). */
static enum status
chat_turns(const cJSON *o, const char *key, struct turns *tv, struct err *err)
{
	const cJSON *arr = cJSON_GetObjectItemCaseSensitive(o, key), *m;
	char field[96];
	int i = 0;

	if (!arr)
		return err_set(err, ST_BADDATA, "missing field '%s'", key);
	if (!cJSON_IsArray(arr))
		return err_set(err, ST_BADDATA, "field '%s': expected a list of turns, found %s", key,
			       type_name(arr));
	if (cJSON_GetArraySize(arr) == 0)
		return err_set(err, ST_BADDATA, "field '%s': the conversation is empty", key);
	cJSON_ArrayForEach(m, arr) {
		const cJSON *who = cJSON_GetObjectItemCaseSensitive(m, "from");
		const cJSON *what = cJSON_GetObjectItemCaseSensitive(m, "value");
		const char *wk = "from", *vk = "value", *text;
		enum role role;

		if (!cJSON_IsObject(m))
			return err_set(err, ST_BADDATA, "field '%s[%d]': expected a turn object, found %s",
				       key, i, type_name(m));
		if (!who) {
			who = cJSON_GetObjectItemCaseSensitive(m, "role");
			what = cJSON_GetObjectItemCaseSensitive(m, "content");
			wk = "role";
			vk = "content";
		}
		if (!who)
			return err_set(err, ST_BADDATA, "field '%s[%d]': missing 'from' or 'role'", key, i);
		if (!cJSON_IsString(who))
			return err_set(err, ST_BADDATA, "field '%s[%d].%s': expected a string, found %s",
				       key, i, wk, type_name(who));
		if (!role_from(who->valuestring, &role))
			return err_set(err, ST_BADDATA, "field '%s[%d].%s': unknown role '%.40s'", key, i,
				       wk, who->valuestring);
		snprintf(field, sizeof(field), "%s[%d].%s", key, i, vk);
		if (!what)
			return err_set(err, ST_BADDATA, "missing field '%s'", field);
		text = turn_text(what, field, vk[0] == 'c', tv, err);
		if (!text)
			return ST_BADDATA;
		add_turn(tv, role, text);
		i++;
	}
	return ST_OK;
}

/* instruction + optional input/context -> one user turn; output/response -> assistant. */
static enum status
instruction_turns(const cJSON *o, enum format f, struct turns *tv, struct buf *scratch,
		  struct err *err)
{
	const char *sys, *ins, *ctx, *out;
	enum status rc = get_str(o, "system", false, &sys, err);

	if (rc == ST_OK)
		rc = get_str(o, "instruction", true, &ins, err);
	if (rc == ST_OK)
		rc = get_str(o, f == FMT_DOLLY && has(o, "context") ? "context" : "input", false,
			     &ctx, err);
	if (rc == ST_OK && !ctx && has(o, "context"))
		rc = get_str(o, "context", false, &ctx, err);
	if (rc == ST_OK)
		rc = get_str(o, f == FMT_ALPACA ? "output" : "response", true, &out, err);
	if (rc != ST_OK)
		return rc;
	if (sys && *sys)
		add_turn(tv, ROLE_SYSTEM, sys);
	if (ctx && *ctx) {
		buf_clear(scratch);
		buf_puts(scratch, ins);
		buf_puts(scratch, "\n\n");
		buf_puts(scratch, ctx);
		ins = buf_str(scratch);
	}
	add_turn(tv, ROLE_USER, ins);
	add_turn(tv, ROLE_ASSISTANT, out);
	return ST_OK;
}

static enum status
simple_turns(const cJSON *o, enum format f, struct turns *tv, struct err *err)
{
	const char *sys = NULL, *a = NULL, *b = NULL;
	enum status rc = get_str(o, "system", false, &sys, err);

	if (f == FMT_TEXT) {
		if (rc == ST_OK)
			rc = get_str(o, "text", true, &a, err);
		if (rc == ST_OK)
			add_turn(tv, ROLE_TEXT, a);
		return rc;
	}
	if (rc == ST_OK)
		rc = get_str(o, "prompt", true, &a, err);
	if (rc == ST_OK)
		rc = get_str(o, "completion", true, &b, err);
	if (rc != ST_OK)
		return rc;
	if (sys && *sys)
		add_turn(tv, ROLE_SYSTEM, sys);
	add_turn(tv, ROLE_USER, a);
	add_turn(tv, ROLE_ASSISTANT, b);
	return ST_OK;
}

/* ---- derived fields ---- */

/* prompt = system and user turns before the last assistant turn; response = that turn. */
static void
derive(const struct turns *tv, struct record *rec)
{
	int last = -1;

	for (int i = 0; i < tv->n; i++)
		if (tv->t[i].role == ROLE_ASSISTANT || tv->t[i].role == ROLE_TEXT)
			last = i;
	for (int i = 0; i < (last < 0 ? tv->n : last); i++) {
		if (tv->t[i].role != ROLE_SYSTEM && tv->t[i].role != ROLE_USER)
			continue;
		if (rec->prompt.len)
			buf_puts(&rec->prompt, "\n\n");
		buf_append(&rec->prompt, tv->t[i].text, tv->t[i].len);
	}
	if (last >= 0)
		buf_append(&rec->response, tv->t[last].text, tv->t[last].len);
	rec->n_turns = tv->n;
	rec->simple = tv->n == 2 && tv->t[0].role == ROLE_USER &&
		      tv->t[1].role == ROLE_ASSISTANT;
	if (!rec->simple) {
		buf_putc(&rec->turns_json, '[');
		for (int i = 0; i < tv->n; i++) {
			buf_printf(&rec->turns_json, "%s{\"role\":\"%s\",\"text\":", i ? "," : "",
				   role_name(tv->t[i].role));
			json_quote(&rec->turns_json, tv->t[i].text, tv->t[i].len);
			buf_putc(&rec->turns_json, '}');
		}
		buf_putc(&rec->turns_json, ']');
	}
	rec->prompt_chars = utf8_count(rec->prompt.data ? rec->prompt.data : "", rec->prompt.len);
	rec->response_chars =
		utf8_count(rec->response.data ? rec->response.data : "", rec->response.len);
}

/* ---- a row ---- */

/* The first string value (depth-first) that is not valid UTF-8, as a path like
 * "conversations[1].value"; "" when the bad bytes are outside string values. */
static bool
find_bad_utf8(const cJSON *v, struct buf *path)
{
	size_t mark = path->len;
	int i = 0;

	if (cJSON_IsString(v))
		return !utf8_valid(v->valuestring, strlen(v->valuestring), NULL);
	for (const cJSON *c = v->child; c; c = c->next, i++) {
		if (cJSON_IsObject(v))
			buf_printf(path, "%s%s", path->len ? "." : "", c->string ? c->string : "?");
		else
			buf_printf(path, "[%d]", i);
		if (find_bad_utf8(c, path))
			return true;
		path->len = mark;
		if (path->data)
			path->data[mark] = '\0';
	}
	return false;
}

static enum status
bad_utf8(const cJSON *o, const char *json, size_t len, struct err *err)
{
	struct buf path = BUF_INIT;
	size_t at = 0;

	utf8_valid(json, len, &at);
	if (o && find_bad_utf8(o, &path))
		err_set(err, ST_BADDATA, "field '%s': invalid UTF-8 (byte %zu of the row)",
			buf_str(&path), at + 1);
	else
		err_set(err, ST_BADDATA, "invalid UTF-8 at byte %zu of the row", at + 1);
	buf_free(&path);
	return ST_BADDATA;
}

static enum status
parse_object(const char *json, size_t len, cJSON **out, struct err *err)
{
	const char *end = NULL;
	cJSON *o = cJSON_ParseWithLengthOpts(json, len, &end, 0);

	*out = NULL;
	if (!o) {
		size_t at = end && end >= json ? (size_t)(end - json) : 0;
		return err_set(err, ST_BADDATA, "malformed JSON at byte %zu: near '%.24s'", at + 1,
			       at < len ? json + at : "");
	}
	while (end && (size_t)(end - json) < len && strchr(" \t\r\n", *end))
		end++;
	if (end && (size_t)(end - json) < len) {
		cJSON_Delete(o);
		return err_set(err, ST_BADDATA, "malformed JSON: unexpected data after the row at byte %zu",
			       (size_t)(end - json) + 1);
	}
	if (!cJSON_IsObject(o)) {
		enum status rc = err_set(err, ST_BADDATA, "expected a JSON object, found %s",
					 type_name(o));
		cJSON_Delete(o);
		return rc;
	}
	*out = o;
	return ST_OK;
}

static enum status
map_object(const cJSON *o, enum format f, struct record *rec, struct err *err)
{
	struct turns tv = {0};
	struct buf scratch = BUF_INIT;
	enum status rc;

	switch (f) {
	case FMT_ALPACA:
	case FMT_DOLLY:
		rc = instruction_turns(o, f, &tv, &scratch, err);
		break;
	case FMT_SHAREGPT:
	case FMT_MESSAGES: {
		const char *sys = NULL;
		rc = f == FMT_SHAREGPT ? get_str(o, "system", false, &sys, err) : ST_OK;
		if (rc == ST_OK && sys && *sys)
			add_turn(&tv, ROLE_SYSTEM, sys);
		if (rc == ST_OK)
			rc = chat_turns(o, f == FMT_SHAREGPT ? "conversations" : "messages", &tv, err);
		break;
	}
	default:
		rc = simple_turns(o, f, &tv, err);
		break;
	}
	if (rc == ST_OK) {
		rec->format = f;
		derive(&tv, rec);
	}
	buf_free(&scratch);
	turns_free(&tv);
	return rc;
}

enum status
format_map_row(const char *json, size_t len, enum format f, struct record *rec,
	       enum format *detected, struct err *err)
{
	cJSON *o = NULL;
	bool utf8_ok = utf8_valid(json, len, NULL);
	enum status rc;

	record_reset(rec);
	*detected = FMT__COUNT;
	rc = parse_object(json, len, &o, err);
	if (rc == ST_OK && !utf8_ok)
		rc = bad_utf8(o, json, len, err);
	else if (rc != ST_OK && !utf8_ok)
		rc = bad_utf8(NULL, json, len, err);
	if (rc == ST_OK) {
		*detected = detect(o);
		enum format use = f >= FMT__COUNT ? *detected : f;
		if (use == FMT__COUNT) {
			struct buf keys = BUF_INIT;
			for (const cJSON *c = o->child; c && keys.len < 200; c = c->next)
				buf_printf(&keys, "%s%s", keys.len ? ", " : "", c->string);
			rc = err_set(err, ST_BADDATA,
				     "no known format: expected instruction+output, conversations, "
				     "messages, prompt+completion or text; found keys: %s",
				     keys.len ? buf_str(&keys) : "(none)");
			buf_free(&keys);
		} else {
			rc = map_object(o, use, rec, err);
		}
	}
	cJSON_Delete(o);
	return rc;
}
