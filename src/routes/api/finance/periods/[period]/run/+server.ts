import { api, ctxOf } from '$lib/server/http';
import { runChargeback } from '$lib/server/finance/run';

/** Drafts (or re-drafts) the period's statement; 409 once the period is closed. */
export const POST = api(async (event) => {
	const ctx = await ctxOf(event);
	const result = await runChargeback(ctx, ctx.ch, event.params.period);
	return Response.json(result, { status: result.replaced ? 200 : 201 });
});
