/**
 * The desk (or one group's) staffing requirement, channel by channel, in the units a lead
 * reads on the page.
 *
 * Demand is measured as **touches**: every `ticket.work_logged` event is one agent contact with
 * a ticket, and its `work_s` is the agent time that contact took. Handling time per channel is
 * therefore agent time per contact (mean work per touch), not ticket lifetime and not all the
 * work of a ticket at once.
 *
 * - phone and chat are queues: a caller waits on the line, so each interval's touches are sized
 *   with Erlang C for the answer-time target (chat: `chatConcurrency` sessions per agent, so a
 *   chat slot is 1/concurrency of an agent) — but only while the lines are open: the SLA
 *   calendar named by `queueHours` (default `business`, the desk's business hours; `24x7` keeps
 *   them open round the clock). A call or chat logged outside those hours (voicemail, callback,
 *   offline chat form) waits in the list like an email: the backlog model below, never Erlang.
 * - email, portal, api and monitoring wait in a list: the work that arrives in the last
 *   `responseTargetH` hours must be done within that time, so the heads are hours of work ÷
 *   productive hours (the workload model of `workload.ts`, `backlogAgents`).
 *
 * Blended (`blend`, default true): the queues' agents work the list between contacts, as a desk's
 * front line does, so the productive agents of an interval are the queues' Erlang C agents, or
 * all the work (queue load + list work, in busy agents) ÷ max occupancy if that is more: never
 * fewer than Erlang C asks for the queues. `blend=false` plans the queues as a separate team
 * (the sum of the channels' agents: the conservative plan of before). Either way the figure stays
 * fractional, is grossed up for shrinkage, and is rounded to whole heads once per interval:
 * heads = ⌈productive ÷ (1 − shrinkage)⌉.
 * Every input is in page units (percent, hours) and bounded, with the error in those units.
 */
import { z } from 'zod';
import type { ClickHouse } from '../analytics/clickhouse';
import { chQuery, num } from '../analytics/clickhouse';
import { chTime } from '../kpi/sql';
import { authorize } from '../rbac/actor';
import { loadSlaConfig } from '../tickets/slaConfig';
import { erlangCAgents } from './erlang';
import { backlogAgents, headsWithShrinkage, safeCeil } from './workload';
import { isBusinessTime, type BusinessCalendar } from '../sla/calendar';
import { DEFAULT_CALENDARS } from '../sla/policies';
import { forecastArrivals, forecastMethods, type ForecastMethod } from './forecast';
import { holidayFlags, DEFAULT_AHT_S, type RequirementInterval, type StaffingCtx } from './requirement';
import { parseStaffing, MAX_TRAFFIC_ERLANGS } from './calculate';
import { CHANNELS, type Channel } from '../../../../schemas/events';

const DAY_MS = 86_400_000;

/** Channels with a caller waiting on the line: Erlang C. Everything else is a work list. */
export const QUEUE_CHANNELS: readonly Channel[] = ['phone', 'chat'];
export type ChannelModel = 'erlangC' | 'workload';
export const modelOf = (c: Channel): ChannelModel => (QUEUE_CHANNELS.includes(c) ? 'erlangC' : 'workload');
/** When phone and chat are answered live: an SLA calendar id (Admin → SLA calendars). */
export const QUEUE_HOURS = ['business', '24x7'] as const;
export type QueueHours = (typeof QUEUE_HOURS)[number];

import { DESK_BOUNDS } from '../../staffing/deskBounds';
export { DESK_BOUNDS };

type BoundName = keyof typeof DESK_BOUNDS;
const UNIT: Record<BoundName, string> = {
	serviceLevelPct: ' %',
	targetAnswerS: ' s',
	chatAnswerS: ' s',
	chatConcurrency: ' chats',
	shrinkagePct: ' %',
	maxOccupancyPct: ' %',
	responseTargetH: ' h',
	volumePct: ' %',
	days: ' days',
	historyWeeks: ' weeks'
};
const WHOLE: ReadonlySet<BoundName> = new Set(['chatConcurrency', 'days', 'historyWeeks']);

