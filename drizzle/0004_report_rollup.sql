CREATE TABLE "query_log_entry_daily" (
	"day" timestamp with time zone NOT NULL,
	"channel" text NOT NULL,
	"entry_id" text NOT NULL,
	"count" integer NOT NULL,
	CONSTRAINT "query_log_entry_daily_day_channel_entry_id_pk" PRIMARY KEY("day","channel","entry_id")
);
--> statement-breakpoint
CREATE TABLE "query_log_hourly" (
	"hour" timestamp with time zone NOT NULL,
	"channel" text NOT NULL,
	"status" text NOT NULL,
	"low_confidence" boolean DEFAULT false NOT NULL,
	"count" integer NOT NULL,
	CONSTRAINT "query_log_hourly_hour_channel_status_low_confidence_pk" PRIMARY KEY("hour","channel","status","low_confidence")
);
--> statement-breakpoint
-- Hand-written: count the rows logged before this migration into both rollups, with the same grouping
-- as the query-log writer (src/analytics/query-insert.ts), which keeps them from now on. Inserts wait
-- meanwhile, so no row is left out.
LOCK TABLE "query_log" IN SHARE MODE;--> statement-breakpoint
INSERT INTO "query_log_hourly" ("hour", "channel", "status", "low_confidence", "count")
SELECT date_trunc('hour', "created_at", 'UTC'), "channel", "status", "status" = 'answered' AND "score" < 0.5, count(*)
FROM "query_log"
GROUP BY 1, 2, 3, 4;--> statement-breakpoint
INSERT INTO "query_log_entry_daily" ("day", "channel", "entry_id", "count")
SELECT date_trunc('day', "created_at", 'UTC'), "channel", "entry_id", count(*)
FROM "query_log"
WHERE "status" = 'answered' AND "entry_id" IS NOT NULL
GROUP BY 1, 2, 3;
