/** Shared set-up for the monitoring suites: a source, a sender that encodes bodies, and lookups. */
import { createHmac } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { alertProblems, outbox, rawAlerts, ticketComments, tickets } from '../../../schemas/postgres/index';
import type { Db } from '../../../src/lib/server/db/index';
import { MonitoringIngest, type IngestOptions } from '../../../src/lib/server/monitoring/ingest';
import { registerSource } from '../../../src/lib/server/monitoring/sources';
import type { RegisterSourceInput } from '../../../src/lib/server/monitoring/schemas';
import type { Actor } from '../../../src/lib/server/rbac/actor';
import { toForm } from '../../unit/ingest/factories';

export const T0 = Date.UTC(2026, 4, 14, 3, 0, 0);

export interface Sender {
	sourceId: string;
	token: string;
	kind: string;
	/** POSTs a body; returns the ingest result or the thrown DomainError as { status, ... }. */
	send(body: unknown, opts?: SendOpts): Promise<{ status: number; alertId?: string; duplicate?: boolean; message?: string; headers?: Record<string, string> }>;
}

export interface SendOpts {
	enc?: 'json' | 'form';
	raw?: string | Buffer;
	headers?: Record<string, string>;
	token?: string | null;
	kind?: string;
	nowMs?: number;
	queryToken?: string;
}

let clock = T0;
export const tick = (ms = 1000) => (clock += ms);

export async function makeSource(db: Db, admin: Actor, m: MonitoringIngest, input: Partial<RegisterSourceInput> & { kind: RegisterSourceInput['kind'] }): Promise<Sender> {
	const src = await registerSource({ db, actor: admin }, { name: `${input.kind}-${Math.random().toString(36).slice(2, 8)}`, rateLimitPerMin: 100_000, ...input });
	return {
		sourceId: src.id,
		token: src.token,
		kind: src.kind,
		async send(body, opts = {}) {
			const enc = opts.enc ?? 'json';
			const raw = opts.raw ?? (enc === 'json' ? JSON.stringify(body) : new URLSearchParams(toForm(body as Record<string, unknown>)).toString());
			const headers: Record<string, string> = {
				'content-type': enc === 'json' ? 'application/json' : 'application/x-www-form-urlencoded',
				...(opts.token === null || opts.queryToken ? {} : { authorization: `Bearer ${opts.token ?? src.token}` }),
				...opts.headers
			};
			try {
				const r = await m.ingest({ kind: opts.kind ?? src.kind, headers, body: raw, queryToken: opts.queryToken, nowMs: opts.nowMs ?? tick() });
				return { status: 202, ...r };
			} catch (e) {
				const d = e as { status?: number; message: string; headers?: Record<string, string> };
				if (typeof d.status !== 'number') throw e;
				return { status: d.status, message: d.message, headers: d.headers };
			}
		}
	};
}

export function newIngest(db: Db, opts: IngestOptions = {}) {
	return new MonitoringIngest(db, opts);
}

export async function problem(db: Db, sourceId: string, key: string) {
	const [p] = await db.select().from(alertProblems).where(and(eq(alertProblems.sourceId, sourceId), eq(alertProblems.dedupKey, `${sourceId}:${key}`)));
	return p;
}

export async function ticketOf(db: Db, id: string | null | undefined) {
	if (!id) return undefined;
	const [t] = await db.select().from(tickets).where(eq(tickets.id, id));
	return t;
}

export async function sourceTickets(db: Db, sourceId: string) {
	return db.select().from(tickets).where(eq(tickets.source, sourceId));
}

export async function commentsOf(db: Db, ticketId: string) {
	return db.select().from(ticketComments).where(eq(ticketComments.ticketId, ticketId)).orderBy(ticketComments.at);
}

export async function raw(db: Db, id: string) {
	const [r] = await db.select().from(rawAlerts).where(eq(rawAlerts.id, id));
	return r;
}

export async function alertEventsOf(db: Db, sourceId: string): Promise<Record<string, string>[]> {
	const rows = await db.select().from(outbox).where(eq(outbox.topic, 'alert_events')).orderBy(outbox.id);
	return rows.map((r) => r.payload as Record<string, string>).filter((p) => p.source_id === sourceId);
}

export function sign(secret: string, body: string, ts?: string) {
	const mac = createHmac('sha256', secret);
	if (ts !== undefined) mac.update(`${ts}:`);
	return mac.update(body).digest('hex');
}
