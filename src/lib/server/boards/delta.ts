/**
 * The part of a board a relay flush changes and that can be known without a query: tickets
 * created today and the live feed. Pure: the hub pushes it at once; the full frame follows.
 */
import type { TicketEventRow } from '../../../../schemas/events';
import type { BoardDelta } from '../../realtime';
import { DIMENSION_COLUMNS, type Dimension } from '../kpi/model';
import type { Board } from './model';
import type { FeedItem } from './compute';

const DAY = 86_400_000;

function matches(board: Board, e: TicketEventRow): boolean {
	for (const [dim, values] of Object.entries(board.filters) as [Dimension, string[]][]) {
		if (!values?.length) continue;
		const column = DIMENSION_COLUMNS[dim] as keyof TicketEventRow;
		if (!values.includes(String(e[column] ?? ''))) return false;
	}
	return true;
}

export function boardDelta(board: Board, events: TicketEventRow[], seq: number, nowMs: number): BoardDelta | null {
	const dayStart = Math.floor(nowMs / DAY) * DAY;
	let createdToday = 0;
	const feed: FeedItem[] = [];
	for (const e of events) {
		if (!matches(board, e)) continue;
		const atMs = Date.parse(e.at);
		if (e.type === 'ticket.created') {
			if (atMs >= dayStart && atMs < dayStart + DAY) createdToday++;
			if (e.priority === 'P1' || e.priority === 'P2') {
				let title = '';
				try {
					title = (JSON.parse(e.payload) as { title?: string }).title ?? '';
				} catch {
					/* our own payloads are JSON; tolerate old rows */
				}
				feed.push({ at: e.at, kind: 'ticket', number: e.ticket_number, priority: e.priority, title, category: e.category });
			}
		} else if (e.type === 'sla.breached') {
			feed.push({ at: e.at, kind: 'breach', number: e.ticket_number, priority: e.priority, title: '', category: e.category, clock: e.sla_clock });
		}
	}
	// The wall adds createdToday to every "volume today" tile: wrong for a tile with its own
	// filters, so such a board waits for the full frame (it follows the delta).
	if (board.tiles.some((t) => t.kind === 'number' && t.metric === 'volume' && t.window === 'today' && Object.values(t.filters ?? {}).some((v) => v?.length))) {
		createdToday = 0;
	}
	if (!createdToday && !feed.length) return null;
	feed.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
	return { boardId: board.id, seq, at: new Date(nowMs).toISOString(), createdToday, feed };
}
