import { api, ctxOf, jsonBody } from '$lib/server/http';
import { changeAction, decideChange } from '$lib/server/cmdb/changes';

/**
 * POST /api/cmdb/changes/:id/approve|reject  body { comment }
 * POST /api/cmdb/changes/:id/submit|schedule|implement|complete|review|close
 */
export const POST = api(async (event) => {
	const ctx = await ctxOf(event);
	const { id, action } = event.params;
	if (action === 'approve' || action === 'reject') {
		// The comment is optional for an approval, so an empty body is fine.
		const hasBody = event.request.headers.get('content-length') !== '0' && event.request.body !== null;
		const body = (hasBody ? await jsonBody(event.request).catch(() => ({})) : {}) as { comment?: unknown };
		return decideChange(ctx, { changeId: id, decision: action, comment: body.comment });
	}
	return changeAction(ctx, { changeId: id, action });
});
