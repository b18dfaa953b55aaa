/*
 * A small JSON reader for the conformance metadata: objects, arrays,
 * strings (escapes kept simple), numbers, true/false/null. Enough for
 * metadata.json; not a general-purpose library.
 */
#ifndef LUCID_TEST_JSON_H
#define LUCID_TEST_JSON_H

enum json_type { JSON_NULL, JSON_BOOL, JSON_NUMBER, JSON_STRING, JSON_ARRAY, JSON_OBJECT };

struct json {
	enum json_type type;
	double num;
	char *str;		/* JSON_STRING */
	char *key;		/* member name when inside an object */
	struct json *child;	/* first member/element */
	struct json *next;	/* next sibling */
};

/* Parse a whole file; NULL on error (message on stderr). */
struct json *json_parse_file(const char *path);
/* Free a parsed tree (NULL is fine). */
void json_free(struct json *j);
/* Member of an object by name, or NULL (also when o is NULL). */
const struct json *json_get(const struct json *o, const char *key);

#endif
