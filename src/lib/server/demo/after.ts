/**
 * The demo desk beyond tickets, seeded once the history is in both stores:
 * - finance: settings, a rate card, pools and budgets, the two previous months run and closed
 *   (statements), the current month open with budgets;
 * - monitoring: two sources (Prometheus Alertmanager, Nagios) whose alerts `DemoAlerts` keeps
 *   posting to their own webhooks while the simulator runs;
 * - staffing: every agent's contract and days off (roster.ts), then the Service Desk group's
 *   plan for the current week with its shifts given to named agents, published.
 * Everything goes through the domain services as a system actor "demo", so it is audited.
 */
import { eq, inArray } from 'drizzle-orm';
import { ciIdentities, configurationItems, departments, groups, monitoringSources } from '../../../../schemas/postgres/index';
import type { Db } from '../db/index';
import type { ClickHouse } from '../analytics/clickhouse';
import { systemActor } from '../rbac/actor';
import { updateSettings } from '../finance/settings';
import { createRateCard } from '../finance/rateCards';
import { setBudgets } from '../finance/budgets';
import { createCostPool } from '../finance/pools';
import { closePeriod, runChargeback } from '../finance/run';
import { periodStatement } from '../finance/reports';
import { registerSource, rotateSourceToken } from '../monitoring/sources';
import { createPlan, publishPlan } from '../staffing/plans';
import { COST_TYPES } from '../finance/schemas';
import { CATEGORIES, PRIORITIES } from '../../../../schemas/events';
import { Rng } from './prng';
import { seedDemoRoster } from './roster';

const DAY_MS = 86_400_000;
const actor = () => systemActor('demo');

const periodOf = (ms: number) => new Date(ms).toISOString().slice(0, 7);
function addMonths(period: string, n: number): string {
	const [y, m] = period.split('-').map(Number);
	const d = new Date(Date.UTC(y, m - 1 + n, 1));
	return d.toISOString().slice(0, 7);
}

export const DEMO_SOURCES = [
	{ name: 'Prometheus (Alertmanager)', kind: 'alertmanager' as const, group: 'Infrastructure' },
	{ name: 'Nagios DC1', kind: 'nagios' as const, group: 'Network & Security' }
];

/** Rates in cents: per ticket by priority, per agent hour by tier, per CI and month by class. */
const TICKET_RATE: Record<string, number> = { P1: 9000, P2: 6000, P3: 3500, P4: 2500, P5: 1000 };
const HOUR_RATE: Record<string, number> = { L0: 4500, L1: 6000, L2: 8500, L3: 12000 };
const CI_RATE: Record<string, number> = {
	server: 9000, virtual_machine: 3500, database: 6000, application: 5000, network_device: 2500, storage: 15000, workstation: 800, printer: 500, business_service: 0
};

export async function seedDemoFinance(db: Db, ch: ClickHouse, opts: { nowMs: number; seed: number }): Promise<{ closed: string[]; open: string }> {
	const ctx = { db, actor: actor() };
	const r = new Rng(opts.seed ^ 0xf1);
	const current = periodOf(opts.nowMs);
	const closed = [addMonths(current, -2), addMonths(current, -1)];
	await updateSettings(ctx, { currency: 'EUR', mode: 'chargeback' });
	await createRateCard(ctx, {
		effectiveFrom: `${addMonths(current, -4)}-01`,
		note: 'Demo rate card 2026',
		entries: [
			...PRIORITIES.map((p) => ({ kind: 'ticket' as const, priority: p, unitRateCents: TICKET_RATE[p] })),
			...Object.entries(HOUR_RATE).map(([tier, c]) => ({ kind: 'agent_hour' as const, tier: tier as 'L0', unitRateCents: c })),
			...Object.entries(CI_RATE).map(([ciClass, c]) => ({ kind: 'ci_month' as const, ciClass, unitRateCents: c }))
		]
	});
	void CATEGORIES;
	const deps = await db.select({ id: departments.id }).from(departments);
	for (const p of [...closed, current]) {
		await createCostPool(ctx, { name: 'Licences & tooling', period: p, amountCents: 1_800_000, rule: 'even' });
		await createCostPool(ctx, { name: 'Service desk platform', period: p, amountCents: 1_200_000, rule: 'tickets' });
	}
	// Draft the closed months first, so the budgets sit near what the desk really costs.
	for (const p of closed) await runChargeback(ctx, ch, p);
	const last = await periodStatement(ctx, closed[1]);
	const actual = new Map<string, number>();
	for (const l of last.lines) if (l.departmentId) actual.set(`${l.departmentId}|${l.kind}`, (actual.get(`${l.departmentId}|${l.kind}`) ?? 0) + l.amountCents);
	const budgets = [];
	for (const p of [...closed, current, addMonths(current, 1)]) {
		for (const d of deps) {
			for (const costType of COST_TYPES) {
				const a = actual.get(`${d.id}|${costType}`) ?? 0;
				// One cost centre has no budget for services at all: shown as "no budget", not as overspend.
				if (a === 0 && r.chance(0.5)) continue;
				budgets.push({ departmentId: d.id, period: p, costType, amountCents: Math.round((a * (0.85 + r.next() * 0.35)) / 10_000) * 10_000 });
			}
		}
	}
	if (budgets.length) await setBudgets(ctx, { budgets });
	for (const p of closed) await closePeriod(ctx, p);
	return { closed, open: current };
}

