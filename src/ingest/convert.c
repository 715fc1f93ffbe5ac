/* convert.c: samples rebuilt in another format from their turns (see convert.h). */
#include "convert.h"

#include <string.h>

#include "util/json_text.h"

bool
convert_parse(const char *name, enum export_to *to)
{
	static const char *const names[] = {"alpaca", "sharegpt", "messages"};

	for (int i = 0; i < 3; i++)
		if (strcmp(name, names[i]) == 0) {
			*to = (enum export_to)(i + 1);
			return true;
		}
	return false;
}

const char *
convert_name(enum export_to to)
{
	static const char *const names[] = {"original", "alpaca", "sharegpt", "messages"};

	return names[to];
}

static void
put(struct buf *b, const char *s)
{
	json_quote(b, s, strlen(s));
}

/* Our role names -> ShareGPT's (sharegpt) or OpenAI's (messages). */
static const char *
role_for(const char *role, bool sharegpt)
{
	if (strcmp(role, "system") == 0)
		return "system";
	if (strcmp(role, "user") == 0)
		return sharegpt ? "human" : "user";
	if (strcmp(role, "tool") == 0)
		return "tool";
	return sharegpt ? "gpt" : "assistant";	/* assistant, and a plain text's one turn */
}

void
convert_sample(const struct sample *s, enum export_to to, struct buf *out)
{
	bool sharegpt = to == EXPORT_TO_SHAREGPT;

	if (to == EXPORT_TO_ALPACA) {
		buf_puts(out, "{\"instruction\":");
		put(out, s->prompt);
		buf_puts(out, ",\"input\":\"\",\"output\":");
		put(out, s->response);
		buf_putc(out, '}');
		return;
	}
	buf_puts(out, sharegpt ? "{\"conversations\":[" : "{\"messages\":[");
	for (size_t i = 0; i < s->n_turns; i++) {
		buf_puts(out, i ? ",{" : "{");
		buf_puts(out, sharegpt ? "\"from\":" : "\"role\":");
		put(out, role_for(s->turns[i].role, sharegpt));
		buf_puts(out, sharegpt ? ",\"value\":" : ",\"content\":");
		put(out, s->turns[i].text);
		buf_putc(out, '}');
	}
	buf_puts(out, "]}");
}
