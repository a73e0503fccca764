import type { Actions, PageServerLoad } from './$types';
import { ctxOf } from '$lib/server/http';
import { actionFailure, pageLoad } from '$lib/server/page';
import { isDomainError } from '$lib/server/errors';
import { can } from '$lib/server/rbac/actor';
import { changeAction, decideChange, getChange, isRequester } from '$lib/server/cmdb/changes';
import { getCi } from '$lib/server/cmdb/items';
import type { ChangeState } from '$lib/server/cmdb/schemas';

/** The state actions offered from each state (the service decides; this only hides dead buttons). */
const NEXT: Partial<Record<ChangeState, string[]>> = {
	draft: ['submit'],
	approved: ['schedule'],
	scheduled: ['implement'],
	implementing: ['complete'],
	implemented: ['review'],
	reviewed: ['close'],
	rejected: ['close']
};

export const load: PageServerLoad = pageLoad(async (event) => {
	const ctx = await ctxOf(event);
	const change = await getChange(ctx, event.params.id);
	const items = await Promise.all(
		change.items.map(async (i) => {
			const ci = await getCi(ctx, i.ciId).catch((e) => (isDomainError(e) ? null : Promise.reject(e)));
			return { ...i, name: ci?.name ?? i.ciId, classId: ci?.classId ?? '' };
		})
	);
	return {
		change: { ...change, items },
		next: NEXT[change.status] ?? [],
		canWrite: can(ctx.actor, 'cmdb.write'),
		canDecide: can(ctx.actor, 'changes.approve') && change.status === 'submitted',
		// Segregation of duties: the requester sees the approve button disabled, with the reason.
		ownChange: isRequester(change, ctx.actor)
	};
});

export const actions: Actions = {
	decide: async (event) => {
		const form = await event.request.formData();
		try {
			await decideChange(await ctxOf(event), {
				changeId: event.params.id,
				decision: String(form.get('decision') ?? ''),
				comment: String(form.get('comment') ?? '')
			});
			// The page says what happened in its language, from the change's new state.
			return { done: true };
		} catch (e) {
			return actionFailure(e, { comment: String(form.get('comment') ?? '') });
		}
	},
	act: async (event) => {
		const form = await event.request.formData();
		const action = String(form.get('action') ?? '');
		try {
			await changeAction(await ctxOf(event), { changeId: event.params.id, action });
			return { done: true };
		} catch (e) {
			return actionFailure(e);
		}
	}
};
