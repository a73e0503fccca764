import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import { startServer, signIn, type RunningServer } from '../helpers/server';

const ADMIN = { OPSHUB_ADMIN_EMAIL: 'admin@example.com', OPSHUB_ADMIN_PASSWORD: 'admin-pass-123' };
const CASES = JSON.parse(fs.readFileSync(new URL('../fixtures/staffing/erlang_cases.json', import.meta.url), 'utf8'));

describe('staffing HTTP API on the built server', () => {
	let s: RunningServer;
	let cookie: string;
	const post = (p: string, body: unknown, headers: Record<string, string> = { cookie }) =>
		fetch(`${s.url}${p}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
	const get = (p: string) => fetch(`${s.url}${p}`, { headers: { cookie } });

	beforeAll(async () => {
		s = await startServer(ADMIN);
		cookie = await signIn(s.url, ADMIN.OPSHUB_ADMIN_EMAIL, ADMIN.OPSHUB_ADMIN_PASSWORD);
	});
	afterAll(async () => s?.stop());

	it('401 without a session', async () => {
		const r = await post('/api/staffing/erlang', { model: 'erlangC' }, {});
		expect(r.status).toBe(401);
	});

	it('Erlang C matches the published fixture cases', async () => {
		const [target, fixed, big] = CASES.erlangC;
		const { expect: want, ...input } = target;
		const r = await post('/api/staffing/erlang', { model: 'erlangC', ...input });
		expect(r.status).toBe(200);
		const out = await r.json();
		expect(out).toMatchObject({ model: 'erlangC', agents: want.agents, staffed: want.staffed, trafficErlangs: 10 });
		expect(out.waitProbability).toBeCloseTo(want.waitProbability, 5);
		expect(out.serviceLevel).toBeCloseTo(want.serviceLevel, 4);
		expect(out.asaS).toBeCloseTo(want.asaS, 4);
		expect(out.occupancy).toBeCloseTo(want.occupancy, 5);

		const r2 = await post('/api/staffing/erlang', { model: 'erlangC', ...(({ expect: _e, ...i }) => i)(fixed) });
		const out2 = await r2.json();
		expect(out2.agents).toBe(11);
		expect(out2.waitProbability).toBeCloseTo(fixed.expect.waitProbability, 5);
		expect(out2.serviceLevel).toBeCloseTo(fixed.expect.serviceLevel, 5);

		const r3 = await post('/api/staffing/erlang', { model: 'erlangC', ...(({ expect: _e, ...i }) => i)(big) });
		const out3 = await r3.json();
		expect(out3.agents).toBe(big.expect.agents);
		expect(out3.occupancy).toBeCloseTo(big.expect.occupancy, 3);
	});

	it('Erlang B matches the fixture cases', async () => {
		for (const c of CASES.erlangB) {
			const { expect: want, note: _n, ...input } = c;
			const r = await post('/api/staffing/erlang', { model: 'erlangB', ...input });
			expect(r.status).toBe(200);
			expect(await r.json()).toMatchObject(want);
		}
	});

	it('N ≤ traffic is reported unstable, never NaN', async () => {
		const r = await post('/api/staffing/erlang', { model: 'erlangC', trafficErlangs: 10, ahtS: 180, targetAnswerS: 20, agents: 10 });
		expect(r.status).toBe(200);
		const text = await r.text();
		expect(text).not.toContain('NaN');
		expect(JSON.parse(text)).toMatchObject({ unstable: true, asaS: null, serviceLevel: 0, waitProbability: 1, agents: 10 });
	});

	it.each([
		[{ model: 'erlangC', contacts: -1, intervalS: 1800, ahtS: 180, targetAnswerS: 20, targetServiceLevel: 0.8 }, 'contacts'],
		[{ model: 'erlangC', contacts: 100, intervalS: 1800, ahtS: 0, targetAnswerS: 20, targetServiceLevel: 0.8 }, 'ahtS'],
		[{ model: 'erlangC', contacts: 100, intervalS: 1800, ahtS: 180, targetAnswerS: 20, targetServiceLevel: 1.5 }, 'targetServiceLevel'],
		[{ model: 'erlangC', contacts: 100, intervalS: 1800, ahtS: 180, targetAnswerS: 20 }, 'targetServiceLevel'],
		[{ model: 'erlangC', contacts: 100, intervalS: 1800, ahtS: 180, targetAnswerS: 20, targetServiceLevel: 0.8, shrinkage: 1 }, 'shrinkage'],
		[{ model: 'erlangC', contacts: 100, intervalS: 1800, ahtS: 180, targetAnswerS: 20, agents: 2.5 }, 'agents'],
		[{ model: 'erlangC', contacts: 'many', intervalS: 1800, ahtS: 180, targetAnswerS: 20, targetServiceLevel: 0.8 }, 'contacts'],
		[{ model: 'erlangA', contacts: 100, intervalS: 1800, ahtS: 180, targetAnswerS: 20, targetServiceLevel: 0.8 }, 'patienceS'],
		[{ model: 'poisson', trafficErlangs: 3 }, 'model'],
		[{ model: 'erlangC', trafficErlangs: 1e300, ahtS: 180, targetAnswerS: 20, targetServiceLevel: 0.8 }, 'trafficErlangs']
	])('400 naming the field for %j', async (body, field) => {
		const r = await post('/api/staffing/erlang', body);
		expect(r.status).toBe(400);
		const { error } = await r.json();
		expect(error.code).toBe('INVALID');
		expect(error.field).toBe(field);
		expect(error.message).toContain(field);
	});

	it('400 for a body that is not an object', async () => {
		for (const body of ['[1,2]', '"x"', '{bad']) {
			const r = await post('/api/staffing/erlang', body);
			expect(r.status, body).toBe(400);
		}
	});

	it('solves a shift plan', async () => {
		const r = await post('/api/staffing/shifts/solve', {
			objective: 'min_cost',
			days: 2,
			periodsPerDay: 4,
			required: [
				[1, 2, 2, 1],
				[0, 1, 3, 1]
			],
			shifts: [
				{ name: 'early', coverage: [1, 1, 0, 0] },
				{ name: 'late', coverage: [0, 0, 1, 1] },
				{ name: 'mid', coverage: [0, 1, 1, 0] }
			]
		});
		expect(r.status).toBe(200);
		const out = await r.json();
		expect(out.status).toBe('optimal');
		expect(out.coverage).toHaveLength(2);
		out.coverage.forEach((row: number[], d: number) => row.forEach((v, p) => expect(v).toBeGreaterThanOrEqual([[1, 2, 2, 1], [0, 1, 3, 1]][d][p])));
		expect(out.objective).toBe(out.assignments.reduce((s: number, a: { agents: number }) => s + 2 * a.agents, 0));
	});

	it.each([
		[{ objective: 'min_cost', days: 2, periodsPerDay: 2, required: [[1, 1]], shifts: [{ name: 'a', coverage: [1, 1] }] }, 'required'],
		[{ objective: 'min_cost', days: 1, periodsPerDay: 2, required: [[1, 1]], shifts: [{ name: 'a', coverage: [1, 2] }] }, 'shifts.0.coverage.1'],
		[{ objective: 'cheap', days: 1, periodsPerDay: 2, required: [[1, 1]], shifts: [{ name: 'a', coverage: [1, 1] }] }, 'objective'],
		[{ objective: 'min_cost', days: 1, periodsPerDay: 2, required: [[1, 1]], shifts: [] }, 'shifts'],
		[{ objective: 'min_cost', days: 1, periodsPerDay: 2, shifts: [{ name: 'a', coverage: [1, 1] }] }, 'required'],
		[{ objective: 'min_cost', days: 100, periodsPerDay: 1, required: Array(100).fill([1]), shifts: [{ name: 'a', coverage: [1] }] }, 'days']
	])('shift solve 400 naming the field (%#)', async (body, field) => {
		const r = await post('/api/staffing/shifts/solve', body);
		expect(r.status).toBe(400);
		const { error } = await r.json();
		expect(error.field).toBe(field);
		expect(error.message).toContain(field.split('.')[0]);
	});

	it('an infeasible plan is a 200 with the reason, not an error', async () => {
		const r = await post('/api/staffing/shifts/solve', {
			objective: 'min_cost',
			days: 1,
			periodsPerDay: 3,
			required: [[1, 1, 1]],
			shifts: [{ name: 'day', coverage: [1, 1, 0] }]
		});
		expect(r.status).toBe(200);
		expect(await r.json()).toMatchObject({ status: 'infeasible', reason: { day: 0, period: 2 } });
	});

	it('the requirement answers on an empty history, and 400s name the query parameter', async () => {
		const r = await get('/api/staffing/requirement?days=2&intervalMin=60&channel=phone&targetServiceLevel=0.8&targetAnswerS=20&shrinkage=0.3&volumePct=0&ahtS=');
		expect(r.status).toBe(200);
		const out = await r.json();
		expect(out.intervals).toHaveLength(48);
		expect(out.required).toHaveLength(2);
		expect(out.required[0]).toHaveLength(24);
		expect(out.totals.contacts).toBe(0);
		expect(out.aht.source).toBe('default');
		for (const [q, field] of [
			['intervalMin=7', 'intervalMin'],
			['days=0', 'days'],
			['channel=fax', 'channel'],
			['targetServiceLevel=abc', 'targetServiceLevel'],
			['shrinkage=1', 'shrinkage'],
			['start=2025-13-40', 'start']
		]) {
			const bad = await get(`/api/staffing/requirement?${q}`);
			expect(bad.status, q).toBe(400);
			expect((await bad.json()).error.field, q).toBe(field);
		}
	});

	it('saves, publishes once, lists and compares a plan', async () => {
		const created = await post('/api/staffing/plans', { name: 'HTTP week', query: { days: 1, intervalMin: 60, channel: 'phone' } });
		expect(created.status).toBe(201);
		const plan = await created.json();
		expect(plan).toMatchObject({ name: 'HTTP week', publishedAt: null });
		expect(plan.solution.status).toBe('optimal');
		const pub = await post(`/api/staffing/plans/${plan.id}/publish`, {});
		expect(pub.status).toBe(200);
		expect((await pub.json()).publishedAt).toEqual(expect.any(String));
		expect((await post(`/api/staffing/plans/${plan.id}/publish`, {})).status).toBe(409);
		const list = await (await get('/api/staffing/plans')).json();
		expect(list.plans.map((p: { id: string }) => p.id)).toContain(plan.id);
		const cmp = await get(`/api/staffing/plans/${plan.id}/compare`);
		expect(cmp.status).toBe(200);
		expect((await cmp.json()).intervals).toHaveLength(24);
		expect((await get('/api/staffing/plans/not-a-uuid')).status).toBe(404);
		expect((await post('/api/staffing/plans', { name: '' })).status).toBe(400);
	});
});
