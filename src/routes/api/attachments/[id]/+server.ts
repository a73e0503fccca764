import { api, ctxOf } from '$lib/server/http';
import { downloadResponse, openAttachment } from '$lib/server/tickets/attachments';

/** Download (Content-Disposition: attachment, nosniff, strict CSP); ?inline=1 previews a safe image. */
export const GET = api(async (event) =>
	downloadResponse(await openAttachment(await ctxOf(event), event.params.id!, { inline: event.url.searchParams.get('inline') === '1' }))
);
