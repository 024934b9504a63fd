-- One row per controlling group on $as_of with the number of outlets it controls, largest first, for the group filter.
-- params: $as_of
select group_sizes.group_id, group_sizes.group_name, group_sizes.country, group_sizes.outlets
from group_sizes_as_of($as_of) as group_sizes
order by outlets desc, group_name, group_id
