import { api, jsonBody } from '$lib/server/http';
import { getRuntime } from '$lib/server/runtime';
import { login, SESSION_COOKIE } from '$lib/server/rbac/auth';
import { actorView } from '$lib/server/rbac/view';

export const POST = api(async ({ request, cookies, url, getClientAddress }) => {
	const rt = await getRuntime();
	const { sessionToken, expiresAt, actor } = await login(rt.pg.db, await jsonBody(request), {
		throttle: rt.loginThrottle,
		address: getClientAddress()
	});
	cookies.set(SESSION_COOKIE, sessionToken, {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		secure: url.protocol === 'https:',
		expires: expiresAt
	});
	return { me: actorView(actor) };
});
