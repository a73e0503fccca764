import type { Actor } from '$lib/server/rbac/actor';

declare global {
	namespace App {
		interface Locals {
			actor: Actor | null;
			requestId: string;
		}
		interface Error {
			message: string;
			code?: string;
			id?: string;
		}
	}
}

export {};
