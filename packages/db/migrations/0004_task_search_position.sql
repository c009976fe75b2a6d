-- Search: PostgreSQL's `simple` configuration (any language, no stemming, no stop words) with accents removed first.
-- `unaccent` is a trusted extension (PostgreSQL 13+): a role with CREATE on the database may create it.
CREATE EXTENSION IF NOT EXISTS "unaccent";--> statement-breakpoint
CREATE TEXT SEARCH CONFIGURATION "tasklane_search" (COPY = pg_catalog.simple);--> statement-breakpoint
ALTER TEXT SEARCH CONFIGURATION "tasklane_search" ALTER MAPPING FOR "hword", "hword_part", "word" WITH "unaccent", "simple";--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "position" double precision DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Each user's existing tasks keep the order they are listed in by default, newest first: 1, 2, 3, … (new tasks go above).
UPDATE "tasks" SET "position" = "ranked"."rank"
FROM (SELECT "id", row_number() OVER (PARTITION BY "user_id" ORDER BY "created_at" DESC, "id" DESC) AS "rank" FROM "tasks") AS "ranked"
WHERE "tasks"."id" = "ranked"."id";--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "search" "tsvector" GENERATED ALWAYS AS (to_tsvector('tasklane_search'::regconfig, "title" || ' ' || coalesce("description", ''))) STORED NOT NULL;--> statement-breakpoint
CREATE INDEX "tasks_user_position_idx" ON "tasks" USING btree ("user_id","position","id");--> statement-breakpoint
CREATE INDEX "tasks_search_idx" ON "tasks" USING gin ("search");