/** '' and absent are "not given"; numbers and numeric strings are read; the message is in page units. */
const bounded = (field: BoundName) => {
	const b = DESK_BOUNDS[field];
	const msg = `${field} must be ${WHOLE.has(field) ? 'a whole number ' : ''}from ${b.min} to ${b.max}${UNIT[field]}`;
	return z.preprocess(
		(v) => (v === '' || v === undefined || v === null ? undefined : typeof v === 'string' ? Number(v) : v),
		z
			.number({ error: msg })
			.refine((v) => Number.isFinite(v) && v >= b.min && v <= b.max && (!WHOLE.has(field) || Number.isInteger(v)), { error: msg })
			.optional()
	);
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const deskQuerySchema = z.object({
	start: z
		.string()
		.regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'start must be a date YYYY-MM-DD' })
		.refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)), { error: 'start must be a real date' })
		.optional(),
	days: bounded('days'),
	intervalMin: z
		.preprocess((v) => (v === '' || v === undefined ? undefined : Number(v)), z.union([z.literal(15), z.literal(30), z.literal(60)], { error: 'intervalMin must be 15, 30 or 60 minutes' }).optional()),
	historyWeeks: bounded('historyWeeks'),
	method: z.enum(forecastMethods, { error: `method must be one of ${forecastMethods.join(', ')}` }).optional(),
	/** one group's plan: its touches only; absent = the whole desk */
	groupId: z.preprocess((v) => (v === '' ? undefined : v), z.string().regex(UUID, { error: 'groupId must be a group id' }).optional()),
	/** comma-separated; absent = every channel the group (or desk) logged work in */
	channels: z.preprocess(
		(v) => (v === '' || v === undefined ? undefined : typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter(Boolean) : v),
		z.array(z.enum(CHANNELS, { error: `channels must be among ${CHANNELS.join(', ')}` })).min(1, { error: 'channels must list at least one channel' }).optional()
	),
	serviceLevelPct: bounded('serviceLevelPct'),
	targetAnswerS: bounded('targetAnswerS'),
	chatAnswerS: bounded('chatAnswerS'),
	chatConcurrency: bounded('chatConcurrency'),
	shrinkagePct: bounded('shrinkagePct'),
	maxOccupancyPct: bounded('maxOccupancyPct'),
	responseTargetH: bounded('responseTargetH'),
	volumePct: bounded('volumePct'),
	/** the SLA calendar during which phone and chat are answered live (default business) */
	queueHours: z.preprocess(
		(v) => (v === '' ? undefined : v),
		z.enum(QUEUE_HOURS, { error: `queueHours must be one of ${QUEUE_HOURS.join(', ')}` }).optional()
	),
	/** true (default): queue agents work the list between contacts; false: separate teams, summed */
	blend: z.preprocess(
		(v) => (v === '' || v === undefined ? undefined : v === 'true' || v === true ? true : v === 'false' || v === false ? false : v),
		z.boolean({ error: 'blend must be true or false' }).optional()
	)
});
export type DeskQuery = z.infer<typeof deskQuerySchema>;

export interface DeskParams {
	start: Date;
	days: number;
	intervalMin: 15 | 30 | 60;
	historyWeeks: number;
	method?: ForecastMethod;
	groupId: string | null;
	channels: Channel[] | null;
	serviceLevelPct: number;
	targetAnswerS: number;
	chatAnswerS: number;
	chatConcurrency: number;
	shrinkagePct: number;
	maxOccupancyPct: number;
	responseTargetH: number;
	volumePct: number;
	queueHours: QueueHours;
	blend: boolean;
}

export function deskParams(q: DeskQuery, now = Date.now()): DeskParams {
	const d = <K extends BoundName>(k: K) => (q[k as keyof DeskQuery] as number | undefined) ?? DESK_BOUNDS[k].default;
	return {
		start: q.start ? new Date(`${q.start}T00:00:00Z`) : new Date(Math.floor(now / DAY_MS) * DAY_MS),
		days: d('days'),
		intervalMin: (q.intervalMin ?? 30) as 15 | 30 | 60,
		historyWeeks: d('historyWeeks'),
		method: q.method,
		groupId: q.groupId ?? null,
		channels: q.channels ? [...new Set(q.channels)] : null,
		serviceLevelPct: d('serviceLevelPct'),
		targetAnswerS: d('targetAnswerS'),
		chatAnswerS: d('chatAnswerS'),
		chatConcurrency: d('chatConcurrency'),
		shrinkagePct: d('shrinkagePct'),
		maxOccupancyPct: d('maxOccupancyPct'),
		responseTargetH: d('responseTargetH'),
		volumePct: d('volumePct'),
		queueHours: q.queueHours ?? 'business',
		blend: q.blend ?? true
	};
}

