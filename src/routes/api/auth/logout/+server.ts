import { api } from '$lib/server/http';
import { getRuntime } from '$lib/server/runtime';
import { logout, SESSION_COOKIE } from '$lib/server/rbac/auth';

export const POST = api(async ({ cookies }) => {
	const sid = cookies.get(SESSION_COOKIE);
	if (sid) await logout((await getRuntime()).pg.db, sid);
	cookies.delete(SESSION_COOKIE, { path: '/' });
	return { ok: true };
});
