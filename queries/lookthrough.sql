-- One row per (owner_id, owned_id) pair joined by one or more paths of shareholding or control on $as_of: the
-- effective share (percent; the product of the shares along each path, paths summed, mins and maxes apart, capped
-- at 100; empty when any share on a path is unknown), the shortest path's depth, the number of paths and `cut`: a
-- path between the two reached the depth cap and was not followed further, so the share leaves out what lies beyond.
-- params: $as_of
-- Cycles are stopped (no entity twice on a path) and, like paths cut at the depth cap, listed by data_quality.
with final as (
    select
        lookthrough.owner_id,
        lookthrough.owned_id,
        lookthrough.effective_min,
        lookthrough.effective_max,
        lookthrough.depth,
        lookthrough.paths,
        lookthrough.cut
    from lookthrough_as_of($as_of) as lookthrough
)

select * from final
