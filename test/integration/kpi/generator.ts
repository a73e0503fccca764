/**
 * Seeded ticket histories for the KPI tests: every path the KPI definitions care about (auto
 * replies, late first responses with the breach emitted by the watcher or at response time,
 * escalation, reassignment, pending on requester/vendor, work logs, reopen and re-resolution,
 * surveys, closes, monitoring tickets, tickets left open). Rows are TicketEventRow, as the relay
 * inserts them; times within one ticket are strictly increasing.
 */
import type { TicketEventRow, TicketEventType } from '../../../schemas/events';
import { CATEGORIES, PRIORITIES } from '../../../schemas/events';

export interface GenOptions {
	seed: number;
	tickets: number;
	/** Tickets are created in [start, start + days). */
	start: Date;
	days: number;
	/** Chance a resolved ticket is reopened (0 → no reopen anywhere). */
	reopenProb: number;
}

function rng(seed: number) {
	let a = seed >>> 0;
	const next = () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	return {
		next,
		chance: (p: number) => next() < p,
		int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
		pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)],
		uuid: () => {
			const hex = Array.from({ length: 32 }, () => Math.floor(next() * 16).toString(16)).join('');
			return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
		}
	};
}

const GROUPS = ['g-desk', 'g-net', 'g-apps', 'g-field'];
const AGENTS = ['a1', 'a2', 'a3', 'a4', 'a5', 'a6'];
const DEPTS = ['d-fin', 'd-hr', 'd-ops'];
const CHANNELS = ['portal', 'email', 'phone', 'chat', 'api', 'monitoring'] as const;
const RESPONSE_TARGET_S: Record<string, number> = { P1: 900, P2: 3600, P3: 14_400, P4: 28_800, P5: 86_400 };
const RESOLUTION_TARGET_S: Record<string, number> = { P1: 14_400, P2: 28_800, P3: 86_400, P4: 172_800, P5: 432_000 };

