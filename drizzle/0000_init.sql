CREATE TABLE "chat_context" (
	"channel" text NOT NULL,
	"chat_key" text NOT NULL,
	"data" jsonb NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "chat_context_channel_chat_key_pk" PRIMARY KEY("channel","chat_key")
);
--> statement-breakpoint
CREATE TABLE "feedback" (
	"id" uuid PRIMARY KEY NOT NULL,
	"query_id" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"channel" text NOT NULL,
	"user_key" text NOT NULL,
	"entry_id" text,
	"rating" smallint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "inbound_dedup" (
	"channel" text NOT NULL,
	"external_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inbound_dedup_channel_external_id_pk" PRIMARY KEY("channel","external_id")
);
--> statement-breakpoint
CREATE TABLE "kb_audit" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor" text NOT NULL,
	"action" text NOT NULL,
	"entry_id" text,
	"detail" jsonb
);
--> statement-breakpoint
CREATE TABLE "kb_entries" (
	"id" text PRIMARY KEY NOT NULL,
	"current_version" integer NOT NULL,
	"imported_file_hash" text,
	"imported_version" integer,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "kb_entry_versions" (
	"entry_id" text NOT NULL,
	"version" integer NOT NULL,
	"data" jsonb NOT NULL,
	"source_text" text,
	"author" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "kb_entry_versions_entry_id_version_pk" PRIMARY KEY("entry_id","version")
);
--> statement-breakpoint
CREATE TABLE "query_log" (
	"id" uuid PRIMARY KEY NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"channel" text NOT NULL,
	"chat_type" text NOT NULL,
	"user_key" text NOT NULL,
	"text" text,
	"normalized" text,
	"status" text NOT NULL,
	"entry_id" text,
	"score" real DEFAULT 0 NOT NULL,
	"candidates" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"latency_ms" real DEFAULT 0 NOT NULL,
	"knowledge_version" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "whatsapp_auth" (
	"session" text NOT NULL,
	"kind" text NOT NULL,
	"key_id" text NOT NULL,
	"value" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "whatsapp_auth_session_kind_key_id_pk" PRIMARY KEY("session","kind","key_id")
);
--> statement-breakpoint
CREATE TABLE "whatsapp_sent_messages" (
	"session" text NOT NULL,
	"message_id" text NOT NULL,
	"message" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "whatsapp_sent_messages_session_message_id_pk" PRIMARY KEY("session","message_id")
);
--> statement-breakpoint
CREATE INDEX "feedback_query_idx" ON "feedback" USING btree ("query_id");--> statement-breakpoint
CREATE INDEX "feedback_created_at_idx" ON "feedback" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "inbound_dedup_received_at_idx" ON "inbound_dedup" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "query_log_created_at_idx" ON "query_log" USING btree ("created_at","channel","status","user_key","latency_ms");--> statement-breakpoint
CREATE INDEX "query_log_channel_created_at_idx" ON "query_log" USING btree ("channel","created_at");--> statement-breakpoint
CREATE INDEX "query_log_entry_created_at_idx" ON "query_log" USING btree ("entry_id","created_at");--> statement-breakpoint
CREATE INDEX "query_log_status_created_at_idx" ON "query_log" USING btree ("status","created_at","score","entry_id","channel","normalized");--> statement-breakpoint
CREATE INDEX "query_log_text_kept_idx" ON "query_log" USING btree ("created_at") WHERE "query_log"."text" is not null or "query_log"."normalized" is not null;--> statement-breakpoint
CREATE INDEX "whatsapp_sent_created_at_idx" ON "whatsapp_sent_messages" USING btree ("created_at");