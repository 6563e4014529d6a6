CREATE TABLE "kb_document_versions" (
	"key" text NOT NULL,
	"version" integer NOT NULL,
	"data" jsonb NOT NULL,
	"author" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "kb_document_versions_key_version_pk" PRIMARY KEY("key","version")
);
--> statement-breakpoint
CREATE TABLE "kb_documents" (
	"key" text PRIMARY KEY NOT NULL,
	"current_version" integer NOT NULL,
	"imported_file_hash" text,
	"imported_version" integer,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "kb_proposals" (
	"id" uuid PRIMARY KEY NOT NULL,
	"target" text NOT NULL,
	"base_version" integer NOT NULL,
	"data" jsonb NOT NULL,
	"author_id" text NOT NULL,
	"author_name" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"comment" text,
	"decided_by_id" text,
	"decided_by_name" text,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "login_attempts" (
	"key" text PRIMARY KEY NOT NULL,
	"failures" integer NOT NULL,
	"window_start" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "report_digest_sent" (
	"week" text NOT NULL,
	"chat_id" text NOT NULL,
	"claimed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "report_digest_sent_week_chat_id_pk" PRIMARY KEY("week","chat_id")
);
--> statement-breakpoint
ALTER TABLE "kb_entries" ADD COLUMN "archived_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "kb_proposals_status_target_idx" ON "kb_proposals" USING btree ("status","target");