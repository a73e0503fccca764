import { api, ctxOf, jsonObject } from '$lib/server/http';
import { updateAccount } from '$lib/server/rbac/admin';

/** Body: any of { name, active, roles, tier, departmentId, groupIds, locale } (rbac.manage). */
export const PATCH = api(async (event) => updateAccount(await ctxOf(event), event.params.id ?? '', await jsonObject(event.request)));
