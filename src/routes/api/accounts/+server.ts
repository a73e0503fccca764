import { api, ctxOf, jsonObject } from '$lib/server/http';
import { createAccount } from '$lib/server/rbac/accounts';
import { listAccounts } from '$lib/server/rbac/admin';

/** ?search=&role= : accounts with roles and groups (rbac.manage). */
export const GET = api(async (event) => ({
	accounts: await listAccounts(await ctxOf(event), { search: event.url.searchParams.get('search') ?? undefined, role: event.url.searchParams.get('role') ?? undefined })
}));

/** Create an account with its roles (rbac.manage). */
export const POST = api(async (event) => Response.json(await createAccount(await ctxOf(event), await jsonObject(event.request)), { status: 201 }));
