/*
 * verdict.c - what a query means for the person who got it: its codes
 * and text as one reply, classified by the rules of data/reasons.def.
 */
#include "internal.h"

/*
 * An enhanced code the registry lacks may be a provider's own
 * (Microsoft's 5.7.606-649): the first provider whose rules name it by
 * status decides.
 */
static int
vendor_verdict(const struct sc_reply *r, struct sc_verdict *v)
{
	struct sc_reply p = *r;
	struct sc_verdict pv;

	for (p.provider = SC_PROVIDER_any + 1; p.provider < SC_PROVIDER_COUNT;
	    p.provider++) {
		if (sc_classify(&p, &pv) != 0 || pv.rule == NULL ||
		    pv.rule->provider != p.provider || pv.rule->status[0] == '\0')
			continue;
		*v = pv;
		return 1;
	}
	return 0;
}

void
sc_query_reply(const struct sc_query *q, struct sc_reply *r)
{
	r->basic = q->kind == SC_Q_BASIC || q->kind == SC_Q_PAIR ? q->basic : -1;
	r->cls = q->enh.cls;
	r->subject = q->kind == SC_Q_ENH || q->kind == SC_Q_PAIR ?
	    q->enh.subject : -1;
	r->detail = q->enh.detail;
	r->text = q->text;
	r->textlen = q->text != NULL ? q->textlen : 0;
	r->host = NULL;
	r->hostlen = 0;
	r->provider = SC_PROVIDER_any;
}

size_t
sc_reply_matches(const struct sc_reply *r, const struct sc_rule **out,
    size_t max)
{
	const struct sc_ruleset *sets[2];
	struct sc_match m[64];
	size_t n = sc_sets_in_force(sets), k, i;

	k = sc_classify_all(sets, n, r, m, max < 64 ? max : 64);
	for (i = 0; i < k && i < max && i < 64; i++)
		out[i] = m[i].rule;
	return i;
}

int
sc_query_verdict(const struct sc_query *q, struct sc_verdict *v, int *vendor)
{
	struct sc_reply r;

	sc_query_reply(q, &r);
	*vendor = 0;
	(void)sc_classify(&r, v);
	if (r.subject >= 0 && sc_enh_lookup(r.subject, r.detail) == NULL &&
	    (v->rule == NULL || v->rule->provider == SC_PROVIDER_any))
		*vendor = vendor_verdict(&r, v);
	return 0;
}

/* s[0..n) is the word w, ASCII case ignored. */
static int
is_word(const char *s, size_t n, const char *w)
{
	size_t i;

	for (i = 0; i < n && w[i] != '\0'; i++)
		if ((s[i] | 0x20) != w[i])
			return 0;
	return i == n && w[i] == '\0';
}

/*
 * Verdicts of recent bounces, per thread: a mailbox of bounces repeats
 * its replies (addresses aside, which the rules do not read).
 */
static _Thread_local struct sc_vcache bcache;

int
sc_bounce_verdict(const struct sc_bounce *b, struct sc_verdict *v)
{
	struct sc_reply r;
	int cls;

	r.basic = b->basic;
	r.cls = b->enh.cls;
	r.subject = b->enh.subject;
	r.detail = b->enh.detail;
	r.text = b->text;
	r.textlen = b->textlen;
	r.host = b->remote_mta;
	r.hostlen = b->remote_mtalen;
	r.provider = SC_PROVIDER_any;
	sc_classify_cached(&bcache, &r, v);
	cls = b->basic >= 0 ? b->basic / 100 : b->enh.subject >= 0 ?
	    b->enh.cls : 0;
	/*
	 * The DSN's Action says what the sending server did: "delayed", it
	 * still retries; "failed" on a temporary reply, it gave up, so waiting
	 * does nothing: send again later (or fix, when the reason says so).
	 */
	if (is_word(b->action, b->actionlen, "delayed")) {
		v->hard = 0;
		if (v->next != SC_NEXT_fix && v->next != SC_NEXT_slow_down)
			v->next = SC_NEXT_wait;
	} else if (is_word(b->action, b->actionlen, "failed") && cls == 4 &&
	    v->next == SC_NEXT_wait) {
		v->next = SC_NEXT_resend;
	} else if (is_word(b->action, b->actionlen, "delivered") ||
	    is_word(b->action, b->actionlen, "relayed") ||
	    is_word(b->action, b->actionlen, "expanded")) {
		v->reason = SC_REASON_delivered;
		v->hard = 0;
		v->next = SC_NEXT_none;
	}
	return 0;
}
