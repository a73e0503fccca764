import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { ctxOf } from '$lib/server/http';
import { actionFailure, pageLoad } from '$lib/server/page';
import { authorize } from '$lib/server/rbac/actor';
import { importCis, MAX_IMPORT_ROWS } from '$lib/server/cmdb/import';

export const load: PageServerLoad = pageLoad(async (event) => {
	authorize((await ctxOf(event)).actor, 'cmdb.write');
	return { maxRows: MAX_IMPORT_ROWS };
});

const MAX_BYTES = 20 * 1024 * 1024;

/**
 * One action for both steps: `mode=check` is the dry run (the preview), `mode=apply` writes.
 * Both run the same importCis as POST /api/cmdb/import; a report with row errors is an answer,
 * not a failure (nothing was written).
 */
export const actions: Actions = {
	default: async (event) => {
		const form = await event.request.formData();
		const file = form.get('file');
		const apply = form.get('mode') === 'apply';
		if (!(file instanceof File) || file.size === 0) {
			return fail(400, { error: 'file: choose a CSV file', code: 'INVALID', field: 'file' });
		}
		if (file.size > MAX_BYTES) return fail(413, { error: `file: larger than ${MAX_BYTES} bytes`, code: 'TOO_LARGE', field: 'file' });
		try {
			const report = await importCis(await ctxOf(event), { csv: await file.text(), dryRun: !apply });
			return { report, fileName: file.name };
		} catch (e) {
			return actionFailure(e, { fileName: file.name });
		}
	}
};
