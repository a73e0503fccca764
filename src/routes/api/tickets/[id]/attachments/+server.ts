import type { RequestHandler } from './$types';
import { api, ctxOf, errorResponse } from '$lib/server/http';
import { addAttachment, listAttachments } from '$lib/server/tickets/attachments';

export const GET = api(async (event) => listAttachments(await ctxOf(event), event.params.id!));

/**
 * A refused upload is still read to its end (discarded, up to this much) before the answer: a
 * client still sending when the server closes sees a connection reset instead of the 413/415 JSON.
 */
const DRAIN_MAX_BYTES = 64 * 1024 * 1024;

/**
 * Upload one file as the raw request body (streamed): ?filename=…&public=false&commentId=…
 * (or an x-filename header). 201 with the stored metadata; 413 over the limit; 415 blocked type.
 */
export const POST: RequestHandler = async (event) => {
	const q = event.url.searchParams;
	const len = event.request.headers.get('content-length');
	const meta = {
		filename: q.get('filename') ?? (event.request.headers.get('x-filename') ? decodeURIComponent(event.request.headers.get('x-filename')!) : undefined),
		public: q.has('public') ? q.get('public') !== 'false' : undefined,
		commentId: q.get('commentId') || undefined,
		declaredBytes: len !== null && /^\d+$/.test(len) ? Number(len) : null
	};
	const reader = event.request.body?.getReader() ?? null;
	// Breaking out of this loop does not cancel the reader, so the rest can still be drained.
	const body = reader
		? {
				async *[Symbol.asyncIterator]() {
					for (;;) {
						const { value, done } = await reader.read();
						if (done) return;
						yield value;
					}
				}
			}
		: null;
	try {
		const a = await addAttachment(await ctxOf(event), event.params.id!, meta, body);
		return Response.json(a, { status: 201, headers: { location: `/api/attachments/${a.id}` } });
	} catch (e) {
		if (reader) {
			let drained = 0;
			for (;;) {
				const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
				if (done) break;
				drained += value?.byteLength ?? 0;
				if (drained > DRAIN_MAX_BYTES) {
					await reader.cancel().catch(() => {});
					break;
				}
			}
		}
		return errorResponse(e);
	}
};
