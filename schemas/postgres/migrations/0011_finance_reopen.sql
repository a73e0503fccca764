ALTER TABLE "fiscal_periods" ADD COLUMN "reopened_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "fiscal_periods" ADD COLUMN "reopened_by" uuid;--> statement-breakpoint
ALTER TABLE "fiscal_periods" ADD COLUMN "reopen_reason" text;--> statement-breakpoint
ALTER TABLE "fiscal_periods" ADD CONSTRAINT "fiscal_periods_reopened_by_accounts_id_fk" FOREIGN KEY ("reopened_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- Hand-written: reopening a closed period (finance/run.ts reopenPeriod) is the one change a
-- closed statement accepts: status closed → draft, nothing else, and only when the reopening
-- transaction says so (SET LOCAL opshub.finance_reopen = 'on'). Lines stay frozen while closed.
CREATE OR REPLACE FUNCTION finance_statement_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_TABLE_NAME = 'statements' THEN
		IF OLD.status = 'closed' THEN
			IF TG_OP = 'UPDATE' AND NEW.status = 'draft' AND coalesce(current_setting('opshub.finance_reopen', true), '') = 'on'
				AND NEW.period = OLD.period AND NEW.fingerprint = OLD.fingerprint AND NEW.total_cents = OLD.total_cents THEN
				RETURN NEW;
			END IF;
			RAISE EXCEPTION 'statement % is closed and immutable', OLD.period USING ERRCODE = 'check_violation';
		END IF;
	ELSIF EXISTS (SELECT 1 FROM statements s WHERE s.id = OLD.statement_id AND s.status = 'closed') THEN
		RAISE EXCEPTION 'lines of a closed statement are immutable' USING ERRCODE = 'check_violation';
	END IF;
	IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
	RETURN NEW;
END $$;
