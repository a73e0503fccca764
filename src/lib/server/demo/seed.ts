/**
 * The demo desk: departments, ~40 agents across L0–L3 groups, leads, a desk manager and finance,
 * then 90 days of history generated straight into both stores (tickets in Postgres, events in
 * ClickHouse), from a fixed seed. Postgres keeps every event (the log analytics is rebuilt from; their
 * history page); ClickHouse gets every event.
 */
import { count, sql } from 'drizzle-orm';
import { accounts, departments, groupMembers, groups, roleGrants, ticketEvents, ticketPauses, tickets } from '../../../../schemas/postgres/index';
import { bulkInsert, type Db } from '../db/index';
import { insertRows, type ClickHouse } from '../analytics/clickhouse';
import { hashPassword } from '../rbac/password';
import { loadSlaConfig } from '../tickets/slaConfig';
import type { Category, Tier } from '../../../../schemas/events';
import { HistoryGenerator, type DemoDesk, type DemoGroup } from './history';
import { Rng } from './prng';
import { seedDemoPeopleAndCmdb } from './extras';

export const DEMO_PASSWORD = 'opshub-demo';
export const DEMO_SEED = 20261127;
/** Mean arrivals per day before the weekly shape (~330/day after it): sized so the ~50 agents'
 * logged work adds up to their contracted hours (demo/work.ts DEMO_CAPACITY). */
export const DEMO_PER_DAY = 400;

const DEPARTMENTS = [
	['FIN', 'Finance'],
	['HR', 'Human Resources'],
	['SAL', 'Sales'],
	['MKT', 'Marketing'],
	['ENG', 'Engineering'],
	['OPS', 'Operations'],
	['LEG', 'Legal'],
	['EXE', 'Executive Office']
] as const;

/** Agents per group (the lead works tickets too): sized to each group's share of the logged work,
 * the front line (phone and chat queues, peaky arrivals) a little larger. */
const GROUPS: { name: string; tier: Tier; agents: number; categories: Category[] }[] = [
	{ name: 'Service Desk', tier: 'L0', agents: 14, categories: [] },
	{ name: 'Workplace Support', tier: 'L1', agents: 12, categories: ['hardware', 'user_support', 'service_request'] },
	{ name: 'Application Support', tier: 'L1', agents: 8, categories: ['software', 'data_recovery', 'performance'] },
	{ name: 'Network & Security', tier: 'L2', agents: 5, categories: ['network', 'security'] },
	{ name: 'Infrastructure', tier: 'L2', agents: 5, categories: ['hardware', 'performance', 'data_recovery'] },
	{ name: 'Vendors & Experts', tier: 'L3', agents: 4, categories: [] }
];

export interface DemoSeedResult {
	tickets: number;
	events: number;
	ms: number;
	phases: { generateMs: number; postgresMs: number; clickhouseMs: number };
}

export async function isEmptyDesk(db: Db): Promise<boolean> {
	const [r] = await db.select({ n: count() }).from(tickets);
	return Number(r.n) === 0;
}

