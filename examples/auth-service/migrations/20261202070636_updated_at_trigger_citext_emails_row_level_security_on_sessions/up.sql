CREATE EXTENSION IF NOT EXISTS "citext";
CREATE OR REPLACE FUNCTION "public"."set_updated_at"() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END
$$;
-- hazard: may fail on existing rows: casting email from text to "public"."citext" fails on values that do not convert
-- hazard: rewrites table: changing email rewrites public.users
ALTER TABLE "public"."users" ALTER COLUMN "email" TYPE "public"."citext" USING "email"::"public"."citext";
CREATE POLICY "sessions_of_current_user" ON "public"."sessions" AS PERMISSIVE FOR ALL TO PUBLIC USING (user_id = nullif(current_setting('app.user_id', true), '')::uuid);
ALTER TABLE "public"."sessions" ENABLE ROW LEVEL SECURITY;
CREATE TRIGGER "users_set_updated_at" BEFORE UPDATE ON "public"."users" FOR EACH ROW EXECUTE FUNCTION set_updated_at();
