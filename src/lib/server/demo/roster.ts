/**
 * The demo desk's roster: a contract and days off for every agent, believable for a 24/7 desk.
 * Most agents work 38–40 h, about one in five part-time (20–30 h); each has two days off in a
 * row (three or four for part-timers), three in four of them the weekend and the rest spread
 * round the week so Saturdays and Sundays are staffed (weekend demand is about a fifth of a
 * weekday's: demo/history.ts WEEKDAY_SHAPE; with half the desk off on weekdays the Monday peak
 * could not be staffed); a few have a day or two of leave near today.
 * Through the roster service, as the system actor "demo", so every entry is audited.
 */
import type { Db } from '../db/index';
import { systemActor } from '../rbac/actor';
import { loadRoster, putRosterEntry } from '../staffing/roster';
import { Rng } from './prng';

const DAY_MS = 86_400_000;
/** first weekday off of a two-day pair (ISO 1 = Monday … 7 = Sunday), weighted to the weekend */
const FIRST_OFF = [6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 7, 5, 1, 3];

export async function seedDemoRoster(db: Db, opts: { nowMs: number; seed: number }): Promise<number> {
	const r = new Rng(opts.seed ^ 0x5a1);
	const ctx = { db, actor: systemActor('demo') };
	const agents = await loadRoster(db);
	const today = Math.floor(opts.nowMs / DAY_MS) * DAY_MS;
	for (const a of agents) {
		const partTime = r.chance(0.2);
		const contractedHours = partTime ? r.pick([20, 24, 30]) : r.pick([40, 40, 40, 39, 38]);
		const first = r.pick(FIRST_OFF);
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
