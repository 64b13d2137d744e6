/*
 * i18n.c - the labels and phrases around the codes' texts, in English,
 * French and Spanish (data/messages.def), and the choice of language.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static const char *const msgs[][3] = {
#define MSG(id, en, fr, es) { en, fr, es },
#include "messages.def"
};

_Static_assert(sizeof msgs / sizeof msgs[0] == M_COUNT, "messages");

const char *
sc_msg(int lang, int id)
{
	if (id < 0 || id >= M_COUNT)
		return "";
	if (lang < SC_LANG_EN || lang > SC_LANG_ES)
		lang = SC_LANG_EN;
	return msgs[id][lang];
}

int
sc_lang_parse(const char *s)
{
	static const char *const names[] = { "en", "fr", "es" };
	size_t i;

	if (s == NULL)
		return -1;
	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strncmp(s, names[i], 2) == 0 &&
		    (s[2] == '\0' || s[2] == '_' || s[2] == '.' || s[2] == '@' ||
		    s[2] == '-'))
			return (int)i;
	return -1;
}

int
sc_lang_env(void)
{
	static const char *const vars[] = { "LC_ALL", "LC_MESSAGES", "LANG" };
	const char *v;
	size_t i;
	int l;

	for (i = 0; i < sizeof vars / sizeof vars[0]; i++) {
		v = getenv(vars[i]);
		if (v != NULL && *v != '\0') {
			l = sc_lang_parse(v);
			return l < 0 ? SC_LANG_EN : l;
		}
	}
	return SC_LANG_EN;
}

size_t
sc_width(const char *s, size_t len)
{
	size_t i, w = 0;

	for (i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			w++;
	return w;
}
