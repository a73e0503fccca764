import { api, ctxOf, jsonObject } from '$lib/server/http';
import { createAccount } from '$lib/server/rbac/accounts';

/** Create an account with its roles (rbac.manage). */
export const POST = api(async (event) => Response.json(await createAccount(await ctxOf(event), await jsonObject(event.request)), { status: 201 }));
