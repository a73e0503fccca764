// Issue 18 (K1, low): what a caller can put in a request is 4xx, never 500, on both drivers:
// references to nothing (23503), numbers out of a column's range (22003); and jsonBody refuses NUL
// and unpaired surrogates naming the field.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { DRIVERS, freshDb, type TestDb } from '../helpers/db';
import { makeDesk, type Desk } from '../helpers/desk';
import { setBudgets } from '../../src/lib/server/finance/budgets';
import { createTicket } from '../../src/lib/server/tickets/service';
import { errorParts, jsonBody, badUrlPart } from '../../src/lib/server/http';

describe.each(DRIVERS)('store errors as 4xx on %s', (driver) => {
	let t: TestDb;
	let desk: Desk;
	beforeAll(async () => {
		t = await freshDb(driver);
		desk = await makeDesk(t.db);
	});
	afterAll(async () => t?.close());

	it('an unknown departmentId on a ticket is 422 naming the field (was a 500: the foreign key)', async () => {
		const e = await createTicket({ db: t.db, actor: desk.agent }, { title: 'dept', priority: 'P3', category: 'software', departmentId: randomUUID() }).catch((x) => x);
		const { status, body } = errorParts(e);
		expect(status).toBe(422);
		expect(body.error).toMatchObject({ code: 'UNPROCESSABLE', field: 'departmentId' });
		const b = await setBudgets({ db: t.db, actor: desk.admin }, { budgets: [{ departmentId: randomUUID(), period: '2026-05', costType: 'labor', amountCents: 100 }] }).catch((x) => x);
		expect(errorParts(b).status).toBe(422);
	});

	it('a number past its column is 400', async () => {
		const e = await t.db.execute(sql`select ${2 ** 31}::int4`).catch((x) => x);
		expect(errorParts(e).status).toBe(400);
	});
});

describe('jsonBody and the URL edge check', () => {
	const req = (body: string) => new Request('http://x/', { method: 'POST', body, headers: { 'content-type': 'application/json' } });
	it.each([
		['{"email":"a\\u0000@b.c"}', 'email'],
		['{"title":"x\\ud800y"}', 'title'],
		['{"a":{"b":["ok","\\udc00"]}}', 'a.b.1'],
		['{"k\\u0000":1}', 'k\u0000']
	])('%s → 400 naming %s', async (body, field) => {
		const e = await jsonBody(req(body)).catch((x) => x);
		expect(e).toMatchObject({ code: 'INVALID', field });
	});
	it('well-formed escapes pass', async () => {
		expect(await jsonBody(req('{"t":"\\ud83d\\ude00 \\u00e9"}'))).toEqual({ t: '😀 é' });
	});
	it('URLs', () => {
		expect(badUrlPart(new URL('http://x/api/tickets?q=a%00'))).toBe('q');
		expect(badUrlPart(new URL('http://x/api/cmdb/items/%ED%A0%80'))).toBe('path');
		expect(badUrlPart(new URL('http://x/api/cmdb/items/a%00'))).toBe('path');
		expect(badUrlPart(new URL('http://x/api/tickets?q=caf%C3%A9'))).toBeNull();
	});
});