export async function seedDemoDesk(
	db: Db,
	ch: ClickHouse,
	opts: { days?: number; perDay?: number; nowMs?: number; seed?: number; log?: (m: string) => void; withCmdb?: boolean } = {}
): Promise<DemoSeedResult> {
	const t0 = performance.now();
	const log = opts.log ?? (() => {});
	const days = opts.days ?? 90;
	const perDay = opts.perDay ?? DEMO_PER_DAY;
	const nowMs = opts.nowMs ?? Date.now();
	const rng = new Rng(opts.seed ?? DEMO_SEED);
	const passwordHash = await hashPassword(DEMO_PASSWORD);

	// People and teams.
	const depRows = await db
		.insert(departments)
		.values(DEPARTMENTS.map(([code, name]) => ({ code, name })))
		.onConflictDoNothing()
		.returning({ id: departments.id });
	const staff: { email: string; name: string; tier: Tier | null; roles: string[] }[] = [
		{ email: 'manager@opshub.local', name: 'Dana Desk-Manager', tier: null, roles: ['desk_manager'] },
		{ email: 'finance@opshub.local', name: 'Frank Finance', tier: null, roles: ['finance'] }
	];
	const groupStaff: { group: (typeof GROUPS)[number]; lead: string; agents: string[] }[] = [];
	for (const g of GROUPS) {
		const slug = g.name.toLowerCase().replace(/[^a-z]+/g, '-');
		const lead = `lead.${slug}@opshub.local`;
		staff.push({ email: lead, name: `Lead ${g.name}`, tier: g.tier, roles: ['lead', 'agent'] });
		const agents: string[] = [];
		for (let i = 1; i <= g.agents; i++) {
			const email = `agent${i}.${slug}@opshub.local`;
			agents.push(email);
			staff.push({ email, name: `Agent ${i} (${g.name})`, tier: g.tier, roles: ['agent'] });
		}
		groupStaff.push({ group: g, lead, agents });
	}
	const accRows = await db
		.insert(accounts)
		.values(staff.map((s) => ({ email: s.email, name: s.name, tier: s.tier, passwordHash, departmentId: depRows.find(() => true)?.id ?? null })))
		.returning({ id: accounts.id, email: accounts.email });
	const idOf = new Map(accRows.map((a) => [a.email, a.id]));
	await db.insert(roleGrants).values(staff.flatMap((s) => s.roles.map((roleId) => ({ accountId: idOf.get(s.email)!, roleId }))));
	const demoGroups: DemoGroup[] = [];
	for (const gs of groupStaff) {
		const [g] = await db
			.insert(groups)
			.values({ name: gs.group.name, tier: gs.group.tier, leadAccountId: idOf.get(gs.lead)! })
			.returning({ id: groups.id });
		const members = [gs.lead, ...gs.agents].map((e) => idOf.get(e)!);
		await db.insert(groupMembers).values(members.map((accountId) => ({ groupId: g.id, accountId })));
		demoGroups.push({ id: g.id, tier: gs.group.tier, name: gs.group.name, agents: members, categories: gs.group.categories });
	}
	const desk: DemoDesk = { groups: demoGroups, departments: depRows.map((d) => d.id), requesters: [] };
	if (opts.withCmdb !== false) Object.assign(desk, await seedDemoPeopleAndCmdb(db, { seed: opts.seed ?? DEMO_SEED, passwordHash, desk }));

	// History, one day at a time, straight into both stores.
	const sla = await loadSlaConfig(db);
	const gen = new HistoryGenerator(rng, desk, sla);
	const dayMs = 86_400_000;
	const firstDay = Math.floor(nowMs / dayMs) * dayMs - (days - 1) * dayMs;
	let nTickets = 0;
	let nEvents = 0;
	const phases = { generateMs: 0, postgresMs: 0, clickhouseMs: 0 };
	for (let d = 0; d < days; d++) {
		let mark = performance.now();
		const day = gen.day(firstDay + d * dayMs, perDay, nowMs);
		phases.generateMs += performance.now() - mark;
		mark = performance.now();
		nTickets += day.tickets.length;
		nEvents += day.events.length;
		// ClickHouse runs on chDB's native threads while PGlite (WASM) works on this one: overlap them.
		const chDone = (async () => {
			const t = performance.now();
			// Chunks of 20k rows keep other ClickHouse queries (health, boards) from waiting long.
			for (let i = 0; i < day.events.length; i += 20_000) {
				await insertRows(ch, 'ticket_events', day.events.slice(i, i + 20_000) as unknown as Record<string, unknown>[]);
			}
			phases.clickhouseMs += performance.now() - t;
		})();
		await bulkInsert(db, tickets, day.tickets);
		const openIds = new Set(day.tickets.filter((t) => t.status !== 'closed' && t.status !== 'resolved').map((t) => t.id));
		await bulkInsert(db, ticketPauses, day.pauses.filter((p) => openIds.has(p.ticketId)));
		// Postgres keeps every event (the durable log analytics is rebuilt from, issue 17), in the
		// same COPY-based bulk insert; ClickHouse takes the day's events on its own threads meanwhile.
		await bulkInsert(
			db,
			ticketEvents,
			day.events.map((e) => ({ id: e.event_id, ticketId: e.ticket_id, type: e.type, at: e.at, actorId: e.actor_id || null, actorLabel: e.actor_kind, data: e }))
		);
		phases.postgresMs += performance.now() - mark;
		await chDone;
		if (d % 15 === 14) log(`[demo] ${d + 1}/${days} days: ${nTickets} tickets, ${nEvents} events`);
	}
	await db.execute(sql`select setval('ticket_number_seq', ${nTickets + 1})`);
	return { tickets: nTickets, events: nEvents, ms: performance.now() - t0, phases };
}
