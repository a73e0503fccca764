import { api, ctxOf, jsonObject } from '$lib/server/http';
import { unauthenticated } from '$lib/server/errors';
import { actorView } from '$lib/server/rbac/view';
import { updateMyProfile } from '$lib/server/rbac/accounts';
import { LOCALE_COOKIE } from '$lib/i18n/locale';

export const GET = api(async ({ locals }) => {
	if (!locals.actor) throw unauthenticated();
	return actorView(locals.actor);
});

/** Own preferences: `{ locale }`. The cookie follows so pages before sign-in keep the language. */
export const PATCH = api(async (event) => {
	const out = await updateMyProfile(await ctxOf(event), await jsonObject(event.request));
	if (out.locale) event.cookies.set(LOCALE_COOKIE, out.locale, { path: '/', httpOnly: false, sameSite: 'lax', maxAge: 400 * 86400 });
	else event.cookies.delete(LOCALE_COOKIE, { path: '/' });
	return out;
});
