import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { ctxOf } from '$lib/server/http';
import { actionFailure, pageLoad } from '$lib/server/page';
import { createChange, listChanges } from '$lib/server/cmdb/changes';
import { searchCis } from '$lib/server/cmdb/items';
import { CHANGE_STATES, CHANGE_TYPES, RISKS } from '$lib/server/cmdb/schemas';
import { ROLES } from '$lib/server/rbac/roles';

/** Roles that can approve, offered as approvers. */
const APPROVER_ROLES = Object.entries(ROLES)
	.filter(([, r]) => (r.permissions as string[]).includes('changes.approve'))
	.map(([id]) => id);

export const load: PageServerLoad = pageLoad(async (event) => {
	const ctx = await ctxOf(event);
	const status = event.url.searchParams.get('status') ?? '';
	const preselect = event.url.searchParams.getAll('ci');
	const [changes, cis] = await Promise.all([
		listChanges(ctx, { status: status || undefined, limit: 100 }),
		searchCis(ctx, { limit: 500 })
	]);
	return {
		status,
		states: [...CHANGE_STATES],
		types: [...CHANGE_TYPES],
		risks: [...RISKS],
		approverRoles: APPROVER_ROLES.length ? APPROVER_ROLES : ['admin'],
		preselect,
		cis: cis.items.map((c) => ({ id: c.id, name: c.name, classId: c.classId })),
		changes: changes.map((c) => ({
			id: c.id,
			title: c.title,
			type: c.type,
			risk: c.risk,
			impact: c.impact,
			status: c.status,
			items: c.items.length,
			plannedStart: c.plannedStart,
			plannedEnd: c.plannedEnd,
			requestedByLabel: c.requestedByLabel
		}))
	};
});

/** datetime-local has no zone; the form labels it UTC. */
const utc = (v: FormDataEntryValue | null) => (v ? `${v}${String(v).length === 16 ? ':00' : ''}Z` : undefined);

export const actions: Actions = {
	create: async (event) => {
		const form = await event.request.formData();
		const values = Object.fromEntries([...form.entries()].filter(([k]) => k !== 'ciIds').map(([k, v]) => [k, String(v)]));
		const ciIds = form.getAll('ciIds').map(String);
		let id: string;
		try {
			const change = await createChange(await ctxOf(event), {
				title: values.title,
				description: values.description ?? '',
				type: values.type,
				risk: values.risk,
				plannedStart: utc(form.get('plannedStart')),
				plannedEnd: utc(form.get('plannedEnd')),
				items: ciIds.map((ciId) => ({ ciId })),
				approvers: values.approverRole ? [{ role: values.approverRole }] : []
			});
			id = change.id;
		} catch (e) {
			return actionFailure(e, { values, ciIds });
		}
		redirect(303, `/cmdb/changes/${id}`);
	}
};
