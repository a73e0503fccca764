import { api, ctxOf, jsonObject } from '$lib/server/http';
import { resetPassword } from '$lib/server/rbac/admin';

/** Body: { password } (rbac.manage); audited without the secret. */
export const POST = api(async (event) => resetPassword(await ctxOf(event), event.params.id ?? '', await jsonObject(event.request)));
