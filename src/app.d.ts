import type { Actor } from '$lib/server/rbac/actor';

declare global {
	namespace App {
		interface Locals {
			actor: Actor | null;
			requestId: string;
			/** The language this request is answered in (hooks.server.ts). */
			locale: import('$lib/i18n/locale').Locale;
		}
		interface Error {
			message: string;
			code?: string;
			id?: string;
		}
	}
}

export {};
