/* A small JSON reader (see json.h). */
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/conformance/json.h"

struct parser {
	const char *s;
	size_t pos, len;
	int depth;
};

static void skip_ws(struct parser *p)
{
	while (p->pos < p->len && isspace((unsigned char)p->s[p->pos]))
		p->pos++;
}

static struct json *parse_value(struct parser *p);

static char *parse_string(struct parser *p)
{
	if (p->pos >= p->len || p->s[p->pos] != '"')
		return NULL;
	p->pos++;
	size_t start = p->pos;
	char *out = malloc(p->len - start + 1);
	size_t n = 0;
	while (p->pos < p->len && p->s[p->pos] != '"') {
		char c = p->s[p->pos++];
		if (c == '\\' && p->pos < p->len) {
			c = p->s[p->pos++];
			if (c == 'n')
				c = '\n';
			else if (c == 't')
				c = '\t';
			else if (c == 'u') {
				p->pos += 4;	/* not needed here: keep a placeholder */
				c = '?';
			}
		}
		out[n++] = c;
	}
	if (p->pos >= p->len) {
		free(out);
		return NULL;
	}
	p->pos++;
	out[n] = 0;
	return out;
}

static struct json *parse_container(struct parser *p, bool object)
{
	struct json *j = calloc(1, sizeof(*j));
	j->type = object ? JSON_OBJECT : JSON_ARRAY;
	struct json **tail = &j->child;
	p->pos++;
	skip_ws(p);
	if (p->pos < p->len && p->s[p->pos] == (object ? '}' : ']')) {
		p->pos++;
		return j;
	}
	for (;;) {
		char *key = NULL;
		skip_ws(p);
		if (object) {
			key = parse_string(p);
			skip_ws(p);
			if (!key || p->pos >= p->len || p->s[p->pos] != ':') {
				free(key);
				return NULL;
			}
			p->pos++;
		}
		struct json *v = parse_value(p);
		if (!v) {
			free(key);
			return NULL;
		}
		v->key = key;
		*tail = v;
		tail = &v->next;
		skip_ws(p);
		if (p->pos >= p->len)
			return NULL;
		char c = p->s[p->pos++];
		if (c == ',')
			continue;
		if (c == (object ? '}' : ']'))
			return j;
		return NULL;
	}
}

static struct json *parse_value(struct parser *p)
{
	skip_ws(p);
	if (p->pos >= p->len || ++p->depth > 64)
		return NULL;
	struct json *j = NULL;
	char c = p->s[p->pos];
	if (c == '{' || c == '[') {
		j = parse_container(p, c == '{');
	} else if (c == '"') {
		char *s = parse_string(p);
		if (s) {
			j = calloc(1, sizeof(*j));
			j->type = JSON_STRING;
			j->str = s;
		}
	} else if (c == '-' || isdigit((unsigned char)c)) {
		char *end;
		double v = strtod(p->s + p->pos, &end);
		p->pos = end - p->s;
		j = calloc(1, sizeof(*j));
		j->type = JSON_NUMBER;
		j->num = v;
	} else if (!strncmp(p->s + p->pos, "true", 4) || !strncmp(p->s + p->pos, "false", 5)) {
		j = calloc(1, sizeof(*j));
		j->type = JSON_BOOL;
		j->num = c == 't';
		p->pos += c == 't' ? 4 : 5;
	} else if (!strncmp(p->s + p->pos, "null", 4)) {
		j = calloc(1, sizeof(*j));
		p->pos += 4;
	}
	p->depth--;
	return j;
}

struct json *json_parse_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	if (n < 0) {
		fclose(f);
		return NULL;
	}
	char *buf = malloc(n + 1);
	if (fread(buf, 1, n, f) != (size_t)n) {
		fclose(f);
		free(buf);
		return NULL;
	}
	fclose(f);
	buf[n] = 0;
	struct parser p = { .s = buf, .pos = 0, .len = (size_t)n, .depth = 0 };
	struct json *j = parse_value(&p);
	if (!j)
		fprintf(stderr, "json: %s: syntax error near byte %zu\n", path, p.pos);
	/* Strings were copied: the buffer can go. */
	free(buf);
	return j;
}

const struct json *json_get(const struct json *o, const char *key)
{
	if (!o || o->type != JSON_OBJECT)
		return NULL;
	for (const struct json *c = o->child; c; c = c->next)
		if (c->key && !strcmp(c->key, key))
			return c;
	return NULL;
}

void json_free(struct json *j)
{
	while (j) {
		struct json *next = j->next;
		json_free(j->child);
		free(j->str);
		free(j->key);
		free(j);
		j = next;
	}
}
