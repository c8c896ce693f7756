-- An answer being written is saved every half second. Its search words were computed from the whole
-- text so far on each save, and each save put all of them into the search index again (and into every
-- other index, as a new row version): 100 answers of 100 words took 20 ms a save instead of 1.3.
-- Only a finished message (done, stopped or failed) is searchable now: while an answer streams, its
-- saves change no indexed column and can stay on their page (HOT), which the lower fill factor leaves
-- room for as the text grows.
alter table assistant_messages set (fillfactor = 80);
alter table assistant_messages drop column search;
alter table assistant_messages add column search tsvector generated always as (
    case when status <> 'streaming' then to_tsvector('simple', left(content, 100000)) end) stored;
create index assistant_messages_search_idx on assistant_messages using gin (search);
