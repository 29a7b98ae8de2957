ALTER TABLE "public"."accounts" DROP CONSTRAINT "accounts_user_id_fkey";
ALTER TABLE "public"."credit_balances" DROP CONSTRAINT "credit_balances_user_id_fkey";
ALTER TABLE "public"."credit_transactions" DROP CONSTRAINT "credit_transactions_package_id_fkey";
ALTER TABLE "public"."credit_transactions" DROP CONSTRAINT "credit_transactions_user_id_fkey";
ALTER TABLE "public"."passwords" DROP CONSTRAINT "passwords_user_id_fkey";
ALTER TABLE "public"."sessions" DROP CONSTRAINT "sessions_user_id_fkey";
-- hazard: deletes data: drops table public.accounts and every row in it
DROP TABLE "public"."accounts";
-- hazard: deletes data: drops table public.credit_balances and every row in it
DROP TABLE "public"."credit_balances";
-- hazard: deletes data: drops table public.credit_packages and every row in it
DROP TABLE "public"."credit_packages";
-- hazard: deletes data: drops table public.credit_transactions and every row in it
DROP TABLE "public"."credit_transactions";
-- hazard: deletes data: drops table public.passwords and every row in it
DROP TABLE "public"."passwords";
-- hazard: deletes data: drops table public.sessions and every row in it
DROP TABLE "public"."sessions";
-- hazard: deletes data: drops table public.users and every row in it
DROP TABLE "public"."users";
-- hazard: deletes data: drops table public.verification_tokens and every row in it
DROP TABLE "public"."verification_tokens";
DROP TYPE "public"."credit_tx_type";