export async function seedDemoMonitoring(db: Db): Promise<void> {
	const ctx = { db, actor: actor() };
	for (const s of DEMO_SOURCES) {
		const [g] = await db.select({ id: groups.id }).from(groups).where(eq(groups.name, s.group));
		await registerSource(ctx, { name: s.name, kind: s.kind, defaultGroupId: g?.id, rateLimitPerMin: 600 });
	}
}

/** The Service Desk group's plan for the week starting this Monday (UTC), published. */
export async function seedDemoStaffing(db: Db, ch: ClickHouse, opts: { nowMs: number }): Promise<string | null> {
	const [g] = await db.select({ id: groups.id }).from(groups).where(eq(groups.name, 'Service Desk'));
	if (!g) return null;
	const day = Math.floor(opts.nowMs / DAY_MS) * DAY_MS;
	const monday = day - ((new Date(day).getUTCDay() + 6) % 7) * DAY_MS;
	const ctx = { db, ch, actor: actor() };
	const plan = await createPlan(ctx, {
		name: `Service Desk — week of ${new Date(monday).toISOString().slice(0, 10)}`,
		mode: 'desk',
		query: { start: new Date(monday).toISOString().slice(0, 10), days: 7, groupId: g.id, historyWeeks: 4 }
	});
	await publishPlan(ctx, plan.id);
	return plan.id;
}

export async function seedDemoAfterHistory(db: Db, ch: ClickHouse, opts: { nowMs: number; seed: number; log?: (m: string) => void }): Promise<void> {
	const log = opts.log ?? (() => {});
	const steps: [string, () => Promise<unknown>][] = [
		['monitoring sources', () => seedDemoMonitoring(db)],
		['finance (rate card, budgets, closed periods)', () => seedDemoFinance(db, ch, opts)],
		['agent roster (contracts, days off)', () => seedDemoRoster(db, opts)],
		['staffing plan for this week', () => seedDemoStaffing(db, ch, opts)]
	];
	for (const [name, step] of steps) {
		try {
			await step();
			log(`[demo] seeded ${name}`);
		} catch (e) {
			// One part failing must not leave the rest of the demo empty.
			console.error(`[demo] seeding ${name} failed:`, e);
		}
	}
}

type Sender = (kind: string, token: string, body: unknown) => Promise<void>;

