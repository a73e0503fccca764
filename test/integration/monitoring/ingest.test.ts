import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { DRIVERS, freshDb, type TestDb } from '../../helpers/db';
import { makeDesk, type Desk } from '../../helpers/desk';
import { auditLog, monitoringSources } from '../../../schemas/postgres/index';
import { fixture, nagiosService } from '../../unit/ingest/factories';
import type { MonitoringIngest } from '../../../src/lib/server/monitoring/ingest';
import { listSources, registerSource, rotateSourceToken } from '../../../src/lib/server/monitoring/sources';
import { openClickHouse, migrateClickHouse, chQuery, type ClickHouse } from '../../../src/lib/server/analytics/clickhouse';
import { OutboxRelay } from '../../../ingest/relay';
import { alertEventsOf, makeSource, newIngest, raw, sign, T0, tick } from './helpers';

let ch: ClickHouse;
let dir: string;
beforeAll(async () => {
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opshub-mon-'));
	ch = await openClickHouse({ url: null, dataDir: path.join(dir, 'ch') });
	await migrateClickHouse(ch);
});
afterAll(async () => {
	await ch?.close();
	fs.rmSync(dir, { recursive: true, force: true });
});

describe.each(DRIVERS)('monitoring ingest on %s', (driver) => {
	let t: TestDb;
	let desk: Desk;
	let m: MonitoringIngest;

	beforeAll(async () => {
		t = await freshDb(driver);
		desk = await makeDesk(t.db);
		m = newIngest(t.db);
	});
	afterAll(async () => {
		await m?.processor.idle();
		await t?.close();
	});

	it('registers a source (token shown once, stored hashed, audited); only monitoring.manage may', async () => {
		const s = await registerSource({ db: t.db, actor: desk.admin }, { kind: 'nagios', name: 'nagios-prod' });
		expect(s.token).toMatch(/^ohm_[0-9a-f]{32}_/);
		const [row] = await t.db.select().from(monitoringSources).where(eq(monitoringSources.id, s.id));
		expect(JSON.stringify(row)).not.toContain(s.token);
		expect((await t.db.select().from(auditLog).where(eq(auditLog.entityId, s.id))).map((a) => a.action)).toEqual(['monitoring_source.created']);
		await expect(registerSource({ db: t.db, actor: desk.agent }, { kind: 'nagios', name: 'x' })).rejects.toMatchObject({ status: 403 });
		await expect(registerSource({ db: t.db, actor: desk.admin }, { kind: 'pigeon', name: 'x' })).rejects.toMatchObject({ status: 400, field: 'kind' });
		await expect(registerSource({ db: t.db, actor: desk.admin }, { kind: 'nagios', name: 'nagios-prod' })).rejects.toMatchObject({ status: 409 });
	});

	it('accepts Bearer, Basic (password = token) and ?token=; 401 for missing/wrong, 404 for unknown or wrong kind', async () => {
		const s = await makeSource(t.db, desk.admin, m, { kind: 'nagios' });
		const body = nagiosService({ SERVICEPROBLEMID: 1001 });
		expect((await s.send(body)).status).toBe(202);
		const basic = `Basic ${Buffer.from(`nagios:${s.token}`).toString('base64')}`;
		expect((await s.send({ ...body, X: 1 }, { token: null, headers: { authorization: basic } })).status).toBe(202);
		expect((await s.send({ ...body, X: 2 }, { token: null, queryToken: s.token })).status).toBe(202);
		expect((await s.send(body, { token: null })).status).toBe(401);
		expect((await s.send(body, { token: s.token.slice(0, -2) + 'xx' })).status).toBe(401);
		expect((await s.send(body, { token: 'oph_something' })).status).toBe(401);
		expect((await s.send(body, { token: null, headers: { authorization: 'Basic !!!' } })).status).toBe(401);
		expect((await s.send(body, { kind: 'alertmanager' })).status).toBe(404);
		expect((await s.send(body, { kind: 'pigeon' })).status).toBe(404);
	});

	it('rotation: both tokens work during the grace period, the old one stops after it', async () => {
		const s = await makeSource(t.db, desk.admin, m, { kind: 'generic' });
		const now = tick();
		const r = await rotateSourceToken({ db: t.db, actor: desk.admin }, s.sourceId, { graceSeconds: 60 }, now);
		const b = (i: number) => ({ host: 'h1', service: 's', status: 'open', severity: 'minor', id: `rot-${i}` });
		expect((await s.send(b(1), { nowMs: now + 1000 })).status).toBe(202);
		expect((await s.send(b(2), { token: r.token, nowMs: now + 2000 })).status).toBe(202);
		expect((await s.send(b(3), { nowMs: now + 61_000 })).status).toBe(401);
		const r2 = await rotateSourceToken({ db: t.db, actor: desk.admin }, s.sourceId, { graceSeconds: 0 }, now + 62_000);
		expect((await s.send(b(4), { token: r.token, nowMs: now + 63_000 })).status).toBe(401);
		expect((await s.send(b(5), { token: r2.token, nowMs: now + 64_000 })).status).toBe(202);
		await expect(rotateSourceToken({ db: t.db, actor: desk.agent }, s.sourceId, {})).rejects.toMatchObject({ status: 403 });
	});

	it('413 for a body over 1 MiB; 422 naming what is missing for malformed bodies, stored as rejected', async () => {
		const s = await makeSource(t.db, desk.admin, m, { kind: 'nagios' });
		const big = await s.send(null, { raw: JSON.stringify({ HOSTNAME: 'x', pad: 'a'.repeat(1024 * 1024) }) });
		expect(big.status).toBe(413);
		const noHost = await s.send({ NOTIFICATIONTYPE: 'PROBLEM', SERVICESTATE: 'CRITICAL' });
		expect(noHost.status).toBe(422);
		expect(noHost.message).toMatch(/host/i);
		expect((await s.send(null, { raw: '{not json' })).status).toBe(422);
		expect((await s.send(null, { raw: '' })).status).toBe(422);
		expect((await s.send(null, { raw: '', enc: 'form' })).status).toBe(422);
		const sources = await listSources({ db: t.db, actor: desk.admin });
		const mine = sources.find((x) => x.id === s.sourceId)!;
		expect(mine.counts.rejected).toBe(4);
		expect(mine.recentRejects[0].error).toBeTruthy();
		expect((await alertEventsOf(t.db, s.sourceId)).map((e) => e.outcome)).toEqual(['rejected', 'rejected', 'rejected', 'rejected']);
	});

	it('HMAC: good signature accepted, bad or missing → 401, timestamp outside the window → 401', async () => {
		const secret = 'a-very-secret-hmac-key';
		const s = await makeSource(t.db, desk.admin, m, { kind: 'grafana', hmacSecret: secret, hmacWindowS: 60 });
		const body = JSON.stringify(fixture('alertmanager_firing.json'));
		const now = tick();
		const h = (sig: string, ts?: string) => ({ 'x-grafana-alerting-signature': sig, ...(ts ? { 'x-grafana-alerting-signature-timestamp': ts } : {}) });
		expect((await s.send(null, { raw: body, headers: h(sign(secret, body)), nowMs: now })).status).toBe(202);
		expect((await s.send(null, { raw: body + ' ', headers: h(sign(secret, body)), nowMs: now })).status).toBe(401);
		expect((await s.send(null, { raw: body + '  ', nowMs: now })).status).toBe(401);
		expect((await s.send(null, { raw: body + '  ', headers: h('zz'), nowMs: now })).status).toBe(401);
		const ts = String(Math.floor(now / 1000));
		expect((await s.send(null, { raw: body + '\n', headers: h(sign(secret, body + '\n', ts), ts), nowMs: now + 5000 })).status).toBe(202);
		const expired = await s.send(null, { raw: body + '\n\n', headers: h(sign(secret, body + '\n\n', ts), ts), nowMs: now + 120_000 });
		expect(expired.status).toBe(401);
		expect(expired.message).toMatch(/window/);
		// Signed without the timestamp but sent with one: the signature must cover the timestamp.
		expect((await s.send(null, { raw: body + '\t', headers: h(sign(secret, body + '\t'), ts), nowMs: now })).status).toBe(401);
	});

	it('rate limit per source → 429 with Retry-After; other sources unaffected', async () => {
		const s = await makeSource(t.db, desk.admin, m, { kind: 'generic', rateLimitPerMin: 3 });
		const other = await makeSource(t.db, desk.admin, m, { kind: 'generic', rateLimitPerMin: 3 });
		const now = tick();
		const b = (i: number) => ({ host: 'h', status: 'open', severity: 'minor', id: `rl-${i}` });
		for (let i = 0; i < 3; i++) expect((await s.send(b(i), { nowMs: now })).status).toBe(202);
		const limited = await s.send(b(9), { nowMs: now });
		expect(limited.status).toBe(429);
		expect(Number(limited.headers!['retry-after'])).toBeGreaterThanOrEqual(1);
		expect((await other.send(b(1), { nowMs: now })).status).toBe(202);
		expect((await s.send(b(10), { nowMs: now + 20_000 })).status).toBe(202);
	});

	it('alert events reach ClickHouse alert_events through the relay, once', async () => {
		const s = await makeSource(t.db, desk.admin, m, { kind: 'alertmanager' });
		await s.send(fixture('alertmanager_firing.json'));
		await s.send(fixture('alertmanager_resolved.json'));
		await m.processor.idle();
		const relay = new OutboxRelay(t.db, ch);
		await relay.drain();
		await relay.drain();
		const rows = await chQuery<{ outcome: string; n: string }>(
			ch,
			'SELECT outcome, count() AS n FROM alert_events WHERE source_id = {s:String} GROUP BY outcome ORDER BY outcome',
			{ s: s.sourceId }
		);
		expect(rows.map((r) => [r.outcome, Number(r.n)])).toEqual([['opened', 2], ['resolved', 2]]);
		const [one] = await chQuery<Record<string, string>>(ch, 'SELECT * FROM alert_events WHERE source_id = {s:String} ORDER BY at, action LIMIT 1', { s: s.sourceId });
		expect(one).toMatchObject({ source_kind: 'alertmanager', action: 'open', severity: 'critical', service: 'HighErrorRate' });
		expect(one.dedup_key).toMatch(new RegExp(`^${s.sourceId}:`));
	});

	it('the stored raw alert keeps content type and safe headers, never the credentials', async () => {
		const s = await makeSource(t.db, desk.admin, m, { kind: 'nagios' });
		const r = await s.send(nagiosService({ SERVICEPROBLEMID: 4242 }), { enc: 'form', headers: { 'user-agent': 'nagios-notify/1.0', cookie: 'x=y' } });
		const row = await raw(t.db, r.alertId!);
		expect(row.contentType).toBe('application/x-www-form-urlencoded');
		expect(row.headers).toMatchObject({ 'user-agent': 'nagios-notify/1.0' });
		expect(JSON.stringify(row.headers)).not.toMatch(/authorization|cookie|ohm_/i);
		expect(row.receivedAt.getTime()).toBeGreaterThan(T0);
	});
});
