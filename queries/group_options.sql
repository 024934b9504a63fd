-- One row per controlling group on $as_of with the number of outlets it controls, largest first, for the group filter.
-- params: $as_of
-- Counted per group before the names are joined: at a million outlets there are far fewer groups than outlets.
with controlled as (
    select controlling.group_id, count(*) as outlets
    from controlling_groups_as_of($as_of) as controlling
    group by controlling.group_id
)

select controlled.group_id, entities.name as group_name, entities.country, controlled.outlets
from controlled
join entities on entities.entity_id = controlled.group_id
order by outlets desc, group_name, group_id
