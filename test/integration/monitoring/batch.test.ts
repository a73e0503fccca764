/**
 * Set-based processing gives what one-at-a-time processing gives. The same scenario (first opens
 * of many problems, a host DOWN in the middle, repeats, a re-delivery, ack, resolve, a downtime,
 * CI matches with and without a set-based resolver, a malformed body) is stored twice, on two
 * sources: once processed one raw alert per transaction with every alert applied alone (the
 * reference), once queued and processed in batches with first opens gathered (set-based).
 * Tickets, problems, alert outcomes and raw statuses must be the same, keys and ids aside.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import { DRIVERS, freshDb, type TestDb } from '../../helpers/db';
import { makeDesk, type Desk } from '../../helpers/desk';
import { alertProblems, rawAlerts, ticketComments, tickets } from '../../../schemas/postgres/index';
import { nagiosHost, nagiosService } from '../../unit/ingest/factories';
import type { CiResolver } from '../../../src/lib/server/monitoring/cmdb';
import { alertEventsOf, makeSource, newIngest, tick } from './helpers';

const CI = '22222222-2222-4222-8222-222222222222';

/** A service alert on an address no CI has, unless the case names one. */
const svc = (over: Record<string, unknown>) => nagiosService({ HOSTADDRESS: '10.5.5.5', ...over });

function scenario(): (Record<string, unknown> | string)[] {
	const out: (Record<string, unknown> | string)[] = [];
	for (let i = 0; i < 40; i++) out.push(svc({ HOSTNAME: `app${i % 7}`, SERVICEDESC: `svc${i}`, SERVICEPROBLEMID: 1000 + i, SERVICESTATE: i % 3 ? 'CRITICAL' : 'WARNING' }));
	out.push(svc({ HOSTNAME: 'app1', SERVICEDESC: 'svc1', SERVICEPROBLEMID: 1001, SERVICEOUTPUT: 'repeat' }));
	out.push(out[5]); // a re-delivery of the same bytes
	out.push(nagiosHost({ HOSTNAME: 'app2', HOSTADDRESS: '10.5.5.6', HOSTPROBLEMID: 2000 }));
	for (let i = 0; i < 5; i++) out.push(svc({ HOSTNAME: 'app2', SERVICEDESC: `late${i}`, SERVICEPROBLEMID: 3000 + i }));
	out.push(svc({ NOTIFICATIONTYPE: 'ACKNOWLEDGEMENT', HOSTNAME: 'app3', SERVICEDESC: 'svc3', SERVICEPROBLEMID: 1003, NOTIFICATIONAUTHOR: 'ann', NOTIFICATIONCOMMENT: 'on it' }));
	out.push(svc({ NOTIFICATIONTYPE: 'RECOVERY', HOSTNAME: 'app4', SERVICEDESC: 'svc4', SERVICESTATE: 'OK', SERVICEPROBLEMID: 0, LASTSERVICEPROBLEMID: 1004 }));
	out.push({ NOTIFICATIONTYPE: 'DOWNTIMESTART', HOSTNAME: 'db-maint', HOSTSTATE: 'UP', HOSTOUTPUT: 'patching' });
	for (let i = 0; i < 4; i++) out.push(svc({ HOSTNAME: 'db-maint', SERVICEDESC: `m${i}`, SERVICEPROBLEMID: 4000 + i }));
	for (let i = 0; i < 6; i++) out.push(svc({ HOSTNAME: 'db01', HOSTADDRESS: i % 2 ? '10.1.2.3' : '10.7.7.7', SERVICEDESC: `ci${i}`, SERVICEPROBLEMID: 5000 + i }));
	out.push('{"NOTIFICATIONTYPE": "PROBLEM", "HOSTNAME": ');
	for (let i = 0; i < 10; i++) out.push(svc({ HOSTNAME: `tail${i}`, SERVICEDESC: 'disk', SERVICEPROBLEMID: 6000 + i }));
	return out;
}

