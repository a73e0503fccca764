/** Toasts: short confirmations and failures, announced by a polite live region (Toaster.svelte). */
export type ToastKind = 'success' | 'error' | 'info';
export interface Toast {
	id: number;
	kind: ToastKind;
	text: string;
}

class Toasts {
	items = $state<Toast[]>([]);
	#next = 1;

	show(text: string, kind: ToastKind = 'info', ms = kind === 'error' ? 8000 : 4000): number {
		const id = this.#next++;
		this.items.push({ id, kind, text });
		if (ms > 0) setTimeout(() => this.dismiss(id), ms);
		return id;
	}
	success(text: string) {
		return this.show(text, 'success');
	}
	error(text: string) {
		return this.show(text, 'error');
	}
	dismiss(id: number) {
		this.items = this.items.filter((t) => t.id !== id);
	}
}

export const toasts = new Toasts();
