CREATE TABLE "report_digest_sent" (
	"week" text NOT NULL,
	"chat_id" text NOT NULL,
	"claimed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "report_digest_sent_week_chat_id_pk" PRIMARY KEY("week","chat_id")
);