/** Touches and the agent time they took, per channel, dense per interval. */
export interface ChannelHistory {
	channel: Channel;
	touches: number[];
	workS: number;
	nTouches: number;
}

export interface DeskHistory {
	channels: ChannelHistory[];
	holidays: boolean[];
	futureHolidays: boolean[];
	/**
	 * Per horizon interval: phone and chat answered live (the `queueHours` calendar is open at the
	 * interval's midpoint). Absent = always open (24×7).
	 */
	queueOpen?: boolean[];
}

/** Pure: whether the queue channels are open in each of `n` intervals from `fromMs` (at each midpoint). */
export function queueOpenFlags(fromMs: number, n: number, intervalMin: number, calendar: BusinessCalendar | undefined): boolean[] {
	if (!calendar) return new Array<boolean>(n).fill(true);
	const stepMs = intervalMin * 60_000;
	return Array.from({ length: n }, (_, i) => isBusinessTime(calendar, fromMs + i * stepMs + stepMs / 2));
}

export const TOUCHES_SQL = `
SELECT toUnixTimestamp(toStartOfInterval(at, toIntervalMinute({intervalMin:UInt32}))) AS bucket_s,
       channel,
       count() AS touches,
       sum(work_s) AS work_sum
FROM ticket_events
WHERE type = 'ticket.work_logged' AND work_s > 0
  AND at >= {from:DateTime64(3, 'UTC')} AND at < {to:DateTime64(3, 'UTC')}
  AND ({groupId:String} = '' OR group_id = {groupId:String})
GROUP BY bucket_s, channel
ORDER BY bucket_s`;

/** I/O: touches per channel and interval over [from, to), one group's or the desk's. */
export async function touchesByChannel(
	ch: ClickHouse,
	w: { from: Date; to: Date; intervalMin: number; groupId: string | null }
): Promise<ChannelHistory[]> {
	const intervalMs = w.intervalMin * 60_000;
	const n = Math.max(0, Math.round((w.to.getTime() - w.from.getTime()) / intervalMs));
	const rows = await chQuery<{ bucket_s: string | number; channel: string; touches: string | number; work_sum: string | number }>(ch, TOUCHES_SQL, {
		from: chTime(w.from),
		to: chTime(w.to),
		intervalMin: w.intervalMin,
		groupId: w.groupId ?? ''
	});
	const byChannel = new Map<string, ChannelHistory>();
	for (const r of rows) {
		if (!(CHANNELS as readonly string[]).includes(r.channel)) continue;
		let h = byChannel.get(r.channel);
		if (!h) byChannel.set(r.channel, (h = { channel: r.channel as Channel, touches: new Array<number>(n).fill(0), workS: 0, nTouches: 0 }));
		const i = Math.floor((num(r.bucket_s) * 1000 - w.from.getTime()) / intervalMs);
		if (i < 0 || i >= n) continue;
		h.touches[i] += num(r.touches);
		h.nTouches += num(r.touches);
		h.workS += num(r.work_sum);
	}
	return CHANNELS.filter((c) => byChannel.has(c)).map((c) => byChannel.get(c)!);
}

export interface DeskChannel {
	channel: Channel;
	model: ChannelModel;
	/** mean agent seconds per touch in the history (default when there was none) */
	ahtS: number;
	ahtSource: 'measured' | 'default';
	forecastMethod: string;
	/** forecast touches over the horizon */
	touches: number;
	/** forecast agent hours of work over the horizon (touches × AHT) */
	workHours: number;
	/** productive agents for this channel per interval (fractional: chat slots ÷ concurrency, workload) */
	agents: number[];
	peakAgents: number;
	/** queue channels: intervals answered live (Erlang C); the others' touches went to the list */
	liveIntervals?: number;
	/** queue channels: forecast touches outside the live hours, planned as list work */
	offHoursTouches?: number;
}

