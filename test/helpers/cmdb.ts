/** CMDB test factories: accounts with roles, and CI builders. Each suite uses its own fresh db. */
import type { Db } from '../../src/lib/server/db/index';
import { createAccount, loadAccountActor } from '../../src/lib/server/rbac/accounts';
import { systemActor, type Actor } from '../../src/lib/server/rbac/actor';
import { seedCmdb } from '../../src/lib/server/cmdb/classes';
import { createCi, type CiView } from '../../src/lib/server/cmdb/items';
import type { CreateCiInput } from '../../src/lib/server/cmdb/schemas';

export interface CmdbActors {
	admin: Actor;
	lead: Actor;
	manager: Actor;
	agent: Actor;
	requester: Actor;
}

export async function cmdbActors(db: Db): Promise<CmdbActors> {
	await seedCmdb(db);
	const sys = { db, actor: systemActor('test') };
	const make = async (email: string, role: string) => {
		const v = await createAccount(sys, { email, name: email, roles: [role] });
		return (await loadAccountActor(db, v.id))!;
	};
	return {
		admin: await make('admin@cmdb.test', 'admin'),
		lead: await make('lead@cmdb.test', 'lead'),
		manager: await make('manager@cmdb.test', 'desk_manager'),
		agent: await make('agent@cmdb.test', 'agent'),
		requester: await make('requester@cmdb.test', 'requester')
	};
}

let seq = 0;
/** A CI with valid defaults per class; `over` wins. */
export async function makeCi(db: Db, actor: Actor, over: Partial<CreateCiInput> & { classId?: string } = {}): Promise<CiView> {
	const classId = over.classId ?? 'application';
	const defaults: Record<string, Record<string, unknown>> = {
		server: { os: 'linux' },
		virtual_machine: { os: 'linux' },
		network_device: { device_type: 'switch' },
		storage: { storage_type: 'san' },
		database: { engine: 'postgresql' }
	};
	return createCi({ db, actor }, { name: `ci-${++seq}`, classId, attributes: defaults[classId] ?? {}, ...over });
}

export async function codeOf(p: Promise<unknown>): Promise<string> {
	try {
		await p;
	} catch (e) {
		return (e as { code?: string }).code ?? String(e);
	}
	return 'OK';
}
