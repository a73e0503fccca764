import type { Actions, PageServerLoad } from './$types';
import { ctxOf } from '$lib/server/http';
import { actionFailure, pageLoad } from '$lib/server/page';
import { isDomainError } from '$lib/server/errors';
import { getCi } from '$lib/server/cmdb/items';
import { loadClass } from '$lib/server/cmdb/classes';
import { ciGraph } from '$lib/server/cmdb/graph';
import { ciTickets } from '$lib/server/cmdb/tickets';
import { changesForCi } from '$lib/server/cmdb/changes';
import { ciHistory, restoreCiAttributes } from '$lib/server/cmdb/history';
import { can } from '$lib/server/rbac/actor';
import { RELATION_TYPES } from '$lib/server/cmdb/schemas';
import { ciFormOptions } from '../ciOptions.server';

type Snap = { attributes?: Record<string, unknown>; status?: string; name?: string } | null;

export const load: PageServerLoad = pageLoad(async (event) => {
	const ctx = await ctxOf(event);
	const id = event.params.id;
	const ci = await getCi(ctx, id);
	const [cls, graph, changes, history, tickets] = await Promise.all([
		loadClass(ctx.db, ci.classId),
		ciGraph(ctx, id, 3),
		changesForCi(ctx, id),
		ciHistory(ctx, id),
		// An account that may read the CMDB but not tickets still gets the page.
		ciTickets(ctx, id).catch((e) => (isDomainError(e) && e.code === 'FORBIDDEN' ? null : Promise.reject(e)))
	]);
	const canWrite = can(ctx.actor, 'cmdb.write');
	return {
		ci,
		canWrite,
		// The editors' choices: only for an account that may use them.
		options: canWrite ? await ciFormOptions(ctx) : null,
		relationTypes: [...RELATION_TYPES] as string[],
		cls: { id: cls.id, label: cls.label, fields: cls.spec.fields },
		graph,
		tickets,
		changes: changes.map((c) => ({ id: c.id, title: c.title, type: c.type, status: c.status, plannedStart: c.plannedStart })),
		// Newest first; only what the page shows (the snapshots can be big).
		history: history.reverse().map((h) => {
			const snap = (h.after ?? h.before) as Snap;
			return {
				id: h.id,
				at: h.at,
				actorLabel: h.actorLabel,
				action: h.action,
				entityType: h.entityType,
				attributes: h.entityType === 'ci' && snap && typeof snap.attributes === 'object' ? snap.attributes : null,
				status: h.entityType === 'ci' ? (snap?.status ?? null) : null,
				relation:
					h.entityType === 'ci_relation' ? ((h.after ?? h.before) as { fromCiId: string; toCiId: string; type: string }) : null
			};
		})
	};
});

export const actions: Actions = {
	restore: async (event) => {
		const form = await event.request.formData();
		const auditId = String(form.get('auditId') ?? '');
		try {
			await restoreCiAttributes(await ctxOf(event), { ciId: event.params.id, auditId });
			return { restored: Number(auditId) };
		} catch (e) {
			return actionFailure(e);
		}
	}
};
