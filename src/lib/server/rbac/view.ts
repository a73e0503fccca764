import type { Actor } from './actor';

/** What a client may see of an actor. */
export function actorView(a: Actor) {
	return {
		kind: a.kind,
		id: a.accountId,
		label: a.label,
		roles: a.roles,
		permissions: [...a.permissions].sort(),
		tier: a.tier,
		departmentId: a.departmentId,
		locale: a.locale ?? null
	};
}
