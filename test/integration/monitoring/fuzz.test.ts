// 10k random and mutated bodies through the service-level ingest: every answer is 202, 413 or 422,
// never an unexpected exception; a sample of the accepted ones goes through the processor and none fails.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { DRIVERS, freshDb, type TestDb } from '../../helpers/db';
import { makeDesk, type Desk } from '../../helpers/desk';
import { rawAlerts } from '../../../schemas/postgres/index';
import { KINDS } from '../../../ingest/normalize/index';
import { amAlert, amBody, fixture, fixtureNames, generic, nagiosHost, nagiosService, solarwinds, toForm, zabbixDotted, icingaNotificationRequest } from '../../unit/ingest/factories';
import { makeSource, newIngest, type Sender } from './helpers';
import type { MonitoringIngest } from '../../../src/lib/server/monitoring/ingest';

function rng(seed: number) {
	let s = seed >>> 0;
	return () => {
		s = (s + 0x6d2b79f5) >>> 0;
		let t = s;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const N = 10_000;

describe.each(DRIVERS)('monitoring ingest fuzz on %s', (driver) => {
	let t: TestDb;
	let desk: Desk;
	let m: MonitoringIngest;
	const senders: Record<string, Sender> = {};

	beforeAll(async () => {
		t = await freshDb(driver);
		desk = await makeDesk(t.db);
		m = newIngest(t.db, { autoProcess: false });
		for (const k of KINDS) senders[k] = await makeSource(t.db, desk.admin, m, { kind: k, rateLimitPerMin: 1_000_000 });
	});
	afterAll(async () => t?.close());

	it(`${N} random/mutated bodies → only 202/413/422, and processing never fails`, async () => {
		const r = rng(driver === 'pglite' ? 1 : 2);
		const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
		const seeds: Record<string, unknown>[] = [
			...fixtureNames().map(fixture),
			nagiosService(), nagiosHost(), solarwinds(), amBody([amAlert(), amAlert({ fingerprint: 'x2' })]), generic(), zabbixDotted(), icingaNotificationRequest()
		];
		const junkValue = (): unknown =>
			pick([
				() => null, () => '', () => r() * 1e12, () => -1, () => true, () => [], () => ({}), () => 'x'.repeat(Math.floor(r() * 5000)),
				() => '$HOSTNAME$', () => '\u0000\uFFFF😀', () => ({ nested: { deep: [1, 'a', null] } }), () => '{"alerts":[{"status":"firing"}]}',
				() => 'PROBLEM', () => 'RECOVERY', () => 'firing', () => 'CRITICAL', () => '1', () => '0', () => new Array(50).fill({ status: 'firing' })
			])();
		const mutate = (o: unknown, depth = 0): unknown => {
			if (depth > 3 || o === null || typeof o !== 'object') return r() < 0.2 ? junkValue() : o;
			if (Array.isArray(o)) return o.filter(() => r() > 0.1).map((x) => mutate(x, depth + 1));
			const out: Record<string, unknown> = {};
			for (const [k, v] of Object.entries(o)) {
				const x = r();
				if (x < 0.1) continue; // drop the key
				if (x < 0.2) out[k] = junkValue();
				else if (x < 0.25) out[k.toLowerCase()] = v;
				else out[k] = mutate(v, depth + 1);
			}
			if (r() < 0.1) out[pick(['__proto__', 'constructor', 'NOTIFICATIONTYPE', 'status', 'alerts', 'EVENT.VALUE', 'host'])] = junkValue();
			return out;
		};
		const counts: Record<number, number> = {};
		const accepted: string[] = [];
		for (let i = 0; i < N; i++) {
			const kind = pick(KINDS);
			const s = senders[kind];
			const body = mutate(pick(seeds));
			const mode = r();
			let res;
			if (mode < 0.6) res = await s.send(body);
			else if (mode < 0.85 && body && typeof body === 'object' && !Array.isArray(body)) res = await s.send(toForm(body as Record<string, unknown>), { enc: 'form' });
			else if (mode < 0.95) res = await s.send(null, { raw: JSON.stringify(body)?.slice(0, Math.floor(r() * 400)) ?? '' });
			else res = await s.send(null, { raw: Buffer.from(Array.from({ length: Math.floor(r() * 300) }, () => Math.floor(r() * 256))), headers: { 'content-type': pick(['text/plain', 'application/json', 'application/x-www-form-urlencoded', '']) } });
			counts[res.status] = (counts[res.status] ?? 0) + 1;
			expect([202, 413, 422], `${kind} ${JSON.stringify(body)?.slice(0, 300)} → ${res.status} ${res.message}`).toContain(res.status);
			if (res.status === 202 && !res.duplicate && accepted.length < 400 && r() < 0.2) accepted.push(res.alertId!);
		}
		expect(counts[202]).toBeGreaterThan(N * 0.05);
		expect(counts[422]).toBeGreaterThan(N * 0.05);
		const statuses: string[] = [];
		for (const id of accepted) statuses.push(await m.processor.process(id));
		expect(statuses.filter((x) => x === 'failed')).toEqual([]);
		const [{ n }] = await t.db.select({ n: sql<number>`count(*)::int` }).from(rawAlerts).where(eq(rawAlerts.status, 'failed'));
		expect(Number(n)).toBe(0);
	}, 600_000);
});
