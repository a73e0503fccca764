/**
 * The state of one admin form: busy while its call runs, the API's error on the field it names
 * (shown inline by that Field), or as one message when the form shows no such field.
 */
import { ApiError, errorText } from '$lib/api';
import { toasts } from '$lib/components/toast.svelte';

export class FormState {
	busy = $state(false);
	errors = $state<Record<string, string>>({});
	error = $state<string | null>(null);

	/** The inline error of a field (or of anything under it: `resolution` shows `resolution.value`). */
	err(field: string): string | null {
		return this.errors[field] ?? null;
	}

	reset() {
		this.errors = {};
		this.error = null;
	}

	/**
	 * Runs the call; `fields` are the fields this form shows (an error naming one goes under it,
	 * any other error is the form's message). Resolves to the call's result, or undefined on error.
	 */
	async run<T>(call: () => Promise<T>, opts: { fields?: string[]; success?: string } = {}): Promise<T | undefined> {
		this.busy = true;
		this.reset();
		try {
			const out = await call();
			if (opts.success) toasts.success(opts.success);
			return out;
		} catch (e) {
			const text = errorText(e);
			const field = e instanceof ApiError ? e.field : null;
			const shown = field ? opts.fields?.find((f) => field === f || field.startsWith(f + '.')) : undefined;
			if (shown) this.errors = { [shown]: text };
			else this.error = text;
			return undefined;
		} finally {
			this.busy = false;
		}
	}
}
