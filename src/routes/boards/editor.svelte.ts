/**
 * The visual board editor's state: a draft board (the same shape the API validates), the
 * selected tile, moves (drag and drop or the up/down buttons), field errors from the API, and the
 * live preview (the draft's frame from POST /api/boards/:id/preview, debounced).
 */
import type { Board, Tile } from '$lib/server/boards/model';
import type { BoardFrame } from '$lib/realtime';
import type { Metric } from '$lib/server/kpi/model';
import { api, ApiError, errorText } from '$lib/api';

export type TileKind = Tile['kind'];
export type DraftBoard = Board;

const CHART_SPAN: Partial<Record<TileKind, number>> = { volume_trend: 3, sla_trend: 3, feed: 2 };

export function slug(text: string, max = 40): string {
	return (
		text
			.normalize('NFKD')
			.replace(/[\u0300-\u036f]/g, '')
			.toLowerCase()
			.replace(/[^a-z0-9]+/g, '-')
			.replace(/^-+|-+$/g, '')
			.slice(0, max)
			.replace(/-+$/, '') || 'board'
	);
}

export function clone<T>(v: T): T {
	return JSON.parse(JSON.stringify(v)) as T;
}

export class BoardEditor {
	draft = $state<DraftBoard>({ id: '', name: '', tiles: [], filters: {}, rotateS: 30, position: 0 });
	/** Whether the board is not saved yet (its id is still editable). */
	isNew = $state(false);
	selected = $state<number | null>(null);
	/** Errors by API field path (e.g. `tiles.2.thresholds.red`, `name`). */
	errors = $state<Record<string, string>>({});
	saving = $state(false);
	/** What a screen reader hears after a move (a polite live region). */
	announcement = $state('');

	preview = $state.raw<BoardFrame | null>(null);
	previewError = $state<string | null>(null);
	previewBusy = $state(false);
	#timer: ReturnType<typeof setTimeout> | null = null;
	#abort: AbortController | null = null;

	constructor(
		private readonly metricValues: Record<Metric, readonly string[]>,
		private readonly titles: { tile: (kind: TileKind, metric?: Metric) => string }
	) {}

	load(board: DraftBoard, isNew = false) {
		this.draft = clone(board);
		this.isNew = isNew;
		this.selected = board.tiles.length ? 0 : null;
		this.errors = {};
		this.preview = null;
		this.previewError = null;
	}

	#newId(base: string): string {
		const ids = new Set(this.draft.tiles.map((t) => t.id));
		const root = slug(base, 34);
		if (!ids.has(root)) return root;
		for (let i = 2; ; i++) if (!ids.has(`${root}-${i}`)) return `${root}-${i}`;
	}

	addTile(kind: TileKind, metric: Metric = 'volume') {
		const tile: Tile =
			kind === 'number'
				? { id: this.#newId(metric.replace(/_/g, '-')), kind, title: this.titles.tile(kind, metric), metric, value: this.metricValues[metric][0], window: 'today', span: 1 }
				: { id: this.#newId(kind.replace(/_/g, '-')), kind, title: this.titles.tile(kind), window: kind === 'sla_trend' ? '30d' : kind === 'feed' ? '24h' : 'today', span: CHART_SPAN[kind] ?? 1 };
		this.draft.tiles.push(tile);
		this.selected = this.draft.tiles.length - 1;
	}

	removeTile(i: number) {
		this.draft.tiles.splice(i, 1);
		this.errors = {};
		if (this.selected !== null) this.selected = this.draft.tiles.length ? Math.min(this.selected >= i ? Math.max(this.selected - 1, 0) : this.selected, this.draft.tiles.length - 1) : null;
	}

	/** Moves tile `from` to index `to` (drag and drop, or up/down), keeping the selection on it. */
	move(from: number, to: number, say?: (title: string, position: number, count: number) => string) {
		const n = this.draft.tiles.length;
		if (from === to || from < 0 || to < 0 || from >= n || to >= n) return;
		const [t] = this.draft.tiles.splice(from, 1);
		this.draft.tiles.splice(to, 0, t);
		const sel = this.selected;
		if (sel === from) this.selected = to;
		else if (sel !== null && from < sel && to >= sel) this.selected = sel - 1;
		else if (sel !== null && from > sel && to <= sel) this.selected = sel + 1;
		this.errors = {};
		if (say) this.announcement = say(t.title, to + 1, n);
	}

	/** A number tile's metric changed: keep its value when the new metric offers it, else its first. */
	setMetric(i: number, metric: Metric) {
		const t = this.draft.tiles[i];
		const old = t.metric;
		// An id and a title still as the editor made them follow the new metric.
		if (old && new RegExp(`^${old.replace(/_/g, '-')}(-\\d+)?$`).test(t.id)) {
			t.id = '';
			t.id = this.#newId(metric.replace(/_/g, '-'));
		}
		if (old && t.title === this.titles.tile('number', old)) t.title = this.titles.tile('number', metric);
		t.metric = metric;
		if (!t.value || !this.metricValues[metric].includes(t.value)) t.value = this.metricValues[metric][0];
		delete t.thresholds;
	}

	setKind(i: number, kind: TileKind) {
		const t = this.draft.tiles[i];
		t.kind = kind;
		if (kind === 'number') {
			t.metric ??= 'volume';
			t.value = this.metricValues[t.metric].includes(t.value ?? '') ? t.value : this.metricValues[t.metric][0];
		} else {
			delete t.metric;
			delete t.value;
			delete t.thresholds;
			t.span = Math.max(t.span, CHART_SPAN[kind] ?? 1);
		}
	}

	/** The board as the API takes it (no id: it is in the URL). */
	body() {
		const { id: _id, ...rest } = this.draft;
		return rest;
	}

	/** Schedules the preview of the current draft (call from an effect that reads the draft). */
	schedulePreview(delayMs = 500) {
		const id = this.draft.id;
		if (!id || !this.draft.tiles.length) {
			this.preview = null;
			return;
		}
		const body = JSON.parse(JSON.stringify(this.body()));
		if (this.#timer) clearTimeout(this.#timer);
		this.#timer = setTimeout(async () => {
			this.#abort?.abort();
			const ctl = (this.#abort = new AbortController());
			this.previewBusy = true;
			try {
				this.preview = await api<BoardFrame>(`/api/boards/${encodeURIComponent(id)}/preview`, { body, signal: ctl.signal });
				this.previewError = null;
			} catch (e) {
				if ((e as Error).name === 'AbortError') return;
				this.previewError = errorText(e);
			} finally {
				if (this.#abort === ctl) this.previewBusy = false;
			}
		}, delayMs);
	}

	dispose() {
		if (this.#timer) clearTimeout(this.#timer);
		this.#abort?.abort();
	}

	/** Saves the draft; a refused field is shown where it is edited (and its tile selected). */
	async save(): Promise<DraftBoard | null> {
		this.errors = {};
		if (!this.draft.id) this.draft.id = slug(this.draft.name);
		this.saving = true;
		try {
			const saved = await api<DraftBoard>(`/api/boards/${encodeURIComponent(this.draft.id)}`, { method: 'PUT', body: this.body() });
			this.isNew = false;
			return saved;
		} catch (e) {
			const field = e instanceof ApiError && e.field ? e.field : '_';
			this.errors = { [field]: errorText(e) };
			const tile = /^tiles\.(\d+)\./.exec(field);
			if (tile) this.selected = Number(tile[1]);
			return null;
		} finally {
			this.saving = false;
		}
	}
}
