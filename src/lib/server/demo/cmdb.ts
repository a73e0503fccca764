/**
 * The demo CMDB: about 2,000 configuration items in layers — business services made of
 * applications, applications running on VMs and depending on databases, VMs and databases
 * hosted on servers, servers connected to switches and using storage, plus workstations and
 * printers — with hostnames as identities so monitoring alerts find their CI. Deterministic from
 * the seed. Tickets pick a CI by category through `ciPicker`.
 */
import { randomUUID } from 'node:crypto';
import { ciIdentities, ciRelations, configurationItems } from '../../../../schemas/postgres/index';
import { bulkInsert, type Db } from '../db/index';
import type { Category } from '../../../../schemas/events';
import { Rng } from './prng';

export interface DemoCi {
	id: string;
	name: string;
	classId: string;
}

const SERVICES = [
	'Email & Calendar', 'ERP', 'CRM', 'Payroll', 'Intranet', 'File Sharing', 'VPN & Remote Access',
	'Customer Portal', 'Data Warehouse', 'Identity & Access', 'Telephony', 'Printing'
];
const APPS = ['api', 'web', 'worker', 'batch', 'auth', 'search'];
const ENGINES = ['postgresql', 'mysql', 'oracle', 'sqlserver', 'mongodb', 'clickhouse'] as const;
const OSES = ['linux', 'windows'] as const;
const SITES = ['Paris DC1', 'Paris DC2', 'Lyon', 'Cloud eu-west'];

export interface DemoCmdb {
	cis: DemoCi[];
	byClass: Record<string, DemoCi[]>;
	relations: number;
}

const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

