// Issue 18 (K1, medium 11): SLA inputs are bounded, and a stored policy that cannot be applied
// never makes ticket creation fail (the ticket gets the default policy of its priority).
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { eq } from 'drizzle-orm';
import { DRIVERS, freshDb, type TestDb } from '../helpers/db';
import { makeDesk, type Desk } from '../helpers/desk';
import { createTicket } from '../../src/lib/server/tickets/service';
import { invalidateSlaConfig, updateSlaPolicy } from '../../src/lib/server/tickets/slaConfig';
import { slaPolicies } from '../../schemas/postgres/index';

const T0 = Date.UTC(2026, 4, 14, 9, 0);

describe.each(DRIVERS)('SLA bounds on %s', (driver) => {
	let t: TestDb;
	let desk: Desk;
	beforeAll(async () => {
		t = await freshDb(driver);
		desk = await makeDesk(t.db);
	});
	afterAll(async () => t?.close());

	it.each([
		[{ unit: 'hours', value: 1e12 }, 'resolution.value: must be at most 8784 hours (one year)'],
		[{ unit: 'minutes', value: 600_000 }, 'resolution.value: must be at most 527040 minutes (one year)'],
		[{ unit: 'businessDays', value: 367 }, 'resolution.value: must be at most 366 businessDays (one year)'],
		[{ unit: 'hours', value: Number.MAX_VALUE }, 'resolution.value: must be at most 8784 hours (one year)']
	])('a target of %j is refused with 400 naming the field', async (resolution, message) => {
		const e = await updateSlaPolicy({ db: t.db, actor: desk.admin }, { priority: 'P3', calendar: 'business', response: null, resolution }).catch((x) => x);
		expect(e).toMatchObject({ code: 'INVALID', field: 'resolution.value', message });
	});

	it('a year is accepted', async () => {
		await expect(updateSlaPolicy({ db: t.db, actor: desk.admin }, { priority: 'P4', calendar: 'business', response: null, resolution: { unit: 'businessDays', value: 366 } })).resolves.toMatchObject({ priority: 'P4' });
		const { ticket } = await createTicket({ db: t.db, actor: desk.agent }, { title: 'long one', priority: 'P4', category: 'software' }, T0);
		expect(ticket.slaResolutionDueAt!.getTime()).toBeGreaterThan(T0 + 365 * 86_400_000);
	});

	it('a policy stored before the bounds does not break ticket creation: the default policy applies', async () => {
		await t.db.update(slaPolicies).set({ resolution: { unit: 'hours', value: 1e15 }, response: { unit: 'minutes', value: 1e18 } }).where(eq(slaPolicies.priority, 'P2'));
		invalidateSlaConfig(t.db);
		const { ticket } = await createTicket({ db: t.db, actor: desk.agent }, { title: 'after a bad policy', priority: 'P2', category: 'network' }, T0);
		expect(ticket.slaResolutionMs).toBe(8 * 3_600_000); // the default P2: 8 h on 24×7
		expect(ticket.slaResolutionDueAt!.toISOString()).toBe(new Date(T0 + 8 * 3_600_000).toISOString());
	});
});
