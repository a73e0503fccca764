import { api, ctxOf } from '$lib/server/http';
import { restoreCiAttributes } from '$lib/server/cmdb/history';

/** Puts back the attribute set the CI had in that history entry. */
export const POST = api(async (event) =>
	restoreCiAttributes(await ctxOf(event), { ciId: event.params.id, auditId: event.params.auditId })
);
