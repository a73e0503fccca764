CREATE TABLE "staffing_roster" (
	"account_id" uuid PRIMARY KEY NOT NULL,
	"contracted_hours" real NOT NULL,
	"weekdays_off" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"leave" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid
);
--> statement-breakpoint
ALTER TABLE "staffing_plans" ADD COLUMN "rota" jsonb;--> statement-breakpoint
ALTER TABLE "staffing_roster" ADD CONSTRAINT "staffing_roster_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staffing_roster" ADD CONSTRAINT "staffing_roster_updated_by_accounts_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."accounts"("id") ON DELETE set null ON UPDATE no action;