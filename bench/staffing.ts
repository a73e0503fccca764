/**
 * Staffing pipeline timing: forecast 28 days × 48 half-hour intervals from 8 weeks of history,
 * size every interval with Erlang C (and Erlang A for comparison), then plan shifts over the
 * result with HiGHS. Target: the whole chain ≤ 2 s on a 2-core dev machine.
 *
 *   npx tsx bench/staffing.ts
 */
import { performance } from 'node:perf_hooks';
import { forecastArrivals, slotsPerWeek } from '../src/lib/server/staffing/forecast.ts';
import { erlangInputSchema } from '../src/lib/server/staffing/schemas.ts';
import { loadHighs, planShifts, type ShiftTemplate } from '../src/lib/server/staffing/shifts.ts';
import { solveErlang } from '../src/lib/server/staffing/solveErlang.ts';

const INTERVAL_MINUTES = 30 as const;
const INTERVAL_S = INTERVAL_MINUTES * 60;
const PERIODS_PER_DAY = 48;
const DAYS = 28;
const HISTORY_WEEKS = 8;

function syntheticHistory(): number[] {
	let state = 42;
	const rand = () => {
		state = (state * 1103515245 + 12345) % 2 ** 31;
		return state / 2 ** 31;
	};
	const n = HISTORY_WEEKS * slotsPerWeek(INTERVAL_MINUTES);
	return Array.from({ length: n }, (_, t) => {
		const day = Math.floor(t / PERIODS_PER_DAY) % 7;
		const hour = (t % PERIODS_PER_DAY) / 2;
		const daytime = hour >= 7 && hour < 20 ? 120 * Math.sin((Math.PI * (hour - 7)) / 13) : 0;
		return Math.round((8 + daytime) * (day >= 5 ? 0.35 : 1) * (0.9 + 0.2 * rand()));
	});
}

/** Full-time 8 h shifts starting every hour and 4 h part-time shifts every hour, no overnight wrap. */
function shiftTemplates(): ShiftTemplate[] {
	const templates: ShiftTemplate[] = [];
	for (const [lengthPeriods, label] of [
		[16, 'ft'],
		[8, 'pt']
	] as const) {
		for (let start = 0; start + lengthPeriods <= PERIODS_PER_DAY; start += 2) {
			const coverage = Array.from({ length: PERIODS_PER_DAY }, (_, p) => (p >= start && p < start + lengthPeriods ? 1 : 0)) as (0 | 1)[];
			// Part-timers cost a little more per hour (overhead per head).
			templates.push({ name: `${label}-${start / 2}h`, coverage, cost: lengthPeriods * (label === 'pt' ? 1.1 : 1) });
		}
	}
	return templates;
}

const time = async <T>(fn: () => T | Promise<T>): Promise<[T, number]> => {
	const start = performance.now();
	const value = await fn();
	return [value, performance.now() - start];
};

const history = syntheticHistory();
const horizon = DAYS * PERIODS_PER_DAY;

const [forecast, forecastMs] = await time(() => forecastArrivals({ arrivals: history, intervalMinutes: INTERVAL_MINUTES, horizon }));

const erlangRequest = (contacts: number, model: 'erlangC' | 'erlangA') =>
	erlangInputSchema.parse({
		model,
		contacts,
		intervalS: INTERVAL_S,
		ahtS: 300,
		targetAnswerS: 20,
		targetServiceLevel: 0.8,
		maxOccupancy: 0.85,
		shrinkage: 0.3,
		...(model === 'erlangA' ? { patienceS: 120, maxAbandonment: 0.05 } : {})
	});

const [erlangC, erlangCMs] = await time(() => forecast.forecast.map((contacts) => solveErlang(erlangRequest(contacts, 'erlangC'))));
const [erlangA, erlangAMs] = await time(() => forecast.forecast.map((contacts) => solveErlang(erlangRequest(contacts, 'erlangA'))));

const required = Array.from({ length: DAYS }, (_, d) =>
	erlangC.slice(d * PERIODS_PER_DAY, (d + 1) * PERIODS_PER_DAY).map((r) => r.staffed)
);
const shifts = shiftTemplates();
const [, highsLoadMs] = await time(() => loadHighs());
const [plan, shiftMs] = await time(() =>
	planShifts({ objective: 'min_cost', days: DAYS, periodsPerDay: PERIODS_PER_DAY, required, shifts })
);

const pipelineMs = forecastMs + erlangCMs + shiftMs;
const fmt = (ms: number) => `${ms.toFixed(1).padStart(8)} ms`;
console.log(`history ${history.length} intervals, horizon ${horizon} intervals (${DAYS} d × ${PERIODS_PER_DAY})`);
console.log(`forecast (backtest of 4 methods + fit)   ${fmt(forecastMs)}  method=${forecast.method} scores=${JSON.stringify(
	Object.fromEntries(Object.entries(forecast.scores).map(([k, v]) => [k, Number(v!.wape?.toFixed(4))]))
)}`);
console.log(`Erlang C × ${horizon} intervals             ${fmt(erlangCMs)}  peak agents=${Math.max(...erlangC.map((r) => r.agents))}`);
console.log(`Erlang A × ${horizon} intervals             ${fmt(erlangAMs)}  peak agents=${Math.max(...erlangA.map((r) => r.agents))}`);
console.log(`HiGHS load (once per process)           ${fmt(highsLoadMs)}`);
console.log(
	`shift MILP ${DAYS} d × ${shifts.length} shifts × ${PERIODS_PER_DAY} periods ${fmt(shiftMs)}  status=${plan.status} objective=${plan.objective}`
);
console.log(`pipeline (forecast + Erlang C + shifts)  ${fmt(pipelineMs)}  target ≤ 2000 ms: ${pipelineMs <= 2000 ? 'met' : 'MISSED'}`);
