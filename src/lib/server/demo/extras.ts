/**
 * The parts of the demo desk beyond people and ticket history, kept apart from seed.ts:
 * requesters with portal logins and the CMDB (before the history, so tickets can name them).
 */
import type { Db } from '../db/index';
import type { DemoDesk } from './history';
import { seedDemoRequesters } from './people';
import { ciPicker, seedDemoCmdb } from './cmdb';

export async function seedDemoPeopleAndCmdb(
	db: Db,
	opts: { seed: number; passwordHash: string; desk: DemoDesk }
): Promise<Pick<DemoDesk, 'requesters' | 'requesterEmails' | 'requesterDepartments' | 'pickCi'>> {
	const people = await seedDemoRequesters(db, { seed: opts.seed, passwordHash: opts.passwordHash, departmentIds: opts.desk.departments });
	const cmdb = await seedDemoCmdb(db, { seed: opts.seed, groupIds: opts.desk.groups.map((g) => g.id), costCenterIds: opts.desk.departments });
	return { requesters: people.ids, requesterEmails: people.emails, requesterDepartments: people.departmentIds, pickCi: ciPicker(cmdb) };
}
