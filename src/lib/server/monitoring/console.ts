/**
 * The monitoring page's verbs beyond registering and rotating: per-kind setup snippets, "send a
 * test alert" (through the real accept → process path, answering with the ticket it opened or
 * why not), and the noise view that desk managers and leads may read (monitoring.read).
 */
import { eq } from 'drizzle-orm';
import { monitoringSources, rawAlerts, tickets } from '../../../../schemas/postgres/index';
import type { Ctx } from '../context';
import type { ClickHouse } from '../analytics/clickhouse';
import { authorize } from '../rbac/actor';
import { forbidden, invalid, notFound } from '../errors';
import { runKpis } from '../kpi/index';
import type { Kind } from '../../../../ingest/normalize/types';
import type { MonitoringIngest } from './ingest';
import { noisyHosts } from './noise';
import { setupGuide, testAlertBody, type SetupGuide } from './setup';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function sourceRow(ctx: Ctx, id: string) {
	if (!UUID.test(id)) throw notFound(`Monitoring source ${id}`);
	const [s] = await ctx.db.select().from(monitoringSources).where(eq(monitoringSources.id, id));
	if (!s) throw notFound(`Monitoring source ${id}`);
	return s;
}

/** Setup snippets for a source; the token is only echoed if the caller passes it (it is stored hashed). */
export async function sourceSetup(ctx: Ctx, id: string, input: { baseUrl: string; token?: unknown }): Promise<SetupGuide> {
	authorize(ctx.actor, 'monitoring.manage');
	const s = await sourceRow(ctx, id);
	let token: string | null = null;
	if (input.token !== undefined && input.token !== null && input.token !== '') {
		if (typeof input.token !== 'string' || !input.token.startsWith(`ohm_${s.id.replace(/-/g, '')}`)) {
			throw invalid("token is not this source's token", 'token');
		}
		token = input.token;
	}
	return setupGuide({ kind: s.kind as Kind, baseUrl: input.baseUrl, token, sourceName: s.name });
}

export interface TestAlertResult {
	alertId: string;
	status: string;
	/** the ticket the test alert opened or updated, if any */
	ticket: { id: string; number: string; title: string } | null;
	/** why no ticket, in plain words */
	reason: string | null;
	outcomes: unknown;
}

/** Sends a firing test alert as the source, waits for processing (≤ waitMs) and says what happened. */
export async function sendTestAlert(ctx: Ctx, m: MonitoringIngest, id: string, opts: { nowMs?: number; waitMs?: number } = {}): Promise<TestAlertResult> {
	authorize(ctx.actor, 'monitoring.manage');
	const s = await sourceRow(ctx, id);
	const nowMs = opts.nowMs ?? Date.now();
	const body = Buffer.from(JSON.stringify(testAlertBody(s.kind as Kind, nowMs)));
	const accepted = await m.acceptFrom(s, body, { 'content-type': 'application/json', 'user-agent': 'opshub-test-alert' }, nowMs);
	const deadline = Date.now() + (opts.waitMs ?? 10_000);
	let row = (await ctx.db.select().from(rawAlerts).where(eq(rawAlerts.id, accepted.alertId)))[0];
	while ((!row || row.status === 'received') && Date.now() < deadline) {
		await new Promise((r) => setTimeout(r, 100));
		row = (await ctx.db.select().from(rawAlerts).where(eq(rawAlerts.id, accepted.alertId)))[0];
	}
	if (!row || row.status === 'received') {
		return { alertId: accepted.alertId, status: 'received', ticket: null, reason: 'The alert was accepted but is still waiting to be processed: look again in a moment.', outcomes: null };
	}
	const outcomes = (row.outcomes as { ticketId?: string | null; outcome?: string }[] | null) ?? [];
	const ticketId = outcomes.find((o) => o.ticketId)?.ticketId ?? null;
	let ticket: TestAlertResult['ticket'] = null;
	if (ticketId) {
		const [t] = await ctx.db.select({ id: tickets.id, number: tickets.number, title: tickets.title }).from(tickets).where(eq(tickets.id, ticketId));
		ticket = t ?? null;
	}
	const reason = ticket
		? null
		: row.status !== 'processed'
			? `The alert was ${row.status}: ${row.error ?? 'no detail'}`
			: `The alert was processed without a ticket (${outcomes.map((o) => o.outcome).filter(Boolean).join(', ') || 'no outcome'}), e.g. suppressed by a maintenance window or below the source's priority map.`;
	return { alertId: accepted.alertId, status: row.status, ticket, reason, outcomes: row.outcomes };
}

/** Alert noise (alerts ÷ tickets opened, time to acknowledge) and the noisiest hosts, last `days` days. */
export async function noiseView(ctx: Ctx & { ch: ClickHouse }, opts: { days?: number; nowMs?: number } = {}) {
	const a = ctx.actor;
	if (!a || !(a.permissions.has('monitoring.read') || a.permissions.has('monitoring.manage'))) throw forbidden('Permission "monitoring.read" is required');
	const now = opts.nowMs ?? Date.now();
	const to = new Date(Math.ceil((now + 1) / 60_000) * 60_000);
	const from = new Date(to.getTime() - (opts.days ?? 7) * 86_400_000);
	const [noise, hosts] = await Promise.all([
		runKpis(ctx.ch, { metrics: ['alert_noise'], from, to, filters: {}, groupBy: { dimensions: [], time: null } }),
		noisyHosts(ctx.ch, from, to, 10)
	]);
	return { from: from.toISOString(), to: to.toISOString(), noise: noise[0]?.groups[0]?.values ?? null, hosts };
}
