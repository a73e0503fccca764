import { describe, it, expect } from 'vitest';
import { boardDelta } from '../../../src/lib/server/boards/delta';
import type { Board } from '../../../src/lib/server/boards/model';
import type { TicketEventRow } from '../../../schemas/events';

const NOW = Date.UTC(2026, 10, 27, 10, 0, 0);
const board = (filters: Board['filters'] = {}): Board => ({ id: 'b', name: 'B', tiles: [], filters, rotateS: 30, position: 0 });

function ev(over: Partial<TicketEventRow>): TicketEventRow {
	return {
		event_id: 'e', ticket_id: 't', ticket_number: 'INC-000001', type: 'ticket.created', at: new Date(NOW - 1000).toISOString(),
		ticket_created_at: new Date(NOW - 1000).toISOString(), actor_id: '', actor_kind: 'agent', ticket_type: 'incident', channel: 'portal',
		category: 'software', priority: 'P3', tier: 'L1', group_id: 'g1', agent_id: '', department_id: '', ci_id: '', source: '', status: 'new',
		from_status: '', response_s: null, resolution_s: null, work_s: 0, pending_s: null, sla_clock: '', sla_threshold: '', sla_met: null,
		escalated: 0, reassigned: 0, pended_requester: 0, reopen_count: 0, csat: null, payload: '{"title":"Mail down"}', ...over
	};
}

describe('board deltas from a relay flush', () => {
	it('counts tickets created today and lists new P1/P2 and breaches, newest first', () => {
		const d = boardDelta(
			board(),
			[
				ev({ priority: 'P1', at: new Date(NOW - 5000).toISOString() }),
				ev({ priority: 'P3' }),
				ev({ type: 'sla.breached', sla_clock: 'response', at: new Date(NOW - 2000).toISOString(), ticket_number: 'INC-000002' }),
				ev({ type: 'ticket.created', at: new Date(NOW - 11 * 3600_000).toISOString() }), // yesterday (UTC)
				ev({ type: 'ticket.commented' })
			],
			7,
			NOW
		)!;
		expect(d.seq).toBe(7);
		expect(d.createdToday).toBe(2);
		expect(d.feed.map((f) => [f.kind, f.number, f.clock ?? null])).toEqual([
			['breach', 'INC-000002', 'response'],
			['ticket', 'INC-000001', null]
		]);
		expect(d.feed[1].title).toBe('Mail down');
	});

	it('honours the board filters and says nothing when nothing matches', () => {
		const filtered = board({ group: ['g2'] });
		expect(boardDelta(filtered, [ev({ group_id: 'g1', priority: 'P1' })], 1, NOW)).toBeNull();
		expect(boardDelta(filtered, [ev({ group_id: 'g2' })], 1, NOW)?.createdToday).toBe(1);
		expect(boardDelta(board(), [ev({ type: 'ticket.work_logged' })], 1, NOW)).toBeNull();
	});
});
