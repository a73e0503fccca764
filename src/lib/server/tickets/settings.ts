/** Desk settings (desk_settings rows; defaults here): the attachment limit and blocked types. */
import { z } from 'zod';
import { deskSettings } from '../../../../schemas/postgres/index';
import type { Db } from '../db/index';
import type { Ctx } from '../context';
import { audit } from '../audit';
import { authorize } from '../rbac/actor';
import { parseInput } from '../validate';

export interface DeskSettings {
	/** Largest attachment accepted, in bytes (25 MB by default). */
	attachmentMaxBytes: number;
	/** Refused uploads: sniffed MIME types ("application/x-msdownload") and file extensions (".exe"). */
	attachmentBlocked: string[];
}

export const DEFAULT_DESK_SETTINGS: DeskSettings = {
	attachmentMaxBytes: 25 * 1024 * 1024,
	attachmentBlocked: [
		'application/x-msdownload',
		'application/x-executable',
		'application/x-mach-binary',
		'text/x-shellscript',
		'.exe',
		'.dll',
		'.com',
		'.bat',
		'.cmd',
		'.scr',
		'.msi',
		'.ps1',
		'.vbs',
		'.js',
		'.jar',
		'.sh'
	]
};

export async function loadDeskSettings(db: Db): Promise<DeskSettings> {
	const rows = await db.select().from(deskSettings);
	const out = { ...DEFAULT_DESK_SETTINGS } as Record<string, unknown>;
	for (const r of rows) if (r.key in DEFAULT_DESK_SETTINGS) out[r.key] = r.value;
	return out as unknown as DeskSettings;
}

const settingsInput = z.object({
	attachmentMaxBytes: z.number({ error: 'must be a number' }).int('must be a whole number').min(1, 'must be ≥ 1').max(1024 * 1024 * 1024, 'must be at most 1 GiB').optional(),
	attachmentBlocked: z.array(z.string().trim().toLowerCase().min(2).max(100)).max(500).optional()
});

export async function updateDeskSettings(ctx: Ctx, raw: unknown): Promise<DeskSettings> {
	const actor = authorize(ctx.actor, 'tickets.manage');
	const input = parseInput(settingsInput, raw);
	return ctx.db.transaction(async (tx) => {
		const before = await loadDeskSettings(tx);
		for (const [key, value] of Object.entries(input)) {
			if (value === undefined) continue;
			await tx
				.insert(deskSettings)
				.values({ key, value, updatedAt: new Date() })
				.onConflictDoUpdate({ target: deskSettings.key, set: { value, updatedAt: new Date() } });
		}
		const after = await loadDeskSettings(tx);
		await audit(tx, actor, { action: 'desk_settings.updated', entityType: 'desk_settings', entityId: 'desk', before, after });
		return after;
	});
}
