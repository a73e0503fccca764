/** Reference data the CI forms offer (server side): classes with their specs, groups, departments. */
import type { Ctx } from '$lib/server/context';
import { isDomainError } from '$lib/server/errors';
import { listClasses } from '$lib/server/cmdb/classes';
import { listGroups } from '$lib/server/tickets/groups';
import { listDepartments } from '$lib/server/rbac/admin';
import { CI_STATUSES, IDENTITY_KINDS } from '$lib/server/cmdb/schemas';

/** A list the account may not read is offered empty (the form then has no such select). */
const orEmpty = <T>(p: Promise<T[]>) => p.catch((e) => (isDomainError(e) && e.code === 'FORBIDDEN' ? ([] as T[]) : Promise.reject(e)));

export async function ciFormOptions(ctx: Ctx) {
	const [classes, groups, departments] = await Promise.all([listClasses(ctx), orEmpty(listGroups(ctx)), orEmpty(listDepartments(ctx))]);
	return {
		classes: classes.map((c) => ({ id: c.id, label: c.label, spec: c.spec })),
		groups: groups.map((g) => ({ id: g.id, name: g.name })),
		departments: departments.map((d) => ({ id: d.id, code: d.code, name: d.name })),
		statuses: [...CI_STATUSES] as string[],
		identityKinds: [...IDENTITY_KINDS]
	};
}
