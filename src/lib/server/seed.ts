/** Reference data every database needs (idempotent, run at boot and in the test templates). */
import type { Db } from './db/index';
import { seedRbac } from './rbac/seed';
import { seedSla } from './tickets/slaConfig';
import { seedCmdb } from './cmdb/classes';
import { seedBoards } from './boards/service';

export async function seedReferenceData(db: Db): Promise<void> {
	await seedRbac(db);
	await seedSla(db);
	await seedCmdb(db);
	await seedBoards(db);
}