export interface DeskInterval extends RequirementInterval {
	/** productive agents per channel in this interval, same order as `channels` */
	byChannel: number[];
	/** phone and chat answered live in this interval */
	queuesOpen: boolean;
}

export interface DeskRequirement {
	kind: 'desk';
	params: Omit<DeskParams, 'start'> & { start: string; end: string; channel: string };
	periodsPerDay: number;
	channels: DeskChannel[];
	forecast: { method: string; chosenBy: string; notes: string[]; historyIntervals: number };
	aht: { meanS: number; source: 'slot' | 'mean' | 'default' | 'mixed' };
	intervals: DeskInterval[];
	required: number[][];
	totals: { contacts: number; workHours: number; agentHours: number; staffedHours: number; peakStaffed: number; peakAgents: number };
	/** plain words for the page: what each method does */
	explain: string[];
}

const round3 = (v: number) => Math.round(v * 1000) / 1000;

/** Pure: history and parameters in, requirement out. */
export function buildDeskRequirement(p: DeskParams, h: DeskHistory): DeskRequirement {
	const periodsPerDay = (24 * 60) / p.intervalMin;
	const horizon = p.days * periodsPerDay;
	const intervalS = p.intervalMin * 60;
	const volume = 1 + p.volumePct / 100;
	const occupancy = p.maxOccupancyPct / 100;
	const sl = p.serviceLevelPct / 100;
	const windowIntervals = Math.max(1, Math.round((p.responseTargetH * 3600) / intervalS));
	const shrinkage = p.shrinkagePct / 100;
	const liveAt = (i: number) => h.queueOpen?.[i] ?? true;
	const wanted = p.channels ?? h.channels.map((c) => c.channel);
	const notes: string[] = [];
	const channels: DeskChannel[] = [];
	/** forecast touches per channel (same order as channels) */
	const forecasts: number[][] = [];
	/** per channel and interval: Erlang C agents on the live queue, and the queue's load in agents */
	const queueAgents: number[][] = [];
	const queueLoad: number[][] = [];
	for (const channel of wanted) {
		const hist = h.channels.find((c) => c.channel === channel);
		const arrivals = hist?.touches ?? new Array<number>(h.holidays.length).fill(0);
		const fc = forecastArrivals({ arrivals, holidays: h.holidays, intervalMinutes: p.intervalMin, horizon, method: p.method });
		for (const n of fc.notes) notes.push(`${channel}: ${n}`);
		const measured = hist !== undefined && hist.nTouches > 0;
		const ahtS = measured ? hist.workS / hist.nTouches : DEFAULT_AHT_S;
		const touches = fc.forecast.map((v) => Math.max(0, v * volume));
		const model = modelOf(channel);
		const agents = new Array<number>(horizon).fill(0);
		const onQueue = new Array<number>(horizon).fill(0);
		const load = new Array<number>(horizon).fill(0);
		// The list: all of a workload channel's touches; a queue's only while its lines are closed.
		const listed = model === 'erlangC' ? touches.map((t, i) => (liveAt(i) ? 0 : t)) : touches;
		let liveIntervals = 0;
		if (model === 'erlangC') {
			for (let i = 0; i < horizon; i++) {
				if (!liveAt(i)) continue;
				liveIntervals++;
				if (touches[i] <= 0) continue;
				const erlangs = Math.min((touches[i] * ahtS) / intervalS, MAX_TRAFFIC_ERLANGS);
				const target = channel === 'chat' ? p.chatAnswerS : p.targetAnswerS;
				const servers = erlangCAgents({ trafficErlangs: erlangs, ahtS, targetAnswerS: target, targetServiceLevel: sl, maxOccupancy: occupancy }).agents;
				// Chat: Erlang C sizes slots; an agent holds `chatConcurrency` of them, so a slot is a
				// fraction of an agent, rounded with the other channels' work, not on its own.
				const per = channel === 'chat' ? p.chatConcurrency : 1;
				agents[i] = onQueue[i] = servers / per;
				load[i] = erlangs / per;
			}
		}
		// The work of the last `responseTargetH` hours is done within that time: a moving sum.
		let items = 0;
		for (let i = 0; i < horizon; i++) {
			items += listed[i];
			if (i >= windowIntervals) items -= listed[i - windowIntervals];
			// the moving sum drifts by ulps once the window empties: that is no work, not a sliver of it
			if (items < 1e-9) items = 0;
			if (items === 0) continue;
			const b = backlogAgents({ items, ahtS, windowS: windowIntervals * intervalS, productiveShare: occupancy });
			agents[i] += b.workHours / b.productiveHoursPerAgent;
		}
		const totalTouches = touches.reduce((a, b) => a + b, 0);
		forecasts.push(touches);
		queueAgents.push(onQueue);
		queueLoad.push(load);
		channels.push({
			channel,
			model,
			ahtS: round3(ahtS),
			ahtSource: measured ? 'measured' : 'default',
			forecastMethod: fc.method,
			touches: round3(totalTouches),
			workHours: round3((totalTouches * ahtS) / 3600),
			agents: agents.map(round3),
			peakAgents: round3(Math.max(0, ...agents)),
			...(model === 'erlangC' ? { liveIntervals, offHoursTouches: round3(listed.reduce((a, b) => a + b, 0)) } : {})
		});
	}
	const intervals: DeskInterval[] = [];
	const required: number[][] = Array.from({ length: p.days }, () => new Array<number>(periodsPerDay).fill(0));
	let contacts = 0;
	let agentIntervals = 0;
	let staffedIntervals = 0;
	let peakStaffed = 0;
	let peakAgents = 0;
	let erlangTouches = 0;
	let workS = 0;
	for (let i = 0; i < horizon; i++) {
		const day = Math.floor(i / periodsPerDay);
		const period = i % periodsPerDay;
		// Unrounded per channel, so each small channel does not add a whole person of its own.
		const byChannel = channels.map((c) => c.agents[i]);
		let productive = byChannel.reduce((a, b) => a + b, 0);
		if (p.blend) {
			// Blended: the queues' agents take list work between contacts, up to the occupancy cap.
			// Heads are the queues' Erlang C agents, or all the work ÷ occupancy if that is more.
			const queues = queueAgents.reduce((a, q) => a + q[i], 0);
			const queueBusy = queueLoad.reduce((a, q) => a + q[i], 0);
			const listBusy = (productive - queues) * occupancy;
			productive = Math.max(queues, (queueBusy + listBusy) / occupancy);
		}
		const agents = safeCeil(productive);
		const staffed = headsWithShrinkage(productive, shrinkage);
		let ivTouches = 0;
		let ivWork = 0;
		let erlangs = 0;
		channels.forEach((c, k) => {
			const t = forecasts[k][i];
			ivTouches += t;
			ivWork += t * c.ahtS;
			if (c.model === 'erlangC' && liveAt(i)) erlangs += (t * c.ahtS) / intervalS;
		});
		contacts += ivTouches;
		workS += ivWork;
		erlangTouches += erlangs;
		agentIntervals += agents;
		staffedIntervals += staffed;
		peakStaffed = Math.max(peakStaffed, staffed);
		peakAgents = Math.max(peakAgents, agents);
		required[day][period] = staffed;
		intervals.push({
			start: new Date(p.start.getTime() + i * intervalS * 1000).toISOString(),
			day,
			period,
			contacts: round3(ivTouches),
			ahtS: round3(ivTouches > 0 ? ivWork / ivTouches : 0),
			trafficErlangs: round3(erlangs),
			agents,
			staffed,
			serviceLevel: sl,
			occupancy: agents > 0 ? round3(Math.min(1, ivWork / intervalS / agents)) : 0,
			holiday: h.futureHolidays[i] ?? false,
			byChannel: byChannel.map(round3),
			queuesOpen: liveAt(i)
		});
	}
	const hours = p.intervalMin / 60;
	const measuredAny = channels.some((c) => c.ahtSource === 'measured');
	return {
		kind: 'desk',
		params: {
			...p,
			start: p.start.toISOString(),
			end: new Date(p.start.getTime() + p.days * DAY_MS).toISOString(),
			channel: channels.map((c) => c.channel).join(',') || 'none'
		},
		periodsPerDay,
		channels,
		forecast: {
			method: [...new Set(channels.map((c) => c.forecastMethod))].join(', ') || 'none',
			chosenBy: p.method ? 'caller' : 'backtest',
			notes,
			historyIntervals: h.holidays.length
		},
		aht: { meanS: round3(contacts > 0 ? workS / contacts : DEFAULT_AHT_S), source: measuredAny ? 'mean' : 'default' },
		intervals,
		required,
		totals: {
			contacts: round3(contacts),
			workHours: round3(workS / 3600),
			agentHours: agentIntervals * hours,
			staffedHours: staffedIntervals * hours,
			peakStaffed,
			peakAgents
		},
		explain: explainDesk(p, erlangTouches > 0)
	};
}

