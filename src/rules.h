/*
 * rules.h - a user's reply rules (the public part is in smtpcode.h), read
 * from rules files at run time into
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

#include "reason.h"

/* The system-wide file, read after the user's own. */
#ifndef SC_RULES_SYSTEM_FILE
#define SC_RULES_SYSTEM_FILE "/etc/smtpcode/rules"
#endif

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

#endif
