/**
 * The state of one finance form: busy while it saves, and the API's validation error put next to
 * the field it names (`error.field`, e.g. "effectiveFrom" or "entries.2.unitRateCents"); an error
 * naming no field of the form goes to `general`.
 */
import { ApiError, errorText } from '$lib/api';

export class FormState {
	busy = $state(false);
	errors = $state<Record<string, string>>({});
	general = $state<string | null>(null);

	constructor(private fields: (field: string) => boolean = () => true) {}

	error(field: string): string | null {
		return this.errors[field] ?? null;
	}

	/** Sets a client-side error (checked before sending). */
	set(field: string, message: string) {
		this.errors = { ...this.errors, [field]: message };
	}

	reset() {
		this.errors = {};
		this.general = null;
	}

	/** Runs `fn` busy; on an ApiError naming a known field, shows it there. Returns fn's result or null. */
	async submit<T>(fn: () => Promise<T>): Promise<T | null> {
		this.reset();
		this.busy = true;
		try {
			return await fn();
		} catch (e) {
			const text = errorText(e);
			if (e instanceof ApiError && e.field && this.fields(e.field)) this.errors = { [e.field]: text };
			else this.general = text;
			return null;
		} finally {
			this.busy = false;
		}
	}
}
