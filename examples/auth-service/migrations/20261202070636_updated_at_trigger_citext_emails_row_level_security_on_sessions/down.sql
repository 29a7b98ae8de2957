-- hazard: drops object: drops policy sessions_of_current_user on public.sessions, which the target schema does not have
DROP POLICY "sessions_of_current_user" ON "public"."sessions";
-- hazard: drops object: drops trigger users_set_updated_at on public.users, which the target schema does not have
DROP TRIGGER "users_set_updated_at" ON "public"."users";
-- hazard: rewrites table: changing email from "public"."citext" to text rewrites public.users
ALTER TABLE "public"."users" ALTER COLUMN "email" TYPE text;
-- hazard: weakens security: turns off row level security on public.sessions: every role with access reads all its rows
ALTER TABLE "public"."sessions" DISABLE ROW LEVEL SECURITY;
-- hazard: drops object: drops function public.set_updated_at(), which the target schema does not have
DROP FUNCTION "public"."set_updated_at"();
-- hazard: deletes data: drops extension citext and every object it provides, with the columns of its types
DROP EXTENSION "citext";
