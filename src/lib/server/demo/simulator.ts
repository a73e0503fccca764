/**
 * The live demo: creates and advances tickets through the real ticket service every tick, so
 * wall screens move. Uses the demo agents' own accounts (their responses count as first responses).
 */
import { inArray, eq } from 'drizzle-orm';
import { groupMembers, groups, tickets } from '../../../../schemas/postgres/index';
import type { Db } from '../db/index';
import { loadAccountActor } from '../rbac/accounts';
import type { Actor } from '../rbac/actor';
import { createTicket, actOnTicket } from '../tickets/service';
import { CATEGORIES, PRIORITIES, CHANNELS } from '../../../../schemas/events';
import { Rng } from './prng';
import { arrivalRate } from './history';
import { DEMO_PER_DAY } from './seed';

export class DemoSimulator {
	private timer: NodeJS.Timeout | null = null;
	private busy = false;
	private agents: { actor: Actor; groupId: string }[] = [];
	ticks = 0;

	constructor(
		private readonly db: Db,
		private readonly rng = new Rng(Date.now() & 0xffffffff),
		private readonly intervalMs = 1500
	) {}

	async init(): Promise<void> {
		const members = await this.db.select().from(groupMembers);
		for (const m of members) {
			const actor = await loadAccountActor(this.db, m.accountId);
			if (actor?.permissions.has('tickets.work')) this.agents.push({ actor, groupId: m.groupId });
		}
	}

	start(): void {
		this.timer = setInterval(() => void this.tick(), this.intervalMs);
		this.timer.unref();
	}

	stop(): void {
		if (this.timer) clearInterval(this.timer);
	}

	async tick(): Promise<void> {
		if (this.busy || !this.agents.length) return;
		this.busy = true;
		const r = this.rng;
		try {
			this.ticks++;
			const someone = r.pick(this.agents).actor;
			// Arrivals follow the history's daily and weekly shape, so today's bars track the usual curve.
			if (r.chance(Math.min(1, (arrivalRate(DEMO_PER_DAY, Date.now()) / 3600) * (this.intervalMs / 1000)))) {
				await createTicket({ db: this.db, actor: someone }, {
					title: r.pick(['Cannot log in', 'Printer offline', 'VPN drops', 'App error', 'Slow laptop', 'Need access', 'Email bounce']),
					category: r.pick(CATEGORIES),
					priority: r.weighted({ P1: 2, P2: 9, P3: 50, P4: 30, P5: 9 } as Record<(typeof PRIORITIES)[number], number>),
					channel: r.pick(CHANNELS.filter((c) => c !== 'monitoring'))
				});
			}
			const open = await this.db
				.select({ id: tickets.id, status: tickets.status, groupId: tickets.groupId, first: tickets.firstResponseAt })
				.from(tickets)
				.where(inArray(tickets.status, ['new', 'assigned', 'in_progress', 'pending', 'reopened', 'resolved']))
				.limit(400);
			for (let i = 0; i < 3 && open.length; i++) {
				const t = r.pick(open);
				const inGroup = this.agents.filter((a) => a.groupId === t.groupId);
				const actor = (inGroup.length ? r.pick(inGroup) : r.pick(this.agents)).actor;
				const act = (input: Record<string, unknown>) => actOnTicket({ db: this.db, actor }, t.id, input).catch(() => {});
				switch (t.status) {
					case 'new': {
						const [g] = await this.db.select({ id: groups.id }).from(groups).where(eq(groups.tier, r.chance(0.5) ? 'L0' : 'L1')).limit(1);
						if (g) await act({ action: 'assign', groupId: g.id, agentId: actor.accountId });
						break;
					}
					case 'assigned':
					case 'reopened':
						await act(t.first ? { action: 'start' } : { action: 'comment', body: 'Looking into it.' });
						break;
					case 'in_progress':
						if (r.chance(0.15)) await act({ action: 'escalate', reason: 'Needs a specialist' });
						else if (r.chance(0.1)) await act({ action: 'pend', reason: r.chance(0.7) ? 'requester' : 'vendor' });
						else if (r.chance(0.4)) await act({ action: 'log_work', minutes: r.int(5, 60) });
						else await act({ action: 'resolve', code: r.pick(['fixed', 'workaround', 'kb_article']) });
						break;
					case 'pending':
						await act({ action: 'resume' });
						break;
					case 'resolved':
						if (r.chance(0.05)) await act({ action: 'reopen', reason: 'Still broken' });
						else if (r.chance(0.3)) await act({ action: 'survey', onBehalf: true, score: r.weighted({ '5': 50, '4': 30, '3': 10, '2': 5, '1': 5 }) === '5' ? 5 : r.int(1, 5) });
						else await act({ action: 'close' });
						break;
				}
			}
		} catch (e) {
			console.error('[demo] simulator tick failed:', (e as Error).message);
		} finally {
			this.busy = false;
		}
	}
}
