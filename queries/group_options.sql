-- One row per controlling group on $as_of with the number of outlets it controls, largest first, for the group filter.
-- params: $as_of
select controlling.group_id, entities.name as group_name, entities.country, count(*) as outlets
from controlling_groups_as_of($as_of) as controlling
join entities on entities.entity_id = controlling.group_id
group by controlling.group_id, entities.name, entities.country
order by outlets desc, group_name
