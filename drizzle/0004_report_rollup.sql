CREATE TABLE "query_log_hourly" (
	"hour" timestamp with time zone NOT NULL,
	"channel" text NOT NULL,
	"status" text NOT NULL,
	"entry_id" text DEFAULT '' NOT NULL,
	"low_confidence" boolean DEFAULT false NOT NULL,
	"count" integer NOT NULL,
	CONSTRAINT "query_log_hourly_hour_channel_status_entry_id_low_confidence_pk" PRIMARY KEY("hour","channel","status","entry_id","low_confidence")
);
--> statement-breakpoint
-- Hand-written: count the rows logged before this migration into the rollup (the query-log writer keeps
-- it from now on, src/analytics/query-insert.ts). Inserts wait meanwhile, so none is left out.
LOCK TABLE "query_log" IN SHARE MODE;--> statement-breakpoint
INSERT INTO "query_log_hourly" ("hour", "channel", "status", "entry_id", "low_confidence", "count")
SELECT date_trunc('hour', "created_at", 'UTC'), "channel", "status", coalesce("entry_id", ''),
       "status" = 'answered' AND "score" < 0.5, count(*)
FROM "query_log"
GROUP BY 1, 2, 3, 4, 5;
