/**
 * The text of a failed form action (`actionFailure` in src/lib/server/page.ts returns
 * `{ error, code, field }`): the translation of the code, like `errorText()` for an API call.
 * `labels` names the form's fields in the page's language, so the field is not shown as its API key.
 */
import { ApiError, errorText } from '$lib/api';

export interface ActionFailure {
	error?: unknown;
	code?: unknown;
	field?: unknown;
}

function asError(f: ActionFailure, field: string | null): ApiError {
	return new ApiError(0, String(f.code ?? 'INTERNAL'), String(f.error ?? ''), field);
}

/** The sentence for the form's alert (with the field's label when the failure names one). */
export function failureText(f: ActionFailure | null | undefined, labels: Record<string, string> = {}): string | null {
	if (!f || (f.code === undefined && f.error === undefined)) return null;
	const field = typeof f.field === 'string' ? (labels[f.field] ?? f.field) : null;
	return errorText(asError(f, field));
}

/** The inline error of one field: the failure's text when it names this field, else null. */
export function fieldFailure(f: ActionFailure | null | undefined, field: string): string | null {
	if (!f || f.field !== field) return null;
	return errorText(asError(f, null));
}
