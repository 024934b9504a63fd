-- One row per outlet existing on $as_of that $entity_id holds, directly or through others (shareholding or control):
-- its effective share (as in lookthrough: the product of the shares along each path, paths summed, ranges kept,
-- empty when a share on the way is unknown; `cut` when a path to it reached the depth cap and was not followed
-- further), its media type, country and controlling group, and its source.
-- params: $entity_id, $as_of
with held as (
    select lookthrough.owned_id, lookthrough.effective_min, lookthrough.effective_max, lookthrough.depth, lookthrough.cut
    from lookthrough_from($as_of, $entity_id) as lookthrough
),

final as (
    select
        outlets.outlet_id,
        outlets.name,
        held.effective_min,
        held.effective_max,
        outlets.group_id,
        outlets.group_name,
        outlets.group_id = $entity_id as controlled,
        outlets.media_type,
        outlets.country,
        outlets.country_name,
        held.depth,
        held.cut,
        outlets.founded,
        outlets.source_id,
        outlets.source_publisher,
        outlets.source_url
    from held
    join outlet_rows_as_of($as_of) as outlets on outlets.outlet_id = held.owned_id
)

select * from final
order by name, outlet_id
