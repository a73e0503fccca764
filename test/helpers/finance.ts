/** Finance test factories: cost centers with owners, finance/owner actors, ticket events in chDB. */
import { randomUUID } from 'node:crypto';
import { departments } from '../../schemas/postgres/index';
import type { Db } from '../../src/lib/server/db/index';
import { createAccount, loadAccountActor } from '../../src/lib/server/rbac/accounts';
import { systemActor, type Actor } from '../../src/lib/server/rbac/actor';
import { insertRows, type ClickHouse } from '../../src/lib/server/analytics/clickhouse';

export interface FinanceFixture {
	finance: Actor;
	ownerA: Actor;
	ownerB: Actor;
	requester: Actor;
	admin: Actor;
	/** FIN (owner A), OPS (owner B), HR (no owner): ids by code. */
	dept: Record<'FIN' | 'OPS' | 'HR', string>;
}

export async function financeFixture(db: Db, tag: string): Promise<FinanceFixture> {
	const sys = { db, actor: systemActor('test') };
	const make = async (name: string, role: string) => {
		const v = await createAccount(sys, { email: `${name}.${tag}@fin.test`, name, roles: [role] });
		return (await loadAccountActor(db, v.id))!;
	};
	const finance = await make('finance', 'finance');
	const ownerA = await make('owner-a', 'requester');
	const ownerB = await make('owner-b', 'requester');
	const requester = await make('plain', 'requester');
	const admin = await make('admin', 'admin');
	const rows = await db
		.insert(departments)
		.values([
			{ code: `FIN`, name: 'Finance dept', ownerAccountId: ownerA.accountId },
			{ code: `OPS`, name: 'Operations', ownerAccountId: ownerB.accountId },
			{ code: `HR`, name: 'Human resources' }
		])
		.returning();
	const dept = Object.fromEntries(rows.map((r) => [r.code, r.id])) as FinanceFixture['dept'];
	return { finance, ownerA, ownerB, requester, admin, dept };
}

const BASE = {
	ticket_number: 'T-1',
	actor_id: '',
	actor_kind: 'agent',
	channel: 'portal',
	group_id: '',
	agent_id: '',
	ci_id: '',
	source: '',
	status: 'new',
	from_status: '',
	sla_clock: '',
	sla_threshold: '',
	payload: ''
};

export interface EvSpec {
	departmentId: string;
	at: string;
	category?: string;
	priority?: string;
	ticketType?: string;
	tier?: string;
	/** work_logged only */
	workS?: number;
	ticketId?: string;
}

export function createdRow(s: EvSpec) {
	return {
		...BASE,
		event_id: randomUUID(),
		ticket_id: s.ticketId ?? randomUUID(),
		type: 'ticket.created',
		at: s.at,
		ticket_created_at: s.at,
		ticket_type: s.ticketType ?? 'incident',
		category: s.category ?? 'hardware',
		priority: s.priority ?? 'P2',
		tier: s.tier ?? 'L1',
		department_id: s.departmentId,
		work_s: 0
	};
}

export function workRow(s: EvSpec & { workS: number; ticketId: string }) {
	return { ...createdRow(s), type: 'ticket.work_logged', work_s: s.workS };
}

export async function insertEvents(ch: ClickHouse, rows: Record<string, unknown>[]) {
	await insertRows(ch, 'ticket_events', rows);
}