/** Inserts the CIs, their relations and hostname identities. */
export async function seedDemoCmdb(db: Db, opts: { seed: number; groupIds: string[]; costCenterIds: string[] }): Promise<DemoCmdb> {
	const r = new Rng(opts.seed ^ 0x5eed);
	const items: (typeof configurationItems.$inferInsert)[] = [];
	const rels: (typeof ciRelations.$inferInsert)[] = [];
	const idents: (typeof ciIdentities.$inferInsert)[] = [];
	const byClass: Record<string, DemoCi[]> = {};
	const add = (classId: string, name: string, criticality: number, attributes: Record<string, unknown>, host?: string): DemoCi => {
		const ci = { id: randomUUID(), name, classId };
		items.push({
			id: ci.id,
			name,
			classId,
			status: r.chance(0.03) ? 'maintenance' : 'active',
			criticality,
			ownerGroupId: opts.groupIds.length ? r.pick(opts.groupIds) : null,
			costCenterId: opts.costCenterIds.length ? r.pick(opts.costCenterIds) : null,
			location: r.pick(SITES),
			attributes
		});
		if (host) idents.push({ ciId: ci.id, kind: 'hostname', value: host });
		(byClass[classId] ??= []).push(ci);
		return ci;
	};
	const rel = (from: DemoCi, to: DemoCi, type: string) => rels.push({ fromCiId: from.id, toCiId: to.id, type });
	const ip = () => `10.${r.int(0, 32)}.${r.int(0, 256)}.${r.int(1, 255)}`;

	const switches = Array.from({ length: 60 }, (_, i) =>
		add('network_device', `sw-${String(i + 1).padStart(3, '0')}`, 2, { device_type: i < 8 ? 'router' : i < 14 ? 'firewall' : 'switch', vendor: r.pick(['Cisco', 'Juniper', 'Arista']), management_ip: ip() }, `sw-${String(i + 1).padStart(3, '0')}`)
	);
	const aps = Array.from({ length: 20 }, (_, i) => add('network_device', `ap-${String(i + 1).padStart(3, '0')}`, 4, { device_type: 'access_point', vendor: 'Aruba' }, `ap-${String(i + 1).padStart(3, '0')}`));
	aps.forEach((a) => rel(a, r.pick(switches), 'connected_to'));
	const storage = Array.from({ length: 20 }, (_, i) => add('storage', `san-${String(i + 1).padStart(2, '0')}`, 2, { storage_type: i < 12 ? 'san' : 'nas' }, `san-${String(i + 1).padStart(2, '0')}`));
	const servers = Array.from({ length: 300 }, (_, i) => {
		const name = `srv-${String(i + 1).padStart(4, '0')}`;
		const s = add('server', name, r.int(1, 4), { os: r.pick(OSES), cpu_cores: r.pick([16, 32, 64]), memory_gb: r.pick([128, 256, 512]), ip_address: ip() }, name);
		rel(s, r.pick(switches), 'connected_to');
		rel(s, r.pick(storage), 'depends_on');
		return s;
	});
	const vms = Array.from({ length: 600 }, (_, i) => {
		const name = `vm-${String(i + 1).padStart(4, '0')}`;
		const v = add('virtual_machine', name, r.int(1, 5), { os: r.pick(OSES), hypervisor: r.pick(['vmware', 'kvm', 'hyperv']), cpu_cores: r.pick([2, 4, 8]), memory_gb: r.pick([8, 16, 32]), ip_address: ip() }, name);
		rel(v, r.pick(servers), 'hosted_on');
		return v;
	});
	const dbs = Array.from({ length: 120 }, (_, i) => {
		const engine = r.pick(ENGINES);
		const d = add('database', `db-${engine}-${String(i + 1).padStart(3, '0')}`, r.int(1, 4), { engine, port: 5432 });
		rel(d, r.pick(servers), 'hosted_on');
		return d;
	});
	const services = SERVICES.map((name, i) => add('business_service', name, i < 4 ? 1 : 2, { service_level: i < 4 ? 'gold' : i < 8 ? 'silver' : 'bronze', business_owner: `owner.${slug(name)}@corp.example` }));
	const apps: DemoCi[] = [];
	services.forEach((svc) => {
		for (const part of APPS.slice(0, r.int(4, 7))) {
			const a = add('application', `${slug(svc.name)}-${part}`, 2, { version: `${r.int(1, 9)}.${r.int(0, 20)}`, vendor: 'in-house' });
			rel(a, svc, 'part_of');
			for (let k = 0; k < 2; k++) rel(a, vms[(apps.length * 2 + k) % vms.length], 'runs_on');
			rel(a, dbs[apps.length % dbs.length], 'depends_on');
			apps.push(a);
		}
	});
	Array.from({ length: 780 }, (_, i) => add('workstation', `ws-${String(i + 1).padStart(4, '0')}`, 4, { os: r.chance(0.85) ? 'windows' : 'linux', serial_number: `SN${100000 + i}` }, `ws-${String(i + 1).padStart(4, '0')}`));
	const printers = Array.from({ length: 60 }, (_, i) => add('printer', `prn-${String(i + 1).padStart(3, '0')}`, 4, { model: r.pick(['HP M507', 'Canon C5840', 'Xerox B405']), color: r.chance(0.4) }, `prn-${String(i + 1).padStart(3, '0')}`));
	printers.forEach((p) => rel(p, r.pick(switches), 'connected_to'));

	await bulkInsert(db, configurationItems, items, 1000);
	// Relations are unique per (from, to, type): a random pick may repeat one.
	const seen = new Set<string>();
	const uniqueRels = rels.filter((x) => {
		const k = `${x.fromCiId}|${x.toCiId}|${x.type}`;
		if (seen.has(k)) return false;
		seen.add(k);
		return true;
	});
	await bulkInsert(db, ciRelations, uniqueRels, 2000);
	await bulkInsert(db, ciIdentities, idents, 2000);
	return { cis: items.map((i) => ({ id: i.id!, name: i.name, classId: i.classId })), byClass, relations: uniqueRels.length };
}

/** Which classes a ticket of a category is usually about. */
const CLASSES_FOR: Record<Category, string[]> = {
	hardware: ['workstation', 'printer', 'server'],
	software: ['application'],
	network: ['network_device'],
	security: ['application', 'workstation'],
	user_support: ['workstation', 'application'],
	service_request: ['application', 'workstation'],
	data_recovery: ['database', 'storage'],
	performance: ['application', 'database', 'virtual_machine'],
	consulting: ['business_service'],
	other: []
};

/** A CI for a ticket of this category (about 70 % of tickets name one), or null. */
export function ciPicker(cmdb: Pick<DemoCmdb, 'byClass'>): (rng: Rng, category: Category) => string | null {
	return (rng, category) => {
		const classes = CLASSES_FOR[category].filter((c) => cmdb.byClass[c]?.length);
		if (!classes.length || !rng.chance(0.7)) return null;
		return rng.pick(cmdb.byClass[rng.pick(classes)]).id;
	};
}
