/**
 * The admin action around rebuildAnalytics: one rebuild at a time per process, run in the
 * background in the process that holds the live relay (it is paused for the cut-over), its
 * progress readable while it runs. Authorization: rbac.manage (administrators).
 */
import { conflict } from '../errors';
import { authorize } from '../rbac/actor';
import { chOf, type Ctx } from '../context';
import { OutboxRelay } from './relay';
import { rebuildAnalytics, type RebuildProgress, type RebuildResult } from './rebuild';

export interface RebuildStatus {
	running: boolean;
	startedAt: string | null;
	progress: RebuildProgress | null;
	result: RebuildResult | null;
	error: string | null;
}

const KEY = Symbol.for('opshub.analyticsRebuild');
type G = typeof globalThis & { [KEY]?: RebuildStatus };
const state = (): RebuildStatus =>
	((globalThis as G)[KEY] ??= { running: false, startedAt: null, progress: null, result: null, error: null });

export function analyticsRebuildStatus(ctx: Ctx): RebuildStatus {
	authorize(ctx.actor, 'rbac.manage');
	return { ...state() };
}

/** Starts a rebuild (202 at the route); 409 while one runs or when the relay lives in another process. */
export function startAnalyticsRebuild(ctx: Ctx, opts: { cluster?: string | null; relay?: OutboxRelay | null } = {}): RebuildStatus {
	authorize(ctx.actor, 'rbac.manage');
	const s = state();
	if (s.running) throw conflict('an analytics rebuild is already running');
	const relay = opts.relay === undefined ? OutboxRelay.live : opts.relay;
	if (!relay) throw conflict('no outbox relay runs in this process: start the rebuild where the relay runs (the workers leader)');
	Object.assign(s, { running: true, startedAt: new Date().toISOString(), progress: null, result: null, error: null });
	void rebuildAnalytics({ db: ctx.db, ch: chOf(ctx), relay, cluster: opts.cluster ?? null, onProgress: (p) => (s.progress = p) })
		.then((r) => (s.result = r))
		.catch((e: Error) => {
			s.error = e.message;
			console.error('[analytics] rebuild failed:', e);
		})
		.finally(() => (s.running = false));
	return { ...s };
}