/** Plain words, with the parameters filled in, for the page's "how this is computed". */
export function explainDesk(p: DeskParams, hasQueues: boolean): string[] {
	const out = [
		`Demand is counted in touches: each time an agent logs work on a ticket is one contact, and the agent time it took is its handling time. A ticket worked three times is three touches.`,
		`Each channel's touches are forecast per ${p.intervalMin}-minute interval from the last ${p.historyWeeks} weeks (same weekday and time of day; holidays skipped).`
	];
	if (hasQueues || (p.channels ?? []).some((c) => QUEUE_CHANNELS.includes(c))) {
		out.push(
			`Phone and chat are queues (someone waits on the line): Erlang C finds the fewest agents so that ${p.serviceLevelPct} % of calls are answered within ${p.targetAnswerS} s (chats within ${p.chatAnswerS} s, ${p.chatConcurrency} chats per agent), no agent busier than ${p.maxOccupancyPct} %.`,
			p.queueHours === '24x7'
				? `Phone and chat are answered live round the clock (queue hours: 24x7).`
				: `Phone and chat are answered live only in the ${p.queueHours} calendar's hours; a call or chat logged outside them (voicemail, callback, offline form) waits in the list like an email.`
		);
	}
	out.push(
		`Email, portal, API and monitoring tickets wait in a list: the work arriving in any ${p.responseTargetH} h must be done within ${p.responseTargetH} h, so agents = hours of work ÷ (${p.responseTargetH} h × ${p.maxOccupancyPct} % productive).`,
		p.blend
			? `Agents on phone and chat work the list between contacts: the productive agents are the queues' Erlang C agents, or all the work (queue load + list work) ÷ ${p.maxOccupancyPct} % if that is more.`
			: `Phone and chat agents are a separate team: their agents and the list's are added.`,
		`The channels' agents are added unrounded, grossed up for ${p.shrinkagePct} % shrinkage (breaks, meetings, training, absence) and rounded once: heads = ⌈agents ÷ (1 − ${p.shrinkagePct} %)⌉.`
	);
	return out;
}

