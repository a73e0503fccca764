import { sql } from 'drizzle-orm';
import { permissions, rolePermissions, roles } from '../../../../schemas/postgres/index';
import type { Db } from '../db/index';
import { PERMISSIONS, ROLES } from './roles';

/** Makes the roles/permissions tables match ROLES/PERMISSIONS; idempotent, run at boot. */
export async function seedRbac(db: Db): Promise<void> {
	await db.transaction(async (tx) => {
		await tx
			.insert(permissions)
			.values(Object.entries(PERMISSIONS).map(([id, description]) => ({ id, description })))
			.onConflictDoUpdate({ target: permissions.id, set: { description: sql`excluded.description` } });
		await tx
			.insert(roles)
			.values(Object.entries(ROLES).map(([id, r]) => ({ id, description: r.description })))
			.onConflictDoUpdate({ target: roles.id, set: { description: sql`excluded.description` } });
		await tx.delete(rolePermissions);
		await tx
			.insert(rolePermissions)
			.values(
				Object.entries(ROLES).flatMap(([roleId, r]) =>
					r.permissions.map((permissionId) => ({ roleId, permissionId }))
				)
			);
	});
}
