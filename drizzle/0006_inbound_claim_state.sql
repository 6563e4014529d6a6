ALTER TABLE "inbound_dedup" ADD COLUMN "state" text DEFAULT 'answered' NOT NULL;--> statement-breakpoint
ALTER TABLE "inbound_dedup" ADD COLUMN "claimed_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "inbound_dedup" ADD CONSTRAINT "inbound_dedup_state_check" CHECK ("inbound_dedup"."state" in ('claimed', 'answered'));