/** I/O: the history window before params.start, from ClickHouse and the business calendar. */
export async function loadDeskHistory(ctx: StaffingCtx, p: DeskParams): Promise<DeskHistory> {
	const historyStartMs = p.start.getTime() - p.historyWeeks * 7 * DAY_MS;
	const [channels, sla] = await Promise.all([
		touchesByChannel(ctx.ch, { from: new Date(historyStartMs), to: p.start, intervalMin: p.intervalMin, groupId: p.groupId }),
		loadSlaConfig(ctx.db)
	]);
	const calendar = sla.calendars.business;
	const n = (p.historyWeeks * 7 * 24 * 60) / p.intervalMin;
	const horizon = p.days * ((24 * 60) / p.intervalMin);
	return {
		channels,
		holidays: holidayFlags(historyStartMs, n, p.intervalMin, calendar),
		futureHolidays: holidayFlags(p.start.getTime(), horizon, p.intervalMin, calendar),
		// A calendar missing from the database (deleted by hand) falls back to the built-in default.
		queueOpen: queueOpenFlags(p.start.getTime(), horizon, p.intervalMin, sla.calendars[p.queueHours] ?? DEFAULT_CALENDARS[p.queueHours])
	};
}

export async function computeDeskRequirement(ctx: StaffingCtx, p: DeskParams): Promise<DeskRequirement> {
	return buildDeskRequirement(p, await loadDeskHistory(ctx, p));
}

/** GET /api/staffing/desk: query string in, requirement out. */
export async function deskRequirement(ctx: StaffingCtx, query: Record<string, unknown>): Promise<DeskRequirement> {
	authorize(ctx.actor, 'staffing.read');
	return computeDeskRequirement(ctx, deskParams(parseStaffing(deskQuerySchema, query)));
}
