-- One row per outlet existing on $as_of that has a controlling group: the top of its chain of controlling owners
-- (majority owner, else largest known share, an explicit control interest, or a sole owner of unknown share).
-- params: $as_of
with final as (
    select
        controlling.outlet_id,
        controlling.group_id,
        group_entity.name as group_name,
        group_entity.country as group_country
    from controlling_groups_as_of($as_of) as controlling
    join entities as group_entity on group_entity.entity_id = controlling.group_id
)

select * from final
order by outlet_id
