CREATE TABLE "budgets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"department_id" uuid NOT NULL,
	"period" text NOT NULL,
	"cost_type" text NOT NULL,
	"amount_cents" bigint NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "budgets_amount_ck" CHECK ("budgets"."amount_cents" >= 0)
);
--> statement-breakpoint
CREATE TABLE "cost_pools" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"period" text NOT NULL,
	"amount_cents" bigint NOT NULL,
	"rule" text NOT NULL,
	"percentages" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "cost_pools_rule_ck" CHECK ("cost_pools"."rule" in ('even', 'tickets', 'work_hours', 'fixed_pct')),
	CONSTRAINT "cost_pools_amount_ck" CHECK ("cost_pools"."amount_cents" >= 0)
);
--> statement-breakpoint
CREATE TABLE "finance_settings" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"currency" text DEFAULT 'EUR' NOT NULL,
	"mode" text DEFAULT 'showback' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "finance_settings_singleton_ck" CHECK ("finance_settings"."id" = 1),
	CONSTRAINT "finance_settings_mode_ck" CHECK ("finance_settings"."mode" in ('showback', 'chargeback'))
);
--> statement-breakpoint
CREATE TABLE "fiscal_periods" (
	"period" text PRIMARY KEY NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"closed_at" timestamp with time zone,
	"closed_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "fiscal_periods_period_ck" CHECK ("fiscal_periods"."period" ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
	CONSTRAINT "fiscal_periods_status_ck" CHECK ("fiscal_periods"."status" in ('open', 'closed'))
);
--> statement-breakpoint
CREATE TABLE "rate_card_entries" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"rate_card_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"category" text,
	"priority" text,
	"ticket_type" text,
	"tier" text,
	"ci_class" text,
	"service" text,
	"department_id" uuid,
	"unit_rate_cents" bigint NOT NULL,
	CONSTRAINT "rate_card_entries_kind_ck" CHECK ("rate_card_entries"."kind" in ('ticket', 'agent_hour', 'ci_month', 'service_fee')),
	CONSTRAINT "rate_card_entries_rate_ck" CHECK ("rate_card_entries"."unit_rate_cents" >= 0)
);
--> statement-breakpoint
CREATE TABLE "rate_cards" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"effective_from" date NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rate_cards_effective_from_unique" UNIQUE("effective_from")
);
--> statement-breakpoint
CREATE TABLE "statement_lines" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"statement_id" uuid NOT NULL,
	"department_id" uuid,
	"kind" text NOT NULL,
	"item" text NOT NULL,
	"basis" text NOT NULL,
	"units" double precision NOT NULL,
	"unit_rate_cents" bigint,
	"amount_cents" bigint NOT NULL,
	"dims" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "statements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"period" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"mode" text NOT NULL,
	"currency" text NOT NULL,
	"rate_card_id" uuid,
	"fingerprint" text NOT NULL,
	"total_cents" bigint NOT NULL,
	"totals" jsonb NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone,
	"closed_by" uuid,
	CONSTRAINT "statements_period_unique" UNIQUE("period"),
	CONSTRAINT "statements_status_ck" CHECK ("statements"."status" in ('draft', 'closed'))
);
--> statement-breakpoint
ALTER TABLE "budgets" ADD CONSTRAINT "budgets_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fiscal_periods" ADD CONSTRAINT "fiscal_periods_closed_by_accounts_id_fk" FOREIGN KEY ("closed_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rate_card_entries" ADD CONSTRAINT "rate_card_entries_rate_card_id_rate_cards_id_fk" FOREIGN KEY ("rate_card_id") REFERENCES "public"."rate_cards"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rate_card_entries" ADD CONSTRAINT "rate_card_entries_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rate_cards" ADD CONSTRAINT "rate_cards_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "statement_lines" ADD CONSTRAINT "statement_lines_statement_id_statements_id_fk" FOREIGN KEY ("statement_id") REFERENCES "public"."statements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "statements" ADD CONSTRAINT "statements_rate_card_id_rate_cards_id_fk" FOREIGN KEY ("rate_card_id") REFERENCES "public"."rate_cards"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "statements" ADD CONSTRAINT "statements_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "statements" ADD CONSTRAINT "statements_closed_by_accounts_id_fk" FOREIGN KEY ("closed_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "budgets_uq" ON "budgets" USING btree ("department_id","period","cost_type");--> statement-breakpoint
CREATE INDEX "budgets_period_idx" ON "budgets" USING btree ("period");--> statement-breakpoint
CREATE UNIQUE INDEX "cost_pools_uq" ON "cost_pools" USING btree ("period","name");--> statement-breakpoint
CREATE INDEX "rate_card_entries_card_idx" ON "rate_card_entries" USING btree ("rate_card_id");--> statement-breakpoint
CREATE INDEX "statement_lines_stmt_idx" ON "statement_lines" USING btree ("statement_id","department_id");--> statement-breakpoint
-- Hand-written (drizzle-kit does not model triggers): a closed statement and its lines are
-- immutable even to code that bypasses the finance service.
CREATE OR REPLACE FUNCTION finance_statement_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_TABLE_NAME = 'statements' THEN
		IF OLD.status = 'closed' THEN
			RAISE EXCEPTION 'statement % is closed and immutable', OLD.period USING ERRCODE = 'check_violation';
		END IF;
	ELSIF EXISTS (SELECT 1 FROM statements s WHERE s.id = OLD.statement_id AND s.status = 'closed') THEN
		RAISE EXCEPTION 'lines of a closed statement are immutable' USING ERRCODE = 'check_violation';
	END IF;
	IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
	RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER statements_frozen BEFORE UPDATE OR DELETE ON statements FOR EACH ROW EXECUTE FUNCTION finance_statement_frozen();
--> statement-breakpoint
CREATE TRIGGER statement_lines_frozen BEFORE UPDATE OR DELETE ON statement_lines FOR EACH ROW EXECUTE FUNCTION finance_statement_frozen();
