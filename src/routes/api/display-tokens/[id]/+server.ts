import { api, ctxOf } from '$lib/server/http';
import { revokeDisplayToken } from '$lib/server/boards/service';

export const DELETE = api(async (event) => {
	await revokeDisplayToken(await ctxOf(event), event.params.id!);
	return { ok: true };
});
