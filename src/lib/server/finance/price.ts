/**
 * Pure pricing of a period (no I/O): usage × the rate card in force, plus cost pools spread by
 * largest remainder. Deterministic: the same inputs give the same lines in the same order.
 */
import { createHash } from 'node:crypto';
import { allocateLargestRemainder, priceCents, ticketRate } from './money';
import type { CostType } from './schemas';
import type { Usage } from './usage';

export interface PriceRate {
	kind: string;
	category: string | null;
	priority: string | null;
	ticketType: string | null;
	tier: string | null;
	ciClass: string | null;
	service: string | null;
	departmentId: string | null;
	unitRateCents: number;
}
export interface PricePool {
	id: string;
	name: string;
	amountCents: number;
	rule: string;
	percentages: Record<string, number> | null;
}
export interface PriceInput {
	period: string;
	mode: string;
	currency: string;
	rateCard: { id: string; effectiveFrom: string; entries: PriceRate[] };
	usage: Usage;
	pools: PricePool[];
	/** Cost center ids, in a stable order (by code): the recipients of even/usage pools and all-center fees. */
	departments: string[];
}
export interface PricedLine {
	departmentId: string | null;
	kind: CostType;
	item: string;
	basis: string;
	units: number;
	unitRateCents: number | null;
	amountCents: number;
	dims: Record<string, string | number | boolean>;
}

const dep = (id: string) => (id === '' ? null : id);

export function priceLines(input: PriceInput): PricedLine[] {
	const { entries } = input.rateCard;
	const lines: PricedLine[] = [];
	const ticketRates = entries.filter((e) => e.kind === 'ticket');
	for (const u of input.usage.tickets) {
		const r = ticketRate(ticketRates, u);
		lines.push({
			departmentId: dep(u.departmentId),
			kind: 'tickets',
			item: `${u.category}/${u.priority}/${u.ticketType}`,
			basis: r ? 'tickets created' : 'tickets created (no rate on the card)',
			units: u.tickets,
			unitRateCents: r?.unitRateCents ?? null,
			amountCents: r ? priceCents(u.tickets, r.unitRateCents) : 0,
			dims: { category: u.category, priority: u.priority, ticketType: u.ticketType, departmentId: u.departmentId, ...(r ? {} : { unpriced: true }) }
		});
	}
	for (const u of input.usage.work) {
		const r = entries.find((e) => e.kind === 'agent_hour' && e.tier === u.tier);
		lines.push({
			departmentId: dep(u.departmentId),
			kind: 'labor',
			item: u.tier,
			basis: r ? 'agent hours' : 'agent hours (no rate on the card)',
			units: Math.round((u.workS / 3600) * 10000) / 10000,
			unitRateCents: r?.unitRateCents ?? null,
			// Priced on seconds, not the rounded hours, so splitting work never changes the cents.
			amountCents: r ? priceCents(u.workS, r.unitRateCents, 3600) : 0,
			dims: { tier: u.tier, departmentId: u.departmentId, workS: u.workS, ...(r ? {} : { unpriced: true }) }
		});
	}
	for (const u of input.usage.cis) {
		const r = entries.find((e) => e.kind === 'ci_month' && e.ciClass === u.ciClass);
		lines.push({
			departmentId: dep(u.departmentId),
			kind: 'ci',
			item: u.ciClass,
			basis: r ? 'CIs in service (per month)' : 'CIs in service (no rate on the card)',
			units: u.cis,
			unitRateCents: r?.unitRateCents ?? null,
			amountCents: r ? priceCents(u.cis, r.unitRateCents) : 0,
			dims: { ciClass: u.ciClass, departmentId: u.departmentId, ...(r ? {} : { unpriced: true }) }
		});
	}
	for (const e of entries.filter((x) => x.kind === 'service_fee')) {
		for (const d of e.departmentId ? [e.departmentId] : input.departments) {
			lines.push({
				departmentId: d,
				kind: 'services',
				item: e.service!,
				basis: 'fixed monthly fee',
				units: 1,
				unitRateCents: e.unitRateCents,
				amountCents: e.unitRateCents,
				dims: { service: e.service! }
			});
		}
	}
	for (const p of input.pools) lines.push(...allocatePool(p, input));
	return lines;
}

