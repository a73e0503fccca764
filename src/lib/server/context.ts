import type { Db } from './db/index';
import type { Actor } from './rbac/actor';

/** What every service verb receives: the database (or the open transaction) and who acts. */
export interface Ctx {
	db: Db;
	actor: Actor | null;
}
