/**
 * Phase timing without touching the code under test: wraps the Postgres driver's `query`
 * (drizzle calls `$client.query` on both the pg Pool and PGlite) and the ClickHouse client's
 * `command`/`query`, and sums wall time per phase, classified by the SQL text. Whatever the
 * relay spends outside those awaits is its own JavaScript (grouping, TSV building, query building).
 */
import type { Db } from '../../src/lib/server/db/index';
import type { ClickHouse } from '../../src/lib/server/analytics/clickhouse';

export type Phase = 'pg_select' | 'pg_attempts' | 'pg_mark' | 'pg_other' | 'ch_insert' | 'ch_check';

export class PhaseProbe {
	ms: Record<Phase, number> = { pg_select: 0, pg_attempts: 0, pg_mark: 0, pg_other: 0, ch_insert: 0, ch_check: 0 };
	calls: Record<Phase, number> = { pg_select: 0, pg_attempts: 0, pg_mark: 0, pg_other: 0, ch_insert: 0, ch_check: 0 };
	enabled = true;
	private undo: (() => void)[] = [];

	reset() {
		for (const k of Object.keys(this.ms) as Phase[]) {
			this.ms[k] = 0;
			this.calls[k] = 0;
		}
	}

	private wrap<T extends object>(obj: T, method: string, classify: (args: unknown[]) => Phase) {
		const o = obj as Record<string, unknown>;
		const had = Object.prototype.hasOwnProperty.call(o, method);
		const orig = o[method] as (...a: unknown[]) => Promise<unknown>;
		o[method] = async (...args: unknown[]) => {
			if (!this.enabled) return orig.apply(obj, args);
			const phase = classify(args);
			const t0 = performance.now();
			try {
				return await orig.apply(obj, args);
			} finally {
				this.ms[phase] += performance.now() - t0;
				this.calls[phase]++;
			}
		};
		this.undo.push(() => {
			if (had) o[method] = orig;
			else delete o[method];
		});
	}

	attach(db: Db, ch: ClickHouse) {
		const client = (db as unknown as { $client: object }).$client;
		this.wrap(client, 'query', (args) => {
			const a = args[0] as string | { text?: string };
			const text = (typeof a === 'string' ? a : (a?.text ?? '')).trimStart().toLowerCase();
			if (text.startsWith('select') && text.includes('from "outbox"')) return 'pg_select';
			// The in-flight record written before each INSERT (it replaced a per-row attempts bump).
			if (text.startsWith('insert into "outbox_inflight"')) return 'pg_attempts';
			if (text.startsWith('update "outbox" set "shipped_at"') || text.startsWith('update outbox set shipped_at')) return 'pg_mark';
			return 'pg_other';
		});
		this.wrap(ch.client, 'command', () => 'ch_insert');
		this.wrap(ch.client, 'query', () => 'ch_check');
		return this;
	}

	detach() {
		for (const u of this.undo.reverse()) u();
		this.undo = [];
	}

	total(): number {
		return Object.values(this.ms).reduce((s, v) => s + v, 0);
	}
}
