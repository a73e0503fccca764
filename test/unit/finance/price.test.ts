import { describe, it, expect } from 'vitest';
import { allocatePool, fingerprint, priceLines, type PriceInput } from '../../../src/lib/server/finance/price';

const base = (): PriceInput => ({
	period: '2026-03',
	mode: 'showback',
	currency: 'EUR',
	rateCard: {
		id: 'card',
		effectiveFrom: '2026-01-01',
		entries: [
			{ kind: 'ticket', category: null, priority: null, ticketType: null, tier: null, ciClass: null, service: null, departmentId: null, unitRateCents: 333 },
			{ kind: 'agent_hour', category: null, priority: null, ticketType: null, tier: 'L1', ciClass: null, service: null, departmentId: null, unitRateCents: 5000 }
		]
	},
	usage: {
		tickets: [
			{ departmentId: 'a', category: 'hardware', priority: 'P2', ticketType: 'incident', tickets: 3 },
			{ departmentId: 'b', category: 'network', priority: 'P1', ticketType: 'incident', tickets: 1 }
		],
		work: [{ departmentId: 'a', tier: 'L1', workS: 100 }],
		cis: []
	},
	pools: [{ id: 'p', name: 'Pool', amountCents: 100, rule: 'tickets', percentages: null }],
	departments: ['a', 'b', 'c']
});

describe('priceLines', () => {
	it('prices usage and sums pools exactly', () => {
		const lines = priceLines(base());
		expect(lines.filter((l) => l.kind === 'tickets').map((l) => l.amountCents)).toEqual([999, 333]);
		expect(lines.find((l) => l.kind === 'labor')!.amountCents).toBe(139); // 100 s at 50.00/h = 138.9
		expect(lines.filter((l) => l.kind === 'overhead').map((l) => l.amountCents)).toEqual([75, 25, 0]);
	});
	it.each([
		['even', null, [34, 33, 33]],
		['tickets', null, [75, 25, 0]],
		['work_hours', null, [100, 0, 0]],
		['fixed_pct', { c: 50, a: 25, b: 25 }, [25, 25, 50]]
	] as const)('rule %s', (rule, percentages, out) => {
		const parts = allocatePool({ id: 'p', name: 'P', amountCents: 100, rule, percentages: percentages as Record<string, number> | null }, base());
		expect(parts.map((p) => p.amountCents)).toEqual(out);
	});
	it('a usage pool with no usage falls back to even', () => {
		const i = base();
		i.usage.work = [];
		expect(allocatePool({ id: 'p', name: 'P', amountCents: 10, rule: 'work_hours', percentages: null }, i).map((p) => [p.amountCents, p.basis])).toEqual([
			[4, 'work hours share (no usage: even)'],
			[3, 'work hours share (no usage: even)'],
			[3, 'work hours share (no usage: even)']
		]);
	});
});

describe('fingerprint', () => {
	it('ignores the order of usage rows and rates, changes with any input', () => {
		const a = base();
		const b = base();
		b.usage.tickets.reverse();
		b.rateCard.entries.reverse();
		expect(fingerprint(a)).toBe(fingerprint(b));
		expect(fingerprint(a)).toMatch(/^[0-9a-f]{64}$/);
		b.usage.tickets[0].tickets++;
		expect(fingerprint(b)).not.toBe(fingerprint(a));
		const c = base();
		c.rateCard.entries[0].unitRateCents++;
		expect(fingerprint(c)).not.toBe(fingerprint(a));
		const d = base();
		d.mode = 'chargeback';
		expect(fingerprint(d)).not.toBe(fingerprint(a));
	});
});
