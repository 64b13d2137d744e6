/*
 * reason.h - why a reply failed and what to do next: classify one SMTP
 * reply into a bounce reason, a hard/soft verdict and a next step, by the
 * rules of data/reasons.def (and, later, rules a user loads at run time).
 *
 * Nothing declared here allocates, prints or exits.
 */
#ifndef SC_REASON_H
#define SC_REASON_H

#include "smtpcode.h"

/* SC_REASON_userunknown, ...: the order of data/reasons.def. */
enum sc_reason {
#define REASON(name, title, desc) SC_REASON_##name,
#include "reasons.def"
	SC_REASON_COUNT
};

/* SC_NEXT_wait, ... */
enum sc_next {
#define NEXT(id, name, desc) SC_NEXT_##id,
#include "reasons.def"
	SC_NEXT_COUNT
};

/* SC_PROVIDER_any (0: no provider condition / none found), then ours. */
enum sc_provider {
	SC_PROVIDER_any,
#define PROVIDER(key, name, source, checked) SC_PROVIDER_##key,
#include "reasons.def"
	SC_PROVIDER_COUNT
};

/*
 * What the matcher derives from a rule (filled by sc_ruleset_init); the
 * caller only provides the room, one per rule.
 */
struct sc_rule_key {
	unsigned key;		/* bucket: kind and value of the main condition */
	unsigned short idx;	/* the rule's position in its set */
	unsigned short score;	/* specificity */
	unsigned short gpair;	/* group: its rarest letter pair; 0 none */
	unsigned short skip;	/* where the next group of the bucket starts */
	unsigned char provider;	/* the rule's provider, 0 any */
	unsigned char classes;	/* reply classes the rule applies to (bits) */
	signed char bcls;	/* class condition (2-5), -1 none */
	signed char ecls;	/* status class: 2, 4, 5; 0 any; -1 no status */
	signed char esub;	/* status subject, -1 none */
	short blo, bhi;		/* basic code range; blo -1: no exact condition */
	short dlo, dhi;		/* status detail range, -1 -1 for any */
	unsigned char tlen[SC_RULE_TEXTS]; /* fragment lengths; 0 none */
	unsigned char nbg[2];	/* letter pairs the prefilter tests, of the
				   first two fragments (the others are
				   tested pair by pair from the rule) */
	unsigned short bg[2][8];
};

/*
 * A group of rules: those of one bucket that share a letter pair (filled
 * by sc_ruleset_init_dir); the caller only provides the room.
 */
struct sc_rule_group {
	unsigned short key;	/* the bucket */
	unsigned short pair;	/* the letter pair; 0 none */
	unsigned short start;	/* its first key (the key's skip ends it) */
	unsigned short score;	/* the specificity of its first rule, its most
				   specific */
};

/* A set of rules, indexed for matching (filled by sc_ruleset_init). */
#define SC_RULESET_GROUPS 256
struct sc_ruleset {
	const struct sc_rule *rule;	/* in file order: ties go to the first */
	size_t n;
	const struct sc_rule_key *key;	/* n, sorted by bucket */
	size_t ngroups;		/* text rules of any provider, by letter pair */
	struct {
		unsigned short pair, start;
	} group[SC_RULESET_GROUPS];
	const struct sc_rule_group *dir;	/* every bucket's groups, in
						   key order; or NULL */
	size_t ndir;
};

/* The built-in rules of data/reasons.def, indexed on first use. */
const struct sc_ruleset *sc_rules_builtin(void);

/*
 * The user's rules that sc_classify() reads before the built-in ones
 * (sc_rules_use() sets them); NULL for none.  The sets in force, the
 * user's first, into sets[2]: how many.
 */
void sc_rules_in_force(const struct sc_ruleset *user);
size_t sc_sets_in_force(const struct sc_ruleset **sets);

/*
 * Classify with several sets, for instance a user's rules then the
 * built-in ones: the first set that has a matching rule decides, by its
 * most specific rule.  Returns 0, or 1 when no set had a matching rule
 * (the verdict is then undefined / contact with rule NULL).
 */
int sc_classify_with(const struct sc_ruleset *const *sets, size_t nsets,
    const struct sc_reply *r, struct sc_verdict *v);

/* A rule that matches a reply, with where it comes from. */
struct sc_match {
	const struct sc_rule *rule;
	size_t set;		/* which set it came from */
	unsigned score;		/* its specificity */
};

/*
 * Every rule of the sets that matches a reply, in order of precedence:
 * set by set, in each the most specific first, then file order.  So
 * out[0] is the rule sc_classify_with() decides by, and the others are
 * the ones it beat.  Writes at most max matches; returns how many there
 * are (more than max when some were left out).
 */
size_t sc_classify_all(const struct sc_ruleset *const *sets, size_t nsets,
    const struct sc_reply *r, struct sc_match *out, size_t max);

/*
 * Index n rules (n < 65536) into set, using keys[n] for the index.
 * Checks every rule with sc_rule_check first; returns 0, or -1 with
 * *bad the position of the first invalid rule and *why the reason.
 */
int sc_ruleset_init(struct sc_ruleset *set, const struct sc_rule *rules,
    size_t n, struct sc_rule_key *keys, size_t *bad, const char **why);

/*
 * The same, with room for n groups too: the matcher then walks a compact
 * table of every bucket's groups, not the keys, which keeps sets of
 * thousands of rules fast.
 */
int sc_ruleset_init_dir(struct sc_ruleset *set, const struct sc_rule *rules,
    size_t n, struct sc_rule_key *keys, struct sc_rule_group *dir,
    size_t *bad, const char **why);

/*
 * 0 if a rule is well formed, else -1 with *why saying what is wrong.  A
 * user's rule (file not NULL) may leave note, source and checked "".
 */
int sc_rule_check(const struct sc_rule *r, const char **why);

/*
 * The first e-mail address in angle brackets in t[0..n) ("<", then no
 * blank and no "<" up to the first ">", with an "@" among them): the
 * offset of its "<", its length with the ">" in *len; n and 0 if none.
 * The rules never read one: sc_classify() reads each as "<>".
 */
size_t sc_next_address(const char *t, size_t n, size_t *len);

/*
 * Changes each time the rules in force may have: sc_rules_in_force(),
 * and any set (re)built by sc_ruleset_init() or sc_ruleset_init_dir().
 */
unsigned long sc_rules_generation(void);

#endif
