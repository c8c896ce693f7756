-- PostgreSQL's parser keeps "ann@north.example" as one word, so searching for "north" or the whole
-- address typed as words found nothing. The address is now also indexed with its parts split apart.
drop index customers_search_idx;
alter table customers drop column search;
alter table customers add column search tsvector generated always as (
    to_tsvector('simple', name || ' ' || email || ' ' || translate(email, '@.-_+', '     ') || ' ' || phone
                          || ' ' || company || ' ' || notes)) stored;
create index customers_search_idx on customers using gin (search);
