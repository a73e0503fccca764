/** The CMDB REST routes on the built server: status codes, error bodies, the flows end to end. */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { startServer, signIn, type RunningServer } from '../helpers/server';

const ADMIN = { OPSHUB_ADMIN_EMAIL: 'admin@example.com', OPSHUB_ADMIN_PASSWORD: 'admin-pass-123' };

describe('CMDB REST API on the built server', () => {
	let s: RunningServer;
	let cookie: string;

	const call = (method: string, p: string, body?: unknown, headers: Record<string, string> = {}) =>
		fetch(`${s.url}${p}`, {
			method,
			headers: { cookie, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
			body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body)
		});
	const json = async (r: Response) => ({ status: r.status, body: await r.json() });

	let n = 0;
	/** A CI through the API; expects 201. */
	async function ci(over: Record<string, unknown> = {}) {
		const r = await json(await call('POST', '/api/cmdb/items', { name: `http-ci-${++n}`, classId: 'application', ...over }));
		expect(r.status, JSON.stringify(r.body)).toBe(201);
		return r.body as { id: string; name: string; attributes: Record<string, unknown> };
	}

	beforeAll(async () => {
		s = await startServer(ADMIN);
		cookie = await signIn(s.url, ADMIN.OPSHUB_ADMIN_EMAIL, ADMIN.OPSHUB_ADMIN_PASSWORD);
	});
	afterAll(async () => s?.stop());

	it('creates a CI (201), reads it back and finds it by name and identity', async () => {
		const created = await ci({
			name: 'db-core-01',
			classId: 'server',
			attributes: { os: 'linux', cpu_cores: 8 },
			identities: [{ kind: 'hostname', value: 'DB-CORE-01.' }]
		});
		expect(created).toMatchObject({ name: 'db-core-01', classId: 'server', status: 'active', attributes: { os: 'linux', cpu_cores: 8 } });
		const got = await json(await call('GET', `/api/cmdb/items/${created.id}`));
		expect(got.status).toBe(200);
		expect(got.body.identities).toEqual([{ kind: 'hostname', value: 'db-core-01' }]);
		const byName = await json(await call('GET', '/api/cmdb/items?q=core-0&classId=server'));
		expect(byName.body.items.map((i: { id: string }) => i.id)).toContain(created.id);
		const byIdent = await json(await call('GET', '/api/cmdb/items?q=db-core-01'));
		expect(byIdent.body.total).toBeGreaterThanOrEqual(1);
	});

	it('answers 422 naming the attribute that breaks the class spec', async () => {
		const missing = await json(await call('POST', '/api/cmdb/items', { name: 'x', classId: 'server', attributes: {} }));
		expect(missing.status).toBe(422);
		expect(missing.body.error).toMatchObject({ code: 'UNPROCESSABLE', field: 'attributes.os' });
		expect(missing.body.error.message).toContain('os');
		// The broken rule rides along, so a page can say it in its own language.
		expect(missing.body.error.rule).toBe('required');
		const wrongType = await json(
			await call('POST', '/api/cmdb/items', { name: 'x', classId: 'server', attributes: { os: 'linux', cpu_cores: 'eight' } })
		);
		expect(wrongType.status).toBe(422);
		expect(wrongType.body.error.field).toBe('attributes.cpu_cores');
		expect(wrongType.body.error).toMatchObject({ rule: 'type', type: 'integer' });
		const extra = await json(await call('POST', '/api/cmdb/items', { name: 'x', classId: 'application', attributes: { colour: 'red' } }));
		expect(extra.status).toBe(422);
		expect(extra.body.error.message).toContain('colour');
		const badClass = await json(await call('POST', '/api/cmdb/items', { name: 'x', classId: 'spaceship' }));
		expect(badClass.status).toBe(422);
		expect(badClass.body.error.field).toBe('classId');
		const patch = await json(await call('PATCH', `/api/cmdb/items/${(await ci()).id}`, { attributesPatch: { version: 3 } }));
		expect(patch.status).toBe(422);
		expect(patch.body.error.field).toBe('attributes.version');
	});

	it('answers 409 for a monitoring identity another CI holds, and writes nothing', async () => {
		const a = await ci({ identities: [{ kind: 'ip', value: '10.9.9.9' }] });
		const before = (await json(await call('GET', '/api/cmdb/items?limit=1'))).body.total;
		const dup = await json(await call('POST', '/api/cmdb/items', { name: 'clone', classId: 'application', identities: [{ kind: 'ip', value: ' 10.9.9.9 ' }] }));
		expect(dup.status).toBe(409);
		expect(dup.body.error).toMatchObject({ code: 'CONFLICT', field: 'identities' });
		expect(dup.body.error.message).toContain(a.name);
		expect((await json(await call('GET', '/api/cmdb/items?limit=1'))).body.total).toBe(before);
		const b = await ci();
		const add = await json(await call('POST', `/api/cmdb/items/${b.id}/identities`, { kind: 'ip', value: '10.9.9.9' }));
		expect(add.status).toBe(409);
	});

	it('relates CIs (201, duplicate 409, self 422) and walks impact both ways', async () => {
		const svc = await ci({ name: 'Payroll', classId: 'business_service' });
		const app = await ci({ name: 'payroll-app' });
		const db = await ci({ name: 'payroll-db', classId: 'database', attributes: { engine: 'postgresql' } });
		const r1 = await call('POST', '/api/cmdb/relations', { fromCiId: svc.id, toCiId: app.id, type: 'depends_on' });
		expect(r1.status).toBe(201);
		const r2 = await json(await call('POST', '/api/cmdb/relations', { fromCiId: app.id, toCiId: db.id, type: 'depends_on' }));
		expect(r2.status).toBe(201);
		expect((await call('POST', '/api/cmdb/relations', { fromCiId: app.id, toCiId: db.id, type: 'depends_on' })).status).toBe(409);
		expect((await call('POST', '/api/cmdb/relations', { fromCiId: app.id, toCiId: app.id, type: 'depends_on' })).status).toBe(422);
		expect((await call('POST', '/api/cmdb/relations', { fromCiId: app.id, toCiId: db.id, type: 'likes' })).status).toBe(400);

		const up = await json(await call('GET', `/api/cmdb/items/${db.id}/impact?direction=upstream`));
		expect(up.status).toBe(200);
		expect(up.body.items.map((i: { name: string; depth: number }) => [i.name, i.depth])).toEqual([
			['payroll-app', 1],
			['Payroll', 2]
		]);
		expect(up.body.businessServices.map((b: { ciId: string }) => b.ciId)).toEqual([svc.id]);
		const down = await json(await call('GET', `/api/cmdb/items/${svc.id}/impact?direction=downstream&maxDepth=1`));
		expect(down.body.items.map((i: { name: string }) => i.name)).toEqual(['payroll-app']);
		const rels = await json(await call('GET', `/api/cmdb/items/${app.id}/relations`));
		expect(rels.body).toHaveLength(2);
		expect((await call('DELETE', `/api/cmdb/relations/${r2.body.id}`)).status).toBe(204);
		expect((await call('DELETE', `/api/cmdb/relations/${r2.body.id}`)).status).toBe(404);
		expect((await call('GET', `/api/cmdb/items/00000000-0000-4000-8000-000000000000/impact`)).status).toBe(404);
		expect((await call('GET', `/api/cmdb/items/not-a-uuid/impact`)).status).toBe(400);
	});

	it('runs a change through approval to close; illegal transitions are 409', async () => {
		const target = await ci({ name: 'web-01', classId: 'server', attributes: { os: 'linux', os_version: '11' } });
		const start = new Date(Date.now() + 3_600_000).toISOString();
		const end = new Date(Date.now() + 7_200_000).toISOString();
		const created = await json(
			await call('POST', '/api/cmdb/changes', {
				title: 'Upgrade web-01 to 12',
				type: 'normal',
				risk: 'low',
				plannedStart: start,
				plannedEnd: end,
				items: [{ ciId: target.id, patch: { attributes: { os_version: '12' } } }],
				approvers: [{ role: 'admin' }]
			})
		);
		expect(created.status).toBe(201);
		expect(created.body).toMatchObject({ status: 'draft', approvals: [{ approverRole: 'admin', decision: null }] });
		const id = created.body.id;
		const act = (action: string, body?: unknown, headers: Record<string, string> = {}) =>
			call('POST', `/api/cmdb/changes/${id}/${action}`, body, headers);

		// Not submitted yet: approving or scheduling is an illegal transition.
		const early = await json(await act('approve'));
		expect(early.status).toBe(409);
		expect(early.body.error.message).toContain('draft');
		expect((await act('schedule')).status).toBe(409);

		expect((await json(await act('submit'))).body.status).toBe('submitted');
		// Segregation of duties: the admin filed it, so the admin may not approve it, admin role or not.
		const own = await json(await act('approve', { comment: 'self-approval' }));
		expect(own.status).toBe(403);
		expect(own.body.error).toMatchObject({ code: 'FORBIDDEN', reason: 'SEGREGATION_OF_DUTIES' });
		// A second admin (seeded through the accounts API) approves it.
		const second = await json(
			await call('POST', '/api/accounts', { email: 'cab@example.com', name: 'CAB member', password: 'cab-pass-1234', roles: ['admin'] })
		);
		expect(second.status).toBe(201);
		const cab = await signIn(s.url, 'cab@example.com', 'cab-pass-1234');
		const approved = await json(await act('approve', { comment: 'CAB ok' }, { cookie: cab }));
		expect(approved.status).toBe(200);
		expect(approved.body.status).toBe('approved');
		expect(approved.body.approvals[0]).toMatchObject({ decision: 'approved', comment: 'CAB ok', decidedByLabel: 'cab@example.com' });
		expect((await act('approve', undefined, { cookie: cab })).status).toBe(409);
		expect((await json(await act('schedule'))).body.status).toBe('scheduled');
		expect((await json(await act('implement'))).body.status).toBe('implementing');
		// Implementation applied the planned attribute update.
		expect((await json(await call('GET', `/api/cmdb/items/${target.id}`))).body.attributes.os_version).toBe('12');
		expect((await act('close')).status).toBe(409);
		for (const [a, st] of [['complete', 'implemented'], ['review', 'reviewed'], ['close', 'closed']]) {
			expect((await json(await act(a))).body.status).toBe(st);
		}
		expect((await act('bogus')).status).toBe(400);
		const list = await json(await call('GET', '/api/cmdb/changes?status=closed'));
		expect(list.body.map((c: { id: string }) => c.id)).toContain(id);
	});

	it('rejects a change only with a comment, and then only closes it', async () => {
		const target = await ci();
		const created = await json(
			await call('POST', '/api/cmdb/changes', {
				title: 'Risky thing',
				type: 'emergency',
				plannedStart: '2030-01-01T00:00:00Z',
				plannedEnd: '2030-01-01T01:00:00Z',
				items: [{ ciId: target.id }],
				approvers: [{ role: 'admin' }]
			})
		);
		const id = created.body.id;
		await call('POST', `/api/cmdb/changes/${id}/submit`);
		const noComment = await json(await call('POST', `/api/cmdb/changes/${id}/reject`, { comment: '  ' }));
		expect(noComment.status).toBe(422);
		expect(noComment.body.error.field).toBe('comment');
		const rejected = await json(await call('POST', `/api/cmdb/changes/${id}/reject`, { comment: 'no rollback plan' }));
		expect(rejected.body.status).toBe('rejected');
		expect((await call('POST', `/api/cmdb/changes/${id}/schedule`)).status).toBe(409);
		expect((await json(await call('POST', `/api/cmdb/changes/${id}/close`))).body.status).toBe('closed');
		const badWindow = await json(
			await call('POST', '/api/cmdb/changes', {
				title: 'x',
				type: 'standard',
				plannedStart: '2030-01-02T00:00:00Z',
				plannedEnd: '2030-01-01T00:00:00Z',
				items: [{ ciId: target.id }]
			})
		);
		expect(badWindow.status).toBe(400);
		expect(badWindow.body.error.field).toBe('plannedEnd');
	});

	it('lists history and restores an earlier attribute set', async () => {
		const c = await ci({ attributes: { version: '1.0' } });
		await call('PATCH', `/api/cmdb/items/${c.id}`, { attributesPatch: { version: '2.0', vendor: 'acme' } });
		const hist = await json(await call('GET', `/api/cmdb/items/${c.id}/history`));
		expect(hist.status).toBe(200);
		expect(hist.body.map((h: { action: string }) => h.action)).toEqual(['ci.created', 'ci.updated']);
		const first = hist.body[0];
		const restored = await json(await call('POST', `/api/cmdb/items/${c.id}/history/${first.id}/restore`));
		expect(restored.status).toBe(200);
		expect(restored.body.attributes).toEqual({ version: '1.0' });
		const after = await json(await call('GET', `/api/cmdb/items/${c.id}/history`));
		expect(after.body.at(-1)).toMatchObject({ action: 'ci.restored', after: { restoredFrom: first.id } });
		expect((await call('POST', `/api/cmdb/items/${c.id}/history/999999/restore`)).status).toBe(404);
		expect((await call('POST', `/api/cmdb/items/${c.id}/history/abc/restore`)).status).toBe(400);
		// Another CI's history entry is not this CI's.
		const other = await ci();
		const otherHist = await json(await call('GET', `/api/cmdb/items/${other.id}/history`));
		expect((await call('POST', `/api/cmdb/items/${c.id}/history/${otherHist.body[0].id}/restore`)).status).toBe(404);
	});

	it('dry-runs a CSV import with bad rows: 422 with a line per error, nothing written', async () => {
		const before = (await json(await call('GET', '/api/cmdb/items?limit=1'))).body.total;
		const csv = [
			'name,class,status,identities,attr.os,attr.cpu_cores',
			'imp-ok-1,server,active,hostname:imp-ok-1,linux,4',
			'imp-bad-os,server,active,,beos,2',
			'imp-bad-cores,server,active,,linux,many',
			'imp-bad-class,toaster,active,,,',
			'imp-bad-status,server,exploded,,linux,1'
		].join('\n');
		const r = await json(await call('POST', '/api/cmdb/import', csv, { 'content-type': 'text/csv' }));
		expect(r.status).toBe(422);
		expect(r.body).toMatchObject({ dryRun: true, rows: 5, valid: 1, created: 0, ids: [] });
		expect(r.body.errors.map((e: { line: number; field?: string }) => [e.line, e.field])).toEqual([
			[3, 'attributes.os'],
			[4, 'attributes.cpu_cores'],
			[5, 'class'],
			[6, 'status']
		]);
		expect((await json(await call('GET', '/api/cmdb/items?limit=1'))).body.total).toBe(before);
		// Even with dryRun=false a bad file writes nothing.
		const real = await json(await call('POST', '/api/cmdb/import?dryRun=false', csv, { 'content-type': 'text/csv' }));
		expect(real.status).toBe(422);
		expect((await json(await call('GET', '/api/cmdb/items?q=imp-ok-1'))).body.total).toBe(0);
		// A clean file: dry run 200, then the JSON form writes it (201).
		const good = 'name,class,attr.os\nimp-good-1,server,linux\nimp-good-2,server,windows\n';
		const dry = await json(await call('POST', '/api/cmdb/import', good, { 'content-type': 'text/csv' }));
		expect([dry.status, dry.body.valid, dry.body.created]).toEqual([200, 2, 0]);
		const wrote = await json(await call('POST', '/api/cmdb/import', { csv: good, dryRun: false }));
		expect([wrote.status, wrote.body.created]).toEqual([201, 2]);
		expect((await json(await call('GET', '/api/cmdb/items?q=imp-good'))).body.total).toBe(2);
		const noHeader = await json(await call('POST', '/api/cmdb/import', 'title,kind\nx,y\n', { 'content-type': 'text/csv' }));
		expect(noHeader.status).toBe(400);
	});

	it('exports the inventory as JSON with identities and relations', async () => {
		const r = await call('GET', '/api/cmdb/export');
		expect(r.status).toBe(200);
		expect(r.headers.get('content-disposition')).toMatch(/attachment; filename="cmdb-export-\d{4}-\d{2}-\d{2}\.json"/);
		const body = await r.json();
		expect(body.classes.map((c: { id: string }) => c.id)).toContain('server');
		const db = body.items.find((i: { name: string }) => i.name === 'db-core-01');
		expect(db.identities).toEqual([{ kind: 'hostname', value: 'db-core-01' }]);
		expect(body.relations.length).toBeGreaterThanOrEqual(1);
	});

	it('answers bad JSON with 400 on every CMDB write route, never 500', async () => {
		const id = (await ci()).id;
		const routes: Array<[string, string]> = [
			['POST', '/api/cmdb/items'],
			['PATCH', `/api/cmdb/items/${id}`],
			['POST', `/api/cmdb/items/${id}/identities`],
			['DELETE', `/api/cmdb/items/${id}/identities`],
			['POST', '/api/cmdb/relations'],
			['POST', '/api/cmdb/changes'],
			['POST', '/api/cmdb/classes'],
			['POST', '/api/cmdb/import'],
			['POST', `/api/cmdb/changes/00000000-0000-4000-8000-000000000000/approve`],
			['POST', `/api/cmdb/changes/00000000-0000-4000-8000-000000000000/reject`]
		];
		for (const [method, p] of routes) {
			for (const body of ['{bad', '[1,', 'null', '"text"', '[]']) {
				const r = await call(method, p, body, { 'content-type': 'application/json' });
				const label = `${method} ${p} ${body}`;
				expect(r.status, label).toBe(400);
				const j = await r.json();
				expect(j.error.code, label).toBe('INVALID');
				expect(j.error.message.length, label).toBeGreaterThan(5);
			}
		}
		expect((await call('GET', '/api/cmdb/items?limit=abc')).status).toBe(400);
		expect((await call('GET', '/api/cmdb/items?status=exploded')).status).toBe(400);
		expect((await call('GET', '/api/cmdb/changes?limit=0')).status).toBe(400);
		expect((await call('GET', '/api/cmdb/changes?status=bogus')).status).toBe(400);
		expect((await call('GET', `/api/cmdb/items/${id}/impact?direction=sideways`)).status).toBe(400);
	});

	it('401 without a session', async () => {
		const r = await fetch(`${s.url}/api/cmdb/items`);
		expect(r.status).toBe(401);
	});
});