/** Posts over HTTP to the server's own webhook, as a real monitoring system would. */
export function httpSender(baseUrl: string): Sender {
	return async (kind, token, body) => {
		const res = await fetch(`${baseUrl}/api/ingest/${kind}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
			body: JSON.stringify(body)
		});
		await res.arrayBuffer();
		if (res.status >= 400) throw new Error(`ingest ${kind} answered ${res.status}`);
	};
}

interface Firing {
	kind: string;
	host: string;
	check: string;
	id: number;
	since: number;
}

/**
 * The demo's two monitoring systems: every tick each may fire a new problem on a host of the
 * CMDB, repeat a firing one (noise that deduplicates) or recover one. Tokens are rotated at
 * start (the demo cannot read the hashed ones back), so restarts keep working.
 */
export class DemoAlerts {
	private timer: NodeJS.Timeout | null = null;
	private hosts: string[] = [];
	private sources: { kind: string; token: string }[] = [];
	private firing: Firing[] = [];
	private seq = 1;
	sent = 0;

	constructor(
		private readonly db: Db,
		private readonly send: Sender,
		private readonly rng = new Rng(Date.now() & 0xffff),
		private readonly intervalMs = 20_000
	) {}

	async init(): Promise<boolean> {
		const rows = await this.db.select().from(monitoringSources).where(inArray(monitoringSources.name, DEMO_SOURCES.map((s) => s.name)));
		for (const s of rows) {
			const { token } = await rotateSourceToken({ db: this.db, actor: actor() }, s.id, { graceSeconds: 0 });
			this.sources.push({ kind: s.kind, token });
		}
		const hosts = await this.db
			.select({ value: ciIdentities.value })
			.from(ciIdentities)
			.innerJoin(configurationItems, eq(configurationItems.id, ciIdentities.ciId))
			.where(inArray(configurationItems.classId, ['server', 'virtual_machine', 'network_device', 'storage']))
			.limit(400);
		this.hosts = hosts.map((h) => h.value);
		return this.sources.length > 0 && this.hosts.length > 0;
	}

	start(): void {
		this.timer = setInterval(() => void this.tick().catch((e) => console.error('[demo] alert tick failed:', (e as Error).message)), this.intervalMs);
		this.timer.unref();
	}

	stop(): void {
		if (this.timer) clearInterval(this.timer);
	}

	async tick(nowMs = Date.now()): Promise<void> {
		const r = this.rng;
		for (const src of this.sources) {
			const mine = this.firing.filter((f) => f.kind === src.kind);
			const roll = r.next();
			let f: Firing;
			let action: 'firing' | 'resolved';
			if (mine.length && roll < 0.35) {
				f = r.pick(mine); // the same problem again: noise the dedup absorbs
				action = 'firing';
			} else if (mine.length && roll < 0.6) {
				f = r.pick(mine);
				action = 'resolved';
				this.firing = this.firing.filter((x) => x !== f);
			} else if (mine.length < 12) {
				f = { kind: src.kind, host: r.pick(this.hosts), check: r.pick(CHECKS), id: this.seq++, since: nowMs };
				this.firing.push(f);
				action = 'firing';
			} else continue;
			await this.send(src.kind, src.token, src.kind === 'alertmanager' ? alertmanagerBody(f, action, nowMs) : nagiosBody(f, action, nowMs));
			this.sent++;
		}
	}
}

const CHECKS = ['CPU load', 'Disk space', 'Memory', 'HTTP', 'Ping', 'NTP', 'Backup age'];

export function alertmanagerBody(f: Firing, action: 'firing' | 'resolved', nowMs: number) {
	const alert = {
		status: action,
		labels: { alertname: f.check.replace(/\s+/g, ''), instance: `${f.host}:9100`, severity: f.check === 'Ping' ? 'critical' : 'warning', job: 'node' },
		annotations: { summary: `${f.check} on ${f.host}` },
		startsAt: new Date(f.since).toISOString(),
		endsAt: action === 'resolved' ? new Date(nowMs).toISOString() : '0001-01-01T00:00:00Z',
		fingerprint: `demo${f.id.toString(16).padStart(12, '0')}`
	};
	return { version: '4', groupKey: `{}:{alertname="${alert.labels.alertname}"}`, status: action, receiver: 'opshub', groupLabels: {}, commonLabels: {}, commonAnnotations: {}, externalURL: 'http://alertmanager.demo:9093', alerts: [alert] };
}

export function nagiosBody(f: Firing, action: 'firing' | 'resolved', nowMs: number) {
	return {
		NOTIFICATIONTYPE: action === 'firing' ? 'PROBLEM' : 'RECOVERY',
		HOSTNAME: f.host,
		SERVICEDESC: f.check,
		SERVICESTATE: action === 'firing' ? (f.check === 'Ping' ? 'CRITICAL' : 'WARNING') : 'OK',
		SERVICESTATETYPE: 'HARD',
		SERVICEOUTPUT: action === 'firing' ? `${f.check} threshold exceeded` : `${f.check} OK`,
		SERVICEPROBLEMID: 10_000 + f.id,
		LASTSERVICEPROBLEMID: 10_000 + f.id,
		TIMET: Math.floor(nowMs / 1000)
	};
}
