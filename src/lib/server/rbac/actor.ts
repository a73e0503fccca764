/** Who is acting: carried in every service ctx for permission checks and audit. */
import { forbidden, unauthenticated } from '../errors';
import { ALL_PERMISSIONS, type OwnershipScope, type Permission } from './roles';

export interface Actor {
	kind: 'account' | 'token' | 'display' | 'system';
	accountId: string | null;
	label: string;
	roles: string[];
	permissions: ReadonlySet<Permission>;
	tier: string | null;
	departmentId: string | null;
	/** The account's saved UI language (en, es, fr), if any. */
	locale?: string | null;
	/** For display tokens: the boards it may show. */
	boardIds?: string[];
	/** For API tokens: the ownership scopes it carries (see OWNERSHIP_SCOPES). */
	ownershipScopes?: ReadonlySet<OwnershipScope>;
}

/**
 * May this actor use an ownership rule (owner of a cost center…)? An account acting itself, yes;
 * a token only with the rule's scope; display tokens and system actors never by ownership.
 */
export function actsAsOwner(actor: Actor, scope: OwnershipScope): boolean {
	if (actor.kind === 'account') return true;
	if (actor.kind === 'token') return actor.ownershipScopes?.has(scope) ?? false;
	return false;
}

export function can(actor: Actor | null, permission: Permission): boolean {
	return !!actor && actor.permissions.has(permission);
}

/** Authorize first, in the service: throws 401 without an actor, 403 without the permission. */
export function authorize(actor: Actor | null | undefined, permission: Permission): Actor {
	if (!actor) throw unauthenticated();
	if (!actor.permissions.has(permission)) {
		throw forbidden(
			actor.kind === 'token'
				? `This token lacks the scope "${permission}"`
				: `Permission "${permission}" is required`
		);
	}
	return actor;
}

export function systemActor(label = 'system'): Actor {
	return {
		kind: 'system',
		accountId: null,
		label,
		roles: ['admin'],
		permissions: new Set(ALL_PERMISSIONS),
		tier: null,
		departmentId: null
	};
}
