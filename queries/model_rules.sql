-- One row: the constants of the rules behind every number, as the model states them (media_atlas/model/*.sql), for
-- the pages that explain them.
-- params: none
select
    lookthrough_depth_cap() as depth_cap,
    control_majority() as majority,
    cr4_low_below() as cr4_low_below,
    cr4_medium_below() as cr4_medium_below,
    concentration_min_outlets() as min_outlets,
    concentration_min_coverage() as min_coverage,
    audience_years_back() as audience_years_back
