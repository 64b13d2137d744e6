/*
 * rules.h - a user's reply rules, read from rules files at run time into
 * the structure of the built-in ones (src/reason.h), and any rule written
 * back in the same format.
 *
 * The format, one rule per line (see src/rules.c for the full grammar):
 *
 *   # Acme's gateway, seen 2026-11
 *   id=acme-gone code=550 text="mailbox retired" reason=hasmoved hard=true
 *
 * Nothing declared here prints or exits; the loaders allocate (all memory
 * belongs to the struct sc_rules) and sc_rules_load_default() reads the
 * environment.
 */
#ifndef SC_RULES_H
#define SC_RULES_H

#include <stddef.h>
#include <stdio.h>

#include "reason.h"

#define SC_RULES_MAX 65535		/* rules, all files together */
#define SC_RULES_LINE_MAX 4096		/* bytes in a line, without its end */
#define SC_RULES_BYTES_MAX (16ul << 20)	/* text kept, all files together */

/* The system-wide file, read after the user's own. */
#ifndef SC_RULES_SYSTEM_FILE
#define SC_RULES_SYSTEM_FILE "/etc/smtpcode/rules"
#endif

/* Why a file could not be loaded. */
struct sc_rules_error {
	char file[1024];	/* the file as named (cut to fit); "" if none */
	unsigned line;		/* 1 for the first line; 0: the file as a whole */
	char why[160];		/* one line, no final period; printable ASCII
				   but for strerror()'s text */
};

struct sc_rules;

/* An empty collection; NULL when memory runs out. */
struct sc_rules *sc_rules_new(void);

/* Free it all: the rules, their strings, the index.  NULL is allowed. */
void sc_rules_free(struct sc_rules *rs);

/*
 * Read the rules of one file and add them after those loaded before.
 * Returns 0; 1 when the file does not exist and missing_ok is set (no
 * rule added); -1 on an error, described in *err (if not NULL), and then
 * nothing of this file is kept.  A directory, a file that cannot be read
 * and a missing file without missing_ok are errors with line 0.
 */
int sc_rules_load_file(struct sc_rules *rs, const char *path, int missing_ok,
    struct sc_rules_error *err);

/*
 * The same for a file already in memory (len bytes, NULs included),
 * named name in the rules and in errors.  Returns 0 or -1.
 */
int sc_rules_load_buf(struct sc_rules *rs, const char *name, const char *buf,
    size_t len, struct sc_rules_error *err);

/*
 * The files a user's rules come from, in this order: the nnamed files
 * named (--rules FILE, in order), else the file $SMTPCODE_RULES names
 * (one file; unset or empty: none), else $XDG_CONFIG_HOME/smtpcode/rules
 * ($HOME/.config/smtpcode/rules when XDG_CONFIG_HOME is unset, empty or
 * not absolute; none when HOME is unset or empty too) and then
 * SC_RULES_SYSTEM_FILE.  A default file that does not exist is skipped;
 * any other error, and any error on a named file, stops the loading.
 * Returns 0 or -1 as sc_rules_load_file().
 */
int sc_rules_load_default(struct sc_rules *rs, const char *const *named,
    size_t nnamed, struct sc_rules_error *err);

/* The same with another system-wide file (NULL: none); for tests. */
int sc_rules_load_default_at(struct sc_rules *rs, const char *const *named,
    size_t nnamed, const char *system_file, struct sc_rules_error *err);

/*
 * The rules loaded so far as one set, in load order, indexed: pass it
 * before sc_rules_builtin() to sc_classify_with().  Never NULL; empty
 * when nothing was loaded.  Loading more moves the rules: pointers to
 * them (a verdict's rule) are good until the next load or the free.
 */
const struct sc_ruleset *sc_rules_set(const struct sc_rules *rs);

/* How many rules are loaded. */
size_t sc_rules_count(const struct sc_rules *rs);

/*
 * Write rule r as one line of a rules file, newline included, which
 * sc_rules_load_buf() reads back to the same rule.  Fields left empty
 * are not written; hard and next always are.  Returns 0, or -1 when the
 * write fails or r cannot be written (sc_rule_check() refuses it, a
 * value holds a control character or invalid UTF-8, or the line would
 * be longer than SC_RULES_LINE_MAX: errno EINVAL), writing nothing then.
 */
int sc_rule_write(FILE *out, const struct sc_rule *r);

#endif
