/**
 * Demo requesters: employees of the departments, each with a portal login (role requester,
 * the demo password), so the portal and "my tickets" have real people behind the tickets.
 */
import { accounts, roleGrants } from '../../../../schemas/postgres/index';
import { bulkInsert, type Db } from '../db/index';
import { Rng } from './prng';

const FIRST = ['Alice', 'Bruno', 'Chloé', 'David', 'Emma', 'Farid', 'Giulia', 'Hugo', 'Inès', 'Jonas', 'Karim', 'Léa', 'Marc', 'Nora', 'Omar', 'Paula', 'Quentin', 'Rosa', 'Sami', 'Tara', 'Ugo', 'Vera', 'Wen', 'Yasmine', 'Zoé'];
const LAST = ['Martin', 'Bernard', 'Dubois', 'Garcia', 'Rossi', 'Müller', 'Nguyen', 'Lefebvre', 'Moreau', 'Silva', 'Khan', 'Novak', 'Costa', 'Fischer', 'Laurent', 'Petit'];

export interface DemoRequesters {
	ids: string[];
	emails: string[];
	departmentIds: (string | null)[];
}

export async function seedDemoRequesters(
	db: Db,
	opts: { seed: number; passwordHash: string; departmentIds: string[]; count?: number }
): Promise<DemoRequesters> {
	const r = new Rng(opts.seed ^ 0x7e9);
	const n = opts.count ?? 400;
	const rows: (typeof accounts.$inferInsert)[] = [];
	const used = new Set<string>();
	for (let i = 0; rows.length < n; i++) {
		const first = r.pick(FIRST);
		const last = r.pick(LAST);
		const base = `${first}.${last}`.toLowerCase().normalize('NFD').replace(/[^a-z.]/g, '');
		const email = used.has(base) ? `${base}${i}@corp.example` : `${base}@corp.example`;
		used.add(base);
		rows.push({ id: crypto.randomUUID(), email, name: `${first} ${last}`, passwordHash: opts.passwordHash, departmentId: opts.departmentIds.length ? r.pick(opts.departmentIds) : null });
	}
	await bulkInsert(db, accounts, rows, 1000);
	await bulkInsert(db, roleGrants, rows.map((a) => ({ accountId: a.id!, roleId: 'requester' })), 1000);
	return { ids: rows.map((a) => a.id!), emails: rows.map((a) => a.email), departmentIds: rows.map((a) => a.departmentId ?? null) };
}
