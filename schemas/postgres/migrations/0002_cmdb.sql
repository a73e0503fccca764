CREATE TABLE "change_approvals" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"change_id" uuid NOT NULL,
	"approver_account_id" uuid,
	"approver_role" text,
	"decision" text,
	"decided_by" uuid,
	"decided_by_label" text,
	"comment" text,
	"decided_at" timestamp with time zone,
	CONSTRAINT "change_approvals_who_ck" CHECK (("change_approvals"."approver_account_id" is null) <> ("change_approvals"."approver_role" is null))
);
--> statement-breakpoint
CREATE TABLE "change_items" (
	"change_id" uuid NOT NULL,
	"ci_id" uuid NOT NULL,
	"patch" jsonb
);
--> statement-breakpoint
CREATE TABLE "change_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"type" text NOT NULL,
	"risk" text NOT NULL,
	"impact" integer DEFAULT 0 NOT NULL,
	"status" text NOT NULL,
	"planned_start" timestamp with time zone NOT NULL,
	"planned_end" timestamp with time zone NOT NULL,
	"requested_by" uuid,
	"requested_by_label" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "change_window_ck" CHECK ("change_requests"."planned_end" > "change_requests"."planned_start")
);
--> statement-breakpoint
CREATE TABLE "ci_classes" (
	"id" text PRIMARY KEY NOT NULL,
	"label" text NOT NULL,
	"attribute_spec" jsonb NOT NULL,
	"builtin" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ci_identities" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"ci_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"value" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ci_relations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"from_ci_id" uuid NOT NULL,
	"to_ci_id" uuid NOT NULL,
	"type" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ci_relations_no_self_ck" CHECK ("ci_relations"."from_ci_id" <> "ci_relations"."to_ci_id")
);
--> statement-breakpoint
CREATE TABLE "configuration_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"class_id" text NOT NULL,
	"status" text NOT NULL,
	"criticality" integer NOT NULL,
	"owner_group_id" uuid,
	"cost_center_id" uuid,
	"location" text,
	"attributes" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ci_criticality_ck" CHECK ("configuration_items"."criticality" between 1 and 4),
	CONSTRAINT "ci_status_ck" CHECK ("configuration_items"."status" in ('planned', 'active', 'maintenance', 'retired'))
);
--> statement-breakpoint
CREATE TABLE "maintenance_windows" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"ci_id" uuid NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"change_id" uuid,
	"reason" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "change_approvals" ADD CONSTRAINT "change_approvals_change_id_change_requests_id_fk" FOREIGN KEY ("change_id") REFERENCES "public"."change_requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "change_items" ADD CONSTRAINT "change_items_change_id_change_requests_id_fk" FOREIGN KEY ("change_id") REFERENCES "public"."change_requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "change_items" ADD CONSTRAINT "change_items_ci_id_configuration_items_id_fk" FOREIGN KEY ("ci_id") REFERENCES "public"."configuration_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "change_requests" ADD CONSTRAINT "change_requests_requested_by_accounts_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ci_identities" ADD CONSTRAINT "ci_identities_ci_id_configuration_items_id_fk" FOREIGN KEY ("ci_id") REFERENCES "public"."configuration_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ci_relations" ADD CONSTRAINT "ci_relations_from_ci_id_configuration_items_id_fk" FOREIGN KEY ("from_ci_id") REFERENCES "public"."configuration_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ci_relations" ADD CONSTRAINT "ci_relations_to_ci_id_configuration_items_id_fk" FOREIGN KEY ("to_ci_id") REFERENCES "public"."configuration_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "configuration_items" ADD CONSTRAINT "configuration_items_class_id_ci_classes_id_fk" FOREIGN KEY ("class_id") REFERENCES "public"."ci_classes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "configuration_items" ADD CONSTRAINT "configuration_items_owner_group_id_groups_id_fk" FOREIGN KEY ("owner_group_id") REFERENCES "public"."groups"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "configuration_items" ADD CONSTRAINT "configuration_items_cost_center_id_departments_id_fk" FOREIGN KEY ("cost_center_id") REFERENCES "public"."departments"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "maintenance_windows" ADD CONSTRAINT "maintenance_windows_ci_id_configuration_items_id_fk" FOREIGN KEY ("ci_id") REFERENCES "public"."configuration_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "maintenance_windows" ADD CONSTRAINT "maintenance_windows_change_id_change_requests_id_fk" FOREIGN KEY ("change_id") REFERENCES "public"."change_requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "change_approvals_change_idx" ON "change_approvals" USING btree ("change_id");--> statement-breakpoint
CREATE UNIQUE INDEX "change_items_uq" ON "change_items" USING btree ("change_id","ci_id");--> statement-breakpoint
CREATE INDEX "change_items_ci_idx" ON "change_items" USING btree ("ci_id");--> statement-breakpoint
CREATE INDEX "change_requests_status_idx" ON "change_requests" USING btree ("status");--> statement-breakpoint
CREATE UNIQUE INDEX "ci_identities_kind_value_uq" ON "ci_identities" USING btree ("kind","value");--> statement-breakpoint
CREATE INDEX "ci_identities_value_idx" ON "ci_identities" USING btree ("value");--> statement-breakpoint
CREATE INDEX "ci_identities_ci_idx" ON "ci_identities" USING btree ("ci_id");--> statement-breakpoint
CREATE UNIQUE INDEX "ci_relations_uq" ON "ci_relations" USING btree ("from_ci_id","to_ci_id","type");--> statement-breakpoint
CREATE INDEX "ci_relations_to_idx" ON "ci_relations" USING btree ("to_ci_id","type");--> statement-breakpoint
CREATE INDEX "ci_class_idx" ON "configuration_items" USING btree ("class_id","status");--> statement-breakpoint
CREATE INDEX "ci_name_lower_idx" ON "configuration_items" USING btree (lower("name"));--> statement-breakpoint
CREATE INDEX "maintenance_windows_ci_idx" ON "maintenance_windows" USING btree ("ci_id","starts_at");