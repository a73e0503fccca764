import type { PageServerLoad } from './$types';
import { pageLoad } from '$lib/server/page';
import { pageCtx } from '$lib/server/http';
import { listApiTokens } from '$lib/server/rbac/auth';
import { ALL_OWNERSHIP_SCOPES } from '$lib/server/rbac/roles';

export const load: PageServerLoad = pageLoad(async ({ locals, url }) => {
	const ctx = await pageCtx(locals);
	const actor = locals.actor!;
	const all = actor.permissions.has('rbac.manage');
	const inactive = url.searchParams.get('inactive') === '1';
	const mayCreate = actor.permissions.has('tokens.create') && actor.kind === 'account';
	// rbac.manage without tokens.create cannot happen with the built-in roles; listApiTokens needs tokens.create.
	const tokens = actor.permissions.has('tokens.create') ? await listApiTokens(ctx, { all, inactive }) : [];
	return {
		tokens,
		all,
		inactive,
		mayCreate,
		meId: actor.accountId,
		scopes: mayCreate ? [...[...actor.permissions].sort(), ...ALL_OWNERSHIP_SCOPES] : []
	};
});
