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

int
sc_query_verdict(const struct sc_query *q, struct sc_verdict *v, int *vendor)
{
	struct sc_reply r;

	r.basic = q->kind == SC_Q_BASIC || q->kind == SC_Q_PAIR ? q->basic : -1;
	r.cls = q->enh.cls;
	r.subject = q->kind == SC_Q_ENH || q->kind == SC_Q_PAIR ?
	    q->enh.subject : -1;
	r.detail = q->enh.detail;
	r.text = q->text;
	r.textlen = q->text != NULL ? q->textlen : 0;
	r.host = NULL;
	r.hostlen = 0;
	r.provider = SC_PROVIDER_any;
	*vendor = 0;
	(void)sc_classify(&r, v);
	if (r.subject >= 0 && sc_enh_lookup(r.subject, r.detail) == NULL &&
	    (v->rule == NULL || v->rule->provider == SC_PROVIDER_any))
		*vendor = vendor_verdict(&r, v);
	return 0;
}
