/**
 * State of the CI create/edit form. The attribute fields come from the class's attribute spec; the
 * body is typed from the spec (numbers as numbers, yes/no as booleans) and the server validates it
 * (src/lib/server/cmdb/classes.ts validateAttributes): its 422 names the field, which this state
 * turns into that field's inline error in the page's language.
 */
import { m } from '$lib/paraglide/messages';
import { ApiError, errorText } from '$lib/api';
import { fmtNumber } from '$lib/format';
import type { AttributeFieldSpec, AttributeRule, AttributeSpec } from '$lib/server/cmdb/classes';
import type { CiView } from '$lib/server/cmdb/items';
import type { IdentityKind } from '$lib/server/cmdb/schemas';

export interface FormClass {
	id: string;
	label: string;
	spec: AttributeSpec;
}

/** The form keeps text for every control; `body()` types it. */
export type Values = Record<string, string>;

/** The DOM id of a field's control, from its API name (`attributes.os` → `cif-attributes-os`). */
export const fieldId = (field: string) => `cif-${field.replace(/[^a-z0-9_]/gi, '-')}`;

/** The hint under an attribute: its type and bounds, then the class's own description. */
export function attributeHint(f: AttributeFieldSpec): string | null {
	const parts: string[] = [];
	if (f.type === 'integer') parts.push(m.cmdb_ed_hint_integer());
	if (f.type === 'number') parts.push(m.cmdb_ed_hint_number());
	if (f.type === 'ip') parts.push(m.cmdb_ed_hint_ip());
	if (f.type === 'date') parts.push(m.cmdb_ed_hint_date());
	if (f.min !== undefined) parts.push(m.cmdb_ed_hint_min({ limit: fmtNumber(f.min, undefined, 6) }));
	if (f.max !== undefined) parts.push(m.cmdb_ed_hint_max({ limit: fmtNumber(f.max, undefined, 6) }));
	if (f.description) parts.push(f.description);
	return parts.length ? parts.join(' · ') : null;
}

/** The sentence for a refused attribute, from the rule the 422 carries; else the generic error text. */
export function attributeErrorText(e: ApiError): string {
	const why = e.details as (AttributeRule & Record<string, unknown>) | null;
	switch (why?.rule) {
		case 'required':
			return m.cmdb_ed_err_required();
		case 'enum':
			return m.cmdb_ed_err_enum({ values: why.values.join(', ') });
		case 'min':
			return m.cmdb_ed_err_min({ limit: fmtNumber(why.limit, undefined, 6) });
		case 'max':
			return m.cmdb_ed_err_max({ limit: fmtNumber(why.limit, undefined, 6) });
		case 'unknown':
			return m.cmdb_ed_err_unknown();
		case 'type':
			switch (why.type) {
				case 'integer':
					return m.cmdb_ed_err_integer();
				case 'number':
					return m.cmdb_ed_err_number();
				case 'boolean':
					return m.cmdb_ed_err_boolean();
				case 'ip':
					return m.cmdb_ed_err_ip();
				case 'date':
					return m.cmdb_ed_err_date();
				default:
					return m.cmdb_ed_err_text();
			}
	}
	// Not an attribute rule (e.g. a name too long, an identity held by another CI): the API's sentence.
	return errorText(new ApiError(e.status, e.code, e.message.replace(/^[\w.]+: /, ''), null));
}

function typed(f: AttributeFieldSpec | undefined, text: string): unknown {
	const t = text.trim();
	if (t === '') return undefined;
	if (!f) return t;
	if (f.type === 'integer' || f.type === 'number') {
		const n = Number(t);
		return Number.isFinite(n) ? n : t; // the server names what is not a number
	}
	if (f.type === 'boolean') return t === 'true' ? true : t === 'false' ? false : t;
	return t;
}

const text = (v: unknown) => (v === undefined || v === null ? '' : String(v));

export class CiFormState {
	name = $state('');
	classId = $state('');
	status = $state('active');
	criticality = $state('3');
	location = $state('');
	ownerGroupId = $state('');
	costCenterId = $state('');
	attrs = $state<Values>({});
	/** Attributes outside the spec (classes that allow extra ones), one "name=value" a line. */
	extra = $state('');
	identities = $state<Array<{ kind: IdentityKind; value: string }>>([]);
	/** Inline errors by API field name; `form` is the error no field shows. */
	errors = $state<Record<string, string>>({});
	busy = $state(false);

	constructor(
		readonly classes: FormClass[],
		ci?: CiView
	) {
		if (ci) {
			this.name = ci.name;
			this.classId = ci.classId;
			this.status = ci.status;
			this.criticality = String(ci.criticality);
			this.location = ci.location ?? '';
			this.ownerGroupId = ci.ownerGroupId ?? '';
			this.costCenterId = ci.costCenterId ?? '';
			const fields = this.cls?.spec.fields ?? {};
			this.attrs = Object.fromEntries(Object.entries(ci.attributes).filter(([k]) => k in fields).map(([k, v]) => [k, text(v)]));
			this.extra = Object.entries(ci.attributes)
				.filter(([k]) => !(k in fields))
				.map(([k, v]) => `${k}=${v}`)
				.join('\n');
		} else {
			this.classId = classes[0]?.id ?? '';
		}
	}

	get cls(): FormClass | undefined {
		return this.classes.find((c) => c.id === this.classId);
	}

	/** A new class: its own fields, none of the old class's values. */
	pickClass(id: string) {
		this.classId = id;
		this.attrs = {};
		this.extra = '';
		this.errors = {};
	}

	attributes(): Record<string, unknown> {
		const fields = this.cls?.spec.fields ?? {};
		const out: Record<string, unknown> = {};
		for (const line of this.extra.split('\n')) {
			const at = line.indexOf('=');
			if (at > 0) out[line.slice(0, at).trim()] = line.slice(at + 1).trim();
		}
		for (const [k, v] of Object.entries(this.attrs)) {
			const value = typed(fields[k], v);
			if (value !== undefined) out[k] = value;
		}
		return out;
	}

	common() {
		return {
			name: this.name,
			status: this.status,
			criticality: Number(this.criticality),
			location: this.location.trim() || null,
			ownerGroupId: this.ownerGroupId || null,
			costCenterId: this.costCenterId || null,
			attributes: this.attributes()
		};
	}

	createBody() {
		return {
			...this.common(),
			classId: this.classId,
			identities: this.identities.filter((i) => i.value.trim())
		};
	}

	/** Whether the form has a control for this API field. */
	shows(field: string): boolean {
		if (['name', 'classId', 'status', 'criticality', 'location', 'ownerGroupId', 'costCenterId', 'identities'].includes(field)) return true;
		if (!field.startsWith('attributes.')) return false;
		return field.slice(11) in (this.cls?.spec.fields ?? {}) || Boolean(this.cls?.spec.allowExtra);
	}

	/** Shows a failed save on the field it names (or at the top), and moves focus there. */
	fail(e: unknown) {
		if (!(e instanceof ApiError)) {
			this.errors = { form: errorText(e) };
			return;
		}
		const field = e.field ?? '';
		const key = field.startsWith('identities') ? 'identities' : field;
		if (key && this.shows(key)) {
			this.errors = { [key]: attributeErrorText(e) };
			queueMicrotask(() => document.getElementById(fieldId(key))?.focus());
		} else {
			this.errors = { form: errorText(e) };
		}
	}

	/** Editing a field clears its error. */
	touch(field: string) {
		if (this.errors[field]) {
			const { [field]: _, ...rest } = this.errors;
			this.errors = rest;
		}
	}
}
