import { describe, it, expect } from 'vitest';
import { thresholdTone } from '../../../src/lib/boards/thresholds';
import { boardSchema, tileSchema, METRIC_VALUES, DEFAULT_BOARDS } from '../../../src/lib/server/boards/model';
import { METRICS } from '../../../src/lib/server/kpi/model';

describe('tile thresholds', () => {
	it('colours higher-is-worse values at and above each bound', () => {
		const t = { direction: 'above' as const, amber: 10, red: 20 };
		expect([5, 9.99, 10, 19, 20, 100].map((v) => thresholdTone(v, t))).toEqual(['green', 'green', 'amber', 'amber', 'red', 'red']);
	});
	it('colours lower-is-worse values at and below each bound', () => {
		const t = { direction: 'below' as const, amber: 0.9, red: 0.8 };
		expect([1, 0.95, 0.9, 0.85, 0.8, 0].map((v) => thresholdTone(v, t))).toEqual(['green', 'green', 'amber', 'amber', 'red', 'red']);
	});
	it('has no tone without thresholds or without a value', () => {
		expect(thresholdTone(5, undefined)).toBeNull();
		expect(thresholdTone(null, { direction: 'above', amber: 1, red: 2 })).toBeNull();
		expect(thresholdTone(Number.NaN, { direction: 'above', amber: 1, red: 2 })).toBeNull();
	});
	it('validates the order of the bounds, naming the field', () => {
		const tile = { id: 'x', kind: 'number', title: 'X', metric: 'backlog', value: 'total' };
		expect(tileSchema.safeParse({ ...tile, thresholds: { direction: 'above', amber: 10, red: 20 } }).success).toBe(true);
		const bad = tileSchema.safeParse({ ...tile, thresholds: { direction: 'above', amber: 20, red: 10 } });
		expect(bad.success).toBe(false);
		expect(bad.error!.issues[0].path).toEqual(['thresholds', 'red']);
		const bad2 = tileSchema.safeParse({ ...tile, thresholds: { direction: 'below', amber: 0.8, red: 0.9 } });
		expect(bad2.error!.issues[0].path).toEqual(['thresholds', 'red']);
		const bad3 = tileSchema.safeParse({ ...tile, thresholds: { direction: 'sideways', amber: 1, red: 2 } });
		expect(bad3.error!.issues[0].path).toEqual(['thresholds', 'direction']);
	});
	it('accepts tile filters on known dimensions only', () => {
		const tile = { id: 'x', kind: 'number', title: 'X', metric: 'backlog', value: 'total' };
		expect(tileSchema.safeParse({ ...tile, filters: { priority: ['P1'] } }).success).toBe(true);
		expect(tileSchema.safeParse({ ...tile, filters: { colour: ['red'] } }).success).toBe(false);
	});
});

describe('metric values catalogue', () => {
	it('covers every metric and every default board tile', () => {
		expect(Object.keys(METRIC_VALUES).sort()).toEqual([...METRICS].sort());
		for (const b of DEFAULT_BOARDS) {
			expect(boardSchema.safeParse(b).success).toBe(true);
			for (const t of b.tiles) if (t.kind === 'number') expect(METRIC_VALUES[t.metric!]).toContain(t.value);
		}
	});
});

describe('tile filters in frames and deltas', async () => {
	const { tileFilters } = await import('../../../src/lib/server/boards/compute');
	const { boardDelta } = await import('../../../src/lib/server/boards/delta');
	const NOW = Date.UTC(2026, 10, 27, 10, 0, 0);
	const created = {
		event_id: 'e', ticket_id: 't', ticket_number: 'INC-1', type: 'ticket.created', at: new Date(NOW - 1000).toISOString(),
		ticket_created_at: new Date(NOW - 1000).toISOString(), actor_id: '', actor_kind: 'agent', ticket_type: 'incident', channel: 'portal',
		category: 'software', priority: 'P3', tier: 'L1', group_id: 'g1', agent_id: '', department_id: '', ci_id: '', source: '', status: 'new',
		from_status: '', response_s: null, resolution_s: null, work_s: 0, pending_s: null, sla_clock: '', sla_threshold: '', sla_met: null,
		escalated: 0, reassigned: 0, pended_requester: 0, reopen_count: 0, csat: null, payload: '{}'
	} as const;
	const vol = { id: 'v', kind: 'number' as const, title: 'V', metric: 'volume' as const, value: 'tickets', window: 'today' as const, span: 1 };

	it("a tile's own filters replace the board's per dimension; empty lists are dropped", () => {
		expect(tileFilters({ filters: { priority: ['P1', 'P2'], tier: ['L1'] } }, { filters: { priority: ['P1'], channel: [] } })).toEqual({ priority: ['P1'], tier: ['L1'] });
		expect(tileFilters({ filters: { tier: ['L1'] } }, {})).toEqual({ tier: ['L1'] });
	});

	it('a board whose "volume today" tile has its own filters gets no tickets-created delta (the frame follows)', () => {
		const plain = { id: 'b', name: 'B', tiles: [vol], filters: {}, rotateS: 30, position: 0 };
		expect(boardDelta(plain, [created], 1, NOW)?.createdToday).toBe(1);
		const filtered = { ...plain, tiles: [{ ...vol, filters: { priority: ['P1'] } }] };
		expect(boardDelta(filtered, [created], 1, NOW)).toBeNull();
	});
});
