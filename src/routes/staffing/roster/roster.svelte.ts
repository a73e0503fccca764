/** The roster page's editor: one agent's contract and days off, checked in page units before sending. */
import { m } from '$lib/paraglide/messages';
import { api, ApiError, errorText } from '$lib/api';
import { toasts } from '$lib/components/toast.svelte';
import { ROSTER_BOUNDS } from '$lib/staffing/rosterBounds';
import type { RosterEntry } from '$lib/server/staffing/roster';

const H = ROSTER_BOUNDS.contractedHours;
const isRealDate = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s) && new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s;

export class RosterEditor {
	open = $state(false);
	agent = $state<RosterEntry | null>(null);
	hours = $state<number | null>(H.default);
	weekdaysOff = $state<number[]>([]);
	leave = $state<string[]>([]);
	newLeave = $state('');
	errors = $state<{ hours?: string; leave?: string }>({});
	busy = $state(false);

	edit(a: RosterEntry) {
		this.agent = a;
		this.hours = a.contractedHours;
		this.weekdaysOff = [...a.weekdaysOff];
		this.leave = [...a.leave];
		this.newLeave = '';
		this.errors = {};
		this.open = true;
	}

	addLeave() {
		if (!isRealDate(this.newLeave)) {
			this.errors = { ...this.errors, leave: m.stf_err_leave() };
			return;
		}
		this.errors = { ...this.errors, leave: undefined };
		if (!this.leave.includes(this.newLeave)) this.leave = [...this.leave, this.newLeave].sort();
		this.newLeave = '';
	}

	removeLeave(date: string) {
		this.leave = this.leave.filter((d) => d !== date);
	}

	/** Saves; returns the saved entry, or null when the input was refused (errors shown on the fields). */
	async save(): Promise<RosterEntry | null> {
		if (!this.agent) return null;
		const h = this.hours;
		if (typeof h !== 'number' || !Number.isFinite(h) || h < H.min || h > H.max) {
			this.errors = { hours: m.stf_err_hours() };
			return null;
		}
		this.errors = {};
		this.busy = true;
		try {
			const saved = await api<RosterEntry>(`/api/staffing/roster/${this.agent.accountId}`, {
				method: 'PUT',
				body: { contractedHours: h, weekdaysOff: this.weekdaysOff, leave: this.leave }
			});
			toasts.success(m.stf_saved({ name: saved.name }));
			this.open = false;
			return saved;
		} catch (err) {
			if (err instanceof ApiError && err.field?.startsWith('contractedHours')) this.errors = { hours: m.stf_err_hours() };
			else if (err instanceof ApiError && err.field?.startsWith('leave')) this.errors = { leave: m.stf_err_leave() };
			else toasts.error(errorText(err));
			return null;
		} finally {
			this.busy = false;
		}
	}
}
