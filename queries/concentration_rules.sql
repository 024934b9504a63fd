-- One row: the bounds behind every concentration verdict, as the model states them (model/concentration.sql), for
-- the pages that explain them.
-- params: none
select
    cr4_low_below() as cr4_low_below,
    cr4_medium_below() as cr4_medium_below,
    concentration_min_outlets() as min_outlets,
    concentration_min_coverage() as min_coverage