export function generateEvents(opts: GenOptions): TicketEventRow[] {
	const r = rng(opts.seed);
	const out: TicketEventRow[] = [];
	for (let i = 0; i < opts.tickets; i++) {
		const ticketId = r.uuid();
		const createdMs = opts.start.getTime() + Math.floor(r.next() * opts.days * 86_400_000);
		const channel = r.chance(0.12) ? 'monitoring' : r.pick(CHANNELS.filter((c) => c !== 'monitoring'));
		const dims = {
			category: r.pick(CATEGORIES),
			priority: r.pick(PRIORITIES),
			tier: 'L0' as string,
			group_id: r.pick(GROUPS),
			agent_id: '',
			channel,
			department_id: r.pick(DEPTS)
		};
		let status = 'new';
		let t = createdMs;
		const flags = { escalated: 0, reassigned: 0, pended_requester: 0, reopen_count: 0 };
		let work = 0;
		let pending = 0;
		let elapsedS = 0; // business seconds since creation (synthetic)
		const breached = { response: false, resolution: false };

		const emit = (type: TicketEventType, extra: Partial<TicketEventRow> = {}) => {
			out.push({
				event_id: r.uuid(),
				ticket_id: ticketId,
				ticket_number: `T${i}`,
				type,
				at: new Date(t).toISOString(),
				ticket_created_at: new Date(createdMs).toISOString(),
				actor_id: '',
				actor_kind: 'agent',
				ticket_type: 'incident',
				channel: dims.channel as TicketEventRow['channel'],
				category: dims.category,
				priority: dims.priority,
				tier: dims.tier as TicketEventRow['tier'],
				group_id: dims.group_id,
				agent_id: dims.agent_id,
				department_id: dims.department_id,
				ci_id: '',
				source: channel === 'monitoring' ? 'nagios' : '',
				status: status as TicketEventRow['status'],
				from_status: '',
				response_s: null,
				resolution_s: null,
				work_s: 0,
				pending_s: null,
				sla_clock: '',
				sla_threshold: '',
				sla_met: null,
				escalated: 0,
				reassigned: 0,
				pended_requester: 0,
				reopen_count: flags.reopen_count,
				csat: null,
				payload: '{}',
				...extra
			});
		};
		/** Moves time forward (wall ms, strictly) and business seconds. */
		const advance = (maxS: number) => {
			const s = r.int(1, maxS);
			t += s * 1000 + r.int(1, 999);
			elapsedS += s;
		};
		const breach = (clock: 'response' | 'resolution') => {
			if (breached[clock]) return;
			breached[clock] = true;
			t += r.int(1, 999);
			emit('sla.breached', { sla_clock: clock, sla_threshold: 'breached', actor_kind: 'system' });
		};

		emit('ticket.created');
		if (channel === 'monitoring') {
			advance(120);
			emit('ticket.commented', { actor_kind: 'monitoring' });
		} else if (r.chance(0.4)) {
			advance(60);
			emit('ticket.commented', { actor_kind: 'system' }); // auto-reply: no response_s
		}
		if (r.chance(0.3)) {
			advance(3600);
			emit('sla.warning', { sla_clock: 'response', sla_threshold: r.pick(['warning50', 'warning75'] as const), actor_kind: 'system' });
		}
		// Left untouched: open, never responded; sometimes the watcher breaches it.
		if (r.chance(0.06)) {
			if (r.chance(0.5)) {
				advance(20_000);
				breach('response');
			}
			continue;
		}
		advance(7200);
		const from0 = status;
		status = 'assigned';
		dims.agent_id = r.pick(AGENTS);
		emit('ticket.assigned', { from_status: from0 });

		if (r.chance(0.9)) {
			const target = RESPONSE_TARGET_S[dims.priority];
			const late = r.chance(0.25);
			if (late && r.chance(0.5)) {
				advance(target);
				breach('response'); // the watcher saw it first
			}
			const responseS = late ? target + r.int(1, target) + (r.chance(0.2) ? 0.5 : 0) : r.int(30, target);
			advance(600);
			emit('ticket.commented', { response_s: responseS, sla_clock: 'response', sla_met: late ? 0 : 1 });
			if (late) breach('response');
		}
		status = 'in_progress';
		advance(1800);
		emit('ticket.status_changed', { from_status: 'assigned' });

		if (r.chance(0.15)) {
			advance(3600);
			flags.escalated = 1;
			dims.tier = r.pick(['L1', 'L2', 'L3']);
			emit('ticket.escalated', { from_status: status });
		}
		if (r.chance(0.12)) {
			advance(3600);
			flags.reassigned = 1;
			dims.group_id = r.pick(GROUPS.filter((g) => g !== dims.group_id));
			dims.agent_id = r.pick(AGENTS);
			emit('ticket.assigned', { from_status: status });
		}
		if (r.chance(0.2)) {
			const onRequester = r.chance(0.7);
			if (onRequester) flags.pended_requester = 1;
			advance(1800);
			status = 'pending';
			emit('ticket.status_changed', { from_status: 'in_progress', payload: JSON.stringify({ reason: onRequester ? 'requester' : 'vendor' }) });
			const pauseS = r.int(600, 40_000);
			t += pauseS * 1000; // paused: wall clock moves, business clock does not
			pending += pauseS;
			status = 'in_progress';
			emit('ticket.status_changed', { from_status: 'pending', pending_s: pauseS });
		}
		for (let w = r.int(0, 3); w > 0; w--) {
			advance(5400);
			const s = r.int(60, 5400);
			work += s;
			emit('ticket.work_logged', { work_s: s });
		}
		// Open backlog: some tickets stop here.
		if (r.chance(0.12)) continue;

		let reopenChance = opts.reopenProb;
		for (;;) {
			advance(30_000);
			const from = status;
			status = 'resolved';
			const resTarget = RESOLUTION_TARGET_S[dims.priority];
			const met = elapsedS <= resTarget ? 1 : 0;
			emit('ticket.resolved', {
				from_status: from,
				resolution_s: elapsedS,
				work_s: work,
				pending_s: pending,
				sla_clock: 'resolution',
				sla_met: met,
				...flags
			});
			if (!met) breach('resolution');
			if (r.chance(0.45)) {
				advance(20_000);
				emit('survey.answered', { csat: r.int(1, 5), actor_kind: 'requester' });
			}
			if (!r.chance(reopenChance)) break;
			advance(50_000);
			status = 'reopened';
			flags.reopen_count += 1;
			emit('ticket.reopened', { from_status: 'resolved' });
			reopenChance /= 3;
			if (r.chance(0.15)) break; // reopened and still open
			advance(3600);
			status = 'in_progress';
			emit('ticket.status_changed', { from_status: 'reopened' });
			if (r.chance(0.5)) {
				advance(3600);
				const s = r.int(60, 3600);
				work += s;
				emit('ticket.work_logged', { work_s: s });
			}
		}
		if (status === 'resolved' && r.chance(0.5)) {
			advance(200_000);
			status = 'closed';
			emit('ticket.closed', { from_status: 'resolved' });
		}
	}
	return out;
}
