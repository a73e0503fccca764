import { api, ctxOf } from '$lib/server/http';
import { rolesMatrix } from '$lib/server/rbac/admin';

/** The roles × permissions matrix, read-only (rbac.manage). */
export const GET = api(async (event) => rolesMatrix(await ctxOf(event)));
