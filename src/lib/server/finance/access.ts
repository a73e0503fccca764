/** Who may see which cost center's figures: finance.read sees all; a department owner sees their own. */
import { eq } from 'drizzle-orm';
import { departments } from '../../../../schemas/postgres/index';
import type { Db } from '../db/index';
import { actsAsOwner, authorize, can, type Actor } from '../rbac/actor';
import { forbidden, notFound, unauthenticated } from '../errors';

export interface Department {
	id: string;
	code: string;
	name: string;
	ownerAccountId: string | null;
}

export async function loadDepartment(db: Db, idOrCode: string): Promise<Department> {
	const isUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(idOrCode);
	const [d] = await db
		.select({ id: departments.id, code: departments.code, name: departments.name, ownerAccountId: departments.ownerAccountId })
		.from(departments)
		.where(isUuid ? eq(departments.id, idOrCode) : eq(departments.code, idOrCode));
	if (!d) throw notFound(`Cost center ${idOrCode}`);
	return d;
}

/** Authorizes reading one cost center's statement: 403 for an owner of another cost center. */
export function authorizeCostCenter(actor: Actor | null, dept: Department): Actor {
	if (!actor) throw unauthenticated();
	if (can(actor, 'finance.read')) return actor;
	if (actor.accountId && dept.ownerAccountId === actor.accountId) {
		if (actsAsOwner(actor, 'finance.own')) return actor;
		throw forbidden('This token lacks the scope "finance.own" (statements of cost centers you own)');
	}
	throw forbidden(`Only finance or the owner of cost center ${dept.code} may read its statement`);
}

export const authorizeRead = (actor: Actor | null) => authorize(actor, 'finance.read');
export const authorizeRun = (actor: Actor | null) => authorize(actor, 'finance.run');
