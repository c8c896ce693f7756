-- A list's Project and Customer filters offer only a hundred names; a box in each finds the others by
-- part of their name (NameFinder). Without an index, a name that matches nothing read every customer
-- of the org: 80 to 150 ms for an org of 100,000. A trigram index answers "contains" (ILIKE '%…%')
-- and "a word starts with" alike: 0.2 to 6 ms. It holds only names, not the org: for a small org
-- PostgreSQL combines it with the (org_id, id) index; for one that holds most of the rows it reads the
-- matching rows of every org until it has NameFinder's thousand, so a name common only in the other
-- orgs still costs some (56 ms for 38,000 such customers). pg_trgm ships with PostgreSQL and is a
-- trusted extension (PostgreSQL 13+): the database's owner may create it without being a superuser.
create extension if not exists pg_trgm;

create index projects_name_trgm_idx on projects using gin (name gin_trgm_ops) where deleted_at is null;
create index customers_name_trgm_idx on customers using gin (name gin_trgm_ops) where deleted_at is null;
