import { api, ctxOf, jsonObject } from '$lib/server/http';
import { updateDepartment } from '$lib/server/rbac/admin';

/** Body: any of { name, ownerAccountId } (rbac.manage). The code is the cost centre's: fixed. */
export const PATCH = api(async (event) => updateDepartment(await ctxOf(event), event.params.id ?? '', await jsonObject(event.request)));
