import { api, ctxOf, jsonObject } from '$lib/server/http';
import { createDepartment, listDepartments } from '$lib/server/rbac/admin';

export const GET = api(async (event) => ({ departments: await listDepartments(await ctxOf(event)) }));

/** Body: { code, name, ownerAccountId? } (rbac.manage). */
export const POST = api(async (event) => Response.json(await createDepartment(await ctxOf(event), await jsonObject(event.request)), { status: 201 }));