/**
 * One pool → one line per recipient, amounts by largest remainder so they sum to the pool.
 * even: every cost center; tickets / work_hours: weight = that usage of the cost center (usage
 * with no cost center is not a recipient); all weights 0 → even; fixed_pct: the listed centers.
 */
export function allocatePool(p: PricePool, input: Pick<PriceInput, 'usage' | 'departments'>): PricedLine[] {
	let recipients: string[];
	let weights: number[];
	let basis: string;
	if (p.rule === 'fixed_pct') {
		const pct = p.percentages ?? {};
		recipients = input.departments.filter((d) => d in pct).concat(Object.keys(pct).filter((d) => !input.departments.includes(d)).sort());
		weights = recipients.map((d) => pct[d]);
		basis = 'fixed %';
	} else {
		recipients = input.departments;
		const w = new Map<string, number>();
		if (p.rule === 'tickets') for (const u of input.usage.tickets) w.set(u.departmentId, (w.get(u.departmentId) ?? 0) + u.tickets);
		if (p.rule === 'work_hours') for (const u of input.usage.work) w.set(u.departmentId, (w.get(u.departmentId) ?? 0) + u.workS);
		weights = recipients.map((d) => (p.rule === 'even' ? 1 : (w.get(d) ?? 0)));
		if (p.rule !== 'even' && !weights.some((x) => x > 0)) {
			weights = recipients.map(() => 1);
			basis = `${p.rule === 'tickets' ? 'tickets' : 'work hours'} share (no usage: even)`;
		} else basis = p.rule === 'even' ? 'even share' : p.rule === 'tickets' ? 'tickets share' : 'work hours share';
	}
	if (!recipients.length) return [];
	const parts = allocateLargestRemainder(p.amountCents, weights);
	const wsum = weights.reduce((a, b) => a + b, 0);
	return recipients.map((d, i) => ({
		departmentId: d,
		kind: 'overhead' as const,
		item: p.name,
		basis,
		units: p.rule === 'work_hours' && !basis.includes('even') ? Math.round((weights[i] / 3600) * 10000) / 10000 : weights[i],
		unitRateCents: null,
		amountCents: parts[i],
		dims: { poolId: p.id, rule: p.rule, share: wsum ? Math.round((weights[i] / wsum) * 1e6) / 1e6 : 0 }
	}));
}

/** sha256 of the canonical JSON of every input that can change a line (usage, rates, pools, centers, mode). */
export function fingerprint(input: PriceInput): string {
	const rate = (e: PriceRate) => [e.kind, e.category, e.priority, e.ticketType, e.tier, e.ciClass, e.service, e.departmentId, e.unitRateCents];
	const canonical = {
		period: input.period,
		mode: input.mode,
		currency: input.currency,
		rateCard: { id: input.rateCard.id, effectiveFrom: input.rateCard.effectiveFrom, entries: input.rateCard.entries.map(rate).map((r) => JSON.stringify(r)).sort() },
		usage: {
			tickets: input.usage.tickets.map((u) => [u.departmentId, u.category, u.priority, u.ticketType, u.tickets].join('|')).sort(),
			work: input.usage.work.map((u) => [u.departmentId, u.tier, u.workS].join('|')).sort(),
			cis: input.usage.cis.map((u) => [u.departmentId, u.ciClass, u.cis].join('|')).sort()
		},
		pools: input.pools
			.map((p) => JSON.stringify([p.name, p.amountCents, p.rule, Object.entries(p.percentages ?? {}).sort()]))
			.sort(),
		departments: input.departments
	};
	return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}
