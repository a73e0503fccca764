/**
 * The demo desk's roster: a contract and days off for every agent, believable for a 24/7 desk.
 * Most agents work 38–40 h, about one in five part-time (20–30 h); each has two days off in a
 * row (three or four for part-timers): in every group three in four have the weekend off and
 * every fourth works it, off mid-week instead (weekend demand is about a fifth of a weekday's,
 * demo/history.ts WEEKDAY_SHAPE: with half the desk off on weekdays the Monday peak could not
 * be staffed, with everyone off at weekends nights and Sundays would be empty); a few have a
 * day or two of leave near today.
 * Through the roster service, as the system actor "demo", so every entry is audited.
 */
import type { Db } from '../db/index';
import { systemActor } from '../rbac/actor';
import { loadRoster, putRosterEntry } from '../staffing/roster';
import { Rng } from './prng';

const DAY_MS = 86_400_000;
/** first weekday off of a two-day pair (ISO 1 = Monday … 7 = Sunday) for those who work weekends */
const MIDWEEK_OFF = [3, 2, 4];

export async function seedDemoRoster(db: Db, opts: { nowMs: number; seed: number }): Promise<number> {
	const r = new Rng(opts.seed ^ 0x5a1);
	const ctx = { db, actor: systemActor('demo') };
	const agents = await loadRoster(db);
	const today = Math.floor(opts.nowMs / DAY_MS) * DAY_MS;
	/** each agent's place in their (first) group, in roster order: every fourth works weekends */
	const seen = new Map<string, number>();
	const rank = new Map(agents.map((a) => {
		const g = a.groups[0] ?? '';
		const k = seen.get(g) ?? 0;
		seen.set(g, k + 1);
		return [a.accountId, k] as const;
	}));
	for (const a of agents) {
		const partTime = r.chance(0.2);
		const contractedHours = partTime ? r.pick([20, 24, 30]) : r.pick([40, 40, 40, 39, 38]);
		const k = rank.get(a.accountId) ?? 0;
		const first = k % 4 === 3 ? MIDWEEK_OFF[Math.floor(k / 4) % MIDWEEK_OFF.length] : 6;
		const nOff = partTime ? (contractedHours >= 30 ? 3 : 4) : 2;
		const weekdaysOff = Array.from({ length: nOff }, (_, k) => ((first - 1 + k) % 7) + 1);
		const leave: string[] = [];
		if (r.chance(0.12)) {
			const from = today + r.int(-3, 10) * DAY_MS;
			for (let k = 0, n = r.int(1, 4); k < n; k++) leave.push(new Date(from + k * DAY_MS).toISOString().slice(0, 10));
		}
		await putRosterEntry(ctx, a.accountId, { contractedHours, weekdaysOff, leave });
	}
	return agents.length;
}
