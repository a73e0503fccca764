import { api, ctxOf, jsonObject } from '$lib/server/http';
import { changeAction, decideChange } from '$lib/server/cmdb/changes';

/**
 * POST /api/cmdb/changes/:id/approve|reject  body { comment } (optional for an approval)
 * POST /api/cmdb/changes/:id/submit|schedule|implement|complete|review|close
 */
export const POST = api(async (event) => {
	const ctx = await ctxOf(event);
	const { id, action } = event.params;
	if (action === 'approve' || action === 'reject') {
		// A missing body is fine; a malformed one is a 400, not a silently dropped comment.
		const body = await jsonObject(event.request, { optional: true });
		return decideChange(ctx, { changeId: id, decision: action, comment: body.comment });
	}
	return changeAction(ctx, { changeId: id, action });
});