describe.each(DRIVERS)('batched processing on %s', (driver) => {
	let t: TestDb;
	let desk: Desk;
	beforeAll(async () => {
		t = await freshDb(driver);
		desk = await makeDesk(t.db);
	});
	afterAll(async () => {
		await t?.close();
	});

	/** Everything a user sees of a source's processing, with keys, ids and times left out. */
	async function projection(sourceId: string, alertIds: (string | undefined)[]) {
		const strip = (k: string) => k.slice(sourceId.length + 1);
		const ts = await t.db.select().from(tickets).where(eq(tickets.source, sourceId));
		const byId = new Map(ts.map((x) => [x.id, x]));
		const comments = await t.db.select({ ticketId: ticketComments.ticketId, body: ticketComments.body }).from(ticketComments);
		const ticketView = (id: string | null) => {
			const x = id ? byId.get(id) : undefined;
			if (!x) return null;
			return {
				title: x.title,
				priority: x.priority,
				category: x.category,
				status: x.status,
				groupId: x.groupId,
				tier: x.tier,
				ciId: x.ciId,
				flapping: x.flapping,
				parent: x.parentId ? (byId.get(x.parentId)?.title ?? 'other') : null,
				comments: comments.filter((c) => c.ticketId === x.id).map((c) => c.body)
			};
		};
		const problems = await t.db.select().from(alertProblems).where(eq(alertProblems.sourceId, sourceId)).orderBy(asc(alertProblems.dedupKey));
		const raws = await t.db.select().from(rawAlerts).where(eq(rawAlerts.sourceId, sourceId));
		const rawById = new Map(raws.map((r) => [r.id, r]));
		return {
			tickets: ts.map((x) => ticketView(x.id)).sort((a, b) => a!.title.localeCompare(b!.title)),
			problems: problems.map((p) => ({ key: strip(p.dedupKey), state: p.state, severity: p.severity, repeats: p.repeatCount, ciId: p.ciId, ticket: ticketView(p.ticketId)?.title ?? null, parent: ticketView(p.parentTicketId)?.title ?? null })),
			raws: alertIds.map((id) => {
				const r = id ? rawById.get(id) : undefined;
				return r ? { status: r.status, outcomes: ((r.outcomes ?? []) as { outcome: string; action: string }[]).map((o) => `${o.action}:${o.outcome}`) } : null;
			}),
			events: (await alertEventsOf(t.db, sourceId)).map((e) => `${e.host}|${e.service}|${e.action}|${e.outcome}|${e.ci_id}`).sort()
		};
	}

	it.each([
		['find() per alert, one batch', false, 1, undefined],
		['findMany() set-based, one batch', true, 1, undefined],
		['findMany() set-based, batches of 7, 3 at once', true, 3, 7],
		// A zero work-time bound makes every batch hand back all but its first alert.
		['findMany() set-based, batches of 7, time bound 0', true, 1, 7, 0],
		['findMany() set-based, batches of 7, 3 at once, time bound 0', true, 3, 7, 0]
	])('batches equal one-at-a-time processing (CI resolver: %s)', async (_label, setBased, concurrency, batchMax, batchMs?: number) => {
		const ci: CiResolver = {
			find: async (_db, ids) => (ids.includes('10.1.2.3') ? { id: CI, criticality: 'low', ownerGroupId: desk.groups.L3 } : null),
			...(setBased ? { findMany: async (_db: unknown, lists: string[][]) => lists.map((ids) => (ids.includes('10.1.2.3') ? { id: CI, criticality: 'low', ownerGroupId: desk.groups.L3 } : null)) } : {})
		};
		const run = async (mode: 'single' | 'batch') => {
			const m = newIngest(t.db, { autoProcess: false, ci, setBased: mode === 'batch', ...(mode === 'batch' ? { concurrency, batchMax, batchMs } : {}) });
			const s = await makeSource(t.db, desk.admin, m, { kind: 'nagios', defaultGroupId: desk.groups.L2 });
			const ids: (string | undefined)[] = [];
			for (const body of scenario()) {
				const r = typeof body === 'string' ? await s.send(null, { raw: body }) : await s.send(body, { nowMs: tick() });
				ids.push(r.alertId);
			}
			const stored = ids.filter((x): x is string => !!x);
			const unique = [...new Set(stored)];
			if (mode === 'single') for (const id of unique) await m.processor.process(id);
			else {
				for (const id of unique) m.processor.enqueue(id);
				await m.processor.idle();
			}
			return { ...(await projection(s.sourceId, ids)), sourceId: s.sourceId };
		};
		const one = await run('single');
		const many = await run('batch');
		// The scenario is what it claims to be.
		expect(one.tickets.length).toBeGreaterThan(50);
		expect(one.tickets.filter((x) => x!.parent?.startsWith('app2')).length).toBe(11); // 6 adopted, 5 opened under it
		expect(one.problems.filter((p) => p.ticket === null)).toHaveLength(4); // the downtime's suppressed opens
		expect(one.problems.filter((p) => p.ciId === CI)).toHaveLength(3);
		expect(one.raws.filter((r) => r === null)).toHaveLength(1); // the malformed body is answered 422
		const { sourceId: _a, ...a } = one;
		const { sourceId: _b, ...b } = many;
		expect(b).toEqual(a);
	}, 120_000);
});
