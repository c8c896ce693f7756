-- Whether a question whose model keeps failing before it answers may be answered by another model of
-- the same class. Off unless an owner or admin turns it on: the member chose a model, and the stand-in
-- can cost more per token than the one chosen.
alter table organizations add column assistant_fallback boolean not null default false;
