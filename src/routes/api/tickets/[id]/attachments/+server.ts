import { api, ctxOf } from '$lib/server/http';
import { addAttachment, listAttachments } from '$lib/server/tickets/attachments';

export const GET = api(async (event) => listAttachments(await ctxOf(event), event.params.id!));

/**
 * Upload one file as the raw request body (streamed): ?filename=…&public=false&commentId=…
 * (or an x-filename header). 201 with the stored metadata; 413 over the limit; 415 blocked type.
 */
export const POST = api(async (event) => {
	const q = event.url.searchParams;
	const len = event.request.headers.get('content-length');
	const meta = {
		filename: q.get('filename') ?? (event.request.headers.get('x-filename') ? decodeURIComponent(event.request.headers.get('x-filename')!) : undefined),
		public: q.has('public') ? q.get('public') !== 'false' : undefined,
		commentId: q.get('commentId') || undefined,
		declaredBytes: len !== null && /^\d+$/.test(len) ? Number(len) : null
	};
	const body = event.request.body as unknown as AsyncIterable<Uint8Array> | null;
	const a = await addAttachment(await ctxOf(event), event.params.id!, meta, body);
	return Response.json(a, { status: 201, headers: { location: `/api/attachments/${a.id}` } });
});